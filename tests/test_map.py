"""The district map: records/map.geojson checked against the streets vocabulary, drawn at build time as
SVG with one linked path per street, and the numbers beside it equal to counts made here from the YAML files."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from conftest import REPO, TODAY, line_of, minyi, problems_json

from minyi.district_map import parse_map
from site_gen.mapsvg import CLASSES, contrast, projection

FINISHED = {"closed", "not_accepted", "merged", "withdrawn"}
MAP = "records/map.geojson"


def open_counts(root: Path) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """(streets in vocabulary order, open suggestions per street, all suggestions per street) from the files."""
    streets = list(yaml.safe_load((root / "records/ledger.yaml").read_text(encoding="utf-8"))["streets"])
    open_, total = dict.fromkeys(streets, 0), dict.fromkeys(streets, 0)
    for path in (root / "records/suggestions").rglob("*.yaml"):
        s = yaml.safe_load(path.read_text(encoding="utf-8"))
        total[s["place"]["street"]] += 1
        open_[s["place"]["street"]] += s["status"] not in FINISHED
    return streets, open_, total


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("site") / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=REPO, check=0)
    dashboard = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="map/">在地图上查看各街道（镇）未办结的意见建议</a>' in dashboard
    return (out / "map/index.html").read_text(encoding="utf-8")


def test_one_linked_path_per_street_with_its_open_count(page):
    streets, open_, _ = open_counts(REPO)
    svg = re.search(r'<svg class="mi-map-svg".*?</svg>', page, re.S).group(0)
    assert 'role="group" aria-labelledby="c-map-t c-map-d"' in svg  # role="img" would hide the links (axe)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched from elsewhere
    areas = re.findall(
        r'<a href="([^"]+)" class="mi-map-street" data-street="([^"]+)" data-count="(\d+)">(.*?)</a>', svg, re.S
    )
    assert sorted(a[1] for a in areas) == sorted(streets)  # the map's order (records/map.geojson)
    for href, street, count, body in areas:
        assert body.count("<path ") == 1
        assert int(count) == open_[street]
        assert f">{street}</text>" in body and f">{open_[street]} 条</text>" in body
        assert href == "../suggestions/?street=" + quote(street)
    desc = re.search(r'<desc id="c-map-d">(.*?)</desc>', svg).group(1)
    assert desc == "；".join(f"{a[1]} {open_[a[1]]} 条" for a in areas)


def test_table_beside_the_map_matches_the_files(page):
    streets, open_, total = open_counts(REPO)
    table = re.search(r'aria-label="各街道（镇）的意见建议件数".*?</table>', page, re.S).group(0)
    rows = re.findall(
        r'<tr role="row"><td [^>]*><a href="[^"]+">([^<]+)</a></td><td [^>]*>(\d+)</td><td [^>]*>(\d+)</td>', table
    )
    assert [(s, int(o), int(t)) for s, o, t in rows] == [(s, open_[s], total[s]) for s in streets]
    assert sum(open_.values()) > 0


def test_every_station_is_a_marker(page):
    stations = list((REPO / "records/stations").glob("*.yaml"))
    markers = re.findall(r'class="mi-map-station" aria-label="[^"]+"><circle [^>]*><title>([^<]+)</title>', page)
    names = {yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in stations}
    assert sorted(unescape(m) for m in markers) == sorted(names)


def test_label_colours_pass_wcag_aa():
    for _, _, fill, ink in CLASSES:
        assert contrast(fill, ink) >= 4.5, (fill, ink)


def test_projection_keeps_north_up_and_scales_to_width():
    square = '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"street": "甲"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}}]}'
    dmap, problems = parse_map(square)
    assert problems == []
    project, height = projection(dmap, width=100, pad=0)
    assert project((0, 1)) == (0, 0) and project((1, 0)) == (100, 100) and height == 100


def _feature_line(root: Path, street: str) -> int:
    return line_of((root / MAP).read_text(encoding="utf-8"), f'"street": "{street}"')


def test_unknown_and_missing_street_each_name_their_rule(ledger):
    path = ledger / MAP
    path.write_text(path.read_text(encoding="utf-8").replace('"street": "路北街道"', '"street": "路北街"'), "utf-8")
    code, problems = problems_json(ledger)
    assert code == 1
    got = {(p["path"], p["line"], p["rule"]): p["message"] for p in problems}
    assert got == {
        (MAP, _feature_line(ledger, "路北街"), "map-street-unknown"): (
            "地图中的街道（镇）「路北街」不在台账设置的街道名单中 (unknown street on the map)"
        ),
        (MAP, 1, "map-street-missing"): (
            "街道（镇）「路北街道」在台账设置的名单中，但地图中没有它的形状 (street missing from the map)"
        ),
    }


def test_broken_json_and_bad_feature(ledger):
    path = ledger / MAP
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace('"type": "Polygon"', '"type": "Point"', 1), "utf-8")
    _, problems = problems_json(ledger)
    assert [(p["rule"], p["line"]) for p in problems if p["rule"] == "map-invalid"] == [("map-invalid", 5)]
    assert any(p["message"].startswith("地图中的第 1 个 Feature 缺少") for p in problems)
    path.write_text(good.replace("}},\n", "}}\n", 1), "utf-8")
    code, problems = problems_json(ledger)
    assert code == 1 and [(p["rule"], p["line"]) for p in problems] == [("map-invalid", 7)]
    assert problems[0]["message"] == "地图文件不是有效的 UTF-8 JSON，这一行附近有语法错误 (invalid JSON)"


def test_validation_does_not_change_the_map(ledger):
    before = (ledger / MAP).read_bytes()
    problems_json(ledger)
    assert (ledger / MAP).read_bytes() == before


def test_each_street_lists_the_deputies_of_its_grid(page):
    """The articles plot deputies on their grids: each street's row names every deputy whose 所在街道 it is."""
    streets = list(yaml.safe_load((REPO / "records/ledger.yaml").read_text(encoding="utf-8"))["streets"])
    expected = {s: [] for s in streets}
    for path in sorted((REPO / "records/deputies").glob("*.yaml")):
        d = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected[d["street"]].append(d["id"])
    table = re.search(r'aria-label="各街道（镇）的意见建议件数".*?</table>', page, re.S).group(0)
    cells = [row for row in re.findall(r'<tr role="row">(.*?)</tr>', table, re.S) if "data-label" in row]
    assert len(cells) == len(streets)
    for street, row in zip(streets, cells, strict=True):
        last = row.rsplit('data-label="代表">', 1)[1]
        linked = re.findall(r'href="\.\./deputies/(D-\d+)/"', last)
        assert linked == expected[street], street
    assert sum(map(len, expected.values())) > 0
