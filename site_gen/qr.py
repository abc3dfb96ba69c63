"""Deputies' QR codes (代表码) as inline SVG, generated at build time with segno."""

from __future__ import annotations

import functools

import segno

from minyi.cache import Cache

NAMESPACE = "qr"  # cache entries: page URL -> SVG


@functools.cache
def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=False)


def load_cache(cache: Cache | None) -> None:
    """Warm the memo from the cache: segno is pure Python (about 18 ms a code), deputies change rarely."""
    for url, svg in (cache.items(NAMESPACE) if cache is not None else {}).items():
        if isinstance(svg, str) and svg.startswith("<svg"):
            _known[url] = svg


def save_cache(cache: Cache | None) -> None:
    """Keep exactly the codes this build used, when any was new."""
    if cache is None or not (_used.keys() - _known.keys()):
        return
    with cache.batch() as batch:
        batch.clear(NAMESPACE)
        for url, svg in _used.items():
            batch.put(NAMESPACE, url, svg)


_known: dict[str, str] = {}
_used: dict[str, str] = {}


def used() -> dict[str, str]:
    """The codes this build used so far (URL -> SVG)."""
    return dict(_used)


def remember(codes: dict[str, str]) -> None:
    """Codes another process of the build used (site_gen/forked.py), kept by `save_cache` with this one's."""
    _used.update(codes)


def svg(url: str) -> str:
    """The code for `url` as inline SVG (templates/kinds/deputy.html draws the figure around it)."""
    code = _known.get(url) or qr_svg(url)
    _used[url] = code
    return code
