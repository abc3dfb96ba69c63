"""`personal_data.may_hold`, the cheap test that lets most records skip the full privacy scan,
finds the runs of digits the one-run-at-a-time reading finds: it may never say "nothing here"
where that reading would look further (a missed phone number), so it is held to that reading
on the privacy corpus, on every record of the demo ledger and on random text made of digits,
separators, dates, record ids and the letters around them.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

from minyi import personal_data as pd
from minyi.textnorm import normalise

CORPUS = yaml.safe_load((Path(__file__).parent / "privacy_corpus.yaml").read_text(encoding="utf-8"))
_OLD_WORDS = re.compile(r"@|艾特|单元|室|房间|栋|幢|号楼|门牌|[A-Za-z][ \t]*座")


def reference(norm: str) -> bool:
    """`may_hold` as it read before the regex engine took over: every run, one by one."""
    if _OLD_WORDS.search(norm) or ("#" in norm and pd._HASH.search(norm)) or pd._at_sign(norm):
        return True
    for run in pd._RUN.finditer(norm):
        if len(run.group(0)) >= 7 and (pd._TRIPLE.search(run.group(0)) or not pd._plain(norm, run)):
            return True
    return False


def _texts():
    for section in CORPUS.values():
        for entry in section if isinstance(section, list) else ():
            for value in entry.values():
                if isinstance(value, str):
                    yield value
    for path in (Path(__file__).parent.parent / "minyi" / "starter").rglob("*.yaml"):
        yield path.read_text(encoding="utf-8")


PIECES = [
    *"0123456789" * 3,
    *" \t\n.-/\\_()[],·・•",
    "X",
    "x",
    "S-",
    "A",
    "Ab",
    "座",
    "号",
    "室",
    "\ue000",
    "—",
    "１３８",
    "2024-03-05",
    "1999.12.31",
    "2024/1/5",
    "2024-13-01",
    "S-2024-0012",
    "P-2024-07",
    "2024-0012345",
    "13812345678",
    "110105194912310021",
    "1,950,000",
    "010-8888 1234",
    "3-2-501",
]


def test_may_hold_agrees_with_reading_every_run_on_the_corpus_and_demo():
    for text in _texts():
        norm = normalise(text)
        assert pd.may_hold(norm) == reference(norm), text


def test_may_hold_agrees_with_reading_every_run_on_random_text():
    rng = random.Random(12)
    for _ in range(60_000):
        norm = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        assert pd.may_hold(norm) == reference(norm), repr(norm)


def test_a_date_or_record_id_next_to_more_digits_is_still_read():
    for text in ("2024-03-05 13812345678", "2024-03-05-1234567", "S-2024-0012 3456789", "a2024-1234567"):
        assert pd.may_hold(text) and reference(text), text
    for text in ("2024-03-05", "S-2024-0012", "2024-03-05 至 2024-06-30", "2024-03-05X"):
        assert not pd.may_hold(text) and not reference(text), text


def test_folding_by_regex_is_translate_for_every_bmp_character_and_long_texts():
    """`textnorm._fold_bmp` replaces `str.translate(_BMP)` on the hot path: the same result for every
    BMP character alone, for mixed texts, and past the count where it falls back to translate."""
    from minyi import textnorm

    for code in range(0x10000):
        char = chr(code)
        assert textnorm._fold_bmp(char) == char.translate(textnorm._BMP), hex(code)
    rng = random.Random(3)
    alphabet = [chr(rng.randrange(0x10000)) for _ in range(400)] + list("１２３，：一二三四五六七八九〇零 ab-—")
    for size in (1, 5, 63, 64, 65, 200, 2000):
        for _ in range(200):
            text = "".join(rng.choice(alphabet) for _ in range(size))
            assert textnorm._fold_bmp(text) == text.translate(textnorm._BMP)
