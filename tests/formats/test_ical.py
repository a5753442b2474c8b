"""Calendar invites for conversations: build, move, cancel and publish as a feed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from coffeechat.core.meeting_time import place_meeting
from coffeechat.formats.ical import (
    ActionReminder,
    Invitation,
    InviteError,
    build_feed,
    build_invitation,
    cancelled,
)
from invite_reader import read_invite

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
STAMP = datetime(2026, 2, 20, 17, 0, tzinfo=UTC)


def _invitation(**changes: object) -> Invitation:
    meeting = place_meeting("2026-03-04 14:00", "America/New_York", "America/Los_Angeles")
    fields: dict[str, object] = {
        "uid": "conversation-42@coffeechat.local",
        "start": meeting.start,
        "end": meeting.end,
        "summary": "Coffee chat: Sam Rivera / Dana Whitfield",
        "organizer_email": "sam@example.net",
        "organizer_name": "Sam Rivera",
        "attendee_email": "dana@example.org",
        "attendee_name": "Dana Whitfield",
        "dtstamp": STAMP,
        "description": "20 minutes on data journalism.",
    }
    fields.update(changes)
    return Invitation(**fields)  # type: ignore[arg-type]


def _parse(ics: bytes) -> Calendar:
    calendar = Calendar.from_ical(ics)
    for component in calendar.walk():
        assert component.errors == [], component.errors
    return calendar


def test_los_angeles_user_meeting_new_york_contact_sees_eleven_oclock() -> None:
    ics = build_invitation(_invitation())
    calendar = _parse(ics)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert start.astimezone(LA).hour == 11 and start.astimezone(LA).minute == 0
    assert event.decoded("DTEND").astimezone(LA) == datetime(2026, 3, 4, 11, 20, tzinfo=LA)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    info = read_invite(ics)
    assert info.start.astimezone(LA) == datetime(2026, 3, 4, 11, 0, tzinfo=LA)  # type: ignore[union-attr]


def test_invite_carries_every_property_a_calendar_needs() -> None:
    event = _parse(build_invitation(_invitation())).walk("VEVENT")[0]
    assert str(event["UID"]) == "conversation-42@coffeechat.local"
    assert event.decoded("DTSTAMP") == STAMP
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:sam@example.net"
    assert event["ORGANIZER"].params["CN"] == "Sam Rivera"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:dana@example.org"
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "TRUE")
    alarm = event.walk("VALARM")[0]
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
    assert alarm["DESCRIPTION"]


def test_the_file_uses_crlf_and_the_stamp_in_utc() -> None:
    ics = build_invitation(_invitation(dtstamp=datetime(2026, 2, 20, 12, 0, tzinfo=NY)))
    assert b"\r\nDTSTAMP:20260220T170000Z\r\n" in ics
    assert b"DTSTART;TZID=America/New_York:20260304T140000\r\n" in ics


def test_cancel_sends_method_cancel_status_cancelled_and_the_next_sequence() -> None:
    first = _invitation()
    moved = replace(first, sequence=1)  # as the record keeps it after one move
    ics = build_invitation(cancelled(moved, STAMP + timedelta(days=2)))
    calendar = _parse(ics)
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert (event["STATUS"], event["SEQUENCE"], str(event["UID"])) == ("CANCELLED", 2, moved.uid)
    assert event.walk("VALARM") == []  # no reminder for a call that will not happen


def test_long_descriptions_are_folded_and_unfold_exactly() -> None:
    description = "Questions: " + " ".join(f"question {n} about the newsroom;" for n in range(30))
    ics = build_invitation(_invitation(description=description))
    assert all(len(line) <= 75 for line in ics.split(b"\r\n")), "RFC 5545 lines are at most 75 octets"
    assert b"\r\n " in ics
    event = _parse(ics).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]) == description


def test_non_ascii_names_survive_and_lines_stay_within_75_octets() -> None:
    invite = _invitation(
        attendee_name="Zoë Ångström-Nakamura 中村",
        organizer_name="Siobhán Ní Bhriain",
        summary="Café chat — Zoë / Siobhán " + "é" * 60,
    )
    ics = build_invitation(invite)
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    ics.decode("utf-8")  # folding never splits a character
    event = _parse(ics).walk("VEVENT")[0]
    assert event["ATTENDEE"].params["CN"] == "Zoë Ångström-Nakamura 中村"
    assert event["ORGANIZER"].params["CN"] == "Siobhán Ní Bhriain"
    assert read_invite(ics).summary == invite.summary


def test_a_name_with_a_comma_is_quoted() -> None:
    ics = build_invitation(_invitation(attendee_name="Whitfield, Dana"))
    assert b'CN="Whitfield, Dana"' in ics.replace(b"\r\n ", b"")


def test_utc_times_need_no_vtimezone() -> None:
    invite = _invitation(
        start=datetime(2026, 3, 4, 19, 0, tzinfo=UTC), end=datetime(2026, 3, 4, 19, 20, tzinfo=UTC)
    )
    calendar = _parse(build_invitation(invite))
    assert calendar.walk("VTIMEZONE") == []
    assert b"DTSTART:20260304T190000Z" in calendar.to_ical()


def test_alarm_can_be_changed_or_left_out() -> None:
    event = _parse(build_invitation(_invitation(alarm_minutes=60))).walk("VEVENT")[0]
    assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(hours=-1)
    assert _parse(build_invitation(_invitation(alarm_minutes=None))).walk("VALARM") == []


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"start": datetime(2026, 3, 4, 14, 0)}, "time zone"),
        ({"end": datetime(2026, 3, 4, 13, 0, tzinfo=NY)}, "end after it starts"),
        ({"attendee_email": "dana at example"}, "not an email"),
        ({"uid": " "}, "UID"),
        ({"sequence": -1}, "SEQUENCE"),
        ({"alarm_minutes": -5}, "before the conversation"),
    ],
)
def test_invalid_invites_are_refused(changes: dict[str, object], says: str) -> None:
    with pytest.raises(InviteError, match=says):
        build_invitation(_invitation(**changes))


class TestFeed:
    def _feed(self) -> Calendar:
        reminder = ActionReminder(
            uid="action-7@coffeechat.local",
            day=date(2026, 3, 5),
            summary="Send the thank-you to Dana",
            dtstamp=STAMP,
            description="Mention the FOIA tip.",
        )
        london = _invitation(
            uid="conversation-43@coffeechat.local",
            start=datetime(2026, 6, 24, 10, 0, tzinfo=ZoneInfo("Europe/London")),
            end=datetime(2026, 6, 24, 10, 20, tzinfo=ZoneInfo("Europe/London")),
        )
        return _parse(build_feed([_invitation(), reminder, london], "coffeechat: Sam's conversations"))

    def test_feed_holds_conversations_and_all_day_reminders(self) -> None:
        calendar = self._feed()
        assert "METHOD" not in calendar
        assert calendar["X-WR-CALNAME"] == "coffeechat: Sam's conversations"
        assert calendar["NAME"] == "coffeechat: Sam's conversations"
        events = calendar.walk("VEVENT")
        assert [str(e["UID"]) for e in events] == [
            "conversation-42@coffeechat.local",
            "action-7@coffeechat.local",
            "conversation-43@coffeechat.local",
        ]
        reminder = events[1]
        assert reminder.decoded("DTSTART") == date(2026, 3, 5)
        assert reminder.decoded("DTEND") == date(2026, 3, 6)
        assert reminder["TRANSP"] == "TRANSPARENT"

    def test_feed_has_one_vtimezone_per_zone_and_no_invitation_people(self) -> None:
        calendar = self._feed()
        assert sorted(tz["TZID"] for tz in calendar.walk("VTIMEZONE")) == [
            "America/New_York",
            "Europe/London",
        ]
        for event in calendar.walk("VEVENT"):
            assert "ATTENDEE" not in event and "ORGANIZER" not in event

    def test_an_empty_feed_is_still_a_calendar(self) -> None:
        calendar = _parse(build_feed([], "Empty"))
        assert calendar.walk("VEVENT") == []


