"""The server behind `minyi serve`: MkDocs' live-reload server, plus an error page while the ledger is broken.

MkDocs' server reloads the browser after every rebuild, but our build refuses a broken
ledger and keeps the old site, so the browser would show a stale site as if the edit had
worked. While the last build failed, every page request gets `preview/broken.html` with
the problems instead (still carrying the reload script, so the page turns back into the
site once the records are fixed and saved). Other files (styles, data) are served as they are.
"""

from __future__ import annotations

import datetime as dt

from mkdocs.livereload import LiveReloadServer

from .render import template


class PreviewServer(LiveReloadServer):
    broken: tuple[str, list] | None = None  # (summary, problems) of the last failed build

    def fail(self, summary: str, problems: list) -> None:
        self.broken = (summary, list(problems))
        self.failed_at = dt.datetime.now().strftime("%H:%M:%S")

    def succeed(self) -> None:
        self.broken = None

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        page = path.endswith("/") or path.endswith(".html")
        if self.broken is None or not page or path.startswith("/livereload/"):
            return super()._serve_request(environ, start_response)
        summary, problems = self.broken
        html = template("preview/broken.html").render(summary=summary, problems=problems, when=self.failed_at)
        body = self._inject_js_into_html(html.encode("utf-8"), self._visible_epoch)
        start_response(
            "503 Service Unavailable",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]
