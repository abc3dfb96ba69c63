"""What a journalist takes away: CSV, JSON, the SQLite database (the published formulas recomputed
in SQL give the pages' numbers), the data package, each record's YAML, robots.txt and the 404
page — all read from a real build of the demo ledger (tests/published_site.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
from html.parser import HTMLParser

import pytest
import yaml
from conftest import TODAY
from published_site import published  # noqa: F401  (the fixture)

from minyi import kinds, lifecycle
from minyi.kinds.suggestion import OUTCOME
from site_gen.exports import queries
from site_gen.exports.tables import FACT_COLUMNS

AS_OF = dt.date.fromisoformat(TODAY)


def read_csv(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: UTF-8 with BOM, for spreadsheet software"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def package(published) -> dict:  # noqa: F811
    return json.loads((published.data / "datapackage.json").read_text(encoding="utf-8"))


def test_every_csv_writes_booleans_as_true_false_and_matches_its_table_schema(published):  # noqa: F811
    tables = [r for r in package(published)["resources"] if r.get("format") == "csv"]
    assert {r["path"] for r in tables} >= {"suggestions.csv", "ranking.csv", "events.csv", "changes.csv"}
    for res in tables:
        rows = read_csv(published.data / res["path"])
        fields = res["schema"]["fields"]
        header = (published.data / res["path"]).read_text(encoding="utf-8-sig").split("\n", 1)[0]
        assert header.split(",") == [f["name"] for f in fields], res["path"]
        for f in fields:
            values = {row[f["name"]] for row in rows}
            if f["type"] == "boolean":
                assert values <= {"true", "false", ""}, (res["path"], f["name"], values)
                assert values & {"true", "false"} or not rows, (res["path"], f["name"])
            if f["type"] == "date":
                assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values if v), (res["path"], f["name"])


def test_suggestions_csv_carries_text_labels_and_facts_as_of_the_data_date(published):  # noqa: F811
    rows = {r["id"]: r for r in read_csv(published.data / "suggestions.csv")}
    records = {r["id"]: r for r in json.loads((published.data / "suggestions.json").read_text(encoding="utf-8"))}
    assert rows.keys() == records.keys()
    for sid, row in rows.items():
        rec = records[sid]
        assert row["summary"] == rec["summary"] and row["answer_text"] == (rec.get("answer") or {}).get("text", "")
        assert row["status_label"] == lifecycle.label("suggestion", rec["status"])
        assert row["outcome_label"] == OUTCOME.get(rec.get("outcome"), "")
        events = rec["timeline"]
        end = dt.date.fromisoformat(events[-1]["date"]) if rec["status"] in lifecycle.FINISHED else AS_OF
        assert int(row["days_open"]) == (end - dt.date.fromisoformat(rec["received"])).days, sid
        first = next((e["date"] for e in events if e["status"] == "answered"), "")
        assert row["first_answered"] == first
        deadline = rec.get("deadline", "")
        assert row["answered_on_time"] == (("true" if first <= deadline else "false") if first and deadline else "")
        # owed: being handled and no answer since it was last reopened (a reopened one owes a new answer)
        last_reopened = max((i for i, e in enumerate(events) if e["status"] == "reopened"), default=-1)
        answered_since = any(e["status"] == "answered" for e in events[last_reopened + 1 :])
        waiting = rec["status"] in lifecycle.HANDLING and not answered_since
        assert row["overdue"] == ("true" if waiting and deadline and deadline < TODAY else "false"), sid
    assert {r["overdue"] for r in rows.values()} == {"true", "false"}
    assert {r["answered_on_time"] for r in rows.values()} == {"true", "false", ""}


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def page_ranking(published) -> list[dict]:  # noqa: F811
    """The ranked departments as the departments page shows them: name, rank, score."""
    parser = _Tables()
    parser.feed((published.site / "departments/index.html").read_text(encoding="utf-8"))
    table = next(t for t in parser.tables if t and "综合得分" in t[0] and "名次" in t[0])
    head = table[0]
    return [
        {
            "name": row[head.index("部门")],
            "rank": int(re.match(r"\d+", row[head.index("名次")]).group()),
            "score": float(row[head.index("综合得分")]),
        }
        for row in table[1:]
    ]


def test_ranking_csv_and_json_are_the_page_s_ranking(published):  # noqa: F811
    from_json = json.loads((published.data / "ranking.json").read_text(encoding="utf-8"))
    from_csv = read_csv(published.data / "ranking.csv")
    assert [r["department"] for r in from_json] == [r["department"] for r in from_csv]
    for j, c in zip(from_json, from_csv):
        assert c["ranked"] == ("true" if j["ranked"] else "false") and (c["score"] or None) == (
            None if j["score"] is None else str(j["score"]).removesuffix(".0")
        )
    ranked = [r for r in from_json if r["ranked"]]
    assert [{"name": r["name"], "rank": r["rank"], "score": r["score"]} for r in ranked] == page_ranking(published)
    assert all(r["rank"] is None for r in from_json if not r["ranked"])


def test_sqlite_recomputes_the_published_ranking_and_rates(published):  # noqa: F811
    con = sqlite3.connect(f"file:{published.data / 'minyi.sqlite'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    recomputed = [dict(r) for r in con.execute(queries.RANKING_SQL)]
    assert recomputed == [dict(r) for r in con.execute("SELECT * FROM ranking_recomputed")]
    expected = json.loads((published.data / "ranking.json").read_text(encoding="utf-8"))
    assert [(r["rank"], r["department"], r["score"]) for r in recomputed] == [
        (e["rank"], e["department"], e["score"]) for e in expected
    ]
    shown = {r["name"]: r for r in page_ranking(published)}
    names = {e["department"]: e["name"] for e in expected}
    for r in recomputed:
        if r["rank"] is not None:
            assert shown[names[r["department"]]] == {
                "name": names[r["department"]],
                "rank": r["rank"],
                "score": r["score"],
            }
    rates = dict(con.execute(queries.RATES_SQL).fetchone())
    home = (published.site / "index.html").read_text(encoding="utf-8")
    figures = dict(re.findall(r'data-figure="([^"]+)">([^<]+)<', home))
    for name, column in [
        ("办结率", "closure_rate"),
        ("已办结中已解决的比例", "solved_of_closed"),
        ("全部受理中已解决的比例", "solved_of_accepted"),
        ("按期答复率", "on_time_rate"),
        ("满意率", "satisfaction_rate"),
    ]:
        assert figures[name] == f"{rates[column]:.1f}%", name
    assert int(figures["当前逾期"]) == rates["overdue"]


def test_sqlite_holds_a_table_per_kind_and_the_trail(published):  # noqa: F811
    con = sqlite3.connect(f"file:{published.data / 'minyi.sqlite'}?mode=ro", uri=True)

    def columns(table):
        return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]

    timeline_steps = 0
    for kind in kinds.RECORD_KINDS:
        records = json.loads((published.data / f"{kind.folder}.json").read_text(encoding="utf-8"))
        expected = [c.name for c in kind.columns] + [c.name for c in FACT_COLUMNS.get(kind.name, ())]
        assert columns(kind.folder) == expected
        assert con.execute(f'SELECT COUNT(*) FROM "{kind.folder}"').fetchone()[0] == len(records)
        timeline_steps += sum(len(r.get("timeline", ())) for r in records) if kind.lifecycle else 0
    assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] == timeline_steps
    first = con.execute("SELECT date, status, by, recorded_in FROM events WHERE record_id = 'S-2024-0003' AND n = 1")
    sug = yaml.safe_load((published.ledger / "records/suggestions/2024/S-2024-0003.yaml").read_text(encoding="utf-8"))
    date, status, by, commit = first.fetchone()
    assert (date, status, by) == (sug["timeline"][0]["date"], sug["timeline"][0]["status"], sug["timeline"][0]["by"])
    assert re.fullmatch(r"[0-9a-f]{40}", commit)
    assert con.execute("SELECT COUNT(*) FROM changes WHERE record_id = 'S-2024-0003'").fetchone()[0] >= 1
    described = {(t, n) for t, n in con.execute("SELECT table_name, name FROM fields")}
    assert ("suggestions", "answer_text") in described and ("ranking", "score") in described
    about = dict(con.execute("SELECT key, value FROM about"))
    assert about["as_of"] == TODAY and about["site_url"] == published.url


def test_datapackage_passes_frictionless(published):  # noqa: F811
    from frictionless import validate

    meta = package(published)
    assert dt.datetime.fromisoformat(meta["created"].replace("Z", "+00:00")).tzinfo is not None
    for res in meta["resources"]:
        if res["format"] != "csv":
            assert "schema" not in res, res["name"]  # a JSON Schema is not a Table Schema
    report = validate(str(published.data / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:10]
    assert len(report.tasks) == len(meta["resources"])


def test_published_schemas_carry_their_url_as_id(published):  # noqa: F811
    for path in sorted((published.data / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$id"] == f"{published.url}data/schemas/{path.name}"
        assert list(schema)[:2] == ["$schema", "$id"]


def test_each_record_yaml_is_published_next_to_its_data_and_linked_from_its_page(published):  # noqa: F811
    source = published.ledger / "records/suggestions/2024/S-2024-0003.yaml"
    copy = published.data / "records/suggestions/2024/S-2024-0003.yaml"
    text = copy.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == yaml.safe_load(source.read_text(encoding="utf-8"))
    schema_line = re.match(r"# yaml-language-server: \$schema=(\S+)\n", text).group(1)
    assert (copy.parent / schema_line).resolve() == (published.data / "schemas/suggestion.schema.json").resolve()
    page = (published.site / "suggestions/S-2024-0003/index.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="([^"]+)"[^>]*>查看原始记录文件', page).group(1)
    assert (published.site / "suggestions/S-2024-0003" / href).resolve() == copy.resolve()
    assert "https://github.com/minyi-ledger/qingxi-ledger/blob/main/records/suggestions/2024/S-2024-0003.yaml" in page
    published_files = {p.relative_to(published.data).as_posix() for p in (published.data / "records").rglob("*.yaml")}
    sources = {p.relative_to(published.ledger).as_posix() for p in (published.ledger / "records").rglob("*.yaml")}
    assert published_files == sources - {"records/ledger.yaml"}


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://example.invalid/minyi-ledger", True),
        ("https://git.example.com/ledger", True),
        ("", True),
        ("https://github.com/minyi-ledger/qingxi-ledger", False),
        ("https://gitee.com/qingxi/ledger", False),
    ],
)
def test_hosting_link_only_for_a_real_repository(url, placeholder):
    from site_gen.urls import is_placeholder

    assert is_placeholder(url) is placeholder


def test_robots_404_footer_and_navigation_speak_to_the_public(published):  # noqa: F811
    robots = (published.site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {published.url}sitemap.xml" in robots.splitlines()
    missing = (published.site / "404.html").read_text(encoding="utf-8")
    assert "找不到这个页面" in missing and "Not found" not in missing
    home = (published.site / "index.html").read_text(encoding="utf-8")
    footer = home[home.index('<footer class="md-footer">') :]
    assert "Made with" not in footer and "本站由" in footer
    assert "performance" not in home and "architecture" not in home
    assert not (published.site / "docs/performance").exists() and not (published.site / "docs/architecture").exists()
    assert (published.site / "docs/guide/index.html").is_file()


def test_record_yaml_goes_through_the_personal_data_scan(ledger, tmp_path, monkeypatch):
    """The published YAML is checked like every page: were a phone number to reach it, the build stops."""
    from site_gen import build
    from site_gen.exports import records

    real = records.yaml_text

    def leaky(entry, kind, as_of):
        extra = "# 联系电话 13912345678\n" if entry.id == "S-2024-0003" else ""
        return real(entry, kind, as_of) + extra

    monkeypatch.setattr(records, "yaml_text", leaky)
    with pytest.raises(build.BuildFailed, match=r"data/records/suggestions/2024/S-2024-0003\.yaml"):
        build.build(ledger, tmp_path / "site", AS_OF)
    assert not (tmp_path / "site").exists()
