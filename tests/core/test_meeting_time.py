"""Placing a meeting in the contact's wall time and reading it from the user's zone, DST included."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.meeting_time import (
    MeetingTimeError,
    WallTime,
    Which,
    classify_wall_time,
    parse_wall_time,
    place_meeting,
    render,
    validate_zone,
)

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")


def test_new_york_afternoon_is_los_angeles_morning() -> None:
    meeting = place_meeting("2026-03-04 14:00", "America/New_York", "America/Los_Angeles")
    assert meeting.start == datetime(2026, 3, 4, 14, 0, tzinfo=NY)
    assert meeting.start.tzinfo == NY
    assert meeting.start_for_user == datetime(2026, 3, 4, 11, 0, tzinfo=LA)
    assert meeting.start_for_user.hour == 11
    assert meeting.end_for_user.hour == 11 and meeting.end_for_user.minute == 20
    assert meeting.for_contact() == "Wed 4 Mar 2026 14:00-14:20 EST"
    assert meeting.for_user() == "Wed 4 Mar 2026 11:00-11:20 PST"


def test_default_length_is_twenty_minutes_and_can_be_changed() -> None:
    assert place_meeting("2026-03-04 14:00", "America/New_York", "UTC").minutes == 20
    meeting = place_meeting("2026-03-04 14:00", "America/New_York", "UTC", minutes=30)
    assert meeting.minutes == 30
    assert meeting.end == datetime(2026, 3, 4, 14, 30, tzinfo=NY)


@pytest.mark.parametrize("minutes", [0, -5, 481])
def test_unreasonable_lengths_are_refused(minutes: int) -> None:
    with pytest.raises(MeetingTimeError, match="minutes"):
        place_meeting("2026-03-04 14:00", "America/New_York", "UTC", minutes=minutes)


def test_a_naive_datetime_is_accepted_and_an_aware_one_refused() -> None:
    meeting = place_meeting(datetime(2026, 3, 4, 9, 0), "Europe/London", "Asia/Tokyo")
    assert meeting.for_user() == "Wed 4 Mar 2026 18:00-18:20 JST"
    with pytest.raises(MeetingTimeError, match="without a zone"):
        place_meeting(datetime(2026, 3, 4, 9, 0, tzinfo=UTC), "Europe/London", "Asia/Tokyo")


def test_a_slot_crossing_midnight_for_the_user_is_written_in_full() -> None:
    meeting = place_meeting("2026-03-04 23:50", "Europe/London", "Europe/London")
    assert meeting.for_user() == "Wed 4 Mar 2026 23:50 GMT - Thu 5 Mar 2026 00:10 GMT"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "EST-ish", "", "../etc/passwd"])
def test_unknown_zones_are_named_in_the_error(name: str) -> None:
    with pytest.raises(MeetingTimeError, match="IANA"):
        validate_zone(name)
    with pytest.raises(MeetingTimeError, match="IANA"):
        place_meeting("2026-03-04 14:00", "America/New_York", name)


def test_zone_names_around_spaces_are_accepted() -> None:
    assert validate_zone(" Europe/Paris ") == ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("next tuesday", "2026-03-04 14:00"),
        ("2026-03-04", "no time of day"),
        ("2026-03-04T14:00-05:00", "offset"),
    ],
)
def test_wall_times_that_cannot_be_read(text: str, says: str) -> None:
    with pytest.raises(MeetingTimeError, match=says):
        parse_wall_time(text)


def test_wall_time_forms() -> None:
    assert parse_wall_time("2026-03-04T14:00") == datetime(2026, 3, 4, 14, 0)
    assert parse_wall_time(" 2026-03-04 14:00:30 ") == datetime(2026, 3, 4, 14, 0, 30)


class TestDaylightSaving:
    def test_classify(self) -> None:
        assert classify_wall_time(datetime(2026, 3, 8, 2, 30), NY) is WallTime.NONEXISTENT
        assert classify_wall_time(datetime(2026, 11, 1, 1, 30), NY) is WallTime.AMBIGUOUS
        assert classify_wall_time(datetime(2026, 3, 8, 3, 0), NY) is WallTime.OK
        assert classify_wall_time(datetime(2026, 3, 8, 1, 59), NY) is WallTime.OK
        assert classify_wall_time(datetime(2026, 11, 1, 2, 0), NY) is WallTime.OK

    def test_a_time_in_the_spring_gap_is_refused_with_the_way_out(self) -> None:
        with pytest.raises(MeetingTimeError) as caught:
            place_meeting("2026-03-08 02:30", "America/New_York", "America/Los_Angeles")
        message = str(caught.value)
        assert "does not exist" in message and "from 02:00 to 03:00" in message

    def test_europe_gap(self) -> None:
        with pytest.raises(MeetingTimeError, match="from 02:00 to 03:00"):
            place_meeting("2026-03-29 02:15", "Europe/Berlin", "UTC")

    def test_an_ambiguous_time_needs_a_choice(self) -> None:
        with pytest.raises(MeetingTimeError, match="happens twice.*EDT.*EST"):
            place_meeting("2026-11-01 01:30", "America/New_York", "UTC")

    def test_earlier_and_later_are_an_hour_apart(self) -> None:
        earlier = place_meeting("2026-11-01 01:30", "America/New_York", "UTC", which=Which.EARLIER)
        later = place_meeting("2026-11-01 01:30", "America/New_York", "UTC", which=Which.LATER)
        assert earlier.start.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
        assert later.start.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)

    def test_a_choice_is_ignored_when_the_time_is_not_ambiguous(self) -> None:
        meeting = place_meeting("2026-03-04 14:00", "America/New_York", "UTC", which=Which.LATER)
        assert meeting.start.astimezone(UTC).hour == 19

    def test_a_call_across_the_change_lasts_its_real_length(self) -> None:
        meeting = place_meeting("2026-11-01 01:50", "America/New_York", "UTC", which=Which.EARLIER)
        assert meeting.minutes == 20
        assert meeting.end.astimezone(UTC) == datetime(2026, 11, 1, 6, 10, tzinfo=UTC)
        assert meeting.for_contact() == "Sun 1 Nov 2026 01:50 EDT - Sun 1 Nov 2026 01:10 EST"

    def test_the_user_zone_can_be_on_the_other_side_of_a_change(self) -> None:
        # 8 March 2026: New York has moved to EDT, London is still on GMT.
        meeting = place_meeting("2026-03-09 10:00", "America/New_York", "Europe/London")
        assert meeting.start_for_user.hour == 14


def test_confirmation_window_is_48_to_24_hours_before() -> None:
    meeting = place_meeting("2026-03-04 14:00", "America/New_York", "America/Los_Angeles")
    opens, closes = meeting.confirm_between()
    assert opens == datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
    assert closes == datetime(2026, 3, 3, 19, 0, tzinfo=UTC)
    with pytest.raises(MeetingTimeError, match="open before"):
        meeting.confirm_between(earliest_hours=12, latest_hours=24)


def test_render_names_day_month_and_abbreviation() -> None:
    assert render(datetime(2026, 7, 1, 16, 5, tzinfo=UTC), NY) == "Wed 1 Jul 2026 12:05 EDT"
