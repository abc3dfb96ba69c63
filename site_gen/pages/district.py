"""地图: the district's streets shaded by open suggestions, with the stations and the numbers as a table.

The shapes come from records/map.geojson (minyi/district_map.py), the geometry from
site_gen/mapsvg.py; a ledger without a map file gets the table alone (the nav names the page).
"""

from __future__ import annotations

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


def street_rows(m: SiteModel) -> list[StreetRow]:
    """One row per street of the vocabulary, in its order: the map's numbers as a table."""
    rows = []
    for street in m.settings.streets:
        mine = [r for r in m.suggestions if r.model.place.street == street]
        stations = tuple(e.model.name for e in m.of("station") if e.model.street == street)
        rows.append(StreetRow(street, sum(1 for r in mine if r.facts.finished_on is None), len(mine), stations))
    return rows


def figure(m: SiteModel, rows: list[StreetRow]) -> MapFigure | None:
    if m.district_map is None:
        return None
    stations = [(e.model.name, url_of(e.id), e.model.street) for e in m.of("station")]
    return draw(m.district_map, {r.street: r.open for r in rows}, stations)


def files(m: SiteModel) -> Iterator[SourceFile]:
    rows = street_rows(m)
    yield page("map/index.md", "pages/map.html", m=m, here="map/", fig=figure(m, rows), rows=rows)
