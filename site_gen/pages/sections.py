"""What every page is, and the generic section of a record kind.

A kind with a `section` (minyi/kinds) gets a list page from `templates/kinds/<kind>_list.html`
and a page per record from `templates/kinds/<kind>.html`, so a new kind needs only its two
templates. A kind whose pages need more than the site model offers passes `Hooks`.

Pages are produced one at a time (generators) and hold only their own text, so the build
can write and release them as they come. A template names its page's title and
description with top-level `{% set title = … %}` / `{% set description = … %}` (and a list
page `{% set hide = [...] %}`): a page's words live in its template. Every record page ends
with the records that name it (templates/parts/referenced.html); a template that already lists
some of them names those groups in `{% set referenced_skip = ["<kind>:<path>", …] %}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from minyi.kinds import Kind

from .. import search
from ..html import esc
from ..model import SiteModel
from ..render import template
from ..urls import url_of


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file MkDocs reads: a section page (Markdown around one raw HTML block) or a data file.
    Big data files come as an iterable of chunks, written as they are produced."""

    path: str
    content: str | bytes | Iterable[str]
    scan: bool = True  # read by the output's personal-data scan (open data, JSON and CSV, always is)


@dataclass(frozen=True, slots=True)
class RecordPage:
    """A record's page: escaped title and description, and its body HTML, for the section's shell."""

    path: str
    title: str
    description: str
    body: str


@dataclass(frozen=True, slots=True)
class RecordFile:
    """A file of one record written straight into the site (its YAML, its feed): `make` produces
    it from the site model or from a view of it that notes what it reads (site_gen/reuse.py)."""

    entry: object
    path: str
    make: Callable[[SiteModel], SourceFile]


@dataclass(frozen=True, slots=True)
class Hooks:
    """Where a kind's section needs more than templates: its own list files, or extra context."""

    list_files: Callable[[SiteModel, Kind], Iterator[SourceFile]] | None = None
    list_context: Callable[[SiteModel], dict] | None = None
    record_context: Callable[[SiteModel, object], dict] | None = None


def text(value) -> str:
    """A title or description for a place the theme prints unescaped (front matter, shell markers)."""
    return str(value) if hasattr(value, "__html__") else esc(value)


def markdown(title, body: str, description="", hide: Iterable[str] = (), feeds: Iterable = ()) -> str:
    """A section page: front matter, then the body as one raw HTML block (no blank line inside).
    `feeds` are (href relative to the page, title) pairs; templates/main.html links them in <head>."""
    front = {"title": text(title)}
    if hide:
        front["hide"] = list(hide)
    if description:
        front["description"] = text(description)
    if feeds:
        front["feeds"] = [{"href": text(href), "title": text(name)} for href, name in feeds]
    head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
    return f"---\n{head}---\n\n{body}\n"


def page(path: str, template_name: str, **context) -> SourceFile:
    """A section page rendered from a template that sets its own title, description and hide."""
    module = template(template_name).make_module(context)
    return SourceFile(
        path,
        markdown(
            module.title,
            str(module),
            getattr(module, "description", ""),
            getattr(module, "hide", ()),
            getattr(module, "feeds", ()),
        ),
    )


def list_files(m: SiteModel, kind: Kind, hooks: Hooks | None = None) -> Iterator[SourceFile]:
    """The section's index page: every record of the kind, from `kinds/<kind>_list.html`."""
    if hooks and hooks.list_files:
        yield from hooks.list_files(m, kind)
        return
    extra = hooks.list_context(m) if hooks and hooks.list_context else {}
    here = f"{kind.section}/"
    yield page(
        f"{here}index.md", f"kinds/{kind.name}_list.html", m=m, kind=kind, entries=m.of(kind.name), here=here, **extra
    )


def record_pages(m: SiteModel, kind: Kind, hooks: Hooks | None = None) -> Iterator[RecordPage]:
    """One page per record of the kind, from `kinds/<kind>.html`, produced one at a time."""
    for entry in m.of(kind.name):
        yield record_page(m, kind, entry, hooks)


def record_page(m: SiteModel, kind: Kind, entry, hooks: Hooks | None = None) -> RecordPage:
    """A record's page. `m` may be a view of the model that notes what the page reads (site_gen/reuse.py)."""
    here = url_of(entry.id)
    extra = hooks.record_context(m, entry) if hooks and hooks.record_context else {}
    module = template(f"kinds/{kind.name}.html").make_module(
        {"m": m, "entry": entry, "record": entry.model, "here": here, **extra}
    )
    title = text(module.title)
    description = text(getattr(module, "description", "")) or title
    # 引用本条的记录 on every page (site_gen/backrefs.py), less the groups the template already lists
    referenced = template("parts/referenced.html").module.block
    cited = str(referenced(m, here, entry.id, getattr(module, "referenced_skip", ())))
    body = str(module) + cited + search.tags(kind, entry.model)  # the page's search filters and result fields
    return RecordPage(f"{here}index.html", title, description, body)
