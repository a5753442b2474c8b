"""What a calendar app sees in an invite we wrote: the tests' reader of our .ics files (the app only writes them).

Strict where icalendar allows: a property that does not parse is an error, not a silent gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from icalendar import Calendar

from coffeechat.formats.ical import InviteError


@dataclass(frozen=True)
class InviteInfo:
    """What matters about an invite read from a calendar app."""

    uid: str
    sequence: int
    start: datetime | date
    end: datetime | date | None
    summary: str
    method: str
    status: str


def _errors(calendar: Calendar) -> list[str]:
    found: list[str] = []
    for component in calendar.walk():
        found.extend(f"{component.name}: {prop} {message}" for prop, message in component.errors)
    return found


def read_invite(text: str | bytes) -> InviteInfo:
    """The first event of an invite from any calendar app, with its METHOD.

    Strict where icalendar allows: a property that does not parse is an error, not a silent gap.
    """
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as error:
        raise InviteError(f"not a calendar file: {error}") from error
    problems = _errors(calendar)
    if problems:
        raise InviteError("the invite has properties that do not parse: " + "; ".join(problems))
    vevents = calendar.walk("VEVENT")
    if not vevents:
        raise InviteError("the calendar file holds no event")
    event = vevents[0]
    if "UID" not in event or "DTSTART" not in event:
        raise InviteError("the event has no UID or no start time")
    for name in ("UID", "DTSTART", "DTEND", "DURATION", "SEQUENCE", "SUMMARY", "STATUS"):
        if isinstance(event.get(name), list):
            # icalendar keeps a repeated property as a list; an event has one of each.
            raise InviteError(f"the event has {name} more than once")
    try:
        start = event.decoded("DTSTART")
        end = event.end if ("DTEND" in event or "DURATION" in event) else None
        sequence = int(event.get("SEQUENCE", 0))
    except (ValueError, TypeError) as error:  # icalendar's InvalidCalendar is a ValueError
        raise InviteError(f"the event's times do not fit together: {error}") from error
    return InviteInfo(
        uid=str(event["UID"]),
        sequence=sequence,
        start=start,
        end=end,
        summary=str(event.get("SUMMARY", "")),
        method=str(calendar.get("METHOD", "PUBLISH")).upper(),
        status=str(event.get("STATUS", "CONFIRMED")).upper(),
    )
