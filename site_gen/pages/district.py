"""地图: the district's streets shaded by open suggestions, with the stations and the numbers as a table.

The shapes come from records/map.geojson (minyi/district_map.py), the geometry from
site_gen/mapsvg.py; a ledger without a map file gets the table alone (the nav names the page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..mapsvg import MapFigure, draw
from ..model import SiteModel
from ..urls import url_of
from .sections import SourceFile, page


@dataclass(frozen=True, slots=True)
class StreetRow:
    street: str
    open: int  # not finished (办结、不予受理、合并、撤回 stop the count)
    total: int
    stations: tuple[str, ...]
    deputies: tuple[str, ...] = ()  # ids of the deputies whose grid (所在街道) this street is


def street_rows(m: SiteModel) -> list[StreetRow]:
    """One row per street of the vocabulary, in its order: the map's numbers as a table.
    One pass over each kind (a city has 100,000 suggestions and thousands of deputies)."""
    total, still_open = defaultdict(int), defaultdict(int)
    for r in m.suggestions:
        total[r.model.place.street] += 1
        still_open[r.model.place.street] += r.facts.finished_on is None
    stations, deputies = defaultdict(list), defaultdict(list)
    for e in m.of("station"):
        stations[e.model.street].append(e.model.name)
    for e in m.of("deputy"):
        deputies[e.model.street].append(e.id)
    return [
        StreetRow(street, still_open[street], total[street], tuple(stations[street]), tuple(deputies[street]))
        for street in m.settings.streets
    ]


def figure(m: SiteModel, rows: list[StreetRow]) -> MapFigure | None:
    if m.district_map is None:
        return None
    stations = [(e.model.name, url_of(e.id), e.model.street) for e in m.of("station")]
    return draw(m.district_map, {r.street: r.open for r in rows}, stations)


def files(m: SiteModel) -> Iterator[SourceFile]:
    rows = street_rows(m)
    yield page("map/index.md", "pages/map.html", m=m, here="map/", fig=figure(m, rows), rows=rows)
