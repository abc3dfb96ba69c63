"""`minyi serve`: a busy port is one Chinese line naming --port; a broken ledger is an error page, not a stale site.

The port case runs the real CLI (it stops before building). The preview server is driven
in-process with WSGI requests: the real build of a broken copy of the demo ledger fails,
and every page then answers with the problems, escaped, carrying the reload script that
turns it back into the site once the records are saved fixed.
"""

from __future__ import annotations

import socket

from conftest import REPO, minyi

from minyi.cli.site import _rebuild
from minyi.problems import Problem
from site_gen.preview import PreviewServer


def test_a_busy_port_is_one_line_naming_the_option(ledger):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = minyi("serve", "--port", str(port), "--out", str(ledger / "site"), cwd=ledger, check=2)
    assert proc.stderr == (
        f"错误：端口 {port} 已被占用（也许另一个 minyi serve 还开着）。换一个端口：minyi serve --port {port + 1}\n"
    )
    assert not (ledger / "site").exists()  # nothing was built for minutes before saying so


def _get(server, path):
    seen = {}
    body = b"".join(server.serve_request({"PATH_INFO": path}, lambda status, headers: seen.update(status=status)))
    return seen["status"], body.decode("utf-8", "replace")


def _server(root):
    return PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))


def test_while_the_ledger_is_broken_every_page_shows_the_problems(ledger, tmp_path):
    path = ledger / "records/deputies/D-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 王惠敏", "name： 王惠敏"), encoding="utf-8")
    (ledger / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<html><body>旧的网站</body></html>", encoding="utf-8")
    server = _server(out)
    assert _rebuild(server, ledger, out, None, None) is False
    for page in ("/", "/suggestions/", "/deputies/D-0001/index.html"):
        status, body = _get(server, page)
        assert status.startswith("503") and "<h1>台账有错误，网站未更新</h1>" in body and "旧的网站" not in body
        assert (
            "<code>records/deputies/D-0001.yaml:4:5</code> <strong>yaml-fullwidth</strong>：用了全角冒号“：”，"
            'YAML 只认半角冒号“:” (full-width colon)<br><span class="fix">修改方法：改成半角冒号加一个空格：name: 王惠敏'
        ) in body
        assert "/livereload/" in body  # the page reloads by itself once the records are fixed
    assert _get(server, "/assets/none.css")[0].startswith("404")  # other files are served as they are


def test_the_error_page_escapes_what_records_say_and_the_site_returns(tmp_path):
    (tmp_path / "index.html").write_text("<html><body>网站</body></html>", encoding="utf-8")
    server = _server(tmp_path)
    hostile = Problem("records/x.yaml", 3, 1, "yaml-syntax", "<script>alert(1)</script>", "")
    server.fail("台账有 1 个问题", [hostile])
    status, body = _get(server, "/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body
    server.succeed()
    status, body = _get(server, "/index.html")
    assert status.startswith("200") and "网站" in body
