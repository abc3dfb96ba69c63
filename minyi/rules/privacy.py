"""No resident's phone, ID-card number, e-mail or house number reaches the public ledger.

Runs over every string of a record except the fields the schema declares public
contact details (`x-public-contact`: offices' phones and addresses). Messages mask
what they found, because CI logs are public too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import schema
from ..ledger import Record

MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
LANDLINE = re.compile(r"(?<![0-9])(?:\(0[0-9]{2,3}\)|0[0-9]{2,3}-)[0-9]{7,8}(?![0-9])"
                      r"|(?:电话|座机|手机|联系方式|tel|Tel|TEL)[:：\s]*[0-9]{7,8}(?![0-9])")
ID_CARD = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
HOUSE = re.compile(
    r"[0-9]+\s*(?:栋|幢|号楼|座)\s*[0-9]+\s*单元"        # 3栋2单元
    r"|[0-9]+\s*单元\s*[0-9]+\s*(?:室|号|户)"             # 2单元501室
    r"|[0-9]+\s*(?:栋|幢|号楼)\s*[0-9]{3,4}(?![0-9])"     # 3号楼502
    r"|(?<![0-9])[0-9]{3,4}\s*室(?![内外])"               # 501室 (not 300户: households)
    r"|门牌号?[ \t]*[:：]?[ \t]*[0-9]+")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_card_ok(number: str) -> bool:
    """GB 11643 checksum and a plausible birth date, so order numbers are not flagged."""
    if not (1900 <= int(number[6:10]) <= 2100 and 1 <= int(number[10:12]) <= 12 and 1 <= int(number[12:14]) <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return _CHECK[total % 11] == number[17].upper()


def mask(text: str) -> str:
    keep = 3 if len(text) > 7 else 1
    return text[:keep] + "*" * max(len(text) - keep - 2, 1) + text[-2:]


@lru_cache(maxsize=None)
def public_keys(kind: str) -> frozenset:
    """Top-level fields declared public contact details in the kind's schema."""
    props = schema.bundled(kind).get("properties", {})
    return frozenset(k for k, v in props.items() if schema.resolve(kind, v).get("x-public-contact"))


def strings(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from strings(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from strings(v, path + (i,))
    elif isinstance(data, str):
        yield path, data


CHECKS = (
    (MOBILE, "privacy-phone", "手机号码", None),
    (LANDLINE, "privacy-phone", "电话号码", None),
    (ID_CARD, "privacy-id-card", "身份证号", id_card_ok),
    (EMAIL, "privacy-email", "电子邮箱", None),
    (HOUSE, "privacy-address", "门牌号", None),
)
# Every pattern above needs one of these; a single cheap pass over a record's whole
# text rules out almost every record, which then skips the per-field walk.
PREFILTER = re.compile(r"[0-9]{7}|1[3-9][0-9][- ][0-9]{4}|@|单元|室|栋|幢|号楼|门牌|\(0[0-9]")
_FIX = {"privacy-phone": "删除群众的电话号码；联系方式只留在内部系统，公开台账不写",
        "privacy-id-card": "删除身份证号",
        "privacy-email": "删除邮箱地址；如需公开单位邮箱，请写在部门或联络站的公开字段中",
        "privacy-address": "只写到小区、道路或楼栋，不写单元和门牌号"}


def findings(text: str):
    """(rule, what, matched text) for every piece of personal data in `text`."""
    for pattern, rule, what, accept in CHECKS:
        for m in pattern.finditer(text):
            if accept is None or accept(m.group(0)):
                yield rule, what, m.group(0)


def per_record(rec: Record, ctx=None):
    text = rec.loaded.source if isinstance(rec.loaded.source, str) else None
    if text is not None and not PREFILTER.search(text):
        return
    skip = public_keys(rec.kind) if rec.kind in schema.KINDS else frozenset()
    for path, text in strings(rec.data):
        if path and (path[0] in skip or path[-1] in ("url", "by")):
            continue
        for rule, what, found in findings(text):
            yield rec.loaded.problem(path, rule, f"「{'.'.join(map(str, path))}」中有{what} {mask(found)} (personal data)", _FIX[rule])
