"""Deputies' QR codes (代表码) as inline SVG, generated at build time with segno."""
from __future__ import annotations

import segno

from .html import esc


def qr_figure(url: str, name: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=False)
    label = f"{name}的代表码，扫码后打开 {url}"
    return (f'<figure class="mi-qr"><div role="img" aria-label="{esc(label)}">{svg}</div>'
            f'<figcaption>扫码向{esc(name)}反映意见：<a href="{esc(url)}">{esc(url)}</a></figcaption></figure>')
