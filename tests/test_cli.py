"""The clerk's CLI, driven as a subprocess in real git repositories."""

from __future__ import annotations

import json

from conftest import REPO, TODAY, close_answered, git, minyi, problems_json, snapshot

OPEN = "S-2026-0028"  # filled in by tests that create a record


def _new_suggestion(root, title="建议修复梨园后街破损路面", deputy="D-0021"):
    proc = minyi(
        "new",
        "suggestion",
        "--title",
        title,
        "--summary",
        "梨园后街路面坑洼多处，雨天积水，老人出行容易摔倒。",
        "--category",
        "城市建设",
        "--channel",
        "代表码",
        "--street",
        "梨园街道",
        "--deputy",
        deputy,
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=root,
        check=0,
    )
    rel = proc.stdout.strip()
    assert (root / rel).is_file()
    return rel


def test_validate_exit_codes(ledger, tmp_path):
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0
    assert minyi("validate", "--today", "2026-13-01", cwd=ledger).returncode == 2
    assert minyi("validate", cwd=tmp_path).returncode == 2  # not a ledger


def test_validate_paths_limits_report(ledger):
    path = ledger / "records/deputies/D-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sector: 农业", "sector: ''"), encoding="utf-8")
    assert minyi("validate", "--today", TODAY, "records/suggestions", cwd=ledger).returncode == 0
    assert minyi("validate", "--today", TODAY, "records/deputies/D-0001.yaml", cwd=ledger).returncode == 1


def test_text_and_github_annotation_format(ledger):
    rel = "records/deputies/D-0001.yaml"
    path = ledger / rel
    path.write_text(path.read_text(encoding="utf-8").replace("station: ST-06", "station: ST-99"), encoding="utf-8")
    plain = minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout
    assert f"{rel}:" in plain and "error[ref-missing]" in plain and " — " in plain
    gha = minyi("validate", "--today", TODAY, cwd=ledger, env={"GITHUB_ACTIONS": "true"}, check=1).stdout
    assert f"::error file={rel},line=" in gha and "title=ref-missing::" in gha


def test_new_scaffold_is_valid_and_has_schema_line(ledger):
    rel = _new_suggestion(ledger)
    text = (ledger / rel).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/suggestion.schema.json")
    assert "-TMP-" in rel
    code, problems = problems_json(ledger)
    assert code == 0, problems


def test_new_refuses_invalid_input_and_writes_nothing(ledger):
    before = snapshot(ledger)
    proc = minyi(
        "new",
        "suggestion",
        "--title",
        "标题够长了",
        "--summary",
        "群众来电 13912345678 反映路灯坏了很多天",
        "--category",
        "城市建设",
        "--channel",
        "代表码",
        "--street",
        "梨园街道",
        "--deputy",
        "D-0999",
        "--today",
        TODAY,
        cwd=ledger,
        check=1,
    )
    assert "privacy-phone" in proc.stderr and "ref-missing" in proc.stderr
    assert snapshot(ledger) == before


def test_advance_keeps_comments_and_order_and_appends(ledger):
    rel = "records/suggestions/2026/S-2026-0010.yaml"  # answered in the demo ledger
    path = ledger / rel
    original = path.read_text(encoding="utf-8")
    close_answered(ledger, "--satisfaction", "基本满意", outcome="in_hand", note="回访群众，办结", date="2026-11-21")
    diff = git(ledger, "diff", "-U0", "--", rel)
    removed = [l for l in diff.splitlines() if l.startswith("-") and not l.startswith("---")]
    assert removed == ["-status: answered"]
    added = [l[1:] for l in diff.splitlines() if l.startswith("+") and not l.startswith("+++")]
    assert "status: closed" in added and "outcome: in_hand" in added and "satisfaction: 基本满意" in added
    new = path.read_text(encoding="utf-8")
    assert new.splitlines()[:2] == original.splitlines()[:2]  # both comment lines kept
    assert new.endswith("    note: 回访群众，办结\n")
    assert problems_json(ledger)[0] == 0


def test_advance_refuses_illegal_step_with_validator_message(ledger):
    rel = _new_suggestion(ledger)
    rid = rel.rsplit("/", 1)[1][:-5]
    before = snapshot(ledger)
    proc = minyi(
        "advance", rid, "closed", "--by", "DEP-001", "--note", "直接办结", "--today", TODAY, cwd=ledger, check=1
    )
    assert "错误[transition-illegal]：" in proc.stderr  # no line: the file was not written
    refused_msg = proc.stderr.split("错误[transition-illegal]：")[1].split("\n")[0]
    assert snapshot(ledger) == before
    # The validator says the very same thing about the same step written by hand.
    path = ledger / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("status: received\ntimeline", "status: closed\ntimeline")
        + "  - date: '2026-11-21'\n    status: closed\n    by: DEP-001\n    note: 直接办结\n",
        encoding="utf-8",
    )
    _, problems = problems_json(ledger)
    msgs = [f"{p['message']} — {p['fix']}" for p in problems if p["rule"] == "transition-illegal"]
    assert refused_msg in msgs


def test_advance_refuses_step_missing_its_facts(ledger):
    rid = "S-2026-0010"
    proc = minyi("advance", rid, "closed", "--by", "DEP-001", "--note", "办结", "--today", TODAY, cwd=ledger, check=1)
    assert "outcome-missing" in proc.stderr


def test_advance_assign_sets_default_deadline(ledger):
    rel = _new_suggestion(ledger)
    rid = rel.rsplit("/", 1)[1][:-5]
    minyi(
        "advance",
        rid,
        "registered",
        "--by",
        "DEP-019",
        "--note",
        "登记",
        "--date",
        "2026-11-21",
        "--today",
        TODAY,
        cwd=ledger,
        check=0,
    )
    minyi(
        "advance",
        rid,
        "assigned",
        "--by",
        "DEP-019",
        "--lead",
        "DEP-014",
        "--note",
        "交办",
        "--date",
        "2026-11-22",
        "--today",
        TODAY,
        cwd=ledger,
        check=0,
    )
    text = (ledger / rel).read_text(encoding="utf-8")
    assert "deadline: '2026-12-22'" in text  # 30 days, from records/ledger.yaml
    assert text.index("departments:") < text.index("deadline:") < text.index("status:")  # schema order


def test_project_progress_and_completion(ledger):
    rid = "P-2024-05"
    minyi(
        "advance",
        rid,
        "in_progress",
        "--by",
        "DEP-002",
        "--progress",
        "60",
        "--note",
        "返工",
        "--today",
        TODAY,
        cwd=ledger,
        check=1,
    )  # progress may not go down
    minyi("advance", rid, "completed", "--by", "DEP-002", "--note", "完工", "--today", TODAY, cwd=ledger, check=0)
    text = (ledger / "records/projects/2024/P-2024-05.yaml").read_text(encoding="utf-8")
    assert "progress: 100\nstatus: completed" in text


def test_show_prints_derived_facts(ledger):
    out = minyi("show", "S-2026-0017", "--today", TODAY, cwd=ledger, check=0).stdout
    assert "已办" in out and "办理时限" in out and "当前办理" in out
    assert minyi("show", "S-1999-0001", cwd=ledger).returncode == 2


def test_parallel_branches_do_not_collide_and_assign_ids(ledger):
    git(ledger, "checkout", "-qb", "clerk-a")
    a = _new_suggestion(ledger, "建议修复东湖路破损路面", "D-0005")
    git(ledger, "add", "-A")
    git(ledger, "commit", "-qm", "Add suggestion (clerk A)")
    git(ledger, "checkout", "-q", "main")
    git(ledger, "checkout", "-qb", "clerk-b")
    b = _new_suggestion(ledger, "建议增设梨园小区快递柜", "D-0021")
    git(ledger, "add", "-A")
    git(ledger, "commit", "-qm", "Add suggestion (clerk B)")
    git(ledger, "checkout", "-q", "main")
    git(ledger, "merge", "-q", "--no-ff", "clerk-a", "-m", "Merge pull request #1 from clerk-a")
    git(ledger, "merge", "-q", "--no-ff", "clerk-b", "-m", "Merge pull request #2 from clerk-b")
    assert a != b
    out = minyi("assign-ids", cwd=ledger, check=0).stdout
    assert out.count("→") == 2
    new_files = sorted(p.name for p in (ledger / "records/suggestions/2026").glob("*.yaml"))
    assert not [n for n in new_files if "TMP" in n]
    ids = [line.split("→")[1].strip() for line in out.splitlines()]
    assert len(set(ids)) == 2 and all((ledger / f"records/suggestions/2026/{i}.yaml").is_file() for i in ids)
    assert problems_json(ledger)[0] == 0


def test_assign_ids_numbers_untracked_records_by_their_own_date(ledger):
    """Meetings have no timeline: real numbers still follow the meeting dates, whatever the placeholder tokens."""
    made = {}
    for day in ("2026-11-20", "2026-11-10", "2026-11-15"):
        rel = minyi(
            "new",
            "meeting",
            "--name",
            f"议政代表小组会议 {day}",
            "--body",
            "议政代表小组",
            "--street",
            "梨园街道",
            "--deputy",
            "D-0023",
            "--agenda",
            "督办意见建议",
            "--date",
            day,
            "--today",
            TODAY,
            cwd=ledger,
            check=0,
        ).stdout.strip()
        made[rel.rsplit("/", 1)[-1][: -len(".yaml")]] = day
    out = minyi("assign-ids", cwd=ledger, check=0).stdout
    given = dict(line.split(" → ") for line in out.strip().splitlines())
    assert [made[tmp] for tmp in sorted(given, key=given.get)] == sorted(made.values())
    assert problems_json(ledger)[0] == 0


def test_json_format_is_machine_readable(ledger):
    path = ledger / "records/deputies/D-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: D-0001", "id: D-0002"), encoding="utf-8")
    proc = minyi("validate", "--format", "json", "--today", TODAY, cwd=ledger, check=1)
    data = json.loads(proc.stdout)
    assert data[0]["rule"] == "id-mismatch" and data[0]["line"] == 3


def test_cached_runs_see_every_change(ledger):
    """The caches make repeat runs fast; they must never hide a new mistake or an old fix."""
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0
    from minyi.cache import location

    assert location(ledger).is_file() and not (ledger / ".minyi-cache").exists()
    path = ledger / "records/deputies/D-0001.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("station: ST-06", "station: ST-99"), encoding="utf-8")
    assert "ref-missing" in minyi("validate", "--today", TODAY, cwd=ledger, check=1).stdout
    path.write_text(good, encoding="utf-8")
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0
    assert minyi("validate", "--today", "2020-01-01", cwd=ledger).returncode == 1  # "today" is part of the key


def test_new_scaffolds_every_kind(ledger):
    """Each kind's scaffold is a valid file with its schema line, under a placeholder id."""
    made = [
        minyi(
            "new",
            "project",
            "--title",
            "华龙片区口袋公园建设",
            "--year",
            "2027",
            "--theme",
            "绿色怡心",
            "--summary",
            "利用边角地建设口袋公园两处，方便居民休闲。",
            "--by",
            "DEP-001",
            "--today",
            TODAY,
            cwd=ledger,
            check=0,
        ),
        minyi(
            "new",
            "deputy",
            "--name",
            "林晓东",
            "--role",
            "人大代表",
            "--level",
            "区县",
            "--term",
            "区第九届",
            "--street",
            "东湖街道",
            "--station",
            "ST-02",
            "--today",
            TODAY,
            cwd=ledger,
            check=0,
        ),
        minyi(
            "new",
            "department",
            "--name",
            "青溪区文化和旅游局",
            "--kind",
            "政府部门",
            "--today",
            TODAY,
            cwd=ledger,
            check=0,
        ),
        minyi(
            "new",
            "station",
            "--name",
            "滨河社区代表联络点",
            "--kind",
            "联络点",
            "--street",
            "东湖街道",
            "--today",
            TODAY,
            cwd=ledger,
            check=0,
        ),
    ]
    for proc in made:
        rel = proc.stdout.strip()
        assert "TMP-" in rel and (ledger / rel).read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema="
        )
    code, problems = problems_json(ledger)
    assert code == 0, problems
    out = minyi("assign-ids", cwd=ledger, check=0).stdout
    next_dep = f"→ DEP-{len(list((REPO / 'records/departments').glob('DEP-*.yaml'))) + 1:03d}"
    assert "→ P-2027-06" in out and "→ D-0035" in out and next_dep in out and "→ ST-08" in out
    assert problems_json(ledger)[0] == 0
