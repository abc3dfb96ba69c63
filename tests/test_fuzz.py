"""Property-based fuzzing of the loader and the validator with mutated real records.

Each example starts from a demo record and applies a few mutations: characters and YAML
tokens inserted, deleted or replaced, lines swapped or re-indented, random Unicode
(control characters included; surrogates written as YAML escapes, since a file cannot
hold them raw), invalid bytes, deep nesting and huge numbers. Whatever comes out, the
loader and the whole validator must return problems, never raise, never hang, and every
problem names a line of the file and a rule of the catalogue.

The example count is bounded and the run derandomized, so CI sees the same examples
every time and the file runs in a few seconds; no example database is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from minyi.catalog import RULES
from minyi.load import parse, read_text
from minyi.validate import validate

# Hypothesis keeps caches (Unicode tables, constants) in a folder: never in the checkout.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "minyi-hypothesis")

SEEDS = [
    "records/suggestions/2024/S-2024-0003.yaml",
    "records/suggestions/2024/S-2024-0017.yaml",
    "records/projects/2024/P-2024-05.yaml",
    "records/sessions/V-2024-district.yaml",
    "records/deputies/D-0001.yaml",
    "records/departments/DEP-001.yaml",
    "records/stations/ST-01.yaml",
    "records/ledger.yaml",
]
TEXTS = {rel: (REPO / rel).read_text(encoding="utf-8") for rel in SEEDS}

TAGS = [
    "!!str ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!null ",
    "!!binary ",
    "!!map ",
    "!!seq ",
    "!!timestamp ",
    "!!set ",
    "!!omap ",
    "!!python/object/apply:os.system ",
    "!local ",
    "!<tag:yaml.org,2002:str> ",
]
TOKENS = [
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "? ",
    ",",
    "&a ",
    "*a",
    "<<: *a\n",
    "'",
    '"',
    "|\n",
    ">-\n",
    "#",
    "\n",
    "\t",
    "  ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:example.com,2000:\n",
    *TAGS,
    ".nan",
    ".inf",
    "-.inf",
    "._",
    ".e+1",
    "-.",
    "+.",
    "0x1F",
    "0o17",
    "1_000",
    "1.0e+400",
    "2024-02-30",
    "~",
    "null",
    "no",
    "yes",
    "9" * 5000,
    "-" + "1" * 4400,
    "0." + "1" * 5000,
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\\x1b[8m"',
    '"\\u202e"',
    '"\\0"',
    '"\\e"',
    '"\\N"',
    '"\\L"',
    '"\\P"',
    '"\\U0010ffff"',
    "\\",
    "\x00",
    "\x1b",
    "\x0b",
    "\x0c",
    "\r",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\ufffe",
    "[" * 40,
    "]" * 40,
    "{a: " * 40,
    "- " * 40,
    "[" * 30_000,
    "{a: " * 30_000,
    "- " * 30_000,
    "? " * 3000,
    "{a: 1}",
    "[x]",
    "id: ",
    "merged_into: ",
    "vote:\n  session: [x]\n",
    "S-2024-0001",
    "D-0001",
    "DEP-001",
    "https://a b/青",
    "https://u:p@x.cn/",
    # what a Chinese input method types where YAML wants its own punctuation
    "：",
    "： ",
    "，",
    "“",
    "”",
    "‘",
    "\u3000",
    "\u3000\u3000",
    "\t- ",
    "-x",
    ":x",
]

position = st.integers(min_value=0, max_value=10**6)
any_char = st.characters(blacklist_categories=("Cs",))  # every code point a file can hold, controls included
mutation = st.one_of(
    st.tuples(st.just("insert"), position, st.sampled_from(TOKENS)),
    st.tuples(st.just("insert"), position, st.text(any_char, min_size=1, max_size=8)),
    st.tuples(st.just("replace"), position, st.integers(1, 40), st.sampled_from(TOKENS)),
    st.tuples(st.just("delete"), position, st.integers(1, 80)),
    st.tuples(st.just("swap"), position, position),
    st.tuples(st.just("indent"), position, st.integers(-4, 4)),
    st.tuples(st.just("value"), position, st.sampled_from(["", *TAGS]), st.sampled_from(TOKENS)),
)


def _reindent(line: str, delta: int) -> str:
    if delta >= 0:
        return " " * delta + line
    return line[min(-delta, len(line) - len(line.lstrip(" "))) :]


def mutate(text: str, ops) -> str:
    for op in ops:
        at = op[1] % (len(text) + 1)
        if op[0] == "insert":
            text = text[:at] + op[2] + text[at:]
        elif op[0] == "replace":
            text = text[:at] + op[3] + text[at + op[2] :]
        elif op[0] == "delete":
            text = text[:at] + text[at + op[2] :]
        else:
            lines = text.split("\n")
            i, other = op[1] % len(lines), op[2]
            if op[0] == "swap":
                j = other % len(lines)
                lines[i], lines[j] = lines[j], lines[i]
            elif op[0] == "value":  # a whole value replaced: `residents: ._`, `id: !!str {a: 1}`, `- .nan`
                key, sep, _ = lines[i].partition(": ") if ": " in lines[i] else lines[i].partition("- ")
                lines[i] = key + (sep or ": ") + other + op[3]
            else:
                lines[i] = _reindent(lines[i], other)
            text = "\n".join(lines)
    return text


@st.composite
def mutated_files(draw):
    """(path, bytes): a demo record after 1-6 mutations, sometimes with raw bytes spliced in."""
    rel = draw(st.sampled_from(SEEDS))
    raw = mutate(TEXTS[rel], draw(st.lists(mutation, min_size=1, max_size=6))).encode("utf-8")
    if draw(st.booleans()) and draw(st.booleans()):
        at = draw(position) % (len(raw) + 1)
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    return rel, raw


@contextmanager
def time_bound(seconds: int):
    """Fail, rather than hang, when one example takes longer than `seconds`."""

    def expired(signum, frame):
        raise TimeoutError(f"one example took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_well_formed(problems, rel: str, raw: bytes):
    lines = raw.count(b"\n") + 1
    for p in problems:
        assert p.rule in RULES, p
        assert p.col >= 1 and p.message and p.fix is not None, p
        assert 1 <= p.line <= (lines if p.path == rel else 10**6), (p.text(), lines)


FUZZ = settings(
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(FUZZ, max_examples=400, deadline=1000)
@given(mutated_files())
def test_loader_never_raises(case):
    rel, raw = case
    with time_bound(10):
        text, problems = read_text(raw, rel)
        loaded = None
        if text is not None:
            loaded, problems = parse(text, rel)
        if loaded is not None:
            json.dumps(loaded.data, allow_nan=False)  # what the loader keeps can be published as JSON
            assert all(isinstance(k, str) for k in loaded.data)
            for key in loaded.data:  # line marks are computed lazily, from the text: ask for them too
                assert 1 <= loaded.key_where((key,))[0] <= raw.count(b"\n") + 1
    assert loaded is not None or problems, "a refused file must say why"
    assert_well_formed(problems, rel, raw)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "ledger"
    shutil.copytree(REPO / "records", root / "records")
    return root


@settings(FUZZ, max_examples=60, deadline=4000)
@given(case=mutated_files())
def test_validator_never_raises(ledger, case):
    rel, raw = case
    path = ledger / rel
    original = path.read_bytes()
    path.write_bytes(raw)
    try:
        with time_bound(20):
            _, problems = validate(ledger, dt.date.fromisoformat(TODAY))
    finally:
        path.write_bytes(original)
    assert_well_formed(problems, rel, raw)


# --- a Chinese typist's mistakes: every one named, on its own line --------------------------------

KEY_LINE = re.compile(r"^( *(?:- )?)([a-z_]+): (\S.*)$")
TYPOS = {  # name: (rule, the line as mistyped, or None where it does not apply)
    "full-width colon": ("yaml-fullwidth", lambda ind, key, val: f"{ind}{key}：{val}"),
    "full-width colon, space": ("yaml-fullwidth", lambda ind, key, val: f"{ind}{key}： {val}"),
    "no space": ("yaml-missing-space", lambda ind, key, val: f"{ind}{key}:{val}"),
    "full-width space": ("yaml-fullwidth", lambda ind, key, val: f"{ind}{key}:\u3000{val}"),
    "tab": ("yaml-tab", lambda ind, key, val: f"\t{ind[1:]}{key}: {val}" if ind.startswith(" ") else None),
    "full-width indent": (
        "yaml-fullwidth",
        lambda ind, key, val: f"\u3000{ind[1:]}{key}: {val}" if ind.startswith(" ") else None,
    ),
}


def test_every_typing_mistake_is_named_on_its_line():
    """Each `key: value` line of every seed, mistyped each way: the loader names that rule on that line
    (libyaml alone reported most of them one line too low, in English, or not at all)."""
    misses, tried = [], 0
    for rel, text in TEXTS.items():
        lines = text.split("\n")
        for i, line in enumerate(lines):
            found = KEY_LINE.match(line)
            for name, (rule, typo) in TYPOS.items() if found else ():
                new = typo(*found.groups())
                if new is None:
                    continue
                tried += 1
                _, problems = parse("\n".join([*lines[:i], new, *lines[i + 1 :]]), rel)
                if not any(p.rule == rule and p.line == i + 1 for p in problems):
                    misses.append((rel, i + 1, name, [p.text() for p in problems]))
    assert tried > 1000 and misses == [], misses[:5]


typist = st.text(st.sampled_from(list("  \t\n:-：，“”‘’\u3000[]{}\"'#ab张,.|>&*!?")), max_size=120)


@settings(FUZZ, max_examples=400, deadline=1000)
@given(typist)
def test_typist_punctuation_never_raises(text):
    raw = f"# yaml-language-server: $schema=x\nid: D-0001\n{text}\n".encode()
    loaded, problems = parse(raw.decode(), "f.yaml")
    assert loaded is not None or problems, "a refused file must say why"
    assert_well_formed(problems, "f.yaml", raw)
