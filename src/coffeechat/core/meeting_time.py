"""When a conversation happens, on both sides of a time-zone line (docs/practice.md §4.5 and §3.6).

A meeting is agreed in the contact's wall time ("14:00 New York time"), so that is what we store and what
the calendar invite carries; the user sees the same instant in their own zone.

Daylight-saving changes make two kinds of wall time tricky: one that never happens (02:30 on the spring-
forward night in New York) and one that happens twice (01:30 on the fall-back night). A nonexistent time is
always refused, with the times on either side of the gap suggested; an ambiguous one is refused unless the
caller says which of the two it means.

The end is the start plus the length in real elapsed time, so a 20-minute call that crosses a clock
change still lasts 20 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from coffeechat.core.when import WhenError, zone

DEFAULT_MINUTES = 20
MAX_MINUTES = 8 * 60
CONFIRM_EARLIEST_HOURS = 48
CONFIRM_LATEST_HOURS = 24

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class MeetingTimeError(ValueError):
    """A meeting time that cannot be placed; the message says why and what to do instead."""


class WallTime(Enum):
    """What a local wall-clock time is on a given day in a given zone."""

    OK = "ok"
    NONEXISTENT = "nonexistent"  # skipped when the clocks went forward
    AMBIGUOUS = "ambiguous"  # happened twice when the clocks went back


class Which(Enum):
    """For an ambiguous wall time: the first pass (before the clocks go back) or the second."""

    EARLIER = "earlier"
    LATER = "later"


def validate_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (e.g. ``America/New_York``), or a MeetingTimeError naming it."""
    try:
        return zone(name.strip())
    except WhenError as error:
        raise MeetingTimeError(str(error)) from error


def classify_wall_time(local: datetime, tz: ZoneInfo) -> WallTime:
    """Whether the naive wall time ``local`` exists once, never, or twice in ``tz``."""
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return WallTime.OK
    # In a gap, the round trip through UTC lands on a different wall time.
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return WallTime.NONEXISTENT if round_trip != local.replace(fold=0) else WallTime.AMBIGUOUS


def parse_wall_time(text: str) -> datetime:
    """Read ``2026-03-04 14:00`` (or ``2026-03-04T14:00``, seconds allowed) as a naive wall time."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise MeetingTimeError(
            f"cannot read {text!r} as a date and time: write it like 2026-03-04 14:00"
        ) from error
    if parsed.tzinfo is not None:
        raise MeetingTimeError(f"{text!r} carries its own offset: give the wall time and the zone separately")
    if len(text.strip()) <= 10:
        raise MeetingTimeError(f"{text!r} has no time of day: write it like 2026-03-04 14:00")
    return parsed


def render(moment: datetime, tz: ZoneInfo) -> str:
    """``moment`` as people read it in ``tz``: ``Wed 4 Mar 2026 14:00 EST``."""
    local = moment.astimezone(tz)
    return (
        f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]} {local.year} "
        f"{local:%H:%M} {local.tzname()}"
    )


def render_slot(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """A slot as people read it in ``tz``: ``Wed 4 Mar 2026 14:00-14:20 EST``.

    The zone abbreviation of the start is shown once; when the end falls after a clock change or on
    another day, the end is shown in full.
    """
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() != local_end.date() or local_start.tzname() != local_end.tzname():
        return f"{render(local_start, tz)} - {render(local_end, tz)}"
    return f"{render(local_start, tz)[: -len(local_start.tzname() or '') - 1]}-{local_end:%H:%M} {local_start.tzname()}"


@dataclass(frozen=True)
class MeetingTime:
    """A placed meeting: the instant it starts and ends, and the two zones it is seen from."""

    start: datetime  # aware, in the contact's zone
    end: datetime  # aware, in the contact's zone
    contact_zone: ZoneInfo
    user_zone: ZoneInfo

    @property
    def minutes(self) -> int:
        """The length in real elapsed minutes."""
        # Through UTC: Python subtracts two datetimes of the same zone by wall clock, which is wrong
        # across a clock change.
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)

    @property
    def start_for_user(self) -> datetime:
        """The start in the user's zone."""
        return self.start.astimezone(self.user_zone)

    @property
    def end_for_user(self) -> datetime:
        """The end in the user's zone."""
        return self.end.astimezone(self.user_zone)

    def for_contact(self) -> str:
        """The slot as the contact reads it: ``Wed 4 Mar 2026 14:00-14:20 EST``."""
        return render_slot(self.start, self.end, self.contact_zone)

    def for_user(self) -> str:
        """The slot as the user reads it: ``Wed 4 Mar 2026 11:00-11:20 PST``."""
        return render_slot(self.start, self.end, self.user_zone)

    def confirm_between(
        self, earliest_hours: int = CONFIRM_EARLIEST_HOURS, latest_hours: int = CONFIRM_LATEST_HOURS
    ) -> tuple[datetime, datetime]:
        """When to send the confirmation: from 48 to 24 hours before the start (both settings)."""
        if earliest_hours < latest_hours:
            raise MeetingTimeError("the confirmation window must open before it closes")
        start_utc = self.start.astimezone(UTC)
        return start_utc - timedelta(hours=earliest_hours), start_utc - timedelta(hours=latest_hours)


def _gap_message(local: datetime, tz: ZoneInfo) -> str:
    # Walk forward a minute at a time to the first wall time that exists: gaps last an hour or two at most.
    after = local.replace(second=0, microsecond=0)
    while classify_wall_time(after, tz) is WallTime.NONEXISTENT:
        after += timedelta(minutes=1)
    jump_from = (after.replace(tzinfo=tz).astimezone(UTC) - timedelta(minutes=1)).astimezone(tz)
    jump_from += timedelta(minutes=1)
    return (
        f"{local:%Y-%m-%d %H:%M} does not exist in {tz.key}: that night the clocks jump from "
        f"{jump_from:%H:%M} to {after:%H:%M}. Pick {after:%H:%M} or later, or a time before {jump_from:%H:%M}."
    )


def place_meeting(
    local: str | datetime,
    contact_zone: str,
    user_zone: str,
    minutes: int = DEFAULT_MINUTES,
    which: Which | None = None,
) -> MeetingTime:
    """Place a meeting given as a wall time in the contact's zone.

    ``local`` is ``"2026-03-04 14:00"`` or a naive datetime. ``which`` settles a wall time that happens
    twice on a fall-back night; without it such a time is refused, as is one that never happens.
    """
    contact_tz = validate_zone(contact_zone)
    user_tz = validate_zone(user_zone)
    if isinstance(local, str):
        wall = parse_wall_time(local)
    elif local.tzinfo is not None:
        raise MeetingTimeError("give the wall time without a zone; the contact's zone is passed separately")
    else:
        wall = local
    if isinstance(minutes, bool) or not 1 <= minutes <= MAX_MINUTES:
        raise MeetingTimeError(f"a meeting lasts from 1 to {MAX_MINUTES} minutes, not {minutes}")
    kind = classify_wall_time(wall, contact_tz)
    if kind is WallTime.NONEXISTENT:
        raise MeetingTimeError(_gap_message(wall, contact_tz))
    if kind is WallTime.AMBIGUOUS and which is None:
        earlier = wall.replace(tzinfo=contact_tz, fold=0)
        later = wall.replace(tzinfo=contact_tz, fold=1)
        raise MeetingTimeError(
            f"{wall:%Y-%m-%d %H:%M} happens twice in {contact_tz.key} as the clocks go back: "
            f"say whether you mean the earlier one ({earlier.tzname()}) or the later one ({later.tzname()})"
        )
    fold = 1 if which is Which.LATER and kind is WallTime.AMBIGUOUS else 0
    start = wall.replace(tzinfo=contact_tz, fold=fold)
    end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(contact_tz)
    return MeetingTime(start=start, end=end, contact_zone=contact_tz, user_zone=user_tz)
