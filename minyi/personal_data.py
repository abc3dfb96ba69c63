"""What counts as personal data in one piece of text, read as a reader reads it.

A phone or ID number is looked for in every sequence of whole digit groups of a run
such as ``138 1234-5678`` (groups joined by a few spaces, dots, dashes, slashes,
underscores, brackets or commas), never inside a longer group; a date or an amount
grouped in thousands stays one piece, so ``2024-03-05 至 2024-06-30``, ``1,950,000元``
or ``1950万元`` are not phone numbers. ID numbers need a province and a real birth date;
the check character (18 digits) is not required, as a mistyped one still names a person.
E-mail addresses are found with ＠,
" at ", (at), [at], 艾特 and " dot ", 点; house numbers as building-unit-room
(3号楼2单元501室, 3-2-501, 3#2-501, A栋1203), rooms (501室) and door plates (门牌号). All of it runs on
`textnorm.normalise`d text, so full-width digits, Chinese numerals and invisible
characters change nothing. Used by the validator rule (`minyi.rules.privacy`) and by
the scan of the built site.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from .textnorm import BARRIER, normalise


class Finding(NamedTuple):
    rule: str
    what: str  # in Chinese, for the message
    found: str  # as read after normalising; numbers in their national form
    kind: str  # mobile, landline, id-card, email, address, bidi, control
    start: int = 0
    end: int = 0

    @property
    def masked(self) -> str:
        return mask(self.found)


def mask(text: str) -> str:
    """Enough to find the spot, too little to call or identify anyone."""
    keep = 3 if len(text) > 7 else 1
    return text[:keep] + "*" * max(len(text) - keep - 2, 1) + text[-2:]


# --- phone and ID numbers ------------------------------------------------------------

_SEP = r"[ \t\r\n.\-/\\_()\[\],·・•]"
# A run: digit groups joined by at most four separator characters, maybe a final X.
_RUN = re.compile(rf"[0-9]+(?:{_SEP}{{1,4}}[0-9]+)*(?:{_SEP}{{0,4}}[Xx](?![A-Za-z]))?")
# A date or an amount grouped in thousands (1,950,000) is one token: a number may not start
# or end inside it, and a phone number never contains one.
_TOKEN = re.compile(
    r"(?P<date>(?:19|20)[0-9]{2}(?P<sep>[-./])(?:0?[1-9]|1[0-2])(?P=sep)(?:0?[1-9]|[12][0-9]|3[01]))(?![0-9])"
    r"|(?P<amount>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?)(?![0-9]|,[0-9])"
    r"|[0-9]+|(?P<x>[Xx])"
)
_MOBILE = re.compile(r"(?:0086|86|0)?(1[3-9][0-9]{9})")
# Beijing (10) and the 2x cities have 8-digit local numbers; 3-digit area codes 7 or 8.
_LANDLINE = re.compile(r"(?:0|(?:00)?86)((?:10|2[0-9])[0-9]{8}|[3-9][0-9]{2}[0-9]{7,8})")
_PHONE_GATE = re.compile(r"电话|座机|手机|联系方式|热线|致电|拨打|[Tt][Ee][Ll]|[Pp][Hh][Oo][Nn][Ee]")
_PHONE_WORD = re.compile(
    rf"(?:电话|座机|手机|联系方式|热线|致电|拨打|\btel\b|\bphone\b)[^0-9\n{BARRIER}]{{0,6}}?(?=[0-9])", re.IGNORECASE
)
_PROVINCES = frozenset(
    {  # GB/T 2260 province codes: the first two digits of every ID number
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
        "91",
    }
)
_LAST = "0123456789X"  # what an ID number may end in (a check digit, right or not)
MAX_DIGITS = 20


def _born(year: int, month: int, day: int) -> bool:
    try:
        return 1900 <= dt.date(year, month, day).year <= 2099
    except ValueError:
        return False


def id_card_ok(number: str) -> bool:
    """An 18-character ID number: 17 digits and a digit or X, a province and a real birth date.

    The GB 11643 check character is not required: a number copied with one wrong digit
    (a mistyped check digit) still identifies its holder to anyone who reads it."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in _PROVINCES:
        return False
    return number[17] in _LAST and _born(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id15_ok(number: str) -> bool:
    """A first-generation (15-digit) ID number: a province and a real 19yy birth date; no check digit."""
    return (
        len(number) == 15
        and number.isdigit()
        and number[:2] in _PROVINCES
        and _born(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    )


def _classify(digits: str, dates: list[tuple[int, int]]) -> tuple[str, str] | None:
    """(kind, national form) if a whole sequence of digit groups is a phone or ID number.

    `dates` are where dates written as dates (1949-12-31) sit in `digits`: only an
    18-digit ID number holds one, as its birth date; a phone number never does.
    """
    if len(digits) == 18 and id_card_ok(digits) and all(d == (6, 8) for d in dates):
        return "id-card", digits.upper()
    if len(digits) == 15 and id15_ok(digits) and not dates:
        return "id-card", digits
    if dates or not digits.isdigit():
        return None
    mobile = _MOBILE.fullmatch(digits)
    if mobile:
        return "mobile", mobile.group(1)
    landline = _LANDLINE.fullmatch(digits)
    return ("landline", "0" + landline.group(1)) if landline else None


def _tokens(run: re.Match) -> list[tuple[int, int, str, str]]:
    """(start, end, digits, kind) of each token of a run; kind is date, amount, digits or x."""
    base = run.start()
    return [
        (base + m.start(), base + m.end(), re.sub(r"[^0-9Xx]", "", m.group(0)), m.lastgroup or "digits")
        for m in _TOKEN.finditer(run.group(0))
    ]


def _run_numbers(tokens) -> list[tuple[int, int, str, str]]:
    """The numbers in one run: earliest first, longest first, never overlapping."""
    found = []
    for i in range(len(tokens)):
        digits, dates = "", []
        for j in range(i, len(tokens)):
            _, end, part, kind = tokens[j]
            if kind == "amount" or len(digits) + len(part) > MAX_DIGITS or digits[-1:] in ("X", "x"):
                break  # an amount (1,950,000) is never part of a number; X only ends one
            if kind == "date":
                dates.append((len(digits), len(part)))
            digits += part
            if j + 1 < len(tokens) and tokens[j + 1][3] == "x":
                continue  # a final X belongs to the number: 11010519491231002X is not a mobile plus X
            hit = _classify(digits, dates)
            if hit:
                found.append((tokens[i][0], end, *hit))
    found.sort(key=lambda f: (f[0], -f[1]))
    chosen, end = [], -1
    for f in found:
        if f[0] >= end:
            chosen.append(f)
            end = f[1]
    return chosen


_NUMBER_WORDS = {
    "mobile": ("privacy-phone", "手机号码"),
    "landline": ("privacy-phone", "座机号码"),
    "id-card": ("privacy-id-card", "身份证号"),
}


def _plain(text: str, run: re.Match) -> bool:
    """A run with fewer than seven digits besides its dates (2024-03-05; no phone number holds
    one, an ID number holds ten more digits), a record id's digits (S-2024-0012), or part of a
    hexadecimal word (a commit hash a79d03597080753cde…)."""
    digits, start, end = run.group(0), run.start(), run.end()
    if len(digits) < 7 or sum(ch.isdigit() for ch in _DATES.sub("", digits)) < 7:
        return True
    if _RECORD_ID.fullmatch(digits) and text[start - 2 : start - 1].isupper():
        return True
    return (text[start - 1 : start].isalpha() or text[end : end + 1].isalpha()) and _in_hex_word(text, start, end)


def _in_hex_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] sits in a word of twelve or more hexadecimal letters and digits."""
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isascii() and text[end].isalnum():
        end += 1
    word = text[start:end]
    return len(word) >= 12 and all(ch in _HEX for ch in word) and not word.isdigit()


_HEX = frozenset("0123456789abcdefABCDEF")


def _long_runs(text: str):
    """Runs of digit groups that may hold a phone or ID number (see `_plain`)."""
    for run in _RUN.finditer(text):
        if not _plain(text, run):
            yield run


def numbers(text: str) -> list[Finding]:
    """Phone and ID numbers in normalised text, with where they stand (to tell split values apart)."""
    out = []
    for run in _long_runs(text):
        for start, end, kind, national in _run_numbers(_tokens(run)):
            out.append(Finding(*_NUMBER_WORDS[kind], national, kind, start, end))
    words = _PHONE_WORD.finditer(text) if _PHONE_GATE.search(text) else ()
    for word in words:  # 电话 8800 1234: a local number named as a phone
        run = _RUN.match(text, word.end())
        tokens = _tokens(run)
        digits = "".join(t[2] for t in tokens)
        if (
            7 <= len(digits) <= 8
            and digits.isdigit()
            and not any(t[3] in ("date", "amount") for t in tokens)
            and not any(f.start <= run.start() < f.end for f in out)
        ):
            out.append(Finding("privacy-phone", "电话号码", digits, "landline", run.start(), run.end()))
    return out


# --- e-mail addresses and house numbers ----------------------------------------------

_AT = r"(?:[ \t]*[@][ \t]*|[ \t]*[(\[{<][ \t]*at[ \t]*[)\]}>][ \t]*|[ \t]+at[ \t]+|[ \t]*艾特[ \t]*)"
_DOT = r"(?:[ \t]*\.[ \t]*|[ \t]*[(\[{<][ \t]*dot[ \t]*[)\]}>][ \t]*|[ \t]+dot[ \t]+|[ \t]*[点。][ \t]*)"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(
    rf"(?=[a-z0-9])(?<![a-z0-9._%+-])[a-z0-9._%+-]+{_AT}(?:{_LABEL}{_DOT})+[a-z]{{2,24}}(?![a-z0-9])", re.IGNORECASE
)
_BUILDING = r"(?:号楼|#楼|栋|幢|座|#|号)"
# Every digit run that starts an alternative starts at the beginning of a run of digits
# ((?<![0-9])): otherwise each position of a long digit run is tried again, and a 20,000-digit
# value took 14 seconds (a megabyte, hours). The lookahead lets the engine skip ahead quickly.
_HOUSE = re.compile(
    rf"(?=[0-9A-Za-z门])(?:(?<![0-9])[0-9]+[ \t]*{_BUILDING}[ \t]*[0-9]+[ \t]*单元(?:[ \t]*[0-9]+[ \t]*(?:室|号|户)?)?"  # 3号楼2单元501室, 3栋2单元
    r"|(?<![0-9])[0-9]+[ \t]*单元[ \t]*[0-9]{3,4}(?![0-9])(?:[ \t]*(?:室|号|户))?"  # 2单元501
    r"|(?<![0-9])[0-9]+[ \t]*(?:号楼|#楼|栋|幢|#)[ \t]*[0-9]{3,4}(?![0-9])"  # 3号楼502
    r"|(?<![0-9])[0-9]+[ \t]*(?:号楼|#楼|栋|幢|#)[ \t]*[0-9]{1,2}[ \t]*-[ \t]*"  # 3#2-501, 3栋2-501
    r"(?!(?:19|20)[0-9]{2}(?![0-9]))[1-9][0-9]{2,3}(?![0-9]|[ \t]*-[ \t]*[0-9])"
    r"|(?<![A-Za-z])[A-Za-z][ \t]*(?:栋|座|幢|号楼)[ \t]*[0-9]{3,4}(?![0-9])"  # A栋1203, B座1203
    r"|(?<![0-9])[0-9]{3,4}[ \t]*(?:室|房间)(?![内外])"  # 501室 (not 室内)
    r"|(?<![0-9.\-/])[0-9]{1,3}[ \t]*-[ \t]*[0-9]{1,2}[ \t]*-[ \t]*"  # 3-2-501
    r"(?!(?:19|20)[0-9]{2}(?![0-9]))[1-9][0-9]{2,3}(?![0-9]|[ \t]*-[ \t]*[0-9])"
    r"|门牌号?[ \t]*[:：]?[ \t]*[0-9]+)"
)
# Words and signs some pattern needs. Literal alternatives let the regex engine skip
# ahead; "at" is checked for its bracket or space before it in Python, for the same reason.
# 座 only after a letter (A座1203): a separate search, so every alternative of `_WORDS` starts
# with a literal and the engine jumps between their first characters (a sixth of the time).
_WORDS = re.compile(r"@|艾特|单元|室|房间|栋|幢|号楼|门牌")
_SEAT = re.compile(r"[A-Za-z][ \t]*座")
_HASH = re.compile(r"[0-9][ \t]*#")
_AT_WORD = re.compile(r"(?:at|AT|At|aT)[ \t)\]}>]")


def _at_sign(norm: str) -> bool:
    """Whether an e-mail's at-sign may be written here: @, 艾特, " at ", (at), [at]."""
    if "@" in norm or "艾特" in norm:
        return True
    return any(m.start() > 0 and norm[m.start() - 1] in " \t([{<" for m in _AT_WORD.finditer(norm))


_TRIPLE = re.compile(r"[0-9]{1,3}[ \t]*-[ \t]*[0-9]{1,2}[ \t]*-[ \t]*[0-9]{3,4}")
_DATES = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])")
_RECORD_ID = re.compile(r"(?:19|20)[0-9]{2}-[0-9]{2,6}")  # the digits of S-2024-0012, P-2024-07


# "The run ends here": what `_RUN` would take next is absent.
_RUN_END = rf"(?![0-9]|{_SEP}{{1,4}}[0-9]|{_SEP}{{0,4}}[Xx](?![A-Za-z]))"
# The runs `may_hold` must look at, found by the regex engine rather than one Python step per
# run: the same matches as `_RUN` where a run may be seven characters long, minus runs that are
# exactly one date (2024-03-05) or a record id's digits (S-2024-0012), which `_plain` lets pass
# and `_TRIPLE` cannot match (a date has no three-digit last group, an id one dash). It starts
# with the run's first digit so the engine skips other characters fast; the assertions after
# it look back at that digit. A run start never follows a digit; a skipped run leaves only
# shorter pieces behind, which the length check drops. Tests hold it to `_RUN` run by run.
_FIRST_OF_YEAR = "(?:(?<=1)9|(?<=2)0)[0-9]{2}"  # 19xx or 20xx, its first digit already taken
_MAY_RUN = re.compile(
    rf"[0-9](?<![0-9]{{2}})(?=(?:{_SEP}|[0-9Xx]){{6}})"
    rf"(?!{_FIRST_OF_YEAR}(?P<dsep>[-./])(?:0?[1-9]|1[0-2])(?P=dsep)(?:0?[1-9]|[12][0-9]|3[01]){_RUN_END})"
    rf"(?!(?<=[A-Z]..){_FIRST_OF_YEAR}-[0-9]{{2,6}}{_RUN_END})" + _RUN.pattern.replace("[0-9]+", "[0-9]*", 1)
)


def may_hold(norm: str) -> bool:
    """A cheap test that rules out most values and records: every pattern needs seven digits
    in a run that is more than one date or record id, or one of a few words and signs."""
    if (
        _WORDS.search(norm)
        or ("座" in norm and _SEAT.search(norm))
        or ("#" in norm and _HASH.search(norm))
        or _at_sign(norm)
    ):
        return True
    for run in _MAY_RUN.finditer(norm):
        if len(run.group(0)) >= 7 and (_TRIPLE.search(run.group(0)) or not _plain(norm, run)):
            return True
    return False


def scan_value(text: str) -> list[Finding]:
    """Personal data in one value, as a reader would read it."""
    norm = normalise(text)
    return scan_normalised(norm) if may_hold(norm) else []


def scan_normalised(norm: str) -> list[Finding]:
    """Every finding in normalised text; what a number already covers is not reported again."""
    found = numbers(norm)
    if _at_sign(norm):  # a phone number used as a mailbox name is reported once, as a phone
        found += [
            Finding("privacy-email", "电子邮箱", m.group(0), "email", m.start(), m.end())
            for m in _EMAIL.finditer(norm)
            if not any(f.start < m.end() and m.start() < f.end for f in found)
        ]
    found += [
        Finding("privacy-address", "门牌号", m.group(0), "address", m.start(), m.end())
        for m in _HOUSE.finditer(norm)
        if not any(f.start <= m.start() < f.end for f in found)
    ]
    return found


# --- characters that make the shown text differ from the stored text -----------------

HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def hidden_characters(text: str) -> list[Finding]:
    """Bidi controls and control characters (except tab and line breaks): one finding of each kind."""
    out: dict[str, Finding] = {}
    for m in HIDDEN.finditer(text):
        bidi = m.group(0) in _BIDI
        kind = "bidi" if bidi else "control"
        out.setdefault(
            kind,
            Finding(
                "text-bidi-control" if bidi else "text-control-char",
                "双向控制字符" if bidi else "控制字符",
                f"U+{ord(m.group(0)):04X}",
                kind,
                m.start(),
            ),
        )
    return list(out.values())


def quotable(value):
    """A value as a message may quote it: masked whole if it holds personal data, invisible
    characters spelled out (\\u202e), because problems are printed in public CI logs."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value
    text = str(value)
    if scan_value(text):
        return mask(normalise(text))
    return HIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) if isinstance(value, str) else value
