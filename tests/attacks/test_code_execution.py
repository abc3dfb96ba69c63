"""A pull request's own code never runs when the trusted tool checks it (held).

The pull request plants everything Python, pip, pytest, npm or MkDocs would execute
from a checkout — a shadow `minyi` package, conftest.py, sitecustomize.py, a .pth file,
setup.py, package.json scripts, an mkdocs.yml with a Python tag and a hook, a template
override, a Markdown page with a script — each of which would create a marker file.
The installed `minyi` (as CI runs it, and as a clerk runs it inside the checkout) reads
the records, refuses every one of those paths as code, and no marker ever appears.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import TODAY, commit, git

MINYI = Path(sys.executable).parent / "minyi"  # the console script: the checkout is not on its path


def planted(root: Path, marker: Path) -> dict[str, str]:
    """Files that would create `marker` if anything executed them."""
    touch = f"open({str(marker)!r}, 'w').close()\n"
    return {
        "minyi/__init__.py": touch,
        "minyi/__main__.py": touch,
        "conftest.py": touch,
        "sitecustomize.py": touch,
        "usercustomize.py": touch,
        "evil.pth": f"import os; {touch}",
        "setup.py": touch,
        "package.json": f'{{"scripts": {{"postinstall": "touch {marker}"}}}}\n',
        "mkdocs.yml": f"site_name: x\nhooks:\n  - hooks.py\nextra: !!python/object/apply:os.system ['touch {marker}']\n",
        "hooks.py": touch,
        "site_gen/templates/record.html": "{{ lipsum.__globals__.os.system('touch " + str(marker) + "') }}\n",
        "docs/contact.md": "# 联系\n<script>fetch('https://example.invalid/')</script>\n",
        "records/conftest.py": touch,
        "records/suggestions/2024/sitecustomize.py": touch,
        "records/evil.pth": f"import os; {touch}",
    }


def run(root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    proc = subprocess.run([str(MINYI), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_a_pull_requests_code_is_refused_and_never_run(pr, tmp_path):
    marker = tmp_path / "executed"
    for rel, text in planted(pr, marker).items():
        (pr / rel).parent.mkdir(parents=True, exist_ok=True)
        (pr / rel).write_text(text, encoding="utf-8")
    commit(pr, "Helpful tooling")
    for cwd in (pr.parent, pr):  # CI runs from outside the checkout; a clerk may run inside it
        validated = run(pr, "validate", "--today", TODAY, "--root", str(pr), cwd=cwd)
        assert validated.returncode == 1 and "records/conftest.py:1:1: error[file-not-record]" in validated.stdout
        gated = run(pr, "check-change", "main", "HEAD", "--today", TODAY, "--root", str(pr), cwd=cwd)
        assert gated.returncode == 1
        for rel in planted(pr, marker):
            rule = "file-not-record" if rel.startswith("records/") else "code-changed"
            assert f"{rel}:1:1: error[{rule}]" in gated.stdout, (rel, gated.stdout)
    assert git(pr, "status", "--porcelain") == ""  # nothing written into the checkout either
    assert not marker.exists()
