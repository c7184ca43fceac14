"""Pure text helpers shared across the package: straightening quotes and folding case.

Both keep every character at its offset (one character in, one character out), so a match found
in the folded text is a match at the same offsets in the original.
"""

from __future__ import annotations

#: curly quotes and apostrophes to straight ones, one character for one character
STRAIGHTEN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u02bc": "'"})


def straighten(text: str) -> str:
    """``text`` with curly quotes and apostrophes made straight."""
    return text if text.isascii() else text.translate(STRAIGHTEN)


def fold(text: str) -> str:
    """Straighten quotes and lower-case, keeping every character at its offset (a letter whose
    lower case is longer than one character, like "İ", is kept as it is)."""
    if text.isascii():
        return text.lower()
    straight = text.translate(STRAIGHTEN)
    low = straight.lower()
    if len(low) == len(straight):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in straight)
