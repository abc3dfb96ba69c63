"""The district map as static SVG: street shapes (minyi/district_map.py) projected to a viewBox.

Drawn at build time like the bar charts (site_gen/charts.py): no tiles, no script, no request
to another site. Each street is shaded by its open suggestions in a few classes, labelled
with its name and count, and links to the suggestions list filtered by that street; stations
sit at their street's label point (stations carry no location). This module only does the
geometry; `templates/parts/map.html` draws it, with the numbers as a table beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from minyi.district_map import DistrictMap, Ring

WIDTH, PAD = 600, 12
# (lowest count of the class, its words, fill, label colour): every label passes WCAG AA (4.5:1) on its fill.
CLASSES = (
    (0, "0 条", "#f2f6fa", "#1b1b1b"),
    (1, "1–2 条", "#c6dbef", "#1b1b1b"),
    (3, "3–4 条", "#8dbbe0", "#1b1b1b"),
    (5, "5–9 条", "#2f6eab", "#ffffff"),
    (10, "10 条及以上", "#173e6b", "#ffffff"),
)


@dataclass(frozen=True, slots=True)
class Area:
    street: str
    count: int
    d: str  # the SVG path
    fill: str
    ink: str  # label colour
    x: float  # label point
    y: float


@dataclass(frozen=True, slots=True)
class Marker:
    name: str
    url: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class MapFigure:
    id: str
    title: str
    width: int
    height: int
    areas: tuple[Area, ...]
    markers: tuple[Marker, ...]
    legend: tuple[tuple[str, str], ...]  # (words, fill)

    @property
    def summary(self) -> str:
        """The map in words, for screen readers (<desc>)."""
        return "；".join(f"{a.street} {a.count} 条" for a in self.areas)


def shade(count: int) -> tuple[str, str]:
    """(fill, label colour) of a street with `count` open suggestions."""
    _, _, fill, ink = [c for c in CLASSES if count >= c[0]][-1]
    return fill, ink


def _luminance(colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def projection(dmap: DistrictMap, width: int = WIDTH, pad: int = PAD):
    """(project, height): longitude/latitude to viewBox x/y (equirectangular, north up, scaled to `width`)."""
    points = [p for s in dmap.shapes for poly in s.polygons for ring in poly for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squash = math.cos(math.radians((south + north) / 2))
    scale = (width - 2 * pad) / (((east - west) * squash) or 1)

    def project(p: tuple[float, float]) -> tuple[float, float]:
        return round(pad + (p[0] - west) * squash * scale, 1), round(pad + (north - p[1]) * scale, 1)

    return project, round(2 * pad + (north - south) * scale)


def _area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(area, x, y) of a ring (shoelace); the mean of its points when it has no area."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a, cx, cy = a + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    if abs(a) < 1e-9:
        return 0.0, sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _path(rings: list[Ring], project) -> str:
    return " ".join("M" + " L".join(f"{x},{y}" for x, y in map(project, ring[:-1])) + " Z" for ring in rings)


def draw(dmap: DistrictMap, counts: dict[str, int], stations: list[tuple[str, str, str]]) -> MapFigure:
    """The figure: one area per street of the map (its open suggestions from `counts`) and one marker
    per station (name, url, street) at its street's label point, side by side when a street has several."""
    project, height = projection(dmap)
    areas = []
    for street in dmap.streets():
        polys = [poly for s in dmap.shapes if s.street == street for poly in s.polygons]
        outer = max((_area_centroid([project(p) for p in poly[0][:-1]]) for poly in polys), key=lambda c: c[0])
        fill, ink = shade(counts.get(street, 0))
        d = _path([ring for poly in polys for ring in poly], project)
        areas.append(Area(street, counts.get(street, 0), d, fill, ink, round(outer[1], 1), round(outer[2], 1)))
    where = {a.street: a for a in areas}
    markers, seen = [], {}
    for name, url, street in stations:
        if street in where:
            i = seen[street] = seen.get(street, -1) + 1
            markers.append(Marker(name, url, where[street].x - 20 + 14 * i, where[street].y + 42))
    legend = tuple((words, fill) for _, words, fill, _ in CLASSES)
    return MapFigure("c-map", "各街道（镇）未办结的意见建议", WIDTH, height, tuple(areas), tuple(markers), legend)
