"""Deputies' QR codes (代表码) as inline SVG, generated at build time with segno."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import segno

from minyi import cache

from .html import esc


@lru_cache(maxsize=None)
def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=False)


def load_cache(root: Path) -> None:
    """Warm the memo from disk: segno is pure Python (about 18 ms a code), deputies change rarely."""
    for url, svg in (cache.read(root, "qr.pickle") or {}).get("svg", {}).items():
        _known[url] = svg


def save_cache(root: Path) -> None:
    if _used.keys() - _known.keys():
        cache.write(root, "qr.pickle", {"svg": dict(_used)})


_known: dict[str, str] = {}
_used: dict[str, str] = {}


def qr_figure(url: str, name: str) -> str:
    svg = _known.get(url) or qr_svg(url)
    _used[url] = svg
    label = f"{name}的代表码，扫码后打开 {url}"
    return (f'<figure class="mi-qr"><div role="img" aria-label="{esc(label)}">{svg}</div>'
            f'<figcaption>扫码向{esc(name)}反映意见：<a href="{esc(url)}">{esc(url)}</a></figcaption></figure>')
