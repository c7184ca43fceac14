"""parse_timestamp and format_timestamp: every kind of time a log records, in one UTC form."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from underreach_judge.timestamps import format_timestamp, parse_timestamp

NOON = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
EPOCH_NOON = 1772366400  # 2026-03-01T12:00:00Z


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2026-03-01T12:00:00Z", NOON, id="iso-z"),
        pytest.param("2026-03-01T12:00:00z", NOON, id="iso-lowercase-z"),
        pytest.param(" 2026-03-01T12:00:00+00:00\n", NOON, id="iso-offset-padded"),
        pytest.param("2026-03-01T14:30:00+02:30", NOON, id="iso-other-offset"),
        pytest.param("2026-03-01T07:00:00-05:00", NOON, id="iso-negative-offset"),
        pytest.param("2026-03-01 12:00:00", NOON, id="iso-naive-space"),
        pytest.param("2026-03-01T12:00", NOON, id="iso-minutes"),
        pytest.param("2026-03-01", NOON - timedelta(hours=12), id="iso-date"),
        pytest.param("2026-03-01T12:00:00.25Z", NOON + timedelta(milliseconds=250), id="iso-fraction"),
        pytest.param(datetime(2026, 3, 1, 12), NOON, id="naive-datetime-is-utc"),
        pytest.param(
            datetime(2026, 3, 1, 13, tzinfo=timezone(timedelta(hours=1))), NOON, id="aware-datetime"
        ),
        pytest.param(date(2026, 3, 1), NOON - timedelta(hours=12), id="date"),
        pytest.param(EPOCH_NOON, NOON, id="epoch-seconds-int"),
        pytest.param(EPOCH_NOON + 0.5, NOON + timedelta(milliseconds=500), id="epoch-seconds-float"),
        pytest.param(EPOCH_NOON * 1000, NOON, id="epoch-milliseconds"),
        pytest.param(0, datetime(1970, 1, 1, tzinfo=timezone.utc), id="epoch-zero"),
        pytest.param(
            99_999_999_999, datetime(5138, 11, 16, 9, 46, 39, tzinfo=timezone.utc), id="largest-seconds"
        ),
    ],
)
def test_parse_timestamp(value: object, expected: datetime) -> None:
    parsed = parse_timestamp(value)
    assert parsed == expected
    assert parsed.tzinfo is timezone.utc


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        pytest.param("yesterday", "'yesterday' is not an ISO 8601 date-time", id="words"),
        pytest.param("", "'' is not an ISO 8601 date-time", id="empty"),
        pytest.param("2026-13-01", "'2026-13-01' is not an ISO 8601 date-time", id="month-13"),
        pytest.param("1772366400", "'1772366400' is not an ISO 8601 date-time", id="epoch-as-text"),
        pytest.param(True, "expected a date-time, got bool True", id="bool"),
        pytest.param([2026, 3, 1], "expected a date-time, got list", id="list"),
        pytest.param(float("nan"), "nan is not a time", id="nan"),
        pytest.param(float("inf"), "inf is not a time", id="infinity"),
        pytest.param(1e20, "1e+20 milliseconds since 1970 is out of range", id="huge"),
        pytest.param(
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
            "is out of range in UTC",
            id="before-year-1-in-utc",
        ),
    ],
)
def test_what_is_not_a_time_says_why(value: object, problem: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_timestamp(value)
    assert problem in str(info.value)
    assert str(info.value).endswith("write it as ISO 8601 (2026-03-01T12:00:00Z) or as seconds since 1970")


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        pytest.param(NOON, "2026-03-01T12:00:00Z", id="utc"),
        pytest.param(NOON + timedelta(microseconds=999_999), "2026-03-01T12:00:00Z", id="fraction-dropped"),
        pytest.param(datetime(2026, 3, 1, 12), "2026-03-01T12:00:00Z", id="naive-is-utc"),
        pytest.param(
            datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-1))),
            "2026-03-02T00:30:00Z",
            id="offset-moves-the-day",
        ),
        pytest.param(datetime(999, 1, 1, tzinfo=timezone.utc), "0999-01-01T00:00:00Z", id="year-padded"),
    ],
)
def test_format_timestamp(moment: datetime, text: str) -> None:
    assert format_timestamp(moment) == text
    assert parse_timestamp(text) == parse_timestamp(moment).replace(microsecond=0)


def test_written_times_sort_as_the_times_do() -> None:
    moments = [NOON + timedelta(seconds=s) for s in (0.5, -86400 * 400, 1, 0, 59.9, 3600, -0.5)]
    texts = [format_timestamp(m) for m in moments]
    assert sorted(texts) == [format_timestamp(m) for m in sorted(moments)]
    assert {len(t) for t in texts} == {20}
