"""开放数据: the open-data files and the page that explains them (feeds: pages/feeds.py).

What each file holds is defined in site_gen/exports (tables, CSV/JSON, SQLite, schemas,
datapackage, records' YAML); this module only yields the files and the page. Kinds come
from the registry (`minyi.kinds`): a new kind is published without touching this file. The
JSON files are the records as written; big files are produced in chunks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib.resources import files as package_files

from minyi import kinds, stats

from ..exports import queries, records, schemas, sqlite
from ..exports.datapackage import datapackage
from ..exports.formats import csv_chunks, json_text
from ..exports.tables import all_tables, ranking_table, year_end_table
from ..model import SiteModel
from .sections import RecordFile, SourceFile, page

_JSON = json.JSONEncoder(ensure_ascii=False, indent=1)


AJV_SCRIPT = "ajv-check.cjs"  # published next to the schemas; the open-data page says how to run it


def ajv_script() -> str:
    return (package_files("site_gen.exports") / AJV_SCRIPT).read_text(encoding="utf-8")


def about(m: SiteModel, formula: str) -> dict[str, str]:
    """The database's `about` table: what the data is and what the formulas need."""
    return {
        "district": m.settings.district,
        "as_of": m.as_of.isoformat(),
        "min_cases_for_ranking": str(m.settings.min_cases_for_ranking),
        "ranking_formula": formula,
        "site_url": m.settings.site_url,
        "license": "CC-BY-4.0",
    }


def robots(m: SiteModel) -> str:
    """robots.txt: every page and data file may be indexed; the sitemap (site_gen/shell.py) lists
    every page, record pages included, which no crawler would find through the navigation.
    Crawlers read it only at a host's root: a site under a sub-path is covered by the host's own."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {m.settings.site_url.rstrip('/')}/sitemap.xml\n"


def _formula(m: SiteModel) -> str:
    return "\n".join(line.format(min_cases=m.settings.min_cases_for_ranking) for line in stats.RANKING_FORMULA)


def whole_files(m: SiteModel, kept: Callable[[str], bool] | None = None) -> Iterator[SourceFile]:
    """The files made from the whole ledger: records as JSON, every table as CSV, the computed
    tables as JSON, the database and the package that lists them. A path `kept` answers True for
    is taken from the previous site (site_gen/reuse.py `Held`) and not made (nor read) again."""
    kept = kept or (lambda path: False)
    formula = _formula(m)
    tables = all_tables(m, formula)
    for kind in kinds.RECORD_KINDS:
        if not kept(path := f"data/{kind.folder}.json"):
            yield SourceFile(path, _JSON.iterencode([e.data for e in m.of(kind.name)]), scan=False)
    for table in tables:
        if not kept(path := f"data/{table.name}.csv"):
            yield SourceFile(path, csv_chunks(table), scan=False)
    for table in (ranking_table(m, formula), year_end_table(m)):  # the two computed tables, also as JSON
        if not kept(path := f"data/{table.name}.json"):
            yield SourceFile(path, json_text(table), scan=False)
    if not kept(path := "data/minyi.sqlite"):
        yield SourceFile(path, sqlite.database(tables, about(m, formula), queries.VIEWS), scan=False)
    if not kept(path := "data/datapackage.json"):
        package = datapackage(m, tables, [p for p, _ in schemas.published(m.settings.site_url)])
        yield SourceFile(path, json.dumps(package, ensure_ascii=False, indent=2) + "\n", scan=False)


def files(m: SiteModel, kept: Callable[[str], bool] | None = None) -> Iterator[SourceFile]:
    """Every open-data file (exports/) and the open-data page; records' YAML come apart (record_files)."""
    yield from whole_files(m, kept)
    for path, text in schemas.published(m.settings.site_url):
        yield SourceFile(path, text, scan=False)
    yield SourceFile(f"{schemas.FOLDER}/{AJV_SCRIPT}", ajv_script(), scan=False)
    yield SourceFile("robots.txt", robots(m), scan=False)
    yield page(
        "data/index.md",
        "pages/data.html",
        m=m,
        here="data/",
        tables=all_tables(m, _formula(m)),
        kind_of={k.folder: k for k in kinds.RECORD_KINDS},
        counts={
            **{k.folder: len(m.of(k.name)) for k in kinds.RECORD_KINDS},
            "ranking": len(m.ranked) + len(m.unranked),
            "year_ends": len(m.year_ends),
        },
        queries=queries,
        ajv_script=AJV_SCRIPT,
    )


def record_files(m: SiteModel) -> Iterator[RecordFile]:
    """Each record's YAML (exports/records.py), checked for personal data like every page."""
    for kind in kinds.RECORD_KINDS:
        for entry in m.of(kind.name):
            path = records.site_path(entry)
            yield RecordFile(
                entry, path, lambda v, e=entry, k=kind, p=path: SourceFile(p, records.yaml_text(e, k, v.as_of))
            )
