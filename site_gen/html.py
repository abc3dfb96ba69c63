"""Small HTML helpers. Every piece of record text goes through `esc`.

Record text is shown as text, never as markup: `esc` escapes HTML, and also braces,
so that `{{ ... }}` in a record can never become template code in any renderer the
pages pass through (MkDocs' Jinja today, another tool tomorrow).
"""
from __future__ import annotations

from minyi import lifecycle


_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                      "{": "&#123;", "}": "&#125;"})


def esc(value) -> str:
    """html.escape plus braces, in one pass (this runs millions of times on a big ledger)."""
    return ("" if value is None else str(value)).translate(_ESC)


def badge(kind: str, status: str) -> str:
    return f'<span class="mi-badge mi-s-{esc(status)}">{esc(lifecycle.label(kind, status))}</span>'


def flag(text: str, css: str) -> str:
    return f'<span class="mi-badge {css}">{esc(text)}</span>'


def table(headers: list[str], rows: list[list[str]], caption: str = "", css: str = "") -> str:
    """A data table; cells are already-escaped HTML. Headers get scope for screen readers."""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    cls = f' class="{css}"' if css else ""  # Material styles only tables without a class
    # The wrapper scrolls on narrow screens, so it must be reachable by keyboard (WCAG 2.1.1).
    region = f' role="region" aria-label="{esc(caption)}" tabindex="0"' if caption else ' tabindex="0"'
    return f'<div class="mi-table-wrap"{region}><table{cls}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def facts(pairs: list[tuple[str, str]]) -> str:
    """A definition list of key facts; values are already-escaped HTML, empty ones skipped."""
    items = "".join(f"<div><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v in pairs if v)
    return f'<dl class="mi-facts">{items}</dl>'


def progress(percent: int, label: str) -> str:
    p = max(0, min(100, int(percent or 0)))
    return (f'<div class="mi-progress"><progress max="100" value="{p}" aria-label="{esc(label)}">{p}%</progress>'
            f'<span class="mi-progress-num">{p}%</span></div>')


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def block(*parts: str) -> str:
    """Join HTML with no blank lines, so Markdown keeps it as one raw HTML block."""
    return "".join(p for p in parts if p)
