"""开放数据: the open-data files and the page that explains them (feeds: pages/feeds.py).

What each file holds is defined in site_gen/exports (tables, CSV/JSON, SQLite, schemas,
datapackage, records' YAML); this module only yields the files and the page. Kinds come
from the registry (`minyi.kinds`): a new kind is published without touching this file. The
JSON files are the records as written; big files are produced in chunks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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


def files(m: SiteModel) -> Iterator[SourceFile]:
    """Every open-data file (exports/) and the open-data page; records' YAML come apart (record_files)."""
    formula = "\n".join(line.format(min_cases=m.settings.min_cases_for_ranking) for line in stats.RANKING_FORMULA)
    tables = all_tables(m, formula)
    for kind in kinds.RECORD_KINDS:
        yield SourceFile(f"data/{kind.folder}.json", _JSON.iterencode([e.data for e in m.of(kind.name)]), scan=False)
    for table in tables:
        yield SourceFile(f"data/{table.name}.csv", csv_chunks(table), scan=False)
    for table in (ranking_table(m, formula), year_end_table(m)):  # the two computed tables, also as JSON
        yield SourceFile(f"data/{table.name}.json", json_text(table), scan=False)
    schema_files = list(schemas.published(m.settings.site_url))
    for path, text in schema_files:
        yield SourceFile(path, text, scan=False)
    yield SourceFile(f"{schemas.FOLDER}/{AJV_SCRIPT}", ajv_script(), scan=False)
    yield SourceFile("data/minyi.sqlite", sqlite.database(tables, about(m, formula), queries.VIEWS), scan=False)
    package = datapackage(m, tables, [path for path, _ in schema_files])
    yield SourceFile("data/datapackage.json", json.dumps(package, ensure_ascii=False, indent=2) + "\n", scan=False)
    yield SourceFile("robots.txt", robots(m), scan=False)
    yield page(
        "data/index.md",
        "pages/data.html",
        m=m,
        here="data/",
        tables=tables,
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
