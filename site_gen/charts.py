"""Bar charts as static SVG, each with a data table as its text alternative.

No chart library in the browser: the figure is drawn at build time, is readable by
screen readers through <title>/<desc>, and the same numbers sit in a table below it.
This module only does the geometry; `templates/parts/chart.html` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

PALETTE = ("#1f5fa8", "#2e7d32", "#b35c00", "#6a1b9a", "#00695c", "#ad1457", "#455a64", "#5d4037", "#283593", "#827717")
WIDTH, ROW_H, LABEL_W = 560, 26, 150


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    top: int  # y of the row
    width: float  # length of the bar
    colour: str


@dataclass(frozen=True, slots=True)
class BarChart:
    id: str
    title: str
    bars: tuple[Bar, ...]
    unit: str = "条"
    width: int = WIDTH
    row_h: int = ROW_H
    label_w: int = LABEL_W

    @property
    def height(self) -> int:
        return self.row_h * len(self.bars) + 10

    @property
    def summary(self) -> str:
        """The chart in words, for screen readers (<desc>)."""
        return "；".join(f"{b.label} {b.value}{self.unit}" for b in self.bars)


def bar_chart(chart_id: str, title: str, data: list[tuple[str, int]], unit: str = "条") -> BarChart:
    """Bars scaled to the largest value; the space right of the longest bar holds its number."""
    top = max((n for _, n in data), default=0) or 1
    bars = tuple(
        Bar(str(label), n, 5 + i * ROW_H, (WIDTH - LABEL_W - 60) * n / top, PALETTE[i % len(PALETTE)])
        for i, (label, n) in enumerate(data)
    )
    return BarChart(chart_id, title, bars, unit)
