from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.when import WhenError, parse_when

NY = ZoneInfo("America/New_York")
# Thursday 26 November 2026, 10:30 in New York.
NOW = datetime(2026, 11, 26, 10, 30, tzinfo=NY)


def when(text: str, **kw: object) -> datetime:
    return parse_when(text, now=NOW, tz_name="America/New_York", **kw)  # type: ignore[arg-type]


def test_iso_date_is_midnight_in_the_users_zone() -> None:
    assert when("2026-03-04") == datetime(2026, 3, 4, 0, 0, tzinfo=NY)


def test_iso_date_takes_the_default_time() -> None:
    assert when("2026-03-04", default_time=time(9)) == datetime(2026, 3, 4, 9, 0, tzinfo=NY)


def test_iso_datetime_without_offset_is_local() -> None:
    assert when("2026-03-04 14:00") == datetime(2026, 3, 4, 14, 0, tzinfo=NY)


def test_iso_datetime_with_offset_keeps_it() -> None:
    parsed = when("2026-03-04T14:00+00:00")
    assert parsed.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert parsed.astimezone(NY).hour == 9


def test_weekday_name_means_the_next_one_never_today() -> None:
    assert when("friday").date().isoformat() == "2026-11-27"
    assert when("thursday").date().isoformat() == "2026-12-03"


def test_words_with_a_clock_time() -> None:
    assert when("tomorrow 9am") == datetime(2026, 11, 27, 9, 0, tzinfo=NY)
    assert when("today 2:30pm") == datetime(2026, 11, 26, 14, 30, tzinfo=NY)
    assert when("monday 12am") == datetime(2026, 11, 30, 0, 0, tzinfo=NY)


def test_relative_offsets() -> None:
    assert when("+3d") == datetime(2026, 11, 29, 10, 30, tzinfo=NY)
    assert when("-1w").date().isoformat() == "2026-11-19"
    assert when("+4h").hour == 14


def test_now_is_now() -> None:
    assert when("now") == NOW


@pytest.mark.parametrize("bad", ["", "someday", "2026-13-01", "tomorrow 25:00", "friday noonish"])
def test_unreadable_times_say_what_works(bad: str) -> None:
    with pytest.raises(WhenError, match="try|not a time"):
        when(bad)


def test_unknown_zone_is_named() -> None:
    with pytest.raises(WhenError, match="Mars/Olympus"):
        parse_when("today", now=NOW, tz_name="Mars/Olympus")
