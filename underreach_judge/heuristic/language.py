"""Whether a conversation is mostly English: the offline judge's cues are English phrases, so it
must not grade what it cannot read.

Each message's prose (code blocks, URLs, bracketed placeholders and tokens with digits or symbols
left out) is read as follows: mostly letters outside ASCII (Cyrillic, Greek, Arabic, Hebrew, CJK,
Devanagari, ...) is another language; otherwise the share of common English function words ("the",
"to", "you", ...) is set against the share of common French, Spanish, Portuguese, Italian, German
and Dutch ones. A message that looks like neither (a list of nouns, a cipher, a short line) cannot
tell and does not count. A conversation is readable unless other-language replies of the assistant
outweigh English ones (a request in Spanish answered in English is read: the replies are what is
graded). Cheap and dependency-free, and sure before it says no.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: frequent English words, almost all function words
ENGLISH_WORDS = _words(
    """
    a about after all also am an and any are as at be because been but by can can't could did do
    does don't for from get had has have he her here him his how i i'm if in into is it it's its
    just know like me more my no not now of on one only or our out should so some than that the
    their them then there these they this those to up us was we were what when where which who
    will with would you you're your
    """
)
#: frequent function words of other languages written in Latin script (none of them English words)
OTHER_WORDS = (
    _words(
        """
    le la les des du une est et je tu il elle nous vous ils elles pas ne que qui pour avec dans sur
    ce cette mais ou donc très être avoir comment pourquoi
    el los las del y es en que por para con una lo se su al como pero más muy está yo tú qué cómo
    o os um uma não é com em eu você isso mas também
    il gli della che non è sono io come anche perché
    der das und ist nicht ich du er sie wir ihr ein eine einen mit auf für von zu den dem sich auch
    wie aber oder kann bitte
    het een van niet ik je jij zijn dat wat
    """
    )
    - ENGLISH_WORDS
)
_ENGLISH = ENGLISH_WORDS.__contains__
#: fewer prose words (or letters / 5, for scripts without spaces) than this cannot tell
MIN_WORDS = 6
#: the share of function words a message needs before it counts for either side
MIN_SHARE = 0.10

_CODE = re.compile(r"```.*?(?:```|$)|`[^`\n]*`|\[[^\]\n]*\]", re.S)
_URL = re.compile(r"https?://\S+|www\.\S+")
_SKIP = re.compile(r"(?<!\S)[^\s\d_/\\=+{}<>|@#$%^*~]*[\d_/\\=+{}<>|@#$%^*~]\S*")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def prose_words(text: str) -> list[str]:
    """The words of a message's prose, lower-cased: no code, URLs, bracketed placeholders, or
    tokens with digits or symbols (identifiers, base64, hashes)."""
    text = _SKIP.sub(" ", _URL.sub(" ", _CODE.sub(" ", text)))
    return [w.lower() for w in _WORD.findall(text)]


def read_language(text: str) -> tuple[bool | None, int]:
    """``(is English, weight)``: ``True``/``False`` for a message that can tell, ``None`` for one
    that cannot; the weight is its number of prose words (letters / 5 for scripts without spaces)."""
    if text.isascii():
        # the common case, cheaply: plain English prose has function words to spare
        tokens = text.lower().split()
        if len(tokens) >= MIN_WORDS and sum(map(_ENGLISH, tokens)) >= MIN_SHARE * len(tokens):
            return True, len(tokens)
    words = prose_words(text)
    letters = sum(len(w) for w in words)
    foreign = sum(len(w) for w in words if not w.isascii())
    weight = max(len(words), letters // 5) if foreign * 2 > letters else len(words)
    if weight < MIN_WORDS:
        return None, weight
    if foreign * 2 > letters:
        return False, weight
    english = sum(w in ENGLISH_WORDS for w in words) / len(words)
    other = sum(w in OTHER_WORDS for w in words) / len(words)
    if other > english and other >= MIN_SHARE:
        return False, weight
    if english >= MIN_SHARE:
        return True, weight
    return None, weight


def balance(texts: Iterable[str]) -> tuple[int, int]:
    """``(English, other)``: the prose weight of the messages read as English and as another
    language (messages that cannot tell count for neither)."""
    english = other = 0
    for text in texts:
        verdict, weight = read_language(text)
        if verdict is False:
            other += weight
        elif verdict:
            english += weight
    return english, other


def readable(assistant: Iterable[str], user: Iterable[str]) -> bool:
    """Whether the offline judge can read a conversation: its assistant replies are mostly English
    (what it grades); when they cannot tell (short or all code), the whole conversation is."""
    english, other = balance(assistant)
    if english or other:
        return other <= english
    english, other = balance(user)
    return other <= english
