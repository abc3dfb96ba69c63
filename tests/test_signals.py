"""Honest signals on the built site: imports are not late, late projects are flagged, feeds
speak the ledger's words and are valid Atom, department calendars are valid iCalendar, and
impossible milestone plans are refused.

One ledger is built for most checks (module fixture): the demo records imported in one
commit carrying `Minyi-Import: true` (and no recording_since), then clerk commits made
later: an event recorded 18 days after it happened, a project's progress, a correction.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, TODAY, minyi, problems_json

ATOM = "{http://www.w3.org/2005/Atom}"


def _commit(root: Path, day: str, message: str, *extra: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00+08:00"}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", message, *extra], cwd=root, check=True, env=env)


def _run(root: Path, *args: str) -> None:
    minyi(*args, "--today", TODAY, cwd=root, check=0)


@pytest.fixture(scope="module")
def signals(tmp_path_factory):
    """(ledger root, built site) of the scenario in the module docstring."""
    root = tmp_path_factory.mktemp("signals") / "ledger"
    root.mkdir()
    shutil.copytree(REPO / "records", root / "records")
    settings = root / "records/ledger.yaml"
    settings.write_text(re.sub(r"(?m)^recording_since:.*\n", "", settings.read_text(encoding="utf-8")), "utf-8")
    for args in (["init", "-q", "-b", "main"], ["config", "user.email", "clerk@example.invalid"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    subprocess.run(["git", "config", "user.name", "Test Clerk"], cwd=root, check=True)
    _commit(root, "2026-11-01", "Import the 2021-2026 ledger", "--trailer", "Minyi-Import: true")
    _run(root, "advance", "S-2026-0010", "closed", "--by", "DEP-001", "--outcome", "solved", "--satisfaction", "满意",
         "--note", "回访办结", "--date", "2026-11-03")  # fmt: skip
    _commit(root, "2026-11-21", "Close S-2026-0010")
    _run(root, "advance", "P-2024-05", "in_progress", "--by", "DEP-002", "--progress", "85", "--note", "主体完工",
         "--date", "2026-11-21")  # fmt: skip
    _commit(root, "2026-11-21", "Progress P-2024-05")
    _run(root, "correct", "S-2024-0003", "--event", "3", "--set", "date=2024-03-01", "--by", "DEP-001",
         "--note", "交办日期以交办单为准")  # fmt: skip
    _commit(root, "2026-11-22", "Correct S-2024-0003")
    out = root.parent / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=root, check=0)
    return root, out


def _recordings(page: str) -> list[str]:
    """How each timeline event's recording is shown: late, imported or timely."""
    classes = re.findall(r'<p class="mi-tl-audit( mi-late| mi-imported)?">', page)
    return [c.strip().removeprefix("mi-") or "timely" for c in classes]


def test_imported_events_are_not_late_and_a_late_entry_is(signals):
    _, site = signals
    page = (site / "suggestions/S-2026-0010/index.html").read_text(encoding="utf-8")
    kinds = _recordings(page)
    assert kinds[:-1] == ["imported"] * (len(kinds) - 1) and kinds[-1] == "late"  # 2026-11-03 written on 11-21
    assert "导入/补录" in page and "事后 18 天录入" in page
    assert page.count("mi-late") == 1


def test_recording_since_marks_the_demo_import(tmp_path):
    from conftest import init_repo

    root = tmp_path / "ledger"
    root.mkdir()
    shutil.copytree(REPO / "records", root / "records")
    settings = root / "records/ledger.yaml"
    text = re.sub(r"(?m)^recording_since:.*\n", "", settings.read_text(encoding="utf-8"))
    settings.write_text(text + "recording_since: '2099-01-01'\n", encoding="utf-8")  # everything so far predates it
    init_repo(root)
    minyi("build", "--out", str(tmp_path / "site"), "--as-of", TODAY, cwd=root, check=0)
    page = (tmp_path / "site/suggestions/S-2024-0003/index.html").read_text(encoding="utf-8")
    assert set(_recordings(page)) == {"imported"} and "台账启用日 2099-01-01" in page


def test_a_late_project_is_flagged_on_its_page_the_list_and_the_dashboard(signals):
    _, site = signals
    project = (site / "projects/P-2024-09/index.html").read_text(encoding="utf-8")
    assert 'data-slip="滞后"' in project and 'data-slip="长期未更新"' in project
    assert "完工验收（计划 2024-12-07）" in project
    fresh = (site / "projects/P-2024-05/index.html").read_text(encoding="utf-8")  # updated on 2026-11-21
    assert 'data-slip="滞后"' in fresh and 'data-slip="长期未更新"' not in fresh
    done = (site / "projects/P-2024-06/index.html").read_text(encoding="utf-8")
    assert "data-slip=" not in done
    listing = (site / "projects/index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-level="区" data-slipping="(\w+)"><td><a href="P-2024-09/"', listing)
    assert row and row.group(1) == "yes"
    home = (site / "index.html").read_text(encoding="utf-8")
    slipping = home[home.index('id="slipping"') : home.index('id="latest"')]
    assert "P-2024-09" in slipping and "P-2024-06" not in slipping


def test_district_and_street_projects_are_labelled_and_filterable(signals):
    _, site = signals
    listing = (site / "projects/index.html").read_text(encoding="utf-8")
    assert 'id="mi-level-district"' in listing and 'id="mi-level-street"' in listing
    assert re.search(r'data-level="街道"[^>]*><td><a href="P-2027-03/"', listing)
    street = (site / "projects/P-2027-03/index.html").read_text(encoding="utf-8")
    assert "街道议政代表会" in street
    assert "区人代会" in (site / "projects/P-2024-05/index.html").read_text(encoding="utf-8")


def _feeds(site: Path) -> list[Path]:
    return sorted([site / "feed.xml", *site.glob("feeds/streets/*.xml"), *site.glob("*/*/feed.xml")])


def test_every_feed_is_valid_atom_with_stable_ids_and_rfc3339_dates(signals):
    import feedparser

    _, site = signals
    feeds = _feeds(site)
    assert len(feeds) > 100  # site, streets, every suggestion, project and department
    rfc3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", path
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)) and all(i.startswith("tag:minyi.example.cn,") for i in ids), path
        text = path.read_text(encoding="utf-8")
        stamps = re.findall(r"<updated>([^<]+)</updated>", text)
        assert stamps and all(rfc3339.fullmatch(s) for s in stamps), path


def test_feed_entries_say_what_changed_in_chinese_with_the_commit_as_a_link(signals):
    import feedparser

    root, site = signals
    titles = {e.title: e for e in feedparser.parse((site / "feed.xml").read_bytes()).entries}
    assert "S-2026-0010 已办结，满意" in titles
    assert "P-2024-05 进度 70% → 85%" in titles
    assert "S-2024-0003 更正：第 3 条事件的日期" in titles
    assert not [t for t in titles if re.search(r"Close|Progress|Correct|Import", t)], "no commit message as a title"
    closed = titles["S-2026-0010 已办结，满意"]
    related = [link.href for link in closed.links if link.rel == "related"]
    head = subprocess.run(["git", "log", "-1", "--format=%H", "--grep", "Close S-2026-0010"], cwd=root,
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert related == [f"https://github.com/minyi-ledger/qingxi-ledger/commit/{head}"]
    assert closed.link == "https://minyi.example.cn/suggestions/S-2026-0010/"
    own = feedparser.parse((site / "suggestions/S-2026-0010/feed.xml").read_bytes())
    assert own.entries[0].id == closed.id  # the same entry under the same id in every feed
    street = feedparser.parse((site / "feeds/streets/梨园街道.xml").read_bytes())
    assert all(e.link.split("/")[-2].startswith(("S-", "P-")) for e in street.entries)


def test_pages_link_their_feeds_visibly_and_the_site_feed_in_the_head(signals):
    _, site = signals
    page = (site / "suggestions/S-2024-0003/index.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    # Material fetches sitemap.xml beside every alternate link: a record-folder feed there would 404.
    assert 'rel="alternate"' not in head
    body = page[page.index("</head>") :]
    subscribe = body[body.index('<p class="mi-subscribe">') :]
    assert 'href="../../feeds/streets/' in subscribe and 'href="../../departments/DEP-015/feed.xml"' in subscribe
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in home[: home.index("</head>")]
    department = (site / "departments/DEP-002/index.html").read_text(encoding="utf-8")
    assert 'href="deadlines.ics"' in department and 'href="feed.xml"' in department


def test_department_calendars_are_valid_icalendar(signals):
    import icalendar

    _, site = signals
    calendars = sorted(site.glob("departments/*/deadlines.ics"))
    assert calendars
    uids = set()
    for path in calendars:
        raw = path.read_bytes()
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), path
        cal = icalendar.Calendar.from_ical(raw)
        for event in cal.walk("VEVENT"):
            assert isinstance(event.decoded("DTSTART"), dt.date) and event.get("DTSTAMP") is not None
            assert str(event["UID"]) not in uids
            uids.add(str(event["UID"]))
    dep002 = icalendar.Calendar.from_ical((site / "departments/DEP-002/deadlines.ics").read_bytes())
    summaries = [str(e["SUMMARY"]) for e in dep002.walk("VEVENT")]
    assert "节点计划（滞后）：P-2024-05 老旧小区加装电梯（30部）——完工验收" in summaries


def test_ics_text_is_escaped_and_folded_within_a_character():
    from site_gen import ics

    assert ics.text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = ics.fold("SUMMARY:" + "电梯" * 40)
    lines = folded.split("\r\n ")
    assert all(len(line.encode()) <= (75 if i == 0 else 74) for i, line in enumerate(lines))
    assert "".join(lines) == "SUMMARY:" + "电梯" * 40


@pytest.mark.parametrize(
    ("old", "new", "variant"),
    [
        ("planned: '2024-04-11'", "planned: '2024-02-01'", "milestones out of order"),
        ("done: '2024-03-02'", "done: '2027-03-02'", "milestone done in the future"),
        ("planned: '2024-02-26'", "planned: '2014-02-26'", "milestone before the project"),
    ],
)
def test_impossible_milestone_dates_are_refused(ledger, old, new, variant):
    path = ledger / "records/projects/2024/P-2024-05.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, problems = problems_json(ledger)
    found = [p for p in problems if p["rule"] == "milestone-order"]
    assert code == 1 and len(found) == 1 and variant in found[0]["message"], problems
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new in row)
    assert found[0]["line"] == line and found[0]["path"].endswith("P-2024-05.yaml")
