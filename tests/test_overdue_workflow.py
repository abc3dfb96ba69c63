"""The weekly reminder (.github/workflows/overdue.yml, here and in every new district): its
shape (one job per privilege, the issue job runs nothing but gh), and its two steps run
for real as Actions runs them (bash -eo pipefail) on a copy of the demo ledger: the body is
`minyi list --overdue --due-within 7 --format markdown`, and the issue step opens the one
issue or updates the one this workflow opened, with the body passed as data. Stand-ins
answer for `gh` and for the clock (`date`), so the run is the same on any day.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import test_workflows as static
from conftest import REPO, TODAY, minyi
from test_workflows import step

FAKE_GH = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$FAKE_GH_LOG"
case "$1 $2" in
  "issue list") printf '%s' "$FAKE_GH_OPEN" ;;
  "issue create"|"issue edit") while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" "$FAKE_GH_BODY"; shift; done ;;
esac
"""
FAKE_DATE = f'#!/usr/bin/env bash\necho "{TODAY}"\n'
FAKE_MINYI = f'#!/usr/bin/env bash\nexec "{sys.executable}" -m minyi "$@"\n'


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    return static.new_district(tmp_path_factory)


@pytest.fixture(params=["project", "district"])
def flow(request, district) -> dict:
    return static.load(REPO if request.param == "project" else district)["overdue.yml"]


def test_one_job_per_privilege_and_the_issue_job_only_runs_gh(flow):
    on = flow.get("on", flow.get(True))
    assert set(on) == {"schedule", "workflow_dispatch"} and on["schedule"] == [{"cron": "0 1 * * 1"}]
    jobs = flow["jobs"]
    assert jobs["list"]["permissions"] == {"contents": "read"}
    assert jobs["issue"]["permissions"] == {"issues": "write"} and jobs["issue"]["needs"] == "list"
    (only,) = jobs["issue"]["steps"]
    assert "uses" not in only and set(only["env"]) == {"GH_TOKEN", "BODY"}
    assert only["env"]["BODY"] == "${{ needs.list.outputs.body }}"
    assert "minyi " not in only["run"] and "git " not in only["run"] and "pip" not in only["run"]


@pytest.fixture
def bin_dir(tmp_path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, text in {"gh": FAKE_GH, "date": FAKE_DATE, "minyi": FAKE_MINYI}.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / name).chmod(0o755)
    return folder


def run_step(s: dict, tmp_path: Path, bin_dir: Path, env: dict | None = None, open_issue: str = ""):
    """One step as Actions runs it; returns (process, the GITHUB_OUTPUT file's text).
    `open_issue`: the number the stand-in gh answers for the reminder issue already open."""
    assert set(s.get("env", {})) == set(env or {}), "the test gives every variable the step declares"
    (out := tmp_path / "output").write_text("", encoding="utf-8")
    full = {
        **os.environ,
        **(env or {}),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "GITHUB_OUTPUT": str(out),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
        "GITHUB_REPOSITORY": "Ceshi/ledger",
        "RUNNER_TEMP": str(tmp_path),
        "FAKE_GH_LOG": str(tmp_path / "gh.log"),
        "FAKE_GH_BODY": str(tmp_path / "posted.md"),
        "FAKE_GH_OPEN": open_issue,
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]],
        cwd=tmp_path, env=full, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return proc, out.read_text(encoding="utf-8")


def heredoc_output(text: str, name: str) -> str:
    """A multi-line step output (name<<DELIMITER … DELIMITER) as Actions reads it."""
    lines = text.splitlines(keepends=True)
    head = lines[0].rstrip("\n")
    assert head.startswith(f"{name}<<MINYI_BODY_") and len(head) > len(name) + 20, head
    delimiter = head.split("<<", 1)[1]
    assert lines[-1].rstrip("\n") == delimiter
    return "".join(lines[1:-1]).removesuffix("\n")


def test_the_body_is_minyi_list_per_department(flow, tmp_path, bin_dir):
    shutil.copytree(REPO / "records", tmp_path / "ledger/records")
    proc, output = run_step(step(flow, "list", "list"), tmp_path, bin_dir)
    assert proc.returncode == 0, proc.stderr
    body = heredoc_output(output, "body")
    expected = minyi(
        "list", "--root", str(tmp_path / "ledger"), "--overdue", "--due-within", "7", "--format", "markdown",
        "--today", TODAY, cwd=tmp_path, check=0,
    ).stdout  # fmt: skip
    assert body.startswith(expected)
    assert body.splitlines()[0] == "**截至 2026-11-22，逾期或 7 天内到期的意见建议共 10 件。**"
    assert body.count("\n### ") == 8 and "### 区水利局（DEP-005）：逾期 2 件" in body
    assert body.splitlines()[-1].startswith("本议题由工作流 .github/workflows/overdue.yml 每周一自动更新")


def test_a_long_list_is_cut_at_a_whole_line_within_the_issue_limit(flow, tmp_path, bin_dir):
    (bin_dir / "minyi").write_text('#!/usr/bin/env bash\nfor i in $(seq 4000); do echo "| 第 $i 行 |"; done\n')
    proc, output = run_step(step(flow, "list", "list"), tmp_path, bin_dir)
    assert proc.returncode == 0, proc.stderr
    body = heredoc_output(output, "body")
    assert len(body.encode()) < 61000 and len(body) < 65536
    kept = [line for line in body.splitlines() if line.startswith("| 第")]
    assert kept and all(line.endswith(" 行 |") for line in kept) and len(kept) < 4000
    assert "清单太长，只列出了前一部分" in body


HOSTILE = 'x $(touch pwned) `touch pwned2` "; touch pwned3; echo " \\n@everyone'


@pytest.mark.parametrize("existing, verb", [("", "issue create"), ("7", "issue edit 7")])
def test_the_issue_step_opens_once_then_updates_and_reads_the_body_as_data(flow, tmp_path, bin_dir, existing, verb):
    env = {"GH_TOKEN": "t", "BODY": HOSTILE}
    proc, _ = run_step(step(flow, "issue", "Open or update"), tmp_path, bin_dir, env, existing)
    assert proc.returncode == 0, proc.stderr
    calls = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    assert calls[0].startswith("label create 逾期提醒 --repo Ceshi/ledger")
    assert calls[1].startswith("issue list --repo Ceshi/ledger --label 逾期提醒 --state open")
    assert calls[2].startswith(verb) and len(calls) == 3
    assert (tmp_path / "posted.md").read_text(encoding="utf-8") == HOSTILE + "\n"
    assert not list(tmp_path.glob("pwned*"))


def test_only_an_issue_this_workflow_opened_is_updated(flow):
    """Anyone can open an issue, and an issue form can carry any label: the filter picks the bot's."""
    script = step(flow, "issue", "Open or update")["run"]
    jq = script.split("--jq '", 1)[1].split("'", 1)[0]
    issues = [
        {"number": 3, "author": {"login": "attacker", "is_bot": False}},
        {"number": 2, "author": {"login": "app/github-actions", "is_bot": True}},
    ]
    pick = subprocess.run(["jq", "-r", jq], input=json.dumps(issues), capture_output=True, text=True, check=True)
    assert pick.stdout.strip() == "2"
    none = subprocess.run(["jq", "-r", jq], input=json.dumps(issues[:1]), capture_output=True, text=True, check=True)
    assert none.stdout.strip() == ""
