"""Bar charts as static SVG, each with a data table as its text alternative.

No chart library in the browser: the figure is drawn at build time, is readable by
screen readers through <title>/<desc>, and the same numbers sit in a table below it.
"""
from __future__ import annotations

from .html import esc, table

PALETTE = ("#1f5fa8", "#2e7d32", "#b35c00", "#6a1b9a", "#00695c", "#ad1457", "#455a64", "#5d4037", "#283593", "#827717")


def bar_chart(chart_id: str, title: str, data: list[tuple[str, int]], unit: str = "条") -> str:
    width, row_h, label_w = 560, 26, 150
    height = row_h * len(data) + 10
    top = max((n for _, n in data), default=0) or 1
    bars = []
    for i, (label, n) in enumerate(data):
        y = 5 + i * row_h
        w = (width - label_w - 60) * n / top
        bars.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="mi-chart-label">{esc(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{PALETTE[i % len(PALETTE)]}"></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" class="mi-chart-value">{n}</text>')
    summary = "；".join(f"{label} {n}{unit}" for label, n in data)
    svg = (f'<svg class="mi-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{esc(title)}</title>'
           f'<desc id="{chart_id}-d">{esc(summary)}</desc>{"".join(bars)}</svg>')
    rows = [[esc(label), str(n)] for label, n in data]
    return (f'<figure class="mi-figure" id="{chart_id}"><figcaption>{esc(title)}</figcaption>{svg}'
            f'<details><summary>查看数据表</summary>{table(["项目", "数量"], rows)}</details></figure>')
