"""The shell steps of the workflows that decide something, run for real as Actions runs
them (bash -eo pipefail) on git repositories: which pull requests change code, whether
main still contains the published commit, the id commit pushed in the publishing run,
the `published` tag, and the trust issue's attack on the gate. A stand-in `gh` answers
for the GitHub API. Both sets run: this repository's workflows and a new district's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import test_workflows as static
from test_workflows import step

from minyi.starter import init_ledger

FAKE_GH = """#!/usr/bin/env bash
echo "$*" >> "$FAKE_GH_LOG"
case "$*" in
  *deployments*) echo "$FAKE_GH_DEPLOYMENTS" ;;
  *git/ref/tags/published*) [ "$FAKE_GH_TAG" = exists ] ;;
esac
"""


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    return static.new_district(tmp_path_factory)


@pytest.fixture(params=["project", "district"])
def workflows(request, district) -> dict[str, dict]:
    return static.load(static.REPO if request.param == "project" else district)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def runner(tmp_path, monkeypatch):
    """Run one workflow step as Actions does (bash -eo pipefail) in tmp_path; returns
    (process, outputs, summary). `env` must name exactly the variables the step declares."""
    (bin_dir := tmp_path / "bin").mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    for name, value in {
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }.items():
        monkeypatch.setenv(name, value)

    def run(s: dict, env: dict | None = None, **fake):
        assert set(s.get("env", {})) == set(env or {}), "the test gives every variable the step declares"
        out, summary = tmp_path / "output", tmp_path / "summary"
        for f in (out, summary):
            f.write_text("", encoding="utf-8")
        full = {
            **os.environ,
            **(env or {}),
            "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(out),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_PATH": str(tmp_path / "path"),
            "GITHUB_REPOSITORY": "Ceshi/ledger",
            "GITHUB_SERVER_URL": "https://github.com",
            "RUNNER_TEMP": str(tmp_path),
            "FAKE_GH_LOG": str(tmp_path / "gh.log"),
            "FAKE_GH_DEPLOYMENTS": str(fake.get("deployments", 0)),
            "FAKE_GH_TAG": fake.get("tag", "missing"),
        }
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]],
            cwd=tmp_path,
            env=full,
            capture_output=True,
            text=True,
            check=False,
        )
        outputs = dict(line.split("=", 1) for line in out.read_text(encoding="utf-8").splitlines())
        return proc, outputs, summary.read_text(encoding="utf-8")

    return run


def merged_pull_request(root: Path, changed: dict[str, str]) -> Path:
    """pr/ as the PR check sees it: GitHub's merge commit of a branch changing `changed`
    into a main that moved on after the branch was made."""
    git(root, "init", "-q", "-b", "main", "pr")
    pr = root / "pr"
    commit(pr, {"records/ledger.yaml": "id: ledger\n", "minyi/x.py": "x = 1\n"}, "base")
    git(pr, "checkout", "-q", "-b", "change")
    commit(pr, changed, "change")
    git(pr, "checkout", "-q", "main")
    commit(pr, {"records/other.yaml": "id: other\n"}, "main moved on")
    git(pr, "merge", "-q", "--no-ff", "change", "-m", "merge")
    return pr


@pytest.mark.parametrize(
    "changed, code",
    [
        ({"records/new.yaml": "id: new\n"}, "false"),
        ({"minyi/x.py": "x = 2\n"}, "true"),
        ({"records/new.yaml": "id: new\n", ".gitattributes": "*.yaml -diff\n"}, "true"),
        ({"mkdocs.yml": "hooks: [records/hook.py]\n"}, "true"),
    ],
)
def test_scope_step_tells_records_from_code(workflows, runner, tmp_path, changed, code):
    pr = merged_pull_request(tmp_path, changed)
    proc, outputs, summary = runner(step(workflows["pull-request.yml"], "check", "scope"))
    assert proc.returncode == 0, proc.stderr
    assert outputs == {"base": git(pr, "rev-parse", "HEAD^1"), "code": code}
    assert ("records/ 以外" in summary) == (code == "true")


@pytest.fixture
def published_ledger(tmp_path) -> Path:
    """ledger/ with an answer recorded and published (tag), then one more commit on top."""
    git(tmp_path, "init", "-q", "-b", "main", "ledger")
    repo = tmp_path / "ledger"
    commit(repo, {"records/suggestions/S-1.yaml": "id: S-1\n"}, "first")
    answered = commit(repo, {"records/suggestions/S-1.yaml": "id: S-1\nanswer: 已修复\n"}, "answer")
    git(repo, "tag", "published", answered)
    commit(repo, {"records/suggestions/S-2.yaml": "id: S-2\n"}, "next")
    return repo


def test_history_step_accepts_a_fast_forward(workflows, runner, published_ledger):
    proc, outputs, summary = runner(step(workflows["publish.yml"], "history", "check"), {"GH_TOKEN": "t"})
    assert proc.returncode == 0, proc.stderr
    assert outputs == {"published": git(published_ledger, "rev-parse", "published")}
    assert "拒绝" not in summary


def test_history_step_refuses_a_force_pushed_rewrite(workflows, runner, published_ledger):
    git(published_ledger, "reset", "-q", "--hard", "HEAD~2")
    commit(published_ledger, {"records/suggestions/S-1.yaml": "id: S-1\nanswer: 不予处理\n"}, "rewrite the answer")
    proc, outputs, summary = runner(step(workflows["publish.yml"], "history", "check"), {"GH_TOKEN": "t"})
    assert proc.returncode == 1 and outputs == {} and "::error title=拒绝发布" in proc.stdout
    assert "拒绝发布：main 的历史被改写" in summary and "records/suggestions/S-1.yaml" in summary
    assert git(published_ledger, "rev-parse", "published") in summary


@pytest.mark.parametrize("deployments, refused", [(0, False), (1, True)])
def test_history_step_without_the_tag(workflows, runner, published_ledger, deployments, refused):
    """No tag is a first publication only if the site was never deployed: deleting the
    tag must not open the door to a rewrite."""
    git(published_ledger, "tag", "-d", "published")
    proc, outputs, summary = runner(
        step(workflows["publish.yml"], "history", "check"), {"GH_TOKEN": "t"}, deployments=deployments
    )
    assert proc.returncode == (1 if refused else 0), proc.stderr
    assert ("找不到上次发布的提交" in summary) == refused and ("第一次发布" in summary) == (not refused)
    assert outputs == ({} if refused else {"published": ""})


@pytest.mark.parametrize(
    "tag, call",
    [
        ("exists", "-X PATCH repos/Ceshi/ledger/git/refs/tags/published -f sha=0123abc -F force=false"),
        ("missing", "-X POST repos/Ceshi/ledger/git/refs -f ref=refs/tags/published -f sha=0123abc"),
    ],
)
def test_the_published_tag_moves_forward_only(workflows, runner, tmp_path, tag, call):
    mark = workflows["publish.yml"]["jobs"]["mark-published"]["steps"][0]
    proc, _, summary = runner(mark, {"GH_TOKEN": "t", "SHA": "0123abc"}, tag=tag)
    assert proc.returncode == 0, proc.stderr
    assert call in (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()[-1]
    assert "0123abc" in summary


def cli(*args: str, cwd: Path) -> str:
    return subprocess.run(
        [str(Path(sys.executable).with_name("minyi")), *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def district_clone(tmp_path) -> tuple[Path, Path]:
    """origin.git holding a new district ledger, and ledger/ cloned from it as the publish job checks it out."""
    init_ledger(tmp_path / "src", "测试区")
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(tmp_path / "src"), str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(tmp_path / "ledger")], check=True)
    return origin, tmp_path / "ledger"


def test_ids_are_assigned_and_pushed_in_the_publishing_run(workflows, runner, district_clone):
    origin, ledger = district_clone
    flow = workflows["publish.yml"]
    cli("new", "department", "--name", "测试区住建局", "--kind", "政府部门", "--root", ".", cwd=ledger)
    proc, _, _ = runner(step(flow, "assign-ids", "Replace placeholder ids"))
    assert proc.returncode == 0, proc.stderr
    proc, outputs, _ = runner(step(flow, "assign-ids", "push"), {"GH_TOKEN": "t"})
    assert proc.returncode == 0, proc.stderr
    assert outputs["sha"] == git(origin, "rev-parse", "main") == git(ledger, "rev-parse", "HEAD")
    assert "records/departments/DEP-002.yaml" in git(origin, "ls-tree", "-r", "--name-only", "main")
    proc, again, _ = runner(step(flow, "assign-ids", "push"), {"GH_TOKEN": "t"})
    assert proc.returncode == 0 and again == outputs  # nothing new: no commit, same commit to build


def test_a_main_that_moved_on_is_left_to_the_next_run(workflows, runner, district_clone, tmp_path):
    origin, ledger = district_clone
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(origin), str(other)], check=True)
    commit(other, {"docs/local.md": "# 本区制度\n"}, "someone merged meanwhile")
    git(other, "push", "-q", "origin", "main")
    cli("new", "department", "--name", "测试区住建局", "--kind", "政府部门", "--root", ".", cwd=ledger)
    runner(step(workflows["publish.yml"], "assign-ids", "Replace placeholder ids"))
    proc, outputs, _ = runner(step(workflows["publish.yml"], "assign-ids", "push"), {"GH_TOKEN": "t"})
    assert proc.returncode == 1 and outputs == {} and "::error title=未发布" in proc.stdout
    assert git(origin, "rev-parse", "main") == git(other, "rev-parse", "HEAD")


def test_a_pull_request_cannot_switch_off_its_own_gate(workflows, runner, tmp_path):
    """The trust issue's attack through the workflow's own steps: the PR replaces the checker
    with a no-op, plants modules Python would import from the working directory, and deletes
    a record. The gate (trusted minyi, --root pr) still refuses; nothing from the PR ran."""
    pr, marker = tmp_path / "pr", tmp_path / "executed"
    init_ledger(pr, "测试区")
    cli("new", "department", "--name", "测试区住建局", "--kind", "政府部门", "--root", ".", cwd=pr)
    cli("assign-ids", "--root", ".", cwd=pr)
    commit(pr, {}, "DEP-002")
    git(pr, "checkout", "-q", "-b", "attack")
    git(pr, "rm", "-q", "records/departments/DEP-002.yaml")
    plant = f"open({str(marker)!r}, 'w').write('ran')\n"
    commit(
        pr,
        {
            "minyi/__init__.py": plant,
            "minyi/review/__init__.py": plant + "def check_change(*a, **k): pass\n",
            "pip/__init__.py": plant,
            "venv/__init__.py": plant,
            "sitecustomize.py": plant,
        },
        "no-op checker",
    )
    git(pr, "checkout", "-q", "main")
    git(pr, "merge", "-q", "--no-ff", "attack", "-m", "Merge attack")
    flow = workflows["pull-request.yml"]
    proc, scope, _ = runner(step(flow, "check", "scope"))
    assert proc.returncode == 0 and scope["code"] == "true"
    proc, _, summary = runner(step(flow, "check", "Review gate"), {"BASE": scope["base"], "CODE": scope["code"]})
    assert proc.returncode == 1
    assert "records/departments/DEP-002.yaml:1:1: error[record-deleted]" in proc.stdout
    assert "`minyi/review/__init__.py`" in summary  # listed for the maintainers, not trusted
    assert not marker.exists()
