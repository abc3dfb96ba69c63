"""The CI workflows keep the ledger's promises: a pull request cannot switch off its own
checks, publishing refuses a rewritten history, and the workflows pass zizmor.

Both sets are tested: this repository's `.github/workflows` and the ones `minyi init`
writes into a district repository. Why tests and not only review: inlining an
expression into a shell line, unpinning an action or giving the deploy job a checkout
all look harmless in a diff. The shell steps that decide something (scope of a pull
request, rewritten history, the id commit, the `published` tag) are run for real on
git repositories, with a stand-in `gh` where they call the GitHub API.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from minyi.cli import main as minyi_cli
from minyi.starter import init_ledger

REPO = Path(__file__).resolve().parent.parent
ZIZMOR = Path(sys.executable).with_name("zizmor")
SHA_PIN = re.compile(r"[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+(/[^@]+)?@[0-9a-f]{40}")
FAKE_GH = """#!/usr/bin/env bash
echo "$*" >> "$FAKE_GH_LOG"
case "$*" in
  *deployments*) echo "$FAKE_GH_DEPLOYMENTS" ;;
  *git/ref/tags/published*) [ "$FAKE_GH_TAG" = exists ] ;;
esac
"""


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("district") / "ledger"
    init_ledger(root, "测试区", repository_url="https://github.com/Ceshi/ledger", git=False)
    return root


@pytest.fixture(params=["project", "district"])
def workflows(request, district) -> dict[str, dict]:
    """Each workflow of one set, parsed, by file name."""
    folder = (REPO if request.param == "project" else district) / ".github/workflows"
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))}


def triggers(flow: dict) -> dict:
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` key as true
    return {on: None} if isinstance(on, str) else dict(on)


def steps(flow: dict):
    for job_id, job in flow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def step(flow: dict, job: str, key: str) -> dict:
    """The step of `job` whose id or name starts with `key`."""
    found = [s for s in flow["jobs"][job]["steps"] if s.get("id") == key or s.get("name", "").startswith(key)]
    assert len(found) == 1, f"{job}: no single step {key!r}"
    return found[0]


def zizmor(paths: list[Path], cache: Path) -> list[dict]:
    """zizmor's findings, offline, with no configuration or ignore comment able to hide one."""
    assert ZIZMOR.exists(), "zizmor is in the test extra: bash scripts/setup.sh"
    proc = subprocess.run([str(ZIZMOR), "--offline", "--no-config", "--no-ignores", "--no-progress", "--format", "json",
                           "--cache-dir", str(cache), *map(str, paths)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 or proc.returncode >= 10, proc.stderr  # 10+ means "findings"
    return json.loads(proc.stdout)


def serious(findings: list[dict]) -> list[str]:
    return [f"{f['ident']} ({f['determinations']['severity']}): {f['locations'][0]['concrete']['feature']}"
            for f in findings if f["determinations"]["severity"] in ("Medium", "High")]


@pytest.mark.parametrize("where", ["project", "district"])
def test_zizmor_finds_nothing_at_medium_or_above(where, district, tmp_path):
    folder = (REPO if where == "project" else district) / ".github/workflows"
    files = sorted(folder.glob("*.yml"))
    assert len(files) == 2
    assert serious(zizmor(files, tmp_path)) == []


def test_zizmor_audit_catches_an_unsafe_workflow(tmp_path):
    """The clean result above means something: the same call flags the classic mistakes."""
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - uses: actions/checkout@v4\n"
                   '      - run: echo "${{ github.event.pull_request.title }}"\n', encoding="utf-8")
    found = {f["ident"]: f["determinations"]["severity"] for f in zizmor([bad], tmp_path / "cache")}
    assert found["template-injection"] == "High" and found["unpinned-uses"] == "High"
    assert found["artipacked"] == "Medium" and found["excessive-permissions"] == "Medium"


def test_every_action_is_pinned_to_a_commit(workflows):
    for name, flow in workflows.items():
        for job_id, s in steps(flow):
            if "uses" in s:
                assert SHA_PIN.fullmatch(s["uses"]), f"{name} {job_id}: {s['uses']} is not pinned to a commit SHA"


def test_no_expression_is_pasted_into_a_shell_line(workflows):
    for name, flow in workflows.items():
        for job_id, s in steps(flow):
            assert "${{" not in s.get("run", ""), f"{name} {job_id}: pass ${{{{ … }}}} through env:, not inline"


def test_every_checkout_leaves_no_credentials_behind(workflows):
    checkouts = [(n, s) for n, f in workflows.items() for _, s in steps(f) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for name, s in checkouts:
        assert s.get("with", {}).get("persist-credentials") is False, f"{name}: {s}"


def test_tokens_are_granted_per_job_and_read_only_for_pull_requests(workflows):
    for name, flow in workflows.items():
        assert flow["permissions"] == {}, f"{name}: the workflow grants nothing by default"
        assert not {"pull_request_target", "workflow_run"} & set(triggers(flow)), name
        for job_id, job in flow["jobs"].items():
            assert isinstance(job.get("permissions"), dict), f"{name} {job_id}: permissions are explicit per job"
            if "pull_request" in triggers(flow):
                assert set(job["permissions"].values()) <= {"read"}, f"{name} {job_id}"
        assert flow["concurrency"]["group"], name


def test_the_job_that_can_publish_runs_nothing_but_deploy_pages(workflows):
    publishers = [(n, j) for n, f in workflows.items() for j in f["jobs"].values()
                  if {"pages", "id-token"} & {k for k, v in j["permissions"].items() if v == "write"}]
    assert len(publishers) == 1
    _, job = publishers[0]
    assert [s.get("uses", "").split("@")[0] for s in job["steps"]] == ["actions/deploy-pages"]
    assert all("run" not in s for s in job["steps"])


def test_pull_request_check_never_executes_the_pull_requests_tree(workflows):
    """Everything from the PR is read as data in pr/: no step runs inside it, nothing is
    installed from it, and Python never starts with the workspace on its import path."""
    job = workflows["pull-request.yml"]["jobs"]["check"]
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts[0]["with"]["path"] == "pr" and "ref" not in checkouts[0]["with"]  # the merge commit
    assert all(s["with"]["ref"] == "${{ steps.scope.outputs.base }}" and s["with"]["path"] == "tool" for s in checkouts[1:])
    for s in job["steps"]:
        script = s.get("run", "")
        assert "working-directory" not in s and not re.search(r"\bcd\b", script), s
        assert all(flags == "-I" for flags in re.findall(r"python\"? (\S+) -m", script)), s
        for target in re.findall(r"pip install (?:--\S+ )*(\S+)", script):
            assert target in ("./tool", '"$MINYI"'), f"installs {target} in the PR check"
        for line in re.findall(r"^\s*minyi .*$", script, re.MULTILINE):
            assert "--root pr" in line, line


def test_every_minyi_command_in_a_workflow_exists_with_its_options(workflows):
    """The workflows call the CLI of the same version; an option the gate does not have
    would fail every run."""
    calls = 0
    for name, flow in workflows.items():
        for _, s in steps(flow):
            script = s.get("run", "")
            arrays = " ".join(re.findall(r"\w+=\(([^)]*)\)", script))  # allow=(--allow-code), expanded into the call
            for sub, rest in re.findall(r"^\s*minyi ([a-z][a-z-]*)(.*)$", script, re.MULTILINE):
                command = minyi_cli.commands.get(sub)
                assert isinstance(command, click.Command), f"{name}: minyi {sub}"
                known = {o for p in command.params for o in p.opts}
                used = set(re.findall(r"--[a-z][a-z-]*", rest + " " + arrays))
                assert used <= known, f"{name}: minyi {sub} has no {sorted(used - known)}"
                calls += 1
    assert calls >= 6


def test_publish_runs_in_order_in_one_run(workflows):
    jobs = workflows["publish.yml"]["jobs"]
    assert workflows["publish.yml"]["concurrency"]["cancel-in-progress"] is False
    assert jobs["assign-ids"]["needs"] == "history" and set(jobs["build"]["needs"]) == {"history", "assign-ids"}
    assert jobs["deploy"]["needs"] == "build" and set(jobs["mark-published"]["needs"]) == {"build", "deploy"}
    build = jobs["build"]["steps"]
    assert build[0]["with"]["ref"] == "${{ needs.assign-ids.outputs.sha }}"
    gate = step(workflows["publish.yml"], "build", "Review every record change")
    assert gate["run"].startswith("minyi check-change") and '--published "$PUBLISHED" HEAD' in gate["run"]


# --- the deciding shell steps, run on real git repositories ---------------------------


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
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    for name, value in {"HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}.items():
        monkeypatch.setenv(name, value)

    def run(s: dict, env: dict | None = None, **fake):
        assert set(s.get("env", {})) == set(env or {}), "the test gives every variable the step declares"
        out, summary = tmp_path / "output", tmp_path / "summary"
        out.write_text("", encoding="utf-8")
        summary.write_text("", encoding="utf-8")
        full = {**os.environ, **(env or {}), "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                "GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_PATH": str(tmp_path / "path"),
                "GITHUB_REPOSITORY": "Ceshi/ledger", "GITHUB_SERVER_URL": "https://github.com", "RUNNER_TEMP": str(tmp_path),
                "FAKE_GH_LOG": str(tmp_path / "gh.log"), "FAKE_GH_DEPLOYMENTS": str(fake.get("deployments", 0)),
                "FAKE_GH_TAG": fake.get("tag", "missing")}
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]], cwd=tmp_path, env=full,
                              capture_output=True, text=True, check=False)
        outputs = dict(line.split("=", 1) for line in out.read_text(encoding="utf-8").splitlines())
        return proc, outputs, summary.read_text(encoding="utf-8")

    return run


def merged_pull_request(root: Path, changed: dict[str, str]) -> Path:
    """pr/ as the PR check sees it: GitHub's merge commit of a branch changing `changed`
    into a main that moved on after the branch was made."""
    pr = root / "pr"
    pr.mkdir()
    git(pr, "init", "-q", "-b", "main")
    commit(pr, {"records/ledger.yaml": "id: ledger\n", "minyi/x.py": "x = 1\n"}, "base")
    git(pr, "checkout", "-q", "-b", "change")
    commit(pr, changed, "change")
    git(pr, "checkout", "-q", "main")
    commit(pr, {"records/other.yaml": "id: other\n"}, "main moved on")
    git(pr, "merge", "-q", "--no-ff", "change", "-m", "merge")
    return pr


@pytest.mark.parametrize("changed, code", [
    ({"records/new.yaml": "id: new\n"}, "false"),
    ({"minyi/x.py": "x = 2\n"}, "true"),
    ({"records/new.yaml": "id: new\n", ".gitattributes": "*.yaml -diff\n"}, "true"),
    ({"mkdocs.yml": "hooks: [records/hook.py]\n"}, "true"),
])
def test_scope_step_tells_records_from_code(workflows, runner, tmp_path, changed, code):
    pr = merged_pull_request(tmp_path, changed)
    proc, outputs, summary = runner(step(workflows["pull-request.yml"], "check", "scope"))
    assert proc.returncode == 0, proc.stderr
    assert outputs == {"base": git(pr, "rev-parse", "HEAD^1"), "code": code}
    assert ("records/ 以外" in summary) == (code == "true")


@pytest.fixture
def published_ledger(tmp_path) -> Path:
    """ledger/ with an answer recorded and published (tag), then one more commit on top."""
    repo = tmp_path / "ledger"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
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
    assert proc.returncode == 1 and outputs == {}
    assert "拒绝发布：main 的历史被改写" in summary and "records/suggestions/S-1.yaml" in summary
    assert git(published_ledger, "rev-parse", "published") in summary
    assert "::error title=拒绝发布" in proc.stdout


@pytest.mark.parametrize("deployments, refused", [(0, False), (1, True)])
def test_history_step_without_the_tag(workflows, runner, published_ledger, deployments, refused):
    """No tag is a first publication only if the site was never deployed: deleting the
    tag must not open the door to a rewrite."""
    git(published_ledger, "tag", "-d", "published")
    proc, outputs, summary = runner(step(workflows["publish.yml"], "history", "check"), {"GH_TOKEN": "t"},
                                    deployments=deployments)
    assert proc.returncode == (1 if refused else 0), proc.stderr
    assert ("找不到上次发布的提交" in summary) == refused and ("第一次发布" in summary) == (not refused)
    assert outputs == ({} if refused else {"published": ""})


@pytest.mark.parametrize("tag, call", [("exists", "-X PATCH repos/Ceshi/ledger/git/refs/tags/published -f sha=0123abc -F force=false"),
                                       ("missing", "-X POST repos/Ceshi/ledger/git/refs -f ref=refs/tags/published -f sha=0123abc")])
def test_the_published_tag_moves_forward_only(workflows, runner, tmp_path, tag, call):
    mark = workflows["publish.yml"]["jobs"]["mark-published"]["steps"][0]
    proc, _, summary = runner(mark, {"GH_TOKEN": "t", "SHA": "0123abc"}, tag=tag)
    assert proc.returncode == 0, proc.stderr
    assert call in (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()[-1]
    assert "0123abc" in summary


def cli(*args: str, cwd: Path) -> str:
    return subprocess.run([str(Path(sys.executable).with_name("minyi")), *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout.strip()


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
    assert proc.returncode == 1 and outputs == {}
    assert "::error title=未发布" in proc.stdout
    assert git(origin, "rev-parse", "main") == git(other, "rev-parse", "HEAD")


def test_a_pull_request_cannot_switch_off_its_own_gate(workflows, runner, tmp_path):
    """The attack from the trust issue, through the workflow's own steps: the PR replaces
    the checker with a no-op, plants modules Python would import from the working
    directory, and deletes a record. The gate (trusted minyi, --root pr) still refuses,
    and nothing from the PR's tree ran."""
    pr, marker = tmp_path / "pr", tmp_path / "executed"
    init_ledger(pr, "测试区")
    cli("new", "department", "--name", "测试区住建局", "--kind", "政府部门", "--root", ".", cwd=pr)
    cli("assign-ids", "--root", ".", cwd=pr)
    commit(pr, {}, "DEP-002")
    git(pr, "checkout", "-q", "-b", "attack")
    git(pr, "rm", "-q", "records/departments/DEP-002.yaml")
    plant = f"open({str(marker)!r}, 'w').write('ran')\n"
    commit(pr, {"minyi/__init__.py": plant, "minyi/review/__init__.py": plant + "def check_change(*a, **k): pass\n",
                "pip/__init__.py": plant, "venv/__init__.py": plant, "sitecustomize.py": plant}, "no-op checker")
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


def owners(codeowners: str, path: str) -> list[str]:
    """Who owns `path`: the last matching rule, as GitHub applies it (only the pattern
    forms our files use: `*`, `/folder/` and `/file`)."""
    found: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *names = line.split()
        assert pattern == "*" or pattern.startswith("/"), f"unsupported pattern {pattern}"
        rel = pattern[1:]
        if pattern == "*" or path == rel or path.startswith(rel if rel.endswith("/") else rel + "/"):
            found = names
    return found


@pytest.mark.parametrize("where", ["project", "district"])
def test_everything_outside_records_belongs_to_the_maintainers_only(where, district):
    """Any file that can run in CI or shape the build — including ones nobody has added yet."""
    root = REPO if where == "project" else district
    text = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    files = (subprocess.run(["git", "-C", str(REPO), "ls-files"], check=True, capture_output=True, text=True).stdout.split()
             if where == "project" else [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()])
    outside = [f for f in files if not f.startswith("records/")]
    assert len(outside) >= 10
    maintainers = set(owners(text, ".github/workflows/publish.yml"))
    assert len(maintainers) == 1 and maintainers == set(owners(text, "records/ledger.yaml"))
    for path in [*outside, ".gitattributes", ".gitmodules", "conftest.py", "new/tool.py", "mkdocs.yml", "docs/hook.md"]:
        assert set(owners(text, path)) == maintainers, f"{path} is owned by {owners(text, path)}"
    clerks = set(owners(text, "records/suggestions/2026/S-2026-0001.yaml"))
    assert clerks and not clerks & maintainers
