"""datapackage.json: the Frictionless Data Package describing every open-data file.

CSV files are tabular resources with a Table Schema (every column's type and meaning, the
primary key); the JSON files of whole records, the JSON Schemas and the SQLite database
are plain resources with a format and media type and no Table Schema (a JSON Schema is not
a Table Schema; each JSON file names its schema in its description). The records' YAML
(data/records/) mirror the JSON and are not listed one by one.
`frictionless validate data/datapackage.json` accepts it (tests/test_opendata.py).
"""

from __future__ import annotations

import datetime as dt

from minyi import kinds
from minyi.bulletin_text import CSV_COLUMNS

from ..model import SiteModel
from .tables import Table

LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "署名 4.0 国际"}


def csv_resource(name: str, title: str, description: str, path: str, columns, key: tuple[str, ...] = ()) -> dict:
    """A CSV file as a tabular resource with its Table Schema."""
    schema = {"fields": [{"name": c.name, "type": c.type, "description": c.description} for c in columns]}
    if key:
        schema["primaryKey"] = list(key)
    return {
        "name": name,
        "title": title,
        "description": description,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",  # with a byte-order mark for spreadsheet software: see exports/formats.py
        "schema": schema,
    }


def table_resource(table: Table) -> dict:
    return csv_resource(
        f"{table.name}-csv", f"{table.title}（CSV）", table.description, f"{table.name}.csv", table.columns, table.key
    )


def report_resources(m: SiteModel) -> list[dict]:
    """Each month's 通报 (reports/YYYY-MM.csv, minyi.bulletin_text), newest first."""
    return [
        csv_resource(
            f"report-{b.period.key}-csv",
            f"{b.period.label}通报（CSV）",
            f"合计、每个承办部门、每个街道（镇）各一行；本期各项按事件日期计数，期末各项截至 {b.day}。",
            f"reports/{b.period.key}.csv",
            CSV_COLUMNS,
        )
        for b in m.reports
    ]


def file_resource(name: str, path: str, title: str, fmt: str, mediatype: str, description: str = "") -> dict:
    """A resource read whole, not as a table. JSON ones say `type: json`: Frictionless otherwise
    takes a file named *.schema.json for a Table Schema and refuses it."""
    out = {"name": name, "title": title, "path": path, "format": fmt, "mediatype": mediatype}
    if fmt == "json":
        out["type"] = "json"
    return {**out, "description": description} if description else out


def json_resources() -> list[dict]:
    """The records as written (JSON) and the schemas that describe them."""
    out = [
        file_resource(
            f"{k.folder}-json",
            f"{k.folder}.json",
            f"{k.title}（JSON，完整记录）",
            "json",
            "application/json",
            f"记录原样，一条一个对象；结构见 schemas/{k.schema_file}（JSON Schema 2020-12）。",
        )
        for k in kinds.RECORD_KINDS
    ]
    out.append(
        file_resource(
            "ranking-json",
            "ranking.json",
            "部门工作评议排名（JSON）",
            "json",
            "application/json",
            "与 ranking.csv 相同的列。",
        )
    )
    return out


def datapackage(m: SiteModel, tables: list[Table], schema_files: list[str]) -> dict:
    created = dt.datetime.combine(m.as_of, dt.time(), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    schemas = [
        file_resource(
            f"schema-{path.rsplit('/', 1)[-1].removesuffix('.schema.json')}",
            path.removeprefix("data/"),
            f"JSON Schema：{path.rsplit('/', 1)[-1]}",
            "json",
            "application/schema+json",
        )
        for path in schema_files
    ]
    return {
        "name": "minyi-ledger",
        "title": f"{m.settings.district}民意台账开放数据",
        "description": f"数据截至 {m.as_of}。CSV 为 UTF-8（带 BOM），布尔值写作 true/false，空单元格表示没有值。",
        "homepage": m.settings.site_url,
        "licenses": [LICENSE],
        "created": created,
        "resources": [
            *(table_resource(t) for t in tables),
            *report_resources(m),
            *json_resources(),
            file_resource(
                "minyi-sqlite", "minyi.sqlite", "全部数据（SQLite 数据库）", "sqlite", "application/vnd.sqlite3"
            ),
            *schemas,
        ],
    }
