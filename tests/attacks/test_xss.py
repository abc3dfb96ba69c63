"""Markup through the fields the first XSS tests did not use (held).

tests/test_site.py puts markup into titles, a commit message and the district name. Here
the same kind of payload goes into an author name, a correction's reason and previous
value, a deputy's reception note, a station's opening hours, a link's title and a vote
session's note; one real build, and no page, feed, sitemap or search fragment carries
it as markup: HTML and XML show it escaped, JSON data carries it as a plain string.
"""

from __future__ import annotations

import json

from conftest import TODAY, edit, git, minyi

EVIL = "<img src=x onerror=alert(7)>{{ 6*1111 }}'\""
ESCAPED = "&lt;img src=x onerror=alert(7)&gt;&#123;&#123; 6*1111 &#125;&#125;&#x27;&quot;"
QUOTED = EVIL.replace("'", "''")  # inside a single-quoted YAML scalar

FIELDS = [  # (file, text replaced, replacement, page showing it)
    ("records/deputies/D-0001.yaml", "note: 代表进站接待日", f"note: '进站{QUOTED}'", "deputies/D-0001/index.html"),
    ("records/stations/ST-01.yaml", "hours: 工作日", f"hours: '{QUOTED} 工作日", "stations/ST-01/index.html"),
    (
        "records/suggestions/2024/S-2024-0017.yaml",
        "  - title: 关于锦绣路",
        f"  - title: '{QUOTED}'\n    url: https://www.qingxi.example.cn/a.html\n  - title: 关于锦绣路",
        "suggestions/S-2024-0017/index.html",
    ),
    ("records/sessions/V-2021-liyuan.yaml", "note: 议政代表会", f"note: '{QUOTED}' # ", "projects/index.html"),
]


def test_markup_in_less_used_fields_is_text_everywhere(ledger, tmp_path):
    for rel, old, new, _ in FIELDS:
        text = (ledger / rel).read_text(encoding="utf-8")
        if old == "hours: 工作日":  # close the quote at the end of the line
            line = next(x for x in text.splitlines() if x.startswith(old))
            new = new + line[len(old) :] + "'"
            old = line
        edit(ledger, rel, old, new)
    minyi("correct", "S-2024-0003", "--set", "satisfaction=基本满意", "--note", f"回访{EVIL}",
          "--date", "2026-11-20", "--today", TODAY, cwd=ledger, check=0)  # fmt: skip
    git(ledger, "add", "-A")
    git(ledger, "-c", f"user.name={EVIL}", "commit", "-qm", "Notes")
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    for _, _, _, page in FIELDS:
        assert ESCAPED in (out / page).read_text(encoding="utf-8"), page
    record = (out / "suggestions/S-2024-0003/index.html").read_text(encoding="utf-8")
    assert f"回访{ESCAPED}" in record
    changes = (out / "changes/index.html").read_text(encoding="utf-8")
    assert "&#123;&#123; 6*1111 &#125;&#125;" in changes  # git itself drops < > ' " from an author name
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml", ".js", ".txt") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "<img src=x" not in text and "{{ 6*1111 }}" not in text, path
    corrections = [
        r for r in json.loads((out / "data/suggestions.json").read_text("utf-8")) if r["id"] == "S-2024-0003"
    ]
    assert corrections[0]["corrections"][-1]["reason"] == f"回访{EVIL}"  # data stays data
