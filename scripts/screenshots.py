"""Take screenshots of the main pages for docs/ and the README (run after `bash scripts/setup.sh test`).

.venv/bin/python scripts/screenshots.py                     # every shot
.venv/bin/python scripts/screenshots.py suggestions-phone   # only the named ones
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-22"
SHOTS = [
    ("dashboard", "", 1280),
    ("suggestions", "suggestions/assigned/", 1280),
    ("suggestion", "suggestions/S-2024-0003/", 1280),
    ("projects", "projects/", 1280),
    ("departments", "departments/", 1280),
    ("deputy-phone", "deputies/D-0001/", 375),
    ("suggestions-phone", "suggestions/", 375),
    ("suggestion-phone", "suggestions/S-2026-0012/", 375),
]


def main(names: list[str]) -> None:
    shots = [s for s in SHOTS if not names or s[0] in names]
    out_dir = REPO / "docs/img"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run(
            [sys.executable, "-m", "minyi", "build", "--out", str(site), "--as-of", AS_OF], cwd=REPO, check=True
        )
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for name, path, width in shots:
                page = browser.new_page(viewport={"width": width, "height": 1000 if width > 400 else 780})
                page.goto(f"http://127.0.0.1:{server.server_port}/{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out_dir / f"{name}.png"), full_page=False)
                print(out_dir / f"{name}.png")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
