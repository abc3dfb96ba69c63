"""Checks on a record's text before libyaml composes it: what would kill the process or shift line numbers.

libyaml's composer recurses once per nesting level, in C: some 20,000 nested brackets
overflow the stack and the process dies with a segfault (exit 139) that no `except`
can catch, so depth must be refused before composing. Raw control characters either
stop libyaml with a character offset instead of a line, or (NEL, LS, PS) silently
count as line breaks, so every line number after them would differ from the clerk's
editor; they are reported with the line and column the editor shows.

Both checks cost a few string scans for an honest record: the regex only runs when
libyaml has refused the text or one of the three line-break look-alikes is present.
"""

from __future__ import annotations

import re

import yaml

from .problems import Problem

MAX_DEPTH = 32  # an honest record nests five deep: record → timeline → event → links → link
# Composing this deep is safe on any stack a Python thread gets; only a text whose depth
# may exceed it is scanned event by event (libyaml's parser keeps its own stack, no recursion).
SAFE_BOUND = 2000  # about 0.8 MB of C stack; 8 MB is the usual main and thread stack
# Every collection starts with its own one of these characters (a flow bracket, a block
# entry `-`, an explicit key `?`, or the `:` after a mapping's first key), so their count
# bounds the nesting depth from above. Honest records stay under 200.
OPENERS = "[{-?:"
# C0 controls except tab, LF and CR; DEL; C1 (NEL included); line and paragraph
# separators; surrogates (only reachable through text a command hands in); non-characters.
# libyaml refuses all but NEL, LS and PS. (Invisible format characters such as zero-width
# spaces are readable YAML; the privacy rules judge them in the values.)
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
LINE_BREAK_LOOKALIKES = ("\x85", "\u2028", "\u2029")
_EVENTS = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting lines as editors do (by LF)."""
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1


def raw_control(text: str, shown: str) -> Problem | None:
    """The first raw control character in the file, as a syntax problem at its line."""
    found = RAW_CONTROL.search(text)
    if found is None:
        return None
    line, col = position(text, found.start())
    return Problem.of(shown, line, col, "yaml-syntax", "control", char=f"U+{ord(found.group()):04X}")


def too_deep(text: str, shown: str) -> Problem | None:
    """A problem at the first collection nested deeper than MAX_DEPTH, found without composing.

    Only texts whose opener count could reach SAFE_BOUND are scanned; for the rest the
    loader's builder enforces MAX_DEPTH on the composed nodes, at the same node.
    """
    if len(text) <= SAFE_BOUND or sum(map(text.count, OPENERS)) <= SAFE_BOUND:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_EVENTS):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return Problem.of(shown, mark.line + 1, mark.column + 1, "yaml-too-deep", limit=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing stops at the same error, no deeper than the scan got: it reports it
    return None


def refusal(text: str, shown: str) -> Problem | None:
    """Why this text must not be handed to the composer, or None. The other control
    characters need no scan here: libyaml refuses them, and the loader then asks `raw_control`."""
    if any(c in text for c in LINE_BREAK_LOOKALIKES):
        return raw_control(text, shown)
    return too_deep(text, shown)
