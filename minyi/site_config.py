"""The MkDocs configuration of one district's site: the package's base config with the
district's own mkdocs.yml laid over it.

Why: about 3,000 district repositories each name their site, but theme, extensions,
search and navigation must follow the installed Minyi version, not a copy that drifts
in every repository. A district without mkdocs.yml gets the base as it is.
"""

from __future__ import annotations

from pathlib import Path

from . import kinds, resources

DOCS_SECTION = "办事员文档"


def _read(path: Path) -> dict:
    """One config file as MkDocs reads it (its !ENV, !relative and python tags, INHERIT)."""
    from mkdocs.utils.yaml import yaml_load

    with open(path, encoding="utf-8") as fh:
        raw = yaml_load(fh) or {}
    for plugin in raw.get("plugins") or []:
        # The dictionary path is relative to the file that names it.
        options = plugin.get("search") if isinstance(plugin, dict) else None
        if isinstance(options, dict) and options.get("jieba_dict_user"):
            options["jieba_dict_user"] = str((path.parent / options["jieba_dict_user"]).resolve())
    return raw


def merge(base: dict, override: dict) -> dict:
    """Mappings merge key by key, anything else is replaced: the rules of MkDocs' INHERIT."""
    out = dict(base)
    for key, value in override.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _targets(nav) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*map(_targets, nav)) if nav else set()
    if isinstance(nav, dict):
        return set().union(*map(_targets, nav.values())) if nav else set()
    return set()


def _title(page: Path) -> str:
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page.stem


def excluded_docs(config: dict):
    """Whether MkDocs' `exclude_docs` (gitignore patterns under the docs folder) leaves a page out of
    the build: such a page gets no nav entry either (a repository's developer docs, for one)."""
    from pathspec import PathSpec  # MkDocs' own dependency, for the same patterns

    return PathSpec.from_lines("gitwildmatch", str(config.get("exclude_docs") or "").splitlines()).match_file


def add_doc_pages(nav: list, docs_dir: Path, excluded=lambda path: False) -> list:
    """Append doc pages the nav does not name (and the build does not exclude) to the 办事员文档 section, by their heading."""
    listed = _targets(nav)
    names = [f"docs/{p.name}" for p in sorted(docs_dir.glob("*.md"))]
    extra = [{_title(docs_dir.parent / n): n} for n in names if n not in listed and not excluded(n)]
    if not extra:
        return nav
    out = [dict(item) if isinstance(item, dict) else item for item in nav]
    for item in out:
        if isinstance(item, dict) and isinstance(item.get(DOCS_SECTION), list):
            item[DOCS_SECTION] = [*item[DOCS_SECTION], *extra]
            return out
    return [*out, {DOCS_SECTION: extra}]


def add_record_sections(nav: list, sections: list[tuple[str, str]]) -> list:
    """Give each record section (title, "<section>/index.md") the nav does not name an entry after the last
    one it does, so a new record kind appears in the menu without editing the base config."""
    listed = _targets(nav)
    missing = [{title: page} for title, page in sections if page not in listed]
    if not missing:
        return nav
    folders = tuple(page.split("/", 1)[0] + "/" for _, page in sections)
    named = [i for i, item in enumerate(nav) if any(t.startswith(folders) for t in _targets(item))]
    at = named[-1] + 1 if named else len(nav)
    return [*nav[:at], *missing, *nav[at:]]


def _record_sections() -> list[tuple[str, str]]:
    return [(k.title, f"{k.section}/index.md") for k in kinds.RECORD_KINDS if k.section]


def site_config(district_config: Path, docs_dir: Path) -> dict:
    """The raw config for `mkdocs.config.load_config`: base, then the district's file if any.

    `docs_dir` is the generated site's docs/ folder, whose pages all get a nav entry.
    """
    config = _read(resources.base_site_config())
    own = _read(district_config) if district_config.is_file() else {}
    config = merge(config, own)
    if "nav" not in own and isinstance(config.get("nav"), list):
        config["nav"] = add_record_sections(config["nav"], _record_sections())
        if docs_dir.is_dir():
            config["nav"] = add_doc_pages(config["nav"], docs_dir, excluded_docs(config))
    return config
