"""Times as logs record them, read into one form: an aware UTC ``datetime``, written as
``YYYY-MM-DDTHH:MM:SSZ``.

The written form has whole seconds (a fraction is dropped) and a fixed width, so sorting the
strings sorts the times; a day, week or month bucket is a slice or a ``datetime`` away.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timezone

#: an epoch number above this is milliseconds, not seconds (1e11 seconds is the year 5138)
MILLISECONDS_ABOVE = 1e11

_ADVICE = "write it as ISO 8601 (2026-03-01T12:00:00Z) or as seconds since 1970"


def parse_timestamp(value: object) -> datetime:
    """``value`` as an aware UTC ``datetime``.

    Accepts a ``datetime`` (naive: taken as UTC), a ``date`` (midnight UTC), an ISO 8601 string
    (as ``datetime.fromisoformat`` reads it, with a ``Z`` suffix allowed; no offset: UTC), or a
    number of seconds since 1970-01-01 UTC (milliseconds when above ``MILLISECONDS_ABOVE``).
    Raises ``ValueError`` saying what is wrong with anything else.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = _from_text(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = _from_epoch(value)
    else:
        raise ValueError(f"expected a date-time, got {type(value).__name__} {value!r}; {_ADVICE}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(f"{value!r} is out of range in UTC; {_ADVICE}") from None


def format_timestamp(moment: datetime) -> str:
    """``moment`` as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC (naive: taken as UTC; a fraction of a second is
    dropped)."""
    utc = parse_timestamp(moment)
    return utc.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _from_text(text: str) -> datetime:
    stripped = text.strip()
    iso = stripped[:-1] + "+00:00" if stripped[-1:] in ("Z", "z") else stripped
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date-time; {_ADVICE}") from None


def _from_epoch(number: float) -> datetime:
    if not math.isfinite(number):
        raise ValueError(f"{number!r} is not a time; {_ADVICE}")
    unit = "milliseconds" if abs(number) > MILLISECONDS_ABOVE else "seconds"
    try:
        return datetime.fromtimestamp(number / 1000 if unit == "milliseconds" else number, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{number!r} {unit} since 1970 is out of range; {_ADVICE}") from None
