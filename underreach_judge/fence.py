"""The transcript fence: how untrusted message text is made safe to show a judge.

A transcript is fenced by a per-call random nonce. Message text is neutralised first: runs of
angle brackets and their look-alikes (which could imitate the fence) are split, and the nonce, if
it somehow appears, is masked. Rendering and evidence verification both use this one rule, so a
quote the judge copies from the prompt is checked against the text it was shown.
"""

from __future__ import annotations

import re
import secrets

LINE_PREFIX = "| "

# Runs of angle brackets and their look-alikes could imitate the transcript fence, also with
# invisible characters (zero-width, bidi controls) between them.
BRACKETS = (
    "<>\uff1c\uff1e\ufe64\ufe65\u2039\u203a\u27e8\u27e9\u3008\u3009\u00ab\u00bb"
    "\u02c2\u02c3\u2329\u232a\u27ea\u27eb\u300a\u300b\u226a\u226b\u276c\u276d\u276e\u276f"
)
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
FENCE_RUN = re.compile(f"[{BRACKETS}](?:[{_INVISIBLE}]*[{BRACKETS}]){{2,}}")
# Every line break a reader or tokenizer may honour, not only \n: a carriage return or a line
# separator must not start a line that escapes the quoting prefix.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def neutralise(text: str, nonce: str = "") -> str:
    """Defuse fence look-alikes in untrusted text: bracket runs are split with ``·``, and the
    current nonce (if it somehow appears) is masked. Evidence is verified against this same form."""
    text = FENCE_RUN.sub(lambda m: "[" + "·".join(c for c in m.group(0) if c in BRACKETS) + "]", text)
    if nonce and nonce in text:
        text = text.replace(nonce, "[code]")
    return text


def quote_body(text: str, nonce: str = "") -> str:
    """A message's text as it appears in the transcript: neutralised, each line (split at any
    line break) prefixed."""
    lines = _LINE_BREAK.split(neutralise(text, nonce))
    return "\n".join(LINE_PREFIX + line for line in lines)


def new_nonce() -> str:
    """A fresh random fence nonce."""
    return secrets.token_hex(8)
