"""Record pages without MkDocs: render one shell page per section, then fill it per record.

MkDocs renders every page through the whole theme (about 6.5 ms a page, single
threaded): 100,000 record pages would take over ten minutes. Record pages differ only
in title, description and body, so MkDocs renders one shell per section (at the same
folder depth as the records, so relative links to assets hold) and this module writes
each record page by string replacement, and a sitemap that lists them.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path

from .html import esc

SHELL = "__record__"
TITLE, DESC, BODY = "@@MINYI-TITLE@@", "@@MINYI-DESC@@", "<!--@@MINYI-BODY@@-->"


def shell_pages(sections: set[str]) -> dict[str, str]:
    """The Markdown stubs MkDocs renders as shells, one per section that has record pages."""
    return {f"{section}/{SHELL}.md": ("---\ntemplate: record.html\n"
                                      f"title: \"{TITLE}\"\ndescription: \"{DESC}\"\nsearch:\n  exclude: true\n---\n")
            for section in sorted(sections)}


def fill(site_dir: Path, records: dict[str, tuple[str, str, str]]) -> int:
    """Write every record page from its section's shell; returns the number written."""
    shells: dict[str, list[str]] = {}
    for section_dir in {page.split("/", 1)[0] for page in records}:
        shell_file = site_dir / section_dir / SHELL / "index.html"
        html = shell_file.read_text(encoding="utf-8")
        assert html.count(BODY) == 1, "the record template must contain the body marker once"
        shells[section_dir] = html.split(BODY)
        (site_dir / section_dir / SHELL / "index.html").unlink()
        (site_dir / section_dir / SHELL).rmdir()
    for page, (title, description, body) in records.items():
        head, tail = shells[page.split("/", 1)[0]]
        html = head.replace(TITLE, title).replace(DESC, description) + body + tail.replace(TITLE, title)
        path = site_dir / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8", newline="\n")
    return len(records)


def sitemap(site_dir: Path, site_url: str, pages: list[str]) -> None:
    """A sitemap of every page (MkDocs' own lists only what it rendered, shells included)."""
    base = site_url.rstrip("/") + "/"
    body = "".join(f"<url><loc>{esc(base + p[:-len('index.html')])}</loc></url>\n" for p in sorted(pages))
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           f"{body}</urlset>\n")
    (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(xml.encode("utf-8"))
    (site_dir / "sitemap.xml.gz").write_bytes(buf.getvalue())
