"""The built site's scan reads a page part by part (between barriers) and reads a repeated part
once; its findings must be exactly those of reading the page whole (`privacy.scan_whole`).

Checked on every file of the demo build, on those files with each corpus entry written into
them, and on hostile snippets placed where a part ends: across tags, in attributes, in
entities, next to an emoji (which makes the page read whole) and percent-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
import yaml
from conftest import TODAY

from minyi.rules import privacy
from minyi.textnorm import _BMP, BARRIER, normalise, splits_cleanly

CORPUS = yaml.safe_load((Path(__file__).parent / "privacy_corpus.yaml").read_text(encoding="utf-8"))
SNIPPETS = [e["text"] for e in CORPUS["positive"] + CORPUS["negative"] + CORPUS["hidden"]["positive"]] + [
    " ".join(map(str, e["values"])) for e in CORPUS["split"]["positive"] + CORPUS["split"]["negative"]
]
ALLOW = frozenset({"05718801001"})


def _pages(snippet: str) -> list[tuple[str, str]]:
    """(format, text) with the snippet where a part begins, ends, or is split between parts."""
    half = len(snippet) // 2
    head, tail = snippet[:half], snippet[half:]
    return [
        ("text", snippet),
        ("html", f"<p>{snippet}</p>"),
        ("html", f"<p>S</p><p>{snippet}</p><p>x</p>"),  # a capital just before the part
        ("html", f"<p>{head}<b>{tail}</b></p>"),  # split by an inline tag: one part
        ("html", f"<p>{head}</p><p>{tail}</p>"),  # split by a block tag: two parts
        ("html", f"<td>{head}</td><td>{tail}</td>{head}{tail}"),
        ("html", f'<a href="/x?q={snippet}" title="{html.escape(snippet)}">联系</a>'),
        ("html", "<p>" + "".join(f"&#{ord(c)};" for c in snippet) + "</p>"),  # entities
        ("html", f"<p>😀 {snippet}</p><p>{snippet}</p>"),  # astral: read whole
        ("html", f"<p>{snippet}</p><p>%F0%9F%98%80</p>"),  # astral once decoded: read whole
        ("html", f"<p>电话</p><p>{snippet}</p><p>手机 {tail}</p>"),
        ("xml", f'<entry><content type="html">&lt;p&gt;{html.escape(snippet)}&lt;/p&gt;</content></entry>'),
        ("json", '{"a": ' + yaml.safe_dump(snippet, allow_unicode=True).split("\n")[0] + ', "b": "138"}'),
        ("csv", f'id,note\nS-2024-0001,"{snippet}"\nS-1,{head},{tail}\n'),
    ]


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_reading_part_by_part_finds_what_reading_whole_finds(snippet):
    for fmt, text in _pages(snippet):
        for _ in range(2):  # the second time from the parts already read
            assert privacy.scan_text(text, fmt, ALLOW) == privacy.scan_whole(text, fmt, ALLOW), (fmt, text)


def test_normalising_part_by_part_is_normalising_whole():
    assert all(_BMP[c] in (c, chr(c)) for c in range(0x20, 0x7F)), "printable ASCII is read as written"
    for snippet in SNIPPETS:
        for text in (f"{snippet}{BARRIER}{snippet}", f"一百{BARRIER}零五 {BARRIER}  {snippet}%E4{BARRIER}%B8"):
            if splits_cleanly(text):
                assert normalise(text) == BARRIER.join(normalise(p) for p in text.split(BARRIER))
    assert not splits_cleanly(f"a{BARRIER}😀") and not splits_cleanly("%f0%9f%98%80")


def test_every_file_of_the_demo_build_scans_as_read_whole(ledger, tmp_path):
    from site_gen.build import build

    out = tmp_path / "site"
    build(ledger, out, as_of=dt.date.fromisoformat(TODAY))
    files = [p for p in out.rglob("*") if p.suffix in (".html", ".json", ".csv", ".xml")]
    assert len(files) > 100
    pages = [p for p in files if p.suffix == ".html"][:6]
    for path in files:
        text, fmt = path.read_text(encoding="utf-8"), privacy.format_of(path.name)
        assert privacy.scan_text(text, fmt) == privacy.scan_whole(text, fmt), path
    for path in pages:  # real pages, with each entry written into their body
        text = path.read_text(encoding="utf-8")
        at = text.find("</p>")
        for snippet in SNIPPETS:
            hostile = text[:at] + html.escape(snippet) + text[at:]
            assert privacy.scan_text(hostile, "html", ALLOW) == privacy.scan_whole(hostile, "html", ALLOW), snippet
