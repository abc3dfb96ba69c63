"""scripts/setup.sh tells the truth: what is missing is installed with apt, or named in one line.

The script runs from a copy in a temporary checkout with a PATH that holds only what
each case allows (no apt-get, so nothing is ever installed here): an old Python, no git,
a PYTHON that is not Python. Each stops with exit 1 and one line starting with 错误,
before creating anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

OLD_PYTHON = '#!/bin/sh\n[ "$1" = "--version" ] && echo "Python 3.9.2" && exit 0\nexit 1\n'


def _checkout(tmp_path: Path, tools: dict[str, str | None]) -> tuple[Path, dict]:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts/setup.sh", root / "scripts/setup.sh")
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("bash", "dirname", "id"):
        os.symlink(shutil.which(name), bin_dir / name)
    for name, target in tools.items():
        if target is None:
            continue
        if target.startswith("#!"):
            (bin_dir / name).write_text(target, encoding="utf-8")
            (bin_dir / name).chmod(0o755)
        else:
            os.symlink(target, bin_dir / name)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    return root, env


def _run(root: Path, env: dict, *args: str):
    return subprocess.run(
        [shutil.which("bash"), str(root / "scripts/setup.sh"), *args], env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "tools,extra,line",
    [
        (
            {"python3": OLD_PYTHON},
            {},
            "错误：缺少 Python 3.11+ 和 venv 模块。本脚本只会用 Debian/Ubuntu 的 apt-get 安装，请先自行安装：python3 python3-venv",
        ),
        (
            {"python3": sys.executable},
            {},
            "错误：缺少 git（记录保存在 git 仓库中）。本脚本只会用 Debian/Ubuntu 的 apt-get 安装，请先自行安装：git",
        ),
        (
            {"python3": sys.executable},
            {"PYTHON": "python2"},
            "错误：PYTHON=python2 不是带 venv 模块的 Python 3.11 或更新版本",
        ),
    ],
    ids=["old python", "no git", "PYTHON not python"],
)
def test_what_is_missing_is_one_line(tmp_path, tools, extra, line):
    root, env = _checkout(tmp_path, tools)
    proc = _run(root, {**env, **extra})
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [line]
    assert not (root / ".venv").exists()
