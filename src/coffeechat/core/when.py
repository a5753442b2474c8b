"""Reading the times people type ("2026-03-04 14:00", "friday", "tomorrow 9am", "+3d")."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coffeechat.core.errors import UserError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^([+-]\d+)\s*([dwh])$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")


class WhenError(UserError):
    """A time the user typed that we could not read; the message says which forms work."""


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``, or a WhenError that names it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise WhenError(f"unknown time zone {name!r}: use an IANA name such as Europe/London") from error


def _clock_time(text: str) -> time:
    match = _CLOCK.match(text.strip().lower())
    if not match:
        raise WhenError(f"cannot read the time of day {text!r}: try 14:00 or 2pm")
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise WhenError(f"{text!r} is not a time of day")
    return time(hour, minute)


def parse_when(text: str, *, now: datetime, tz_name: str, default_time: time = time(0, 0)) -> datetime:
    """Read ``text`` as an aware datetime, in ``tz_name`` unless it carries its own offset.

    Accepted: ISO dates and times (``2026-03-04``, ``2026-03-04 14:00``, ``2026-03-04T14:00-05:00``),
    ``now``, ``today``, ``tomorrow``, ``yesterday``, a weekday name (the next one, today excluded),
    relative offsets ``+3d``, ``-2w``, ``+4h``, each optionally followed by a clock time (``friday 9am``).
    """
    tz = zone(tz_name)
    raw = text.strip()
    if not raw:
        raise WhenError("an empty time: try 2026-03-04 14:00, tomorrow, friday or +3d")
    try:
        return _parse(raw, now.astimezone(tz), tz, default_time)
    except OverflowError as error:
        # "+9999999999d" and the like: past the calendar's last day (9999-12-31) or its first.
        raise WhenError(f"{raw!r} is too far from today: write a date between the years 1 and 9999") from error


def _parse(raw: str, local_now: datetime, tz: ZoneInfo, default_time: time) -> datetime:
    lowered = raw.lower()
    if lowered == "now":
        return local_now
    relative = _RELATIVE.match(lowered)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        step = {"d": timedelta(days=1), "w": timedelta(weeks=1), "h": timedelta(hours=1)}[unit]
        try:
            return local_now + amount * step
        except OverflowError as error:
            raise WhenError(f"{raw!r} is too far from today: the calendar ends in the year 9999") from error
    word, _, rest = lowered.partition(" ")
    day: date | None = None
    if word == "today":
        day = local_now.date()
    elif word == "tomorrow":
        day = local_now.date() + timedelta(days=1)
    elif word == "yesterday":
        day = local_now.date() - timedelta(days=1)
    elif word in WEEKDAYS:
        ahead = (WEEKDAYS.index(word) - local_now.weekday()) % 7 or 7
        day = local_now.date() + timedelta(days=ahead)
    if day is not None:
        clock = _clock_time(rest) if rest else default_time
        return datetime.combine(day, clock, tzinfo=tz)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError as error:
        raise WhenError(
            f"cannot read {raw!r} as a time: try 2026-03-04, 2026-03-04 14:00, tomorrow 9am, friday or +3d"
        ) from error
    if parsed.tzinfo is None:
        if len(raw) <= 10:
            parsed = datetime.combine(parsed.date(), default_time)
        parsed = parsed.replace(tzinfo=tz)
    return parsed
