"""Where each record lives on the site, and relative links between site URLs.

Links are relative (never rooted at "/") so the site works under any base path:
a project page of a GitHub organisation, a sub-folder of a government site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from minyi import kinds
from minyi.ledger import kind_of_id

# A kind with a `section` has a page per record; a session has none and is an anchor
# on the projects page, where its vote results are listed.
SECTION_DIR = {k.name: k.section for k in kinds.RECORD_KINDS if k.section}
ANCHORED = {"session": "projects/"}


def url_of(record_id: str) -> str | None:
    """The site URL of a record (directory style), or None for a kind without pages."""
    kind = kind_of_id(record_id)
    if kind in ANCHORED:
        return f"{ANCHORED[kind]}#{record_id}"
    section = SECTION_DIR.get(kind)
    return f"{section}/{record_id}/" if section else None


def record_file(path: str) -> str:
    """Where a record's YAML is published (site_gen/exports/records.py): its repository path under data/."""
    return f"data/{path}"


# Names reserved for examples and placeholders (RFC 2606, RFC 6761): `minyi init` writes one
# until the district names its repository, and a link there would lead nowhere.
_PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net")


def is_placeholder(url) -> bool:
    host = (urlsplit(str(url or "")).hostname or "").lower()
    return not host or host.endswith((".invalid", ".example", ".test")) or host.endswith(_PLACEHOLDER_HOSTS)


def href(from_url: str, to_url: str) -> str:
    """Relative link between two site URLs (directory style).

    Written out by hand because posixpath.relpath dominated the build at 100,000 links.
    """
    anchor = ""
    if "#" in to_url:
        to_url, anchor = to_url.split("#", 1)
        anchor = "#" + anchor
    f = [p for p in from_url.split("/") if p]
    t = [p for p in to_url.split("/") if p]
    i = 0
    while i < len(f) and i < len(t) and f[i] == t[i]:
        i += 1
    rest = "/".join(t[i:])
    rel = "../" * (len(f) - i) + rest + ("/" if rest and to_url.endswith("/") else "")
    return (rel or "./") + anchor


def external(url) -> str:
    """A URL from a record or the settings, fit for an href: only http(s) survives.

    The schemas already require http(s) links; this is the second net, so that a
    `javascript:` URL that slipped past them would still be an inert "#".
    """
    text = str(url or "").strip()
    return text if not text or text.lower().startswith(("https://", "http://")) else "#"
