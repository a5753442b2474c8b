"""Reading the user's own calendar (RFC 5545 text) into the occurrences of a time window.

What calendars export differs: Google's secret address and Apple's CalDAV give times with a TZID and a
VTIMEZONE, Outlook names Windows zones ("W. Europe Standard Time") and marks free time with
``X-MICROSOFT-CDO-BUSYSTATUS``, some files carry floating times (no zone at all) and all-day dates. Every
occurrence comes out with its start and end as aware UTC times; floating times are read in the user's zone
(``zone``), and an all-day occurrence starts and ends at midnight UTC of its dates (the dates themselves,
whatever the zone: ``services/free_slots.py`` blocks those days in the user's zone). Recurring series are expanded by ``recurring-ical-events`` (moved and
cancelled occurrences included), and one occurrence is known by (UID, recurrence id).

An occurrence is *busy* unless the calendar says it is free: TRANSP:TRANSPARENT, Outlook's FREE status,
STATUS:CANCELLED, or an invitation the user declined. Nothing here writes to the calendar, reads the clock
or touches the network: the text is passed in.

Bad text raises ``CalendarReadError`` with what was wrong and, where it can be known, the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
from icalendar import Calendar
from icalendar.parser import Contentline

from coffeechat.core.errors import UserError

# What a user's answer to an invitation can be (RFC 5545 §3.2.12, for VEVENT).
PARTSTATS = ("ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION", "DELEGATED")
_NAME = re.compile(r"^[A-Za-z0-9-]+$")


class CalendarReadError(UserError):
    """The text is not a calendar coffeechat can read; the message says what and where."""


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event within the window, as the calendar has it.

    ``recurrence_id`` is "" for a single event and the occurrence's original start for one of a series
    (``20261214T080000Z`` in UTC, or ``20261214`` for an all-day series). ``attendees`` and ``organizer`` are
    lower-case addresses without ``mailto:``. ``my_status`` is the user's answer (``ACCEPTED``,
    ``DECLINED``, ``TENTATIVE``, ``NEEDS-ACTION``…) when one of their addresses is an attendee, else "".
    """

    uid: str
    recurrence_id: str
    start: datetime
    end: datetime
    all_day: bool
    busy: bool
    cancelled: bool
    summary: str
    sequence: int
    attendees: tuple[str, ...]
    organizer: str
    my_status: str

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the occurrence across syncs."""
        return (self.uid, self.recurrence_id)

    @property
    def people(self) -> tuple[str, ...]:
        """Every address on the event: the organizer first, then the attendees (each once)."""
        seen: dict[str, None] = {}
        for address in (self.organizer, *self.attendees):
            if address:
                seen.setdefault(address, None)
        return tuple(seen)


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CalendarReadError(f"unknown time zone {name!r}") from error


def _logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """Unfolded content lines with the number of the physical line each starts on."""
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1] in (" ", "\t") and current:
            current.append(line[1:])
            continue
        if current:
            yield first, "".join(current)
        current, first = [line], number
    if current:
        yield first, "".join(current)


def _check_structure(text: str) -> None:
    """Every line is ``NAME[;PARAMS]:value`` and BEGIN/END pair up; else the first bad line, by number."""
    stack: list[tuple[str, int]] = []
    saw_calendar = False
    for number, line in _logical_lines(text):
        if not line.strip():
            continue
        try:
            name, _params, value = Contentline(line).parts()  # type: ignore[no-untyped-call]
        except ValueError:
            shown = line if len(line) <= 60 else line[:57] + "..."
            raise CalendarReadError(f"line {number}: {shown!r} is not a calendar line (NAME:value)") from None
        if not _NAME.match(name):
            raise CalendarReadError(f"line {number}: {name!r} is not a calendar property name")
        upper = name.upper()
        if upper == "BEGIN":
            if not stack and value.strip().upper() != "VCALENDAR":
                raise CalendarReadError(f"line {number}: expected BEGIN:VCALENDAR, found BEGIN:{value.strip()}")
            saw_calendar = saw_calendar or value.strip().upper() == "VCALENDAR"
            stack.append((value.strip().upper(), number))
        elif upper == "END":
            if not stack:
                raise CalendarReadError(f"line {number}: END:{value.strip()} without a BEGIN")
            opened, opened_at = stack.pop()
            if opened != value.strip().upper():
                raise CalendarReadError(
                    f"line {number}: END:{value.strip()} closes BEGIN:{opened} of line {opened_at}"
                )
        elif not stack:
            raise CalendarReadError(f"line {number}: {name} outside BEGIN:VCALENDAR … END:VCALENDAR")
    if stack:
        opened, opened_at = stack[-1]
        raise CalendarReadError(f"BEGIN:{opened} of line {opened_at} is never closed (END:{opened} missing)")
    if not saw_calendar:
        raise CalendarReadError("this is not an iCalendar file: there is no BEGIN:VCALENDAR")


def parse_calendars(text: str | bytes) -> list[Calendar]:
    """The calendars in ``text`` (a file may hold several VCALENDAR blocks), checked line by line."""
    if isinstance(text, bytes):
        try:
            decoded = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            decoded = text.decode("cp1252", "replace")
    else:
        decoded = text
    decoded = decoded.lstrip("\ufeff")
    if not decoded.strip():
        raise CalendarReadError("the calendar is empty")
    _check_structure(decoded)
    try:
        calendars = Calendar.from_ical(decoded, multiple=True)
    except ValueError as error:
        raise CalendarReadError(f"not a readable calendar: {error}") from None
    for calendar in calendars:
        for component in calendar.walk("VEVENT"):
            for prop, message in component.errors:
                if str(prop or "").upper() in ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"):
                    raise CalendarReadError(f"event {_describe(component)}: {prop} cannot be read ({message})")
    return list(calendars)


def _describe(component: Any) -> str:
    uid = str(component.get("UID", "") or "")
    summary = str(component.get("SUMMARY", "") or "")
    return " ".join(part for part in (repr(summary) if summary else "", f"(UID {uid})" if uid else "") if part) or "(no UID)"


def _address(value: Any) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:"):]
    return text.strip().lower()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _moment(value: date | datetime, zone: tzinfo) -> datetime:
    """An aware UTC time: floating times read in ``zone``; a date at midnight UTC (the date itself)."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return aware.astimezone(UTC)
    return datetime.combine(value, time(0), tzinfo=UTC)


def _recurrence_text(value: date | datetime, zone: tzinfo) -> str:
    if isinstance(value, datetime):
        return _moment(value, zone).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _series_uids(calendar: Calendar) -> set[str]:
    """UIDs of recurring series: a master with RRULE/RDATE, or any component that is one occurrence."""
    uids: set[str] = set()
    for component in calendar.walk("VEVENT"):
        if component.get("RRULE") or component.get("RDATE") or component.get("RECURRENCE-ID"):
            uids.add(str(component.get("UID", "")))
    return uids


def _busy(component: Any, cancelled: bool, my_status: str) -> bool:
    if cancelled or my_status == "DECLINED":
        return False
    if str(component.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    return str(component.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper() not in ("FREE", "WORKINGELSEWHERE")


def _occurrence(component: Any, series: set[str], zone: tzinfo, mine: frozenset[str]) -> Occurrence:
    uid = str(component.get("UID", "") or "").strip()
    start_value = component.decoded("DTSTART")
    end_property = component.get("DTEND")
    all_day = not isinstance(start_value, datetime)
    start = _moment(start_value, zone)
    if end_property is not None:
        end = _moment(end_property.dt, zone)
    elif component.get("DURATION") is not None:
        end = start + component.decoded("DURATION")
    else:
        end = start + (timedelta(days=1) if all_day else timedelta(0))
    end = max(end, start)
    recurrence_id = ""
    if uid in series and component.get("RECURRENCE-ID") is not None:
        recurrence_id = _recurrence_text(component.get("RECURRENCE-ID").dt, zone)
    elif uid in series:
        recurrence_id = _recurrence_text(start_value, zone)
    attendees: dict[str, str] = {}
    for attendee in _as_list(component.get("ATTENDEE")):
        address = _address(attendee)
        if address:
            params = getattr(attendee, "params", {})
            attendees.setdefault(address, str(params.get("PARTSTAT", "NEEDS-ACTION")).upper())
    my_status = next((attendees[address] for address in attendees if address in mine), "")
    cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
    try:
        sequence = max(int(str(component.get("SEQUENCE", 0) or 0)), 0)
    except ValueError:
        sequence = 0
    return Occurrence(
        uid=uid, recurrence_id=recurrence_id, start=start, end=end, all_day=all_day,
        busy=_busy(component, cancelled, my_status), cancelled=cancelled,
        summary=str(component.get("SUMMARY", "") or "").strip(), sequence=sequence,
        attendees=tuple(attendees), organizer=_address(component.get("ORGANIZER")), my_status=my_status,
    )


def read_occurrences(text: str | bytes, *, start: datetime, end: datetime, zone: str = "UTC",
                     my_addresses: Iterable[str] = ()) -> list[Occurrence]:
    """The occurrences of every event in ``text`` that overlap [start, end), soonest first.

    ``zone`` is the user's time zone (floating times and all-day dates are read in it); ``my_addresses``
    are the user's own email addresses, to find their answer to an invitation.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("the window needs aware times")
    user_zone = _zone(zone)
    mine = frozenset(_address(address) for address in my_addresses if address)
    found: dict[tuple[str, str], Occurrence] = {}
    for calendar in parse_calendars(text):
        series = _series_uids(calendar)
        for component in calendar.walk("VEVENT"):
            if not str(component.get("UID", "") or "").strip():
                raise CalendarReadError(f"event {_describe(component)} has no UID")
            if component.get("DTSTART") is None:
                raise CalendarReadError(f"event {_describe(component)} has no start (DTSTART)")
        try:
            components = list(recurring_ical_events.of(calendar, skip_bad_series=False).between(start, end))
        except Exception as error:  # the library's errors differ by version; each means a series it cannot expand
            raise CalendarReadError(f"a repeating event cannot be expanded: {error}") from None
        for component in components:
            occurrence = _occurrence(component, series, user_zone, mine)
            found[occurrence.key] = occurrence
    return sorted(found.values(), key=lambda item: (item.start, item.uid, item.recurrence_id))
