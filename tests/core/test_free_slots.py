"""Free times to offer: working hours and days, busy times, both sides' days off, both clocks, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.core.free_slots import (
    FreeSlotError,
    SlotSearch,
    country_of_location,
    country_of_zone,
    day_words,
    find_free_slots,
    format_work_days,
    format_work_hours,
    is_day_off,
    parse_work_days,
    parse_work_hours,
    weekend_of,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
RIYADH = ZoneInfo("Asia/Riyadh")
TOKYO = ZoneInfo("Asia/Tokyo")
AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
THURSDAY = datetime(2026, 11, 12, 15, 0, tzinfo=UTC)


def search(**given: object) -> SlotSearch:
    values: dict[str, object] = {"now": THURSDAY, "minutes": 20, "your_zone": LONDON}
    values.update(given)
    return SlotSearch(**values)  # type: ignore[arg-type]


def local(slot_time: datetime, tz: ZoneInfo) -> datetime:
    return slot_time.astimezone(tz)


# -- the settings' text ----------------------------------------------------------------------------------


def test_work_hours_read_and_written_back() -> None:
    assert parse_work_hours("09:00-17:00") == (time(9), time(17))
    assert parse_work_hours(" 8:30 - 12:15 ") == (time(8, 30), time(12, 15))
    assert format_work_hours(parse_work_hours("8:30-12:15")) == "08:30-12:15"


@pytest.mark.parametrize("text", ["9-5", "17:00-09:00", "09:00-09:00", "24:00-25:00", "09:60-10:00", "", "nine to five"])
def test_work_hours_refused(text: str) -> None:
    with pytest.raises(FreeSlotError):
        parse_work_hours(text)


@pytest.mark.parametrize(("text", "days", "stored"), [
    ("mon-fri", {0, 1, 2, 3, 4}, "mon-fri"),
    ("mon,tue,thu", {0, 1, 3}, "mon,tue,thu"),
    ("Sun-Thu", {6, 0, 1, 2, 3}, "mon-thu,sun"),
    ("fri-mon", {4, 5, 6, 0}, "mon,fri-sun"),
    ("monday, wednesday friday", {0, 2, 4}, "mon,wed,fri"),
    ("mon-sun", set(range(7)), "mon-sun"),
])
def test_work_days_read_and_written_back(text: str, days: set[int], stored: str) -> None:
    assert parse_work_days(text) == days
    assert format_work_days(days) == stored
    assert parse_work_days(stored) == days


@pytest.mark.parametrize("text", ["", "mon-funday", "weekdays", ","])
def test_work_days_refused(text: str) -> None:
    with pytest.raises(FreeSlotError):
        parse_work_days(text)


def test_day_words() -> None:
    assert day_words({4, 5}) == "Friday and Saturday"
    assert day_words({0, 2, 4}) == "Monday, Wednesday and Friday"
    assert day_words({6}) == "Sunday"


# -- countries and weekends ----------------------------------------------------------------------------------


def test_weekends_come_from_the_holidays_library() -> None:
    import holidays

    assert weekend_of("SA") == frozenset(holidays.country_holidays("SA", years=2026).weekend) == {4, 5}
    assert weekend_of("AE") == frozenset(holidays.country_holidays("AE", years=2026).weekend)
    assert weekend_of("US") == {5, 6}
    assert weekend_of(None) == {5, 6}


def test_days_off_include_public_holidays() -> None:
    assert is_day_off(date(2026, 11, 26), "US")  # Thanksgiving
    assert not is_day_off(date(2026, 11, 26), "GB")
    assert is_day_off(date(2026, 11, 13), "SA")  # a Friday
    assert not is_day_off(date(2026, 11, 15), "SA")  # a Sunday, a working day there


def test_country_of_zone_and_location() -> None:
    assert country_of_zone("Asia/Dubai") == "AE"
    assert country_of_zone("America/Chicago") == "US"
    assert country_of_zone("UTC") is None
    assert country_of_zone("") is None
    assert country_of_location("Dubai, United Arab Emirates") == "AE"
    assert country_of_location("London, UK") == "GB"
    assert country_of_location("Riyadh, SA") == "SA"
    assert country_of_location("Greater Boston Area") is None
    assert country_of_location("Berlin, germany") == "DE"
    assert country_of_location("") is None


# -- the search ---------------------------------------------------------------------------------------


def test_three_times_on_three_days_from_a_day_ahead() -> None:
    found = find_free_slots(search())
    starts = [local(s.start, LONDON) for s in found.slots]
    # Thursday 15:00 + 24 hours = Friday 15:00; then Monday and Tuesday mornings (the weekend is skipped).
    assert starts == [datetime(2026, 11, 13, 15, 0, tzinfo=LONDON), datetime(2026, 11, 16, 9, 0, tzinfo=LONDON),
                      datetime(2026, 11, 17, 9, 0, tzinfo=LONDON)]
    assert all(s.end - s.start == timedelta(minutes=20) for s in found.slots)
    assert found.notes == ()


def test_busy_times_are_avoided() -> None:
    busy = [(datetime(2026, 11, 13, 15, 0, tzinfo=UTC), datetime(2026, 11, 13, 16, 10, tzinfo=UTC)),
            (datetime(2026, 11, 16, 8, 0, tzinfo=UTC), datetime(2026, 11, 16, 12, 0, tzinfo=UTC))]
    found = find_free_slots(search(busy=busy))
    starts = [local(s.start, LONDON).replace(tzinfo=None) for s in found.slots]
    assert starts == [datetime(2026, 11, 13, 16, 30), datetime(2026, 11, 16, 12, 0), datetime(2026, 11, 17, 9, 0)]


def test_a_slot_must_end_inside_working_hours() -> None:
    found = find_free_slots(search(minutes=60, work_hours=(time(9), time(16, 30))))
    # Friday from 15:00: 15:00-16:00 fits, 15:30-16:30 too, 16:00 would end after 16:30.
    assert local(found.slots[0].start, LONDON).time() == time(15, 0)
    for slot in found.slots:
        assert local(slot.end, LONDON).time() <= time(16, 30)


def test_working_days_and_your_holidays() -> None:
    # Christmas week 2026 in Britain: 25 (Fri) and 28 (Mon, Boxing Day observed) are bank holidays.
    now = datetime(2026, 12, 23, 12, 0, tzinfo=UTC)
    found = find_free_slots(search(now=now, your_country="GB", work_days=parse_work_days("mon,tue,thu,fri")))
    days = [local(s.start, LONDON).date() for s in found.slots]
    assert days == [date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 31)]


def test_their_weekend_is_avoided_in_their_zone() -> None:
    found = find_free_slots(search(their_zone=RIYADH, their_country="SA"))
    assert len(found.slots) == 3
    for slot in found.slots:
        assert local(slot.start, RIYADH).weekday() not in (4, 5)
    # Friday the 13th would be free for you: it is their weekend.
    assert date(2026, 11, 13) not in {local(s.start, LONDON).date() for s in found.slots}


def test_their_public_holiday_is_avoided() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # Wednesday before Thanksgiving
    found = find_free_slots(search(now=now, their_zone=NEW_YORK, their_country="US"))
    days = [local(s.start, NEW_YORK).date() for s in found.slots]
    assert date(2026, 11, 26) not in days
    assert days[0] == date(2026, 11, 27)


def test_their_days_off_judged_on_your_dates_when_their_zone_is_unknown() -> None:
    found = find_free_slots(search(their_country="SA"))
    assert all(local(s.start, LONDON).weekday() not in (4, 5) for s in found.slots)
    assert all(s.in_their_hours for s in found.slots)  # nothing to judge their hours by


def test_times_inside_both_clocks_when_possible() -> None:
    found = find_free_slots(search(your_zone=LOS_ANGELES, their_zone=TOKYO, their_country="JP", your_country="US"))
    assert len(found.slots) == 3 and found.all_in_their_hours and found.notes == ()
    for slot in found.slots:
        theirs = local(slot.start, TOKYO)
        assert time(8) <= theirs.time() and local(slot.end, TOKYO).time() <= time(19)
        assert theirs.weekday() < 5
        assert time(9) <= local(slot.start, LOS_ANGELES).time() < time(17)


def test_no_shared_hours_falls_back_to_yours_and_says_so() -> None:
    # 09:00-10:00 in London is 22:00-23:00 in Auckland in November: never inside 08:00-19:00 there.
    found = find_free_slots(search(work_hours=(time(9), time(10)), their_zone=AUCKLAND, their_country="NZ"))
    assert len(found.slots) == 3
    assert not any(s.in_their_hours for s in found.slots)
    assert any("your working hours only" in note and "No free time" in note for note in found.notes)


def test_some_shared_hours_are_used_first_and_the_rest_is_noted() -> None:
    # From Friday 15:00 with only Friday and Monday open: one slot fits Tokyo's evening at 09:00-09:20 London
    # only on Monday morning; the Friday afternoon ones are 00:00 in Tokyo.
    found = find_free_slots(search(their_zone=TOKYO, their_country="JP", horizon_days=4,
                                   work_hours=(time(9), time(17))))
    inside = [s for s in found.slots if s.in_their_hours]
    assert inside and len(found.slots) == 3 and len(inside) < 3
    assert any("their time; the others are in your working hours only" in note for note in found.notes)


def test_nothing_free_says_so() -> None:
    busy = [(THURSDAY, THURSDAY + timedelta(days=30))]
    found = find_free_slots(search(busy=busy))
    assert found.slots == ()
    assert any("No free time of 20 minutes" in note for note in found.notes)


def test_one_day_only_spreads_the_times_over_that_day() -> None:
    now = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)  # a Monday morning; only Monday left in the horizon
    found = find_free_slots(search(now=now, notice_hours=0, horizon_days=1))
    starts = [local(s.start, LONDON).time() for s in found.slots]
    assert starts == [time(9, 0), time(11, 30), time(14, 0)]  # two hours apart, end to start
    for first, second in zip(found.slots, found.slots[1:], strict=False):
        assert first.end < second.start
    # A short day: 09:00-10:30 still holds three 20-minute times, none touching the next.
    short = find_free_slots(search(now=now, notice_hours=0, horizon_days=1, work_hours=(time(9), time(10, 30))))
    assert [local(s.start, LONDON).time() for s in short.slots] == [time(9, 0), time(9, 30), time(10, 0)]


def test_starts_on_the_hour_or_half_hour() -> None:
    found = find_free_slots(search(now=datetime(2026, 11, 12, 15, 7, tzinfo=UTC), work_hours=(time(9, 10), time(17))))
    for slot in found.slots:
        assert local(slot.start, LONDON).minute in (0, 30)
        assert local(slot.start, LONDON).time() >= time(9, 10)


def test_a_naive_now_and_silly_lengths_are_refused() -> None:
    with pytest.raises(FreeSlotError):
        find_free_slots(search(now=datetime(2026, 11, 12, 15)))
    with pytest.raises(FreeSlotError):
        find_free_slots(search(minutes=0))
    with pytest.raises(FreeSlotError):
        find_free_slots(search(count=0))


# -- daylight saving -----------------------------------------------------------------------------------


def test_spring_forward_night_has_no_missing_wall_time_and_keeps_the_length() -> None:
    # 8 March 2026 in New York: 02:00-02:59 never happens. Work hours cross it.
    now = datetime(2026, 3, 8, 5, 0, tzinfo=UTC)  # 00:00 EST
    found = find_free_slots(search(now=now, your_zone=NEW_YORK, notice_hours=0, horizon_days=1, minutes=60,
                                   work_hours=(time(1, 0), time(4, 0)), work_days=parse_work_days("mon-sun"),
                                   count=5))
    assert found.slots
    for slot in found.slots:
        assert slot.end - slot.start == timedelta(minutes=60)
        start = local(slot.start, NEW_YORK)
        assert not (start.date() == date(2026, 3, 8) and start.hour == 2)
        assert local(slot.end, NEW_YORK).time() <= time(4, 0)
    first = local(found.slots[0].start, NEW_YORK)
    assert first.replace(tzinfo=None) == datetime(2026, 3, 8, 1, 0)
    assert local(found.slots[0].end, NEW_YORK).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 0)


def test_their_clock_change_moves_their_hours() -> None:
    # London changes clocks on 29 March 2026, New York on 8 March: in between the gap is 4 hours, not 5.
    now = datetime(2026, 3, 16, 0, 0, tzinfo=UTC)
    found = find_free_slots(search(now=now, notice_hours=0, their_zone=NEW_YORK, their_country="US",
                                   work_hours=(time(9), time(17))))
    for slot in found.slots:
        assert local(slot.start, NEW_YORK).time() >= time(8)
        assert local(slot.start, LONDON).time() >= time(12)  # 08:00 EDT is 12:00 GMT that week
    assert local(found.slots[0].start, LONDON).time() == time(12, 0)


# -- properties ----------------------------------------------------------------------------------------

ZONES = [LONDON, NEW_YORK, RIYADH, TOKYO, AUCKLAND, LOS_ANGELES, ZoneInfo("Asia/Kolkata"), ZoneInfo("UTC"),
         ZoneInfo("Australia/Lord_Howe"), ZoneInfo("America/Sao_Paulo")]
COUNTRIES = ["US", "GB", "SA", "AE", "JP", "NZ", "IN", "IL", None]


@st.composite
def searches(draw: st.DrawFn) -> SlotSearch:
    now = draw(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(UTC)))
    your_zone = draw(st.sampled_from(ZONES))
    their_zone = draw(st.one_of(st.none(), st.sampled_from(ZONES)))
    open_minutes = draw(st.integers(0, 22 * 60))
    close_minutes = draw(st.integers(open_minutes + 30, min(open_minutes + 12 * 60, 23 * 60 + 59)))
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    busy = []
    for _ in range(draw(st.integers(0, 12))):
        start = now + timedelta(minutes=draw(st.integers(0, 14 * 24 * 60)))
        busy.append((start, start + timedelta(minutes=draw(st.integers(1, 600)))))
    return SlotSearch(
        now=now, minutes=draw(st.sampled_from([15, 20, 30, 45, 60])), your_zone=your_zone, their_zone=their_zone,
        your_country=draw(st.sampled_from(COUNTRIES)), their_country=draw(st.sampled_from(COUNTRIES)),
        work_hours=(time(open_minutes // 60, open_minutes % 60), time(close_minutes // 60, close_minutes % 60)),
        work_days=days, busy=busy, notice_hours=draw(st.sampled_from([0, 12, 24, 48])),
    )


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(searches())
def test_every_offer_keeps_every_rule(case: SlotSearch) -> None:
    found = find_free_slots(case)
    slots = found.slots
    assert len(slots) <= case.count
    assert list(slots) == sorted(slots, key=lambda s: s.start)
    open_at, close_at = case.work_hours
    for index, slot in enumerate(slots):
        assert slot.end - slot.start == timedelta(minutes=case.minutes)
        assert slot.start >= case.now + timedelta(hours=case.notice_hours)
        assert slot.end <= case.now + timedelta(days=case.horizon_days)
        assert not any(slot.start < end and start < slot.end for start, end in case.busy)
        mine_start, mine_end = local(slot.start, case.your_zone), local(slot.end, case.your_zone)
        assert mine_start.minute in (0, 30) and mine_start.second == 0
        assert open_at <= mine_start.time() and mine_end.time() <= close_at and mine_end.date() == mine_start.date()
        assert mine_start.weekday() in case.work_days
        if case.your_country:
            from coffeechat.core.clock import is_holiday

            assert not is_holiday(mine_start.date(), case.your_country)
        if case.their_zone is not None:
            for moment in (slot.start, slot.end):
                assert not is_day_off(local(moment, case.their_zone).date(), case.their_country)
            theirs = local(slot.start, case.their_zone), local(slot.end, case.their_zone)
            inside = theirs[0].date() == theirs[1].date() and time(8) <= theirs[0].time() and theirs[1].time() <= time(19)
            assert slot.in_their_hours == inside
        for other in slots[index + 1:]:
            assert slot.end < other.start or other.end < slot.start
    # Times inside their hours come first: a time outside them appears only when too few inside exist.
    if any(not s.in_their_hours for s in slots):
        assert found.notes
