"""Record pages without MkDocs: render one shell page per section, then fill it per record.

MkDocs renders every page through the whole theme (about 6.5 ms a page, single
threaded): 100,000 record pages would take over ten minutes. Record pages differ only
in title, description and body, so MkDocs renders one shell per section (at the same
folder depth as the records, so relative links to assets hold) and this module writes
each record page by string replacement as the page is produced (nothing is kept), and
a sitemap that lists them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .html import esc

SHELL = "__record__"
TITLE, DESC, BODY = "@@MINYI-TITLE@@", "@@MINYI-DESC@@", "<!--@@MINYI-BODY@@-->"


def shell_pages(sections: Iterable[str]) -> dict[str, str]:
    """The Markdown stubs MkDocs renders as shells, one per section that has record pages."""
    return {
        f"{section}/{SHELL}.md": (
            f'---\ntemplate: record.html\ntitle: "{TITLE}"\ndescription: "{DESC}"\nsearch:\n  exclude: true\n---\n'
        )
        for section in sorted(sections)
    }


def take_shell(site_dir: Path, section: str) -> tuple[str, str]:
    """The rendered shell of a section split at the body marker; the shell page itself is removed."""
    shell_file = site_dir / section / SHELL / "index.html"
    html = shell_file.read_text(encoding="utf-8")
    if html.count(BODY) != 1:
        raise ValueError(f"{shell_file}: the record template must contain {BODY} exactly once")
    shell_file.unlink()
    shell_file.parent.rmdir()
    head, tail = compact(html).split(BODY)
    return head, tail


# Elements whose text is shown or run as written: their whitespace is left alone.
_VERBATIM = re.compile(r"(<(pre|script|style|textarea)\b.*?</\2>)", re.S | re.I)
_BLANK_LINES = re.compile(r"[ \t\r]*\n\s*")


def compact(html: str) -> str:
    """The theme's templates indent every tag: about a third of a record page was blank lines and
    indentation, repeated on 100,000 pages. A run of whitespace holding a line break renders as
    one space, as a single line break does, so each such run becomes one line break; <pre>,
    <script>, <style> and <textarea> are left as written."""
    parts = _VERBATIM.split(html)
    # re.split yields text, whole verbatim element, its tag name, text, ...
    return "".join(_BLANK_LINES.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)


def _slots(text: str) -> list[str]:
    """The shell cut at its title and description markers: literal parts with the markers between."""
    return re.split(f"({re.escape(TITLE)}|{re.escape(DESC)})", text)


class Shell:
    """A section's rendered shell, cut once at its markers; `key` digests it (a page made from
    another shell is another page: site_gen/reuse.py keys pages by it)."""

    def __init__(self, site_dir: Path, section: str):
        head, tail = take_shell(site_dir, section)
        self.key = hashlib.blake2b(f"{head}{BODY}{tail}".encode(), digest_size=16).hexdigest()
        self.head, self.tail = _slots(head), _slots(tail)

    def write(self, site_dir: Path, page) -> None:
        """Write a record page (path, title, description, body; all escaped) from the shell."""
        values = {TITLE: page.title, DESC: page.description}
        html = "".join([*(values.get(p, p) for p in self.head), page.body, *(values.get(p, p) for p in self.tail)])
        path = site_dir / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8", newline="\n")


def fill(site_dir: Path, section: str, pages: Iterable) -> Iterator[str]:
    """Write each record page of a section from its shell as it comes; yields each page's path."""
    shell = Shell(site_dir, section)
    for page in pages:
        shell.write(site_dir, page)
        yield page.path


def sitemap(site_dir: Path, site_url: str, pages: list[str]) -> None:
    """A sitemap of every page (MkDocs' own lists only what it rendered, shells included)."""
    base = site_url.rstrip("/") + "/"
    body = "".join(f"<url><loc>{esc(base + p[: -len('index.html')])}</loc></url>\n" for p in sorted(pages))
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )
    (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(xml.encode("utf-8"))
    (site_dir / "sitemap.xml.gz").write_bytes(buf.getvalue())
