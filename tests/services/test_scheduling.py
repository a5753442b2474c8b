"""Scheduling across time zones, invites that calendars accept, moves, cancels and the private feed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from icalendar import Calendar

from coffeechat.models import Conversation, Touch, UserSetting
from coffeechat.services.logbook import log_sent
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from coffeechat.services.scheduling import (
    SchedulingError,
    all_conversations_ics,
    cancel,
    feed_ics,
    find_conversation,
    invite_ics,
    new_feed_token,
    owner_of_feed,
    revoke_feed_token,
    schedule,
)
from invite_reader import read_invite


@pytest.fixture
def los_angeles(owner):
    set_setting(owner, "timezone", "America/Los_Angeles")
    set_setting(owner, "your_email", "sam@example.edu")
    set_setting(owner, "your_name", "Sam Rivera")
    return owner


@pytest.fixture
def dana(los_angeles):
    return add_person(los_angeles, NewPerson("Dana Reyes", organization="The Tribune", timezone="America/New_York",
                                             emails=("dana@tribune.example",)))


def strict_parse(data: bytes) -> Calendar:
    calendar = Calendar.from_ical(data)
    for component in calendar.walk():
        assert not component.errors, component.errors
    return calendar


@time_machine.travel("2026-02-20 12:00 +0000", tick=False)
def test_a_la_user_meeting_a_ny_contact_sees_both_zones_and_a_valid_invite(los_angeles, dana) -> None:
    done = schedule(los_angeles, dana, "2026-03-04 14:00")
    assert done.moved is False
    assert done.meeting.for_contact() == "Wed 4 Mar 2026 14:00-14:20 EST"
    assert done.meeting.for_user() == "Wed 4 Mar 2026 11:00-11:20 PST"
    conversation = Conversation.objects.owned_by(los_angeles).get()
    assert conversation.scheduled_at == datetime(2026, 3, 4, 19, 0, tzinfo=UTC)
    assert (conversation.timezone, conversation.minutes, conversation.ical_sequence) == ("America/New_York", 20, 0)
    assert conversation.ical_uid.endswith("@coffeechat")
    assert Touch.objects.owned_by(los_angeles).get(kind="scheduled").summary == "Conversation set for 2026-03-04 14:00 EST (20 min)"
    data = invite_ics(los_angeles, conversation)
    calendar = strict_parse(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.hour == 14 and str(start.tzinfo) == "America/New_York"
    assert start.astimezone(__import__("zoneinfo").ZoneInfo("America/Los_Angeles")).hour == 11
    assert str(event["ORGANIZER"]) == "mailto:sam@example.edu" and str(event["ATTENDEE"]) == "mailto:dana@tribune.example"
    assert event.walk("VALARM") and "DTSTAMP" in event and "DTEND" in event


@time_machine.travel("2026-02-20 12:00 +0000", tick=False)
def test_rescheduling_keeps_the_uid_with_sequence_one(los_angeles, dana) -> None:
    first = schedule(los_angeles, dana, "2026-03-04 14:00")
    uid = first.conversation.ical_uid
    again = schedule(los_angeles, dana, "2026-03-05 09:30", minutes=30)
    assert again.moved is True and again.conversation.pk == first.conversation.pk
    info = read_invite(invite_ics(los_angeles, again.conversation))
    assert (info.uid, info.sequence) == (uid, 1)
    assert info.start.hour == 9 and info.start.minute == 30
    assert Conversation.objects.owned_by(los_angeles).count() == 1


@time_machine.travel("2026-02-20 12:00 +0000", tick=False)
def test_cancelling_sends_a_cancel_and_marks_it(los_angeles, dana) -> None:
    done = schedule(los_angeles, dana, "2026-03-04 14:00")
    info = read_invite(cancel(los_angeles, done.conversation))
    assert (info.method, info.status, info.sequence) == ("CANCEL", "CANCELLED", 1)
    conversation = Conversation.objects.get()
    assert conversation.state == "cancelled"
    with pytest.raises(SchedulingError, match="only an upcoming one"):
        cancel(los_angeles, conversation)
    assert read_invite(invite_ics(los_angeles, conversation)).method == "CANCEL"
    # A new time after a cancellation is a new conversation with its own UID.
    fresh = schedule(los_angeles, dana, "2026-03-10 10:00")
    assert fresh.conversation.pk != conversation.pk and fresh.conversation.ical_uid != conversation.ical_uid


def test_times_that_do_not_exist_or_bad_zones_are_refused(los_angeles, dana) -> None:
    with pytest.raises(SchedulingError, match="does not exist"):
        schedule(los_angeles, dana, "2026-03-08 02:30")
    with pytest.raises(SchedulingError):
        schedule(los_angeles, dana, "2026-03-04 14:00", tz="Mars/Olympus")
    with pytest.raises(SchedulingError, match="no time of day"):
        schedule(los_angeles, dana, "2026-03-04")
    assert not Conversation.objects.exists()


def test_an_invite_needs_both_addresses(owner) -> None:
    lee = add_person(owner, NewPerson("Lee Cho", timezone="Europe/Berlin"))
    done = schedule(owner, lee, "2030-06-01 10:00")
    with pytest.raises(SchedulingError, match="your_email"):
        invite_ics(owner, done.conversation)
    set_setting(owner, "your_email", "me@example.org")
    with pytest.raises(SchedulingError, match="no email address"):
        invite_ics(owner, done.conversation)


@time_machine.travel("2026-02-20 12:00 +0000", tick=False)
def test_find_conversation_by_id_or_person(los_angeles, dana, outsider) -> None:
    done = schedule(los_angeles, dana, "2026-03-04 14:00")
    assert find_conversation(los_angeles, str(done.conversation.pk)).pk == done.conversation.pk
    assert find_conversation(los_angeles, "dana").pk == done.conversation.pk
    with pytest.raises(SchedulingError):
        find_conversation(outsider, str(done.conversation.pk))


@time_machine.travel("2026-02-20 12:00 +0000", tick=False)
def test_feed_lists_conversations_and_actions_and_is_revocable(los_angeles, dana, outsider) -> None:
    log_sent(los_angeles, dana, at=datetime(2026, 2, 16, 15, tzinfo=UTC))
    schedule(los_angeles, dana, "2026-03-04 14:00")
    token = new_feed_token(los_angeles)
    stored = UserSetting.objects.owned_by(los_angeles).get(key="calendar_feed_token").value
    assert token not in stored and len(stored) == 64
    assert owner_of_feed(token) == los_angeles and owner_of_feed("guess") is None
    calendar = strict_parse(feed_ics(los_angeles))
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Coffee chat: Dana Reyes" in summaries
    assert any("Dana Reyes" in s and s != "Coffee chat: Dana Reyes" for s in summaries)  # a dated action
    assert not any("ATTENDEE" in e for e in calendar.walk("VEVENT"))
    second = new_feed_token(los_angeles)
    assert owner_of_feed(token) is None and owner_of_feed(second) == los_angeles
    assert revoke_feed_token(los_angeles) is True
    assert owner_of_feed(second) is None and revoke_feed_token(los_angeles) is False
    assert b"Dana" not in feed_ics(outsider)


@time_machine.travel("2026-02-20 12:00 +0000", tick=False)
def test_export_holds_every_scheduled_conversation(los_angeles, dana) -> None:
    sam = add_person(los_angeles, NewPerson("Sam Park", timezone="Europe/London"))
    schedule(los_angeles, dana, "2026-03-04 14:00")
    cancel(los_angeles, schedule(los_angeles, sam, "2026-03-05 09:00").conversation)
    data, count = all_conversations_ics(los_angeles)
    assert count == 1
    assert [str(e["SUMMARY"]) for e in strict_parse(data).walk("VEVENT")] == ["Coffee chat: Dana Reyes"]
