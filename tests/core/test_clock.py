from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.clock import (
    business_days_after,
    business_days_between,
    is_business_day,
    is_holiday,
    local_date,
    local_datetime,
)

NY = ZoneInfo("America/New_York")
# November 2026: Monday the 23rd, Thanksgiving on Thursday the 26th, Saturday the 28th.
MON, TUE, WED, THANKSGIVING, FRI, SAT, SUN = (date(2026, 11, d) for d in range(23, 30))
NEXT_MON = date(2026, 11, 30)


def test_friday_plus_one_business_day_is_monday() -> None:
    assert business_days_after(FRI, 1, None) == NEXT_MON


@pytest.mark.parametrize("weekend_day", [SAT, SUN])
def test_a_weekend_start_counts_from_the_next_monday(weekend_day: date) -> None:
    assert business_days_after(weekend_day, 1, None) == NEXT_MON
    assert business_days_after(weekend_day, 3, None) == date(2026, 12, 2)


def test_the_start_day_itself_is_never_counted() -> None:
    assert business_days_after(MON, 1, None) == TUE
    assert business_days_after(MON, 0, None) == MON


def test_without_a_country_only_weekends_are_skipped() -> None:
    assert business_days_after(MON, 3, None) == THANKSGIVING


def test_a_us_holiday_inside_the_window_pushes_the_date_back() -> None:
    assert business_days_after(MON, 3, "US") == FRI
    assert business_days_after(TUE, 3, "US") == NEXT_MON
    assert business_days_after(WED, 1, "US") == FRI


def test_country_codes_are_read_in_any_case() -> None:
    assert business_days_after(MON, 3, "us") == FRI


def test_the_holidays_of_another_country_do_not_apply() -> None:
    assert business_days_after(MON, 3, "GB") == THANKSGIVING
    # Boxing Day 2026 is a Saturday in the UK, observed on Monday 28 December.
    assert not is_business_day(date(2026, 12, 28), "GB")
    assert is_business_day(date(2026, 12, 28), "US")


def test_a_subdivision_adds_its_own_holidays() -> None:
    # Patriots' Day (third Monday of April) is a holiday in Massachusetts only.
    patriots_day = date(2026, 4, 20)
    assert is_business_day(patriots_day, "US")
    assert not is_business_day(patriots_day, "US", "MA")
    assert business_days_after(date(2026, 4, 17), 1, "US", "MA") == date(2026, 4, 21)


def test_negative_counts_go_backwards() -> None:
    assert business_days_after(NEXT_MON, -1, "US") == FRI
    assert business_days_after(FRI, -1, "US") == WED


def test_is_business_day() -> None:
    assert is_business_day(WED, "US")
    assert not is_business_day(THANKSGIVING, "US")
    assert is_business_day(THANKSGIVING, None)
    assert not is_business_day(SAT, None)
    assert not is_business_day(SUN, "US")
    # Independence Day 2026 falls on a Saturday; the Friday before is the day off.
    assert not is_business_day(date(2026, 7, 3), "US")
    assert is_holiday(date(2026, 7, 3), "US")
    assert not is_holiday(date(2026, 7, 3), None)


def test_unknown_country_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="'XX'"):
        business_days_after(MON, 3, "XX")


def test_unknown_subdivision_is_named() -> None:
    with pytest.raises(ValueError, match="'ZZ'"):
        is_business_day(MON, "US", "ZZ")


@pytest.mark.parametrize("country", [None, "US", "GB"])
def test_between_is_the_inverse_of_after(country: str | None) -> None:
    # Every start day of a month that crosses Christmas and New Year, every count up to three weeks.
    for offset in range(40):
        start = date(2026, 12, 1) + timedelta(days=offset)
        for n in range(16):
            end = business_days_after(start, n, country)
            assert business_days_between(start, end, country) == n, (start, n)


def test_between_counts_business_days_after_start_through_end() -> None:
    assert business_days_between(MON, NEXT_MON, None) == 5
    assert business_days_between(MON, NEXT_MON, "US") == 4
    assert business_days_between(SAT, SUN, "US") == 0
    assert business_days_between(MON, MON, "US") == 0
    assert business_days_between(NEXT_MON, MON, "US") == -4


def test_between_over_a_long_span_counts_every_year_holidays() -> None:
    # 2026 has 261 weekdays; 11 US holidays fall on a weekday (plus observed Independence Day on Friday).
    assert business_days_between(date(2025, 12, 31), date(2026, 12, 31), None) == 261
    assert business_days_between(date(2025, 12, 31), date(2026, 12, 31), "US") == 261 - 11


def test_holiday_calendars_are_built_once_per_country_and_year() -> None:
    # Speed is measured in bench/, not here; this checks the cache that makes it fast is used.
    from coffeechat.core import clock

    clock._holidays_in.cache_clear()
    for offset in range(2_000):
        business_days_after(date(2026, 1, 1) + timedelta(days=offset % 300), 7, "US")
    info = clock._holidays_in.cache_info()
    assert info.misses <= 3 and info.hits > 1_000


def test_local_date_is_the_users_calendar_day() -> None:
    # 03:00 UTC on the 27th is still the evening of the 26th in New York.
    moment = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    assert local_date(moment, "America/New_York") == THANKSGIVING
    assert local_date(moment, "UTC") == FRI
    assert local_date(moment, "Asia/Tokyo") == FRI


def test_local_date_across_the_november_dst_change() -> None:
    # On 1 November 2026 New York falls back from UTC-4 to UTC-5 at 06:00 UTC.
    assert local_date(datetime(2026, 11, 1, 3, 30, tzinfo=UTC), "America/New_York") == date(2026, 10, 31)
    assert local_date(datetime(2026, 11, 1, 4, 30, tzinfo=UTC), "America/New_York") == date(2026, 11, 1)
    assert local_date(datetime(2026, 11, 2, 4, 30, tzinfo=UTC), "America/New_York") == date(2026, 11, 1)
    assert local_date(datetime(2026, 11, 2, 5, 0, tzinfo=UTC), "America/New_York") == date(2026, 11, 2)


def test_local_date_across_the_march_dst_change() -> None:
    # On 8 March 2026 New York springs forward from UTC-5 to UTC-4.
    assert local_date(datetime(2026, 3, 8, 4, 59, tzinfo=UTC), "America/New_York") == date(2026, 3, 7)
    assert local_date(datetime(2026, 3, 8, 5, 0, tzinfo=UTC), "America/New_York") == date(2026, 3, 8)
    assert local_date(datetime(2026, 3, 9, 3, 59, tzinfo=UTC), "America/New_York") == date(2026, 3, 8)
    assert local_date(datetime(2026, 3, 9, 4, 0, tzinfo=UTC), "America/New_York") == date(2026, 3, 9)


def test_local_datetime_shows_the_users_wall_clock() -> None:
    shown = local_datetime(datetime(2026, 11, 27, 3, 0, tzinfo=UTC), "America/New_York")
    assert (shown.hour, shown.tzinfo) == (22, NY)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        local_date(datetime(2026, 11, 27, 3, 0), "UTC")


def test_unknown_time_zone_is_named() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        local_date(datetime(2026, 11, 27, 3, 0, tzinfo=UTC), "Mars/Olympus")
