"""The workflows (this repository's and the ones `minyi init` writes) keep their shape:
zizmor finds nothing at medium or above, actions are pinned, expressions reach shell only
through env:, tokens are per job, only deploy-pages can publish, the PR check never runs
the PR's tree, and CODEOWNERS gives everything outside records/ to the maintainers. Why
tests: an inlined expression, an unpinned action or a checkout in the deploy job all look
harmless in a diff. The steps themselves run for real in test_workflow_steps.py.
"""

from __future__ import annotations

import json
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


def new_district(tmp_path_factory) -> Path:
    """The files `minyi init` writes for a district (shared with test_workflow_steps)."""
    root = tmp_path_factory.mktemp("district") / "ledger"
    init_ledger(root, "测试区", repository_url="https://github.com/Ceshi/ledger", git=False)
    return root


def load(root: Path) -> dict[str, dict]:
    """Each workflow of one repository, parsed, by file name."""
    return {
        p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / ".github/workflows").glob("*.yml"))
    }


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    return new_district(tmp_path_factory)


@pytest.fixture(params=["project", "district"])
def root(request, district) -> Path:
    """This repository, then a new district's: each test below runs on both."""
    return REPO if request.param == "project" else district


@pytest.fixture
def workflows(root) -> dict[str, dict]:
    return load(root)


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
    proc = subprocess.run(
        [
            str(ZIZMOR),
            "--offline",
            "--no-config",
            "--no-ignores",
            "--no-progress",
            "--format",
            "json",
            "--cache-dir",
            str(cache),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 or proc.returncode >= 10, proc.stderr  # 10+ means "findings"
    return json.loads(proc.stdout)


def serious(findings: list[dict]) -> list[str]:
    return [
        f"{f['ident']} ({f['determinations']['severity']}): {f['locations'][0]['concrete']['feature']}"
        for f in findings
        if f["determinations"]["severity"] in ("Medium", "High")
    ]


def test_zizmor_finds_nothing_at_medium_or_above(root, tmp_path):
    files = sorted((root / ".github/workflows").glob("*.yml"))
    assert len(files) == 3
    assert serious(zizmor(files, tmp_path)) == []


def test_zizmor_audit_catches_an_unsafe_workflow(tmp_path):
    """The clean result above means something: the same call flags the classic mistakes."""
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
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
    checkouts = [
        (n, s) for n, f in workflows.items() for _, s in steps(f) if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts
    for name, s in checkouts:
        assert s.get("with", {}).get("persist-credentials") is False, f"{name}: {s}"


def test_tokens_are_granted_per_job_and_read_only_for_pull_requests(workflows):
    for name, flow in workflows.items():
        assert flow["permissions"] == {}, f"{name}: the workflow grants nothing by default"
        on = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` key as true
        assert not {"pull_request_target", "workflow_run"} & set(on), name
        for job_id, job in flow["jobs"].items():
            assert isinstance(job.get("permissions"), dict), f"{name} {job_id}: permissions are explicit per job"
            if "pull_request" in on:
                assert set(job["permissions"].values()) <= {"read"}, f"{name} {job_id}"
        assert flow["concurrency"]["group"], name


def test_the_job_that_can_publish_runs_nothing_but_deploy_pages(workflows):
    publishers = [
        (n, j)
        for n, f in workflows.items()
        for j in f["jobs"].values()
        if {"pages", "id-token"} & {k for k, v in j["permissions"].items() if v == "write"}
    ]
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
    assert all(
        s["with"]["ref"] == "${{ steps.scope.outputs.base }}" and s["with"]["path"] == "tool" for s in checkouts[1:]
    )
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
    assert jobs["build"]["steps"][0]["with"]["ref"] == "${{ needs.assign-ids.outputs.sha }}"
    gate = step(workflows["publish.yml"], "build", "Review every record change")
    assert gate["run"].startswith("minyi check-change") and '--published "$PUBLISHED" HEAD' in gate["run"]


def owners(codeowners: str, path: str) -> list[str]:
    """Who owns `path`: the last matching rule, as GitHub applies it (only the pattern
    forms our files use: `*`, `/folder/` and `/file`)."""
    found: list[str] = []
    for line in (text for text in codeowners.splitlines() if text.strip() and not text.startswith("#")):
        pattern, *names = line.split()
        assert pattern == "*" or pattern.startswith("/"), f"unsupported pattern {pattern}"
        rel = pattern[1:]
        if pattern == "*" or path == rel or path.startswith(rel if rel.endswith("/") else rel + "/"):
            found = names
    return found


def test_everything_outside_records_belongs_to_the_maintainers_only(root):
    """Any file that can run in CI or shape the build — including ones nobody has added yet."""
    text = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    files = (
        subprocess.run(["git", "-C", str(REPO), "ls-files"], check=True, capture_output=True, text=True).stdout.split()
        if root == REPO
        else [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    )
    outside = [f for f in files if not f.startswith("records/")]
    assert len(outside) >= 10
    maintainers = set(owners(text, ".github/workflows/publish.yml"))
    assert len(maintainers) == 1 and maintainers == set(owners(text, "records/ledger.yaml"))
    for path in [*outside, ".gitattributes", ".gitmodules", "conftest.py", "new/tool.py", "mkdocs.yml", "docs/hook.md"]:
        assert set(owners(text, path)) == maintainers, f"{path} is owned by {owners(text, path)}"
    clerks = set(owners(text, "records/suggestions/2026/S-2026-0001.yaml"))
    assert clerks and not clerks & maintainers
