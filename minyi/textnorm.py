"""Text as a reader sees it, so that a disguise that a reader sees through does not fool a rule.

`normalise` folds the ways one character can be written several ways (full-width
digits and ＠, circled and mathematical digits — ❶ ➀ ⓵ too, which NFKC leaves alone —,
other scripts' digits, Chinese numerals 一三八 / 壹叁捌 / 幺 / 两, the many dashes,
Cyrillic and Greek letters that look Latin) and drops what a reader does
not see at all (zero-width characters, soft hyphens, bidi and other format
controls, combining marks left over after NFKC, variation selectors). The result is
for matching only: it is never shown and offsets into it do not map back.

`reader_text` turns a published file (HTML, XML feed, JSON, CSV) into the text a
reader sees: inline markup vanishes (``138<b>1234</b>5678`` reads as one number),
table cells, paragraphs and separate JSON values are kept apart by `BARRIER`, which
no pattern crosses.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
import unicodedata
from urllib.parse import unquote

BARRIER = "\ue000"  # a private-use character: never a digit, letter or separator

# Every format character (Unicode category Cf: zero-width, soft hyphen, bidi and
# other invisible controls), as of Unicode 14; tests check the list is complete.
_FORMAT = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
# Combining marks that decorate Latin letters and digits (1̶3̶8̶, keycaps 1️⃣), variation
# selectors, and blank-looking fillers; C0/C1 controls are refused elsewhere and
# dropped here.
_INVISIBLE = (
    (0x0000, 0x0008),
    (0x000E, 0x001F),
    (0x007F, 0x009F),
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x115F, 0x1160),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)
# The first code point (digit zero) of every block of ten decimal digits outside
# ASCII (Unicode category Nd), as of Unicode 14.
_DIGIT_ZEROS = (
    0x0660,
    0x06F0,
    0x07C0,
    0x0966,
    0x09E6,
    0x0A66,
    0x0AE6,
    0x0B66,
    0x0BE6,
    0x0C66,
    0x0CE6,
    0x0D66,
    0x0DE6,
    0x0E50,
    0x0ED0,
    0x0F20,
    0x1040,
    0x1090,
    0x17E0,
    0x1810,
    0x1946,
    0x19D0,
    0x1A80,
    0x1A90,
    0x1B50,
    0x1BB0,
    0x1C40,
    0x1C50,
    0xA620,
    0xA8D0,
    0xA900,
    0xA9D0,
    0xA9F0,
    0xAA50,
    0xABF0,
    0xFF10,
    0x104A0,
    0x10D30,
    0x11066,
    0x110F0,
    0x11136,
    0x111D0,
    0x112F0,
    0x11450,
    0x114D0,
    0x11650,
    0x116C0,
    0x11730,
    0x118E0,
    0x11950,
    0x11C50,
    0x11D50,
    0x11DA0,
    0x16A60,
    0x16AC0,
    0x16B50,
    0x1D7CE,
    0x1D7D8,
    0x1D7E2,
    0x1D7EC,
    0x1D7F6,
    0x1E140,
    0x1E2F0,
    0x1E950,
    0x1FBF0,
)
# Chinese numerals read digit by digit (一三八一二三四五六七八), in everyday, financial
# (壹贰叁), traditional, spoken (幺 for 1, 两 for 2) and Suzhou (〡〢〣) forms.
_CHINESE_DIGITS = {
    "0": "〇零○◯",
    "1": "一壹幺弌〡",
    "2": "二贰貳两兩弍〢",
    "3": "三叁參弎〣",
    "4": "四肆〤",
    "5": "五伍〥",
    "6": "六陆陸〦",
    "7": "七柒〧",
    "8": "八捌〨",
    "9": "九玖〩",
}
# Digits NFKC leaves alone: negative circled ❶, sans-serif circled ➀ and ➊, double
# circled ⓵ (1 to 10 each), circled zeros ⓿ 🄋 🄌, negative circled 11 to 20 (⓫).
_DIGIT_LOOKALIKES = {
    **{first + i: str(i + 1) for first in (0x2776, 0x2780, 0x278A, 0x24F5) for i in range(10)},
    **{0x24EB + i: str(11 + i) for i in range(10)},
    **dict.fromkeys((0x24FF, 0x1F10B, 0x1F10C), "0"),
}
# Cyrillic, Greek and other letters that look like Latin ones (zhangsan@qq.cоm with a
# Cyrillic о): read as the Latin letter, for e-mail addresses and words like "tel".
_LATIN_LOOKALIKES = dict(
    zip(
        "аеорсухіјѕһԁԛԝӏАВЕКМНОРСТХІЈЅҮԚԜοναικρυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧıօ",
        "aeopcyxijshdqwlABEKMHOPCTXIJSYQWovaikpuxABEZHIKMNOPTYXio",
        strict=True,
    )
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\u30fc\u2500\u2501"
_SPACES = "\u2028\u2029\u2800"


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for first, last in (*_FORMAT, *_INVISIBLE):
        table.update(dict.fromkeys(range(first, last + 1)))
    for zero in _DIGIT_ZEROS:
        table.update({zero + i: str(i) for i in range(10)})
    for digit, chars in _CHINESE_DIGITS.items():
        table.update({ord(c): digit for c in chars})
    table.update({ord(c): "-" for c in _DASHES})
    table.update({ord(c): " " for c in _SPACES})
    table.update(_DIGIT_LOOKALIKES)
    table.update({ord(c): latin for c, latin in _LATIN_LOOKALIKES.items()})
    for keep in "\t\n\r":
        table.pop(ord(keep), None)
    return table


_TABLE = _table()


def _bmp_table() -> list:
    """NFKC of each character of the Basic Multilingual Plane, then `_TABLE`, as one lookup.

    Chinese text is rarely NFKC-normal (its full-width commas and brackets are not), and
    NFKC of a whole string costs more than the rest of the check; character by character
    it is the same for matching, because the marks it would compose are dropped anyway.
    A list is also three times faster for `str.translate` than a dict.
    """
    table: list = list(range(0x10000))
    for code in range(0x10000):
        char = chr(code)
        if not unicodedata.is_normalized("NFKC", char):
            table[code] = unicodedata.normalize("NFKC", char).translate(_TABLE)
        elif code in _TABLE:
            table[code] = _TABLE[code]
    return table


_BMP = _bmp_table()


def _changing_class() -> tuple[re.Pattern, dict[str, str]]:
    """A character class of the BMP characters `_BMP` changes, and what each becomes ("" if dropped)."""
    changed = {code: value for code, value in enumerate(_BMP) if value != code}
    spans: list[list[int]] = []
    for code in changed:  # ascending
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    members = "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in spans)
    return re.compile(f"[{members}]"), {chr(code): value or "" for code, value in changed.items()}


_CHANGING, _CHANGED_TO = _changing_class()
_FEW = 64  # past this many changed characters, one `translate` of the whole text is cheaper


def _fold_bmp(text: str) -> str:
    """`text.translate(_BMP)`, four times faster on a record's text: `str.translate` looks every
    character up (Chinese text has a few full-width commas and numerals in a thousand characters),
    the regex engine jumps to the few that change."""
    folded, count = _CHANGING.subn(_replacement, text, count=_FEW)
    return text.translate(_BMP) if count == _FEW else folded


def _replacement(match: re.Match) -> str:
    return _CHANGED_TO[match.group()]


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_POSITIONAL = re.compile(r"[0-9十拾百佰千仟]*[十拾百佰千仟][0-9十拾百佰千仟]*")


def _positional_value(text: str) -> int | None:
    """五百零一 (already 5百01) -> 501, 十二 -> 12; None for what is not a well-formed number."""
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        unit = _UNITS.get(ch)
        if unit is None:
            if digit not in (None, 0):
                return None  # two digits in a row ("五一十"): not positional
            digit = int(ch)
        elif unit >= last_unit or digit == 0:
            return None  # 十百, 零十
        else:
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def _positional(match: re.Match) -> str:
    text = match.group(0)
    if not any(ch.isdigit() for ch in text):
        return text  # 百姓, 千万: units alone are words, not numbers
    value = _positional_value(text)
    return text if value is None else str(value)


_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_GAP = re.compile(r"[ \t\r\n]{2,}")


def _one_gap(match: re.Match) -> str:
    return "\n" if "\n" in match.group(0) else " "


# A percent-escape that may start a four-byte UTF-8 sequence: decoded, it may be an astral character.
_ASTRAL_ESCAPE = re.compile("%[Ff][0-7]")


def splits_cleanly(text: str) -> bool:
    """Whether `normalise` of `text` is the normalised parts between its BARRIERs, joined by BARRIER.

    Every step works character by character or on runs that a BARRIER (not a digit, space
    or ASCII) ends, except NFKC of the whole text, taken when an astral character appears
    (written or percent-escaped). The built site's scan normalises a page part by part, so
    that the parts every page shares (menus, headers, footers) are read once."""
    return not _ASTRAL.search(text) and not ("%" in text and _ASTRAL_ESCAPE.search(text))


def normalise(text: str) -> str:
    """What a reader sees, folded for matching (see the module docstring).

    A query string is read percent-decoded, as the server and the address bar read it;
    a gap of several spaces or blank lines is one space, as a browser shows it."""
    if text.isascii() and text.isprintable() and "  " not in text and "%" not in text:
        return text
    if "%" in text and _PERCENT.search(text):
        text = unquote(text)
    if _ASTRAL.search(text):
        text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    elif not (text.isascii() and text.isprintable()):
        text = _fold_bmp(text)
    if "十" in text or "百" in text or "千" in text or "拾" in text or "佰" in text or "仟" in text:
        text = _POSITIONAL.sub(_positional, text)
    if _GAP.search(text):
        text = _GAP.sub(_one_gap, text)
    return text


_BLOCK_TAGS = (
    "p|div|td|th|tr|li|ul|ol|dl|dt|dd|br|hr|h[1-6]|table|thead|tbody|tfoot|section|article|header|"
    "footer|nav|aside|main|figure|figcaption|caption|option|select|title|summary|details|pre|"
    "blockquote|form|label|button|input|textarea|entry|item|content|updated|id|link|meta|loc|url"
)
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s[^>]*)?/?>")  # our templates write tags in lower case
_SKIPPED = re.compile(r"<(style|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_VISIBLE_ATTR = re.compile(
    r"""(?:title|alt|aria-label|content|href|placeholder|value|label|summary)=("[^"]*"|'[^']*')"""
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|(-?[0-9][0-9.eE+-]*)')


def _json_values(text: str) -> str:
    """Every string and number literal of JSON (or script) text, kept apart from each other."""
    values = []
    for m in _JSON_STRING.finditer(text):
        literal = m.group(1)
        if literal is None:
            values.append(m.group(2))
            continue
        if "\\" in literal:
            with contextlib.suppress(ValueError):
                literal = json.loads(f'"{literal}"')
        values.append(_html_text(literal))
    return BARRIER.join(values)


def _html_text(markup: str) -> str:
    """Markup as read: inline tags vanish, block tags and script values become barriers, and
    the attributes a reader meets (link targets, titles, alt texts, meta descriptions) follow."""
    if "<" not in markup and "&" not in markup:
        return markup
    markup = _SKIPPED.sub(BARRIER, markup)
    markup = _SCRIPT.sub(lambda m: BARRIER + _json_values(m.group(1)) + BARRIER, markup)
    shown = [html.unescape(value[1:-1]) for value in _VISIBLE_ATTR.findall(markup)]
    markup = _TAG.sub("", _BLOCK.sub(BARRIER, markup))
    return BARRIER.join([html.unescape(markup), *shown])


def reader_text(text: str, fmt: str = "text") -> str:
    """The text a reader of a published file sees; `fmt` is text, html, xml, json or csv."""
    if fmt == "html":
        return _html_text(text)
    if fmt == "xml":  # feeds carry escaped HTML inside their elements
        return _html_text(_html_text(text))
    if fmt == "json":
        return _json_values(text)
    if fmt == "csv":
        return BARRIER.join(BARRIER.join(row) for row in csv.reader(io.StringIO(text)))
    return text


def format_of(name: str) -> str:
    """The `reader_text` format of a published file, from its name."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"html": "html", "htm": "html", "md": "html", "xml": "xml", "svg": "xml", "json": "json", "csv": "csv"}.get(
        suffix, "text"
    )
