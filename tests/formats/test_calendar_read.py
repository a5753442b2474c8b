"""Reading the user's own calendar: Google, Outlook and Apple exports, zones, series, all-day, answers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coffeechat.formats.calendar_read import CalendarReadError, Occurrence, read_occurrences
from coffeechat.formats.ical import Invitation, build_invitation

FIXTURES = Path(__file__).parent.parent / "fixtures" / "calendar"
START = datetime(2026, 11, 10, tzinfo=UTC)
END = datetime(2026, 12, 31, tzinfo=UTC)
ME = "sam.student@example.edu"


def _read(name: str, *, zone: str = "America/New_York", start: datetime = START,
          end: datetime = END) -> list[Occurrence]:
    return read_occurrences((FIXTURES / name).read_bytes(), start=start, end=end, zone=zone, my_addresses=[ME])


def _by_summary(occurrences: list[Occurrence]) -> dict[str, list[Occurrence]]:
    found: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        found.setdefault(occurrence.summary, []).append(occurrence)
    return found


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_google_export_zones_series_exceptions_and_all_day() -> None:
    found = _by_summary(_read("google.ics"))
    (study,) = found["Study group"]
    assert (study.start, study.end) == (_utc("2026-11-16 19:00"), _utc("2026-11-16 20:00"))  # 14:00 EST
    assert study.recurrence_id == "" and study.busy and not study.all_day
    seminar = found["Statistics seminar"]
    # Weekly on Tuesdays until mid-December, 24 November skipped (EXDATE), 1 December moved (own entry).
    assert [item.start for item in seminar] == [_utc("2026-11-17 15:00"), _utc("2026-12-08 15:00")]
    (moved,) = found["Statistics seminar (moved to the afternoon)"]
    assert moved.start == _utc("2026-12-01 18:00")
    assert moved.recurrence_id == "20261201T150000Z"  # the original start, in UTC
    assert {item.uid for item in seminar} == {moved.uid}
    assert len({item.key for item in [*seminar, moved]}) == 3
    (holiday,) = found["Thanksgiving"]
    assert holiday.all_day and not holiday.busy  # TRANSP:TRANSPARENT
    assert (holiday.start, holiday.end) == (_utc("2026-11-26 00:00"), _utc("2026-11-27 00:00"))
    (club,) = found["Club meeting"]
    assert club.cancelled and not club.busy and club.sequence == 2


def test_an_accepted_invite_names_its_people_and_the_users_answer() -> None:
    (coffee,) = _by_summary(_read("google.ics"))["Coffee chat with Dana"]
    assert coffee.organizer == "dana.reyes@tribune.example"  # lower case, without mailto:
    assert coffee.attendees == ("dana.reyes@tribune.example", ME)
    assert coffee.people == ("dana.reyes@tribune.example", ME)
    assert coffee.my_status == "ACCEPTED" and coffee.busy


def test_outlook_windows_zone_free_status_and_a_pending_invite() -> None:
    found = _by_summary(_read("outlook.ics"))
    team = found["Team meeting"]
    # W. Europe Standard Time (its own VTIMEZONE): 09:00 is 08:00 UTC in November; daily, five times.
    assert [item.start for item in team] == [_utc(f"2026-11-{day} 08:00") for day in (16, 17, 18, 19, 20)]
    assert all(item.recurrence_id for item in team)
    (lunch,) = found["Lunch (free)"]
    assert not lunch.busy  # X-MICROSOFT-CDO-BUSYSTATUS:FREE
    (away,) = found["Out of office"]
    assert away.all_day and away.busy
    (interview,) = found["Informational interview: Priya Natarajan"]
    assert interview.my_status == "NEEDS-ACTION"  # the address is matched whatever its case
    assert interview.organizer == "priya@institute.example"


def test_apple_declined_duration_floating_and_multi_day() -> None:
    found = _by_summary(_read("apple.ics", zone="America/Chicago"))
    (dentist,) = found["Dentist"]
    assert dentist.start == _utc("2026-11-16 11:00")  # Europe/London in winter
    (call,) = found["Call with the careers office"]
    assert call.my_status == "DECLINED" and not call.busy  # declined: not busy
    assert call.end - call.start == _utc("2026-11-17 00:45") - _utc("2026-11-17 00:00")  # DURATION:PT45M
    assert call.sequence == 3
    (floating,) = found["Floating-time reading hour"]
    assert floating.start == _utc("2026-11-19 15:00")  # 09:00 floating, read in the user's zone (CST)
    (weekend,) = found["Weekend away"]
    assert (weekend.start, weekend.end) == (_utc("2026-11-21 00:00"), _utc("2026-11-23 00:00"))


def test_the_window_is_respected_and_the_order_is_by_start() -> None:
    found = _read("outlook.ics", start=_utc("2026-11-18 00:00"), end=_utc("2026-11-19 00:00"))
    assert [item.summary for item in found] == ["Team meeting", "Informational interview: Priya Natarajan"]
    everything = _read("google.ics")
    assert [item.start for item in everything] == sorted(item.start for item in everything)


def test_coffeechat_own_invite_reads_back() -> None:
    start = datetime(2026, 11, 20, 19, 0, tzinfo=UTC)
    invite = build_invitation(Invitation(
        uid="abc@coffeechat", start=start, end=datetime(2026, 11, 20, 19, 20, tzinfo=UTC), summary="Coffee chat",
        organizer_email=ME, organizer_name="Sam", attendee_email="Dana@Tribune.example", attendee_name="Dana",
        description="", sequence=2, dtstamp=START,
    ))
    (occurrence,) = read_occurrences(invite, start=START, end=END)
    assert occurrence.uid == "abc@coffeechat" and occurrence.sequence == 2 and occurrence.start == start
    assert occurrence.people == (ME, "dana@tribune.example")
    assert occurrence.my_status == ""  # no address of the user's was given


def _calendar(*lines: str) -> str:
    return "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR", ""])


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"),
    ("hello, this is not a calendar", "line 1"),
    ("BEGIN:VCARD\nFN:Dana\nEND:VCARD\n", "expected BEGIN:VCALENDAR"),
    (_calendar("BEGIN:VEVENT", "UID:x", "DTSTART:20261120T100000Z"), "line 7: END:VCALENDAR closes BEGIN:VEVENT of line 4"),
    (_calendar("BEGIN:VEVENT", "UID:x", "this line has no colon", "END:VEVENT"), "line 6"),
    (_calendar("BEGIN:VEVENT", "UID:x", "DTSTART:tomorrow", "END:VEVENT"), "DTSTART cannot be read"),
    (_calendar("BEGIN:VEVENT", "DTSTART:20261120T100000Z", "SUMMARY:Lost", "END:VEVENT"), "event 'Lost' has no UID"),
    (_calendar("BEGIN:VEVENT", "UID:nostart", "SUMMARY:Vague", "END:VEVENT"), "has no start"),
    ("BEGIN:VCALENDAR\nVERSION:2.0\n", "never closed"),
])
def test_bad_text_is_one_clear_error(text: str, words: str) -> None:
    with pytest.raises(CalendarReadError) as raised:
        read_occurrences(text, start=START, end=END)
    assert words in str(raised.value)


def test_utf8_bom_and_windows_text_are_read() -> None:
    text = _calendar("BEGIN:VEVENT", "UID:caf", "DTSTART:20261120T100000Z", "DTEND:20261120T110000Z",
                     "SUMMARY:Café", "END:VEVENT")
    assert read_occurrences(b"\xef\xbb\xbf" + text.encode(), start=START, end=END)[0].summary == "Café"
    assert read_occurrences(text.encode("cp1252"), start=START, end=END)[0].summary == "Café"


def test_naive_window_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        read_occurrences(_calendar(), start=datetime(2026, 11, 1), end=END)  # naive: the point of the test
