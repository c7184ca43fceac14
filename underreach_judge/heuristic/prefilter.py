"""Skip a regular expression that cannot match: a cheap test on the starts of a text's words.

A cue pattern anchored at a word start (``\\b`` or ``^``) can only match where a word begins with
one of a few strings: ``\\b(kill|murder)`` needs a word starting "kil" or "mur". ``PatternSet`` reads
those strings (up to ``KEY`` characters) from the parsed pattern once; each start of a text's words is looked
up in an index of those strings; the pattern runs only when the two meet. The test never
changes a result, it only skips work: a pattern it cannot read this way always runs.

>>> cues = PatternSet({"harm": r"\\b(kill|murder)\\w*", "bread": r"\\bbread"})
>>> sorted(cues.candidates("how do i kill time?")), sorted(cues.matching("bake some bread"))
(['harm'], ['bread'])
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

try:  # the regular-expression parser moved in Python 3.11
    _p: Any = importlib.import_module("re._parser")
    _c: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - Python 3.10
    _p = importlib.import_module("sre_parse")
    _c = importlib.import_module("sre_constants")

#: characters of a word start compared
KEY = 8
#: more start strings than this and the pattern runs unconditionally (the test would cost more)
MAX_KEYS = 4000

_WINDOWS = re.compile(rf"\b(?=(\w.{{0,{KEY - 1}}}))", re.DOTALL)
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_ANCHORS = {_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING}

# a prefix: (text so far, closed: nothing more is known after it)
_Prefixes = set[tuple[str, bool]]


def _element(op: Any, av: Any) -> _Prefixes | None:
    """What one parsed element can start with; None when it is unbounded or unknown."""
    if op is _c.LITERAL:
        return {(chr(av), False)}
    if op in _ZERO_WIDTH:
        return {("", False)}
    if op is _c.IN:
        if all(o is _c.LITERAL for o, _ in av):
            return {(chr(ch), False) for _, ch in av}
        return None
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return _sequence(sub) if not (add_flags or del_flags) else None
    if op is _c.BRANCH:
        out: _Prefixes = set()
        for branch in av[1]:
            got = _sequence(branch)
            if got is None:
                return None
            out |= got
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        lo, hi, sub = av
        got = _sequence(sub)
        if got is None:
            return None
        if hi != 1:  # what follows one repetition is not followed further
            got = {(s, True) for s, _ in got}
        return got | {("", False)} if lo == 0 else got
    return None


def _sequence(items: Any) -> _Prefixes | None:
    """What a parsed sequence can start with, up to ``KEY`` characters."""
    prefixes: _Prefixes = {("", False)}
    for op, av in items:
        if all(closed or len(s) >= KEY for s, closed in prefixes):
            break
        alternatives = _element(op, av)
        if alternatives is None:
            prefixes = {(s, True) for s, _ in prefixes}
            break
        grown: _Prefixes = set()
        for s, closed in prefixes:
            if closed or len(s) >= KEY:
                grown.add((s, True))
                continue
            for t, t_closed in alternatives:
                u = s + t
                grown.add((u[:KEY], t_closed or len(u) >= KEY))
        if len(grown) > MAX_KEYS:
            return None
        prefixes = grown
    return prefixes


def _anchored(items: Any) -> bool:
    """Whether every match of the parsed sequence begins at a word start (``\\b`` or ``^``)."""
    if not items:
        return False
    op, av = items[0]
    if op is _c.AT:
        return av in _ANCHORS
    if op is _c.SUBPATTERN:
        return _anchored(av[3])
    if op is _c.BRANCH:
        return all(_anchored(b) for b in av[1])
    return False


def start_keys(pattern: str) -> frozenset[str] | None:
    """The strings a match of ``pattern`` must begin with (each up to ``KEY`` characters, starting
    with a word character, at a word start); None when that cannot be read from the pattern."""
    parsed = _p.parse(pattern)
    if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_VERBOSE):
        return None
    items = list(parsed)
    if not _anchored(items):
        return None
    prefixes = _sequence(items)
    if prefixes is None:
        return None
    keys = frozenset(s for s, _ in prefixes)
    if not keys or not all(k[:1].isalnum() or k[:1] == "_" for k in keys):
        return None
    return keys


@lru_cache(maxsize=4096)
def windows(text: str) -> tuple[str, ...]:
    """The ``KEY`` characters (fewer at the end) from every word start of ``text``."""
    return tuple(_WINDOWS.findall(text))


class PatternSet:
    """Named patterns, each searched only when the text has a word start it could match.

    The text's word starts (cached per text, shared by every set) are looked up in an index of
    every pattern's start strings, each distinct start once (cached), so the test costs about the
    same for any number of patterns.
    """

    def __init__(
        self, patterns: Mapping[str, str], compiled: Mapping[str, re.Pattern[str]] | None = None
    ) -> None:
        """``compiled``: name -> a faster pattern matching as its source in ``patterns`` does, to search
        with instead of compiling the sources."""
        self.patterns = (
            dict(compiled) if compiled is not None else {name: re.compile(p) for name, p in patterns.items()}
        )
        self.always: frozenset[str] = frozenset()
        self.index: dict[str, set[str]] = {}
        for name, p in patterns.items():
            keys = start_keys(p)
            if keys is None:
                self.always |= {name}
                continue
            for key in keys:
                self.index.setdefault(key, set()).add(name)
        self.lengths = sorted({len(k) for k in self.index})
        self._at = lru_cache(maxsize=65536)(self._names_at)

    def _names_at(self, window: str) -> frozenset[str]:
        """The patterns that could match at a word start followed by ``window``."""
        index = self.index
        found: set[str] = set()
        for n in self.lengths:
            if n > len(window):
                break
            names = index.get(window[:n])
            if names:
                found |= names
        return frozenset(found)

    def candidates(self, text: str) -> frozenset[str]:
        """The names of the patterns that could match ``text``."""
        return self.always.union(*map(self._at, windows(text)))

    def matching(self, text: str) -> set[str]:
        """The names of the patterns found in ``text``."""
        return {name for name in self.candidates(text) if self.patterns[name].search(text)}

    def counts(self, text: str) -> dict[str, int]:
        """Name -> how many times its pattern matches ``text`` (``findall``), zeros left out."""
        out = {}
        for name in self.candidates(text):
            hits = len(self.patterns[name].findall(text))
            if hits:
                out[name] = hits
        return out
