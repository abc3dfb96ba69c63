"""The district map: street shapes from `records/map.geojson`, read and checked.

A GeoJSON FeatureCollection, one feature per street (镇), its `properties.street` a name of
the ledger's `streets` vocabulary and its geometry a Polygon or MultiPolygon in longitude and
latitude. The file is optional; when present every feature must name a street of the
vocabulary and every street of the vocabulary must have a shape. Reading never raises:
what is wrong becomes a `Problem` at the feature's line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .ledger import MAP_FILE
from .problems import Problem

Point = tuple[float, float]
Ring = tuple[Point, ...]
STREET_KEY = re.compile(r'"street"\s*:')


@dataclass(frozen=True, slots=True)
class Shape:
    street: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: its outer ring, then its holes
    line: int  # where the feature names its street


@dataclass(frozen=True, slots=True)
class DistrictMap:
    shapes: tuple[Shape, ...]

    def streets(self) -> list[str]:
        return list(dict.fromkeys(s.street for s in self.shapes))


def _ring(raw) -> Ring | None:
    if not isinstance(raw, list) or len(raw) < 4:
        return None
    points = []
    for p in raw:
        if not (isinstance(p, list) and len(p) >= 2 and all(type(v) in (int, float) for v in p[:2])):
            return None
        points.append((float(p[0]), float(p[1])))
    return tuple(points)


def _polygons(geometry) -> tuple[tuple[Ring, ...], ...] | None:
    """The geometry's polygons, or None when it is not a well-formed Polygon or MultiPolygon."""
    if not isinstance(geometry, dict):
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else None
    if not isinstance(polys, list) or not polys:
        return None
    out = []
    for poly in polys:
        rings = [_ring(r) for r in poly] if isinstance(poly, list) and poly else [None]
        if any(r is None for r in rings):
            return None
        out.append(tuple(rings))
    return tuple(out)


def _feature_lines(text: str, count: int) -> list[int]:
    """The line of each feature's `"street":` key, in order (line 1 when the keys do not line up)."""
    lines = [text.count("\n", 0, m.start()) + 1 for m in STREET_KEY.finditer(text)]
    return lines if len(lines) == count else [1] * count


def parse_map(text: str) -> tuple[DistrictMap | None, list[Problem]]:
    """The map in `text` (the content of records/map.geojson), or None and why not."""
    try:
        data = json.loads(text)
    except ValueError as e:
        line = getattr(e, "lineno", 1)
        return None, [Problem.of(MAP_FILE, line, getattr(e, "colno", 1), "map-invalid", "json")]
    features = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not isinstance(features, list):
        return None, [Problem.of(MAP_FILE, 1, 1, "map-invalid")]
    shapes, problems = [], []
    for i, (feature, line) in enumerate(zip(features, _feature_lines(text, len(features)), strict=True)):
        props = feature.get("properties") if isinstance(feature, dict) else None
        street = props.get("street") if isinstance(props, dict) else None
        polygons = _polygons(feature.get("geometry")) if isinstance(feature, dict) else None
        if not isinstance(street, str) or polygons is None:
            problems.append(Problem.of(MAP_FILE, line, 1, "map-invalid", "feature", number=i + 1))
            continue
        shapes.append(Shape(street, polygons, line))
    return DistrictMap(tuple(shapes)), problems


def read_map(root: Path) -> tuple[DistrictMap | None, list[Problem]]:
    """The ledger's map, or None when it has none (or it cannot be read)."""
    path = root / MAP_FILE
    if not path.is_file():
        return None, []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None, [Problem.of(MAP_FILE, 1, 1, "map-invalid", "json")]
    return parse_map(text)


def check(root: Path, streets: dict[str, list[str]]) -> list[Problem]:
    """Every feature names a street of the vocabulary; every street of it has a shape."""
    dmap, problems = read_map(root)
    if dmap is None:
        return problems
    for shape in dmap.shapes:
        if shape.street not in streets:
            known = "、".join(streets)
            problems.append(Problem.of(MAP_FILE, shape.line, 1, "map-street-unknown", street=shape.street, known=known))
    drawn = set(dmap.streets())
    problems += [Problem.of(MAP_FILE, 1, 1, "map-street-missing", street=s) for s in streets if s not in drawn]
    return problems
