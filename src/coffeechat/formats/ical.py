"""Calendar files (RFC 5545) for conversations: the invite, its updates, and a subscribable feed.

An invitation is sent with METHOD:REQUEST. Moving it keeps the UID and raises SEQUENCE by one, so the
recipient's calendar updates the event it already has instead of adding a second one; cancelling sends
METHOD:CANCEL with STATUS:CANCELLED and the next SEQUENCE. Times go out in the contact's zone with a
TZID and a matching VTIMEZONE (generated from the zoneinfo database by ``icalendar``), so every calendar
app shows the same instant.

The feed is a plain published calendar of upcoming conversations and all-day action reminders. Its
events carry no ORGANIZER or ATTENDEE: with them, some apps treat a subscribed event as an invitation
waiting for a reply.

Nothing here reads the clock: DTSTAMP is passed in, which keeps the output reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vCalAddress

PRODID = "-//coffeechat//coffeechat//EN"
DEFAULT_ALARM_MINUTES = 15

Status = Literal["CONFIRMED", "CANCELLED"]


class InviteError(ValueError):
    """A calendar file we cannot build or read; the message says what is wrong."""


@dataclass(frozen=True)
class Invitation:
    """One conversation as a calendar event, as the organiser (the user) sends it to the contact.

    ``start`` and ``end`` are aware datetimes in the zone the time was agreed in (usually the contact's);
    ``dtstamp`` is when this version of the invite was made.
    """

    uid: str
    start: datetime
    end: datetime
    summary: str
    organizer_email: str
    attendee_email: str
    dtstamp: datetime
    organizer_name: str = ""
    attendee_name: str = ""
    description: str = ""
    location: str = ""
    sequence: int = 0
    status: Status = "CONFIRMED"
    alarm_minutes: int | None = DEFAULT_ALARM_MINUTES


@dataclass(frozen=True)
class ActionReminder:
    """A dated action for the feed ("send the thank-you to Dana"), shown as an all-day event."""

    uid: str
    day: date
    summary: str
    dtstamp: datetime
    description: str = ""


def cancelled(invitation: Invitation, dtstamp: datetime) -> Invitation:
    """The same event called off: same UID, the next SEQUENCE, STATUS:CANCELLED."""
    return replace(invitation, dtstamp=dtstamp, sequence=invitation.sequence + 1, status="CANCELLED")


def _check_moment(name: str, value: datetime) -> None:
    if value.tzinfo is None:
        raise InviteError(f"{name} needs a time zone: a floating time means a different instant everywhere")
    if value.tzinfo is not UTC and not isinstance(value.tzinfo, ZoneInfo):
        raise InviteError(f"{name} must be in UTC or an IANA zone (zoneinfo), not {value.tzinfo!r}")


def _address(email: str, name: str) -> vCalAddress:
    if not email or "@" not in email or any(char.isspace() for char in email):
        raise InviteError(f"{email!r} is not an email address")
    address = vCalAddress(f"mailto:{email}")
    if name.strip():
        address.params["CN"] = " ".join(name.split())
    return address


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _conversation_event(invitation: Invitation, *, with_people: bool) -> Event:
    for name in ("start", "end", "dtstamp"):
        _check_moment(name, getattr(invitation, name))
    if invitation.end <= invitation.start:
        raise InviteError("the conversation must end after it starts")
    if invitation.sequence < 0:
        raise InviteError(f"SEQUENCE cannot be negative ({invitation.sequence})")
    if not invitation.uid.strip():
        raise InviteError("an invite needs a UID")
    event = Event()
    event.add("uid", invitation.uid)
    event.add("dtstamp", invitation.dtstamp.astimezone(UTC))
    event.add("dtstart", invitation.start)
    event.add("dtend", invitation.end.astimezone(invitation.start.tzinfo))
    event.add("summary", invitation.summary)
    if invitation.description:
        event.add("description", invitation.description)
    if invitation.location:
        event.add("location", invitation.location)
    event.add("sequence", invitation.sequence)
    event.add("status", invitation.status)
    if with_people:
        event.add("organizer", _address(invitation.organizer_email, invitation.organizer_name))
        attendee = _address(invitation.attendee_email, invitation.attendee_name)
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "TRUE"
        event.add("attendee", attendee)
    if invitation.alarm_minutes is not None and invitation.status == "CONFIRMED":
        if invitation.alarm_minutes < 0:
            raise InviteError("the reminder must come before the conversation, not after")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(minutes=-invitation.alarm_minutes))
        alarm.add("description", invitation.summary)
        event.add_component(alarm)
    return event


def _add_timezones(calendar: Calendar, years: set[int]) -> None:
    if years:
        # A VTIMEZONE covering only the years in use keeps the file short; icalendar builds it from zoneinfo.
        calendar.add_missing_timezones(
            first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 1, 1)
        )


def build_invitation(invitation: Invitation) -> bytes:
    """The .ics to send: METHOD:REQUEST, or METHOD:CANCEL once the invitation is ``cancelled``."""
    method = "CANCEL" if invitation.status == "CANCELLED" else "REQUEST"
    calendar = _calendar(method)
    calendar.add_component(_conversation_event(invitation, with_people=True))
    _add_timezones(calendar, {invitation.start.year, invitation.end.year})
    data: bytes = calendar.to_ical()
    return data


def _reminder_event(reminder: ActionReminder) -> Event:
    _check_moment("dtstamp", reminder.dtstamp)
    event = Event()
    event.add("uid", reminder.uid)
    event.add("dtstamp", reminder.dtstamp.astimezone(UTC))
    event.add("dtstart", reminder.day)
    event.add("dtend", reminder.day + timedelta(days=1))
    event.add("summary", reminder.summary)
    if reminder.description:
        event.add("description", reminder.description)
    event.add("transp", "TRANSPARENT")  # an action to do does not make the user busy all day
    return event


def build_feed(events: Iterable[Invitation | ActionReminder], calendar_name: str) -> bytes:
    """A calendar to subscribe to: the conversations and the dated action reminders given, in order."""
    calendar = _calendar(None)
    calendar.add("name", calendar_name)
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    years: set[int] = set()
    for item in events:
        if isinstance(item, ActionReminder):
            calendar.add_component(_reminder_event(item))
        else:
            calendar.add_component(_conversation_event(item, with_people=False))
            years |= {item.start.year, item.end.year}
    _add_timezones(calendar, years)
    data: bytes = calendar.to_ical()
    return data


