"""Minyi as an installed package: a real wheel in a fresh virtualenv, used from a folder
that is not this checkout, exactly as one of the ~3,000 district repositories would.

Also the pre-commit hook as a records repository uses it (`pre-commit try-repo`), and
the pure parts of the starter and the site config.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO, git

from minyi import resources
from minyi.site_config import add_doc_pages, merge, site_config
from minyi.starter import StarterError, init_ledger, render, settings

TODAY = "2026-11-22"


def run(*args, cwd, env=None, check=0):
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "GITHUB_ACTIONS")}
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**clean, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    if check is not None:
        assert proc.returncode == check, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """This checkout's working tree (tracked and new files, not ignored ones) as a one-commit
    git repository: what a clone of the pushed repository holds. Builds never touch REPO."""
    dest = tmp_path_factory.mktemp("source") / "minyi-ledger"
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    for rel in filter(None, listed.split("\0")):
        if (REPO / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, dest / rel)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "-c", "user.email=dev@example.invalid", "-c", "user.name=Dev", "commit", "-qm", "snapshot")
    return dest


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, ".", cwd=source)
    (built,) = out.glob("minyi_ledger-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv where only minyi comes from the wheel; its dependencies are
    borrowed from the project's environment through a .pth line (no editable finder)."""
    env = tmp_path_factory.mktemp("venv") / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", env, cwd=env.parent)
    purelib = Path(
        run(
            env / "bin/python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=env.parent
        ).stdout.strip()
    )
    (purelib / "project-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        env / "bin/python",
        "install",
        "-q",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=env.parent,
    )
    return env


def test_wheel_carries_schemas_docs_and_site_data(wheel, source):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        p.relative_to(source).as_posix()
        for folder in ("minyi", "site_gen")
        for p in (source / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert [f for f in shipped if f not in names] == [], "files of the package missing from the wheel"
    for schema in (REPO / "schemas").glob("*.schema.json"):
        assert f"minyi/schemas/{schema.name}" in names
    for doc in resources.CLERK_DOCS:
        assert ((REPO / "docs" / doc).is_file()) == (f"minyi/clerk_docs/{doc}" in names), doc
    assert "minyi/clerk_docs/performance.md" not in names  # about this project, not for clerks
    assert not any(n.startswith(("tests/", "records/", "bench/")) for n in names)


def test_installed_minyi_runs_outside_the_checkout(venv, tmp_path):
    where = run(
        venv / "bin/python",
        "-c",
        "import minyi, minyi.resources as r; print(minyi.__file__);"
        " print(r.schema_dir()); print(r.clerk_docs_dir()); print(r.base_site_config())",
        cwd=tmp_path,
    ).stdout
    for line in where.split():
        assert Path(line).resolve().is_relative_to(venv.resolve()), where
        assert Path(line).exists(), line
    minyi = venv / "bin/minyi"
    made = run(
        minyi,
        "init",
        "ledger",
        "--district",
        "测试区",
        "--repository-url",
        "https://github.com/ceshi/ledger",
        cwd=tmp_path,
    ).stdout.split()
    ledger = tmp_path / "ledger"
    assert {
        "records/ledger.yaml",
        "records/departments/DEP-001.yaml",
        "mkdocs.yml",
        ".github/CODEOWNERS",
        ".pre-commit-config.yaml",
    } <= set(made)
    assert git(ledger, "log", "--format=%s").strip() == "Start the 测试区 ledger (minyi init)"
    assert "没有发现问题" in run(minyi, "validate", "--today", TODAY, cwd=ledger).stderr
    run(minyi, "build", "--out", "site", "--as-of", TODAY, "--today", TODAY, cwd=ledger)
    index = (ledger / "site/index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]* - 测试区民意台账</title>", index) and "docs/guide/" in index
    assert (ledger / "site/docs/fields/index.html").is_file() and (
        ledger / "site/data/schemas/ledger.schema.json"
    ).is_file()

    # The starter's street list is empty: a street is refused until the clerk lists the district's streets.
    refused = run(minyi, "new", "station", "--name", "城关联络站", "--kind", "联络站", "--street", "城关街道",
                  "--today", TODAY, cwd=ledger, check=2).stderr  # fmt: skip
    assert "街道（镇）「城关街道」无法核对：台账设置还没有登记任何街道 (no streets in the settings)" in refused
    settings = ledger / "records/ledger.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "\nstreets: {}\n" in text and "#   streets:" in text
    settings.write_text(text.replace("\nstreets: {}\n", "\nstreets:\n  城关街道: [城关社区]\n"), encoding="utf-8")
    deputy = run(
        minyi,
        "new",
        "deputy",
        "--name",
        "李明",
        "--role",
        "人大代表",
        "--level",
        "区县",
        "--term",
        "区第一届",
        "--street",
        "城关街道",
        "--today",
        TODAY,
        cwd=ledger,
    ).stdout.strip()
    deputy_id = Path(deputy).stem
    path = run(
        minyi,
        "new",
        "suggestion",
        "--title",
        "建议在城关街道增设公交站",
        "--summary",
        "城关街道居民反映最近的公交站步行要二十分钟，出行不便",
        "--category",
        "城市建设",
        "--channel",
        "代表码",
        "--street",
        "城关街道",
        "--deputy",
        deputy_id,
        "--date",
        TODAY,
        "--today",
        TODAY,
        cwd=ledger,
    ).stdout.strip()
    assert (ledger / path).is_file()
    assert "没有发现问题" in run(minyi, "validate", "--today", TODAY, cwd=ledger).stderr


def test_district_docs_and_config_override_the_package(venv, tmp_path):
    minyi = venv / "bin/minyi"
    run(minyi, "init", "ledger", "--district", "测试区", "--no-git", cwd=tmp_path)
    ledger = tmp_path / "ledger"
    (ledger / "docs").mkdir()
    (ledger / "docs/local.md").write_text("# 本区工作制度\n\n每月 5 日前交办。\n", encoding="utf-8")
    (ledger / "mkdocs.yml").unlink()
    run(minyi, "build", "--out", "site", "--as-of", TODAY, "--today", TODAY, cwd=ledger)
    index = (ledger / "site/index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]* - 民意台账</title>", index)  # site_name from the package base
    assert "本区工作制度" in index and (ledger / "site/docs/local/index.html").is_file()


def test_init_refuses_a_non_empty_folder(venv, tmp_path):
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger/notes.txt").write_text("x", encoding="utf-8")
    proc = run(venv / "bin/minyi", "init", "ledger", "--district", "测试区", cwd=tmp_path, check=2)
    assert proc.stderr.strip().startswith("错误：目录 ledger 不是空的") and len(proc.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in (tmp_path / "ledger").iterdir()) == ["notes.txt"]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """pre-commit's own cache (the hook's virtualenv), kept out of the user's home and shared by both runs."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.slow
def test_pre_commit_hook_from_a_records_repository(source, pre_commit_home, tmp_path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.fail("pre-commit is not installed: it is in the test extra (pip install -e '.[test]')")
    ledger = tmp_path / "ledger"
    init_ledger(ledger, "测试区")
    env = {"PRE_COMMIT_HOME": str(pre_commit_home)}
    clean = run(pre_commit, "try-repo", source, "minyi-validate", "--all-files", cwd=ledger, env=env)
    assert "Passed" in clean.stdout

    broken = ledger / "records/departments/DEP-002.yaml"
    text = (ledger / "records/departments/DEP-001.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("DEP-001", "DEP-002") + "colour: red\n", encoding="utf-8")
    git(ledger, "add", "-A")
    failed = run(pre_commit, "try-repo", source, "minyi-validate", "--all-files", cwd=ledger, env=env, check=None)
    assert failed.returncode != 0
    assert "records/departments/DEP-002.yaml:" in failed.stdout and "error[schema-unknown-key]" in failed.stdout


# --- the pure parts -------------------------------------------------------------------


def test_resources_in_a_source_checkout_are_the_top_level_folders():
    assert resources.schema_dir() == REPO / "schemas"
    assert resources.clerk_docs_dir() == REPO / "docs"
    docs = resources.clerk_docs(None)
    assert set(docs) >= {"guide.md", "fields.md", "errors.md", "lifecycle.md"} and "performance.md" not in docs
    assert "performance.md" in resources.clerk_docs(REPO)  # the demo district's own doc


def test_render_replaces_only_known_placeholders_once():
    values = settings("测试区", repository_url="https://github.com/ceshi/ledger")
    values["district"] = "{site_url}"  # a value is never scanned again
    text = "a: ${{ github.base_ref }} {id} {district} {unknown} {site_url}"
    assert render(text, values) == "a: ${{ github.base_ref }} {id} {site_url} {unknown} https://ceshi.github.io/ledger/"


@pytest.mark.parametrize(
    "options",
    [
        {"district": '测试"区'},
        {"district": "区\n- x"},
        {"district": ""},
        {"repository_url": "https://x.org/a b"},
        {"site_url": "javascript:alert(1)"},
        {"minyi_requirement": "minyi; rm -rf /"},
    ],
)
def test_unsafe_values_are_refused_before_anything_is_written(tmp_path, options):
    district = options.pop("district", "测试区")
    with pytest.raises(StarterError):
        init_ledger(tmp_path / "ledger", district, git=False, **options)
    assert not (tmp_path / "ledger").exists()


def test_starter_files_are_valid_yaml_with_settings_filled_in(tmp_path):
    init_ledger(tmp_path / "l", "测试区", repository_url="https://github.com/Ceshi/ledger", git=False)
    ledger = yaml.safe_load((tmp_path / "l/records/ledger.yaml").read_text(encoding="utf-8"))
    assert (
        ledger["district"] == "测试区" and ledger["qr_url_pattern"] == "https://ceshi.github.io/ledger/deputies/{id}/"
    )
    for workflow in (tmp_path / "l/.github/workflows").glob("*.yml"):
        flow = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        assert flow["env"]["MINYI"] == settings("测试区")["minyi_requirement"]
        assert ".venv" not in workflow.read_text(encoding="utf-8") and "setup.sh" not in workflow.read_text(
            encoding="utf-8"
        )
    hooks = yaml.safe_load((tmp_path / "l/.pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"] == [{"id": "minyi-validate"}]
    owners = (tmp_path / "l/.github/CODEOWNERS").read_text(encoding="utf-8")
    assert (
        "/.github/                   @Ceshi/minyi-maintainers" in owners
        and "/records/                   @Ceshi/minyi-clerks" in owners
    )


def test_district_config_overrides_the_base_and_unlisted_docs_join_the_nav(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: 测试区民意台账\ntheme:\n  language: en\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, head in (("guide.md", "# 指南"), ("local.md", "# 本区制度")):
        (docs / name).write_text(head + "\n", encoding="utf-8")
    config = site_config(tmp_path / "mkdocs.yml", docs)
    assert config["site_name"] == "测试区民意台账"
    assert config["theme"]["language"] == "en" and config["theme"]["name"] == "material"  # mappings merge
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    assert Path(search["jieba_dict_user"]) == resources.jieba_dict() and resources.jieba_dict().is_file()
    section = next(item["办事员文档"] for item in config["nav"] if isinstance(item, dict) and "办事员文档" in item)
    assert section[-1] == {"本区制度": "docs/local.md"} and {"办事员指南": "docs/guide.md"} in section
    assert merge({"a": [1], "b": {"c": 1}}, {"a": [2], "b": {"d": 2}}) == {"a": [2], "b": {"c": 1, "d": 2}}
    assert add_doc_pages([{"x": "docs/guide.md"}], docs) == [
        {"x": "docs/guide.md"},
        {"办事员文档": [{"本区制度": "docs/local.md"}]},
    ]
