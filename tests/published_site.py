"""The demo ledger built and served as a journalist meets it: a real site on a local web server.

Shared by tests/test_opendata.py and tests/test_contracts_thirdparty.py (import the fixture).
The ledger's `site_url` is the local server's address, so the published schemas' `$id`s are
real URLs that third-party tools can fetch, as they would from the public site. The copy
carries the repository's mkdocs.yml and docs/ too, so the navigation is the demo's own.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, TODAY, init_repo, minyi


@dataclass(frozen=True)
class Published:
    site: Path  # the built site
    ledger: Path  # the ledger it was built from (a git repository)
    url: str  # where the site is served, ending in /

    @property
    def data(self) -> Path:
        return self.site / "data"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("opendata")
    site, ledger = root / "site", root / "ledger"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    try:
        shutil.copytree(REPO / "records", ledger / "records")
        shutil.copytree(REPO / "docs", ledger / "docs")
        shutil.copy2(REPO / "mkdocs.yml", ledger / "mkdocs.yml")
        settings = ledger / "records/ledger.yaml"
        text = re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", settings.read_text(encoding="utf-8"))
        settings.write_text(text, encoding="utf-8")
        init_repo(ledger)
        minyi("build", "--out", str(site), "--as-of", TODAY, cwd=ledger, check=0)
        yield Published(site, ledger, url)
    finally:
        server.shutdown()
        server.server_close()
