"""Three free times to offer someone: inside your working hours, clear of your busy times, on a working day
for both of you (issue 16 §4; the length is the conversation's, docs/practice.md §4.5).

A slot starts on the hour or the half hour of your own clock, inside your working hours on one of your
working days that is not a public holiday of your country, at least ``notice_hours`` from now, and never
overlaps a busy interval. When the other person's time zone is known, the day it falls on in *their* zone is
not their weekend (the weekend of their country, as the ``holidays`` library gives it: Friday-Saturday in
Saudi Arabia, Saturday-Sunday in most places) nor one of their public holidays, and the slot should lie
inside reasonable hours on their clock (08:00-19:00). When no slot in the horizon manages that, the
search says so and offers times in your working hours only.

The three prefer different days: the first free time of each of the first three days that have one. Every
time is computed in real elapsed time with ``zoneinfo``, so daylight-saving changes neither shorten a slot
nor produce a wall time that does not exist. No Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from coffeechat.core.clock import is_holiday
from coffeechat.core.meeting_time import WallTime, classify_wall_time

DEFAULT_HORIZON_DAYS = 14
DEFAULT_NOTICE_HOURS = 24
DEFAULT_COUNT = 3
DEFAULT_WORK_HOURS = "09:00-17:00"
DEFAULT_WORK_DAYS = "mon-fri"
# What is reasonable on the other person's clock for a short call, whatever their own working hours are.
THEIR_EARLIEST = time(8, 0)
THEIR_LATEST = time(19, 0)
STEP_MINUTES = 30
# Two offers on the same day are this far apart when the day allows it.
SPREAD = timedelta(hours=2)
# Most countries rest on Saturday and Sunday; used when the country is unknown or ``holidays`` cannot say.
USUAL_WEEKEND = frozenset({5, 6})

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LONG_NAMES = {name: index for index, name in enumerate(n.lower() for n in _DAY_WORDS)}


class FreeSlotError(ValueError):
    """Working hours, days or a search that cannot be used; the message says what would work."""


# -- working hours and days, as the settings write them -------------------------------------------------


def parse_work_hours(text: str) -> tuple[time, time]:
    """``"09:00-17:00"`` as (start, end); the start must come before the end on the same day."""
    match = re.fullmatch(r"\s*([0-9]{1,2}):([0-9]{2})\s*[-–]\s*([0-9]{1,2}):([0-9]{2})\s*", text)
    if match is None:
        raise FreeSlotError(f"{text.strip()!r} is not a span of hours: write it like 09:00-17:00")
    hour_a, minute_a, hour_b, minute_b = (int(part) for part in match.groups())
    if hour_a > 23 or hour_b > 23 or minute_a > 59 or minute_b > 59:
        raise FreeSlotError(f"{text.strip()!r} has a time that does not exist: hours 00-23, minutes 00-59")
    start, end = time(hour_a, minute_a), time(hour_b, minute_b)
    if start >= end:
        raise FreeSlotError(f"the working day must start before it ends, not {start:%H:%M}-{end:%H:%M}")
    return start, end


def format_work_hours(hours: tuple[time, time]) -> str:
    """The stored form of working hours: ``09:00-17:00``."""
    return f"{hours[0]:%H:%M}-{hours[1]:%H:%M}"


def _day_index(word: str) -> int:
    key = word.strip().lower()
    if key in DAY_NAMES:
        return DAY_NAMES.index(key)
    if key in _LONG_NAMES:
        return _LONG_NAMES[key]
    raise FreeSlotError(f"{word.strip()!r} is not a day: use mon, tue, wed, thu, fri, sat or sun")


def parse_work_days(text: str) -> frozenset[int]:
    """``"mon-fri"``, ``"mon,tue,thu"`` or ``"sun-thu"`` as weekday numbers (Monday is 0).

    A range runs forward through the week and may wrap (``fri-mon`` is Friday to Monday).
    """
    days: set[int] = set()
    for part in text.replace(" ", ",").split(","):
        if not part.strip():
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            low, high = _day_index(first), _day_index(last)
            day = low
            days.add(day)
            while day != high:
                day = (day + 1) % 7
                days.add(day)
        else:
            days.add(_day_index(part))
    if not days:
        raise FreeSlotError("name at least one working day, such as mon-fri")
    return frozenset(days)


def format_work_days(days: Iterable[int]) -> str:
    """The stored form of working days: runs as ranges (``mon-fri``), others by comma (``mon,wed,fri``)."""
    chosen = sorted(set(days))
    if len(chosen) == 7:
        return "mon-sun"
    parts: list[str] = []
    run: list[int] = []
    for day in chosen + [99]:
        if run and day == run[-1] + 1:
            run.append(day)
            continue
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
        run = [day]
    return ",".join(parts)


def day_words(days: Iterable[int]) -> str:
    """Weekday numbers as people read them: ``Friday and Saturday``."""
    names = [_DAY_WORDS[d] for d in sorted(set(days))]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "no day"


# -- the other person's weekend and country ----------------------------------------------------------------


@lru_cache(maxsize=256)
def weekend_of(country: str | None, year: int = 2026) -> frozenset[int]:
    """The weekend days (Monday is 0) of ``country`` as the ``holidays`` library records them.

    Saturday and Sunday when the country is unknown, or when ``holidays`` has no weekend for it.
    """
    if not country:
        return USUAL_WEEKEND
    import holidays

    try:
        calendar = holidays.country_holidays(country.strip().upper(), years=year)
    except NotImplementedError:
        return USUAL_WEEKEND
    weekend = getattr(calendar, "weekend", None)
    if not weekend:
        return USUAL_WEEKEND
    return frozenset(int(day) for day in weekend)


def is_day_off(day: date, country: str | None) -> bool:
    """Whether ``day`` is a weekend day or a public holiday where ``country`` is (unknown: Sat-Sun only)."""
    if day.weekday() in weekend_of(country, day.year):
        return True
    try:
        return is_holiday(day, country)
    except ValueError:  # a country ``holidays`` does not know: only its weekend counts
        return False


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone -> the ISO code of its country, from the tz database's own ``zone.tab``."""
    text = ""
    try:
        from importlib.resources import files

        text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ImportError, OSError, ModuleNotFoundError):
        try:
            with open("/usr/share/zoneinfo/zone.tab", encoding="utf-8") as handle:
                text = handle.read()
        except OSError:
            return {}
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            found[parts[2].strip()] = parts[0].strip().upper()
    return found


def country_of_zone(zone_name: str | None) -> str | None:
    """The ISO country code of an IANA zone (``Asia/Dubai`` -> ``AE``), or None (``UTC``, unknown)."""
    if not zone_name:
        return None
    return _zone_countries().get(zone_name.strip())


_COUNTRY_WORDS = {
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "us": "US", "america": "US", "uk": "GB", "u.k.": "GB",
    "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "uae": "AE",
    "korea": "KR", "the netherlands": "NL", "holland": "NL", "russia": "RU", "czech republic": "CZ",
}


def country_of_location(location: str | None) -> str | None:
    """The ISO code of the country a free-text location names last (``Dubai, United Arab Emirates`` -> AE).

    Only a whole country name, a common short form (USA, UK, UAE) or an upper-case ISO code counts;
    ``Greater Boston Area`` names no country and gives None.
    """
    if not location or not location.strip():
        return None
    from coffeechat.core.countries import canonical_country, country_names

    by_name = {name.casefold(): code for code, name in country_names().items()}
    for part in reversed([p.strip() for p in location.split(",") if p.strip()]):
        folded = part.casefold()
        if folded in by_name:
            return by_name[folded]
        if folded in _COUNTRY_WORDS:
            return _COUNTRY_WORDS[folded]
        if re.fullmatch(r"[A-Z]{2,3}", part) and canonical_country(part) is not None:
            return canonical_country(part)
    return None


# -- the search ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One free time: start and end in UTC (elapsed minutes apart), and whether it suits their clock too."""

    start: datetime
    end: datetime
    in_their_hours: bool = True


@dataclass(frozen=True)
class SlotSearch:
    """What to look for: from when, how long, and each side's clock, days off and busy times.

    Times are aware datetimes; ``busy`` holds (start, end) pairs of the user's busy time. ``their_zone``
    None means the other person's zone is unknown: their hours cannot be checked, only their days off (on
    your dates) when ``their_country`` is known.
    """

    now: datetime
    minutes: int
    your_zone: ZoneInfo
    their_zone: ZoneInfo | None = None
    your_country: str | None = None
    their_country: str | None = None
    work_hours: tuple[time, time] = (time(9, 0), time(17, 0))
    work_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    busy: Sequence[tuple[datetime, datetime]] = ()
    horizon_days: int = DEFAULT_HORIZON_DAYS
    notice_hours: int = DEFAULT_NOTICE_HOURS
    count: int = DEFAULT_COUNT


@dataclass(frozen=True)
class SlotsFound:
    """The slots offered (soonest first) and sentences saying what they avoided or could not manage."""

    slots: tuple[Slot, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def all_in_their_hours(self) -> bool:
        return all(slot.in_their_hours for slot in self.slots)


def _check(search: SlotSearch) -> None:
    if search.now.tzinfo is None or search.now.utcoffset() is None:
        raise FreeSlotError("the search needs an aware 'now'")
    if isinstance(search.minutes, bool) or not 5 <= search.minutes <= 8 * 60:
        raise FreeSlotError(f"a conversation lasts from 5 to 480 minutes, not {search.minutes}")
    if not 1 <= search.horizon_days <= 366:
        raise FreeSlotError(f"look from 1 to 366 days ahead, not {search.horizon_days}")
    if not 0 <= search.notice_hours <= 24 * 30:
        raise FreeSlotError(f"give from 0 to 720 hours' notice, not {search.notice_hours}")
    if not 1 <= search.count <= 20:
        raise FreeSlotError(f"offer from 1 to 20 slots, not {search.count}")
    if search.work_hours[0] >= search.work_hours[1]:
        raise FreeSlotError("the working day must start before it ends")
    if not search.work_days:
        raise FreeSlotError("name at least one working day")


def _first_step(start: time) -> int:
    """Minutes after midnight of the first :00 or :30 at or after ``start``."""
    minutes = start.hour * 60 + start.minute + (1 if start.second or start.microsecond else 0)
    return -(-minutes // STEP_MINUTES) * STEP_MINUTES


def _your_day_candidates(day: date, search: SlotSearch) -> Iterable[tuple[datetime, datetime]]:
    """Every (start, end) in UTC on ``day`` of your clock inside your working hours, on :00 and :30."""
    open_at, close_at = search.work_hours
    close = datetime.combine(day, close_at)
    step = _first_step(open_at)
    length = timedelta(minutes=search.minutes)
    while step < 24 * 60:
        wall = datetime.combine(day, time(step // 60, step % 60))
        step += STEP_MINUTES
        if wall >= close:
            break
        if classify_wall_time(wall, search.your_zone) is WallTime.NONEXISTENT:
            continue  # skipped by the clocks going forward
        start = wall.replace(tzinfo=search.your_zone).astimezone(UTC)
        end = start + length
        local_end = end.astimezone(search.your_zone).replace(tzinfo=None)
        if local_end > close or local_end.date() != day:
            continue  # runs past the end of the working day (on either side of a clock change)
        yield start, end


def _overlaps(start: datetime, end: datetime, busy: Sequence[tuple[datetime, datetime]]) -> bool:
    return any(start < b_end and b_start < end for b_start, b_end in busy)


def _their_days_fine(start: datetime, end: datetime, search: SlotSearch) -> bool:
    """Neither the day it starts nor the day it ends is the other person's weekend or public holiday."""
    if search.their_zone is None:
        if search.their_country is None:
            return True
        # Their zone is unknown: their days off are judged on your calendar dates, the best there is.
        local = start.astimezone(search.your_zone).date()
        return not is_day_off(local, search.their_country)
    days = {start.astimezone(search.their_zone).date(), end.astimezone(search.their_zone).date()}
    return not any(is_day_off(day, search.their_country) for day in days)


def _in_their_hours(start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.date() != local_end.date():
        return False
    return THEIR_EARLIEST <= local_start.time() and local_end.time() <= THEIR_LATEST


def _candidates(search: SlotSearch) -> list[Slot]:
    """Every free slot in the horizon that suits your clock, your days and their days off, soonest first."""
    earliest = search.now.astimezone(UTC) + timedelta(hours=search.notice_hours)
    latest = search.now.astimezone(UTC) + timedelta(days=search.horizon_days)
    busy = sorted((b.astimezone(UTC), e.astimezone(UTC)) for b, e in search.busy if e > b)
    found: list[Slot] = []
    day = earliest.astimezone(search.your_zone).date()
    last_day = latest.astimezone(search.your_zone).date()
    while day <= last_day:
        if day.weekday() in search.work_days and not _your_holiday(day, search.your_country):
            for start, end in _your_day_candidates(day, search):
                if start < earliest or end > latest or _overlaps(start, end, busy):
                    continue
                if not _their_days_fine(start, end, search):
                    continue
                ours = search.their_zone is None or _in_their_hours(start, end, search.their_zone)
                found.append(Slot(start=start, end=end, in_their_hours=ours))
        day += timedelta(days=1)
    return found


def _your_holiday(day: date, country: str | None) -> bool:
    try:
        return is_holiday(day, country)
    except ValueError:
        return False


def _pick(candidates: Sequence[Slot], count: int, zone: ZoneInfo) -> list[Slot]:
    """The first slot of each of the first ``count`` days; when fewer days have one, later slots of those
    days fill the rest, two hours apart when possible and never back to back. Soonest first."""
    chosen: list[Slot] = []
    days: set[date] = set()
    for slot in candidates:
        day = slot.start.astimezone(zone).date()
        if day not in days and len(chosen) < count:
            chosen.append(slot)
            days.add(day)
    for apart in (SPREAD, timedelta(0)):  # spread over the day first, then anything not back to back
        for slot in candidates:
            if len(chosen) >= count:
                break
            if slot not in chosen and not any(slot.start <= c.end + apart and c.start <= slot.end + apart
                                              for c in chosen):
                chosen.append(slot)
    return sorted(chosen, key=lambda s: s.start)


def find_free_slots(search: SlotSearch) -> SlotsFound:
    """Up to ``search.count`` free slots, with notes saying plainly what could not be managed."""
    _check(search)
    candidates = _candidates(search)
    notes: list[str] = []
    their = [slot for slot in candidates if slot.in_their_hours]
    chosen = _pick(their, search.count, search.your_zone)
    if len(chosen) < search.count and search.their_zone is not None:
        rest = _pick([slot for slot in candidates if not slot.in_their_hours and slot not in chosen],
                     search.count - len(chosen), search.your_zone)
        rest = [slot for slot in rest if not any(slot.start < c.end and c.start < slot.end for c in chosen)]
        if rest:
            chosen = sorted(chosen + rest, key=lambda s: s.start)
            window = f"{THEIR_EARLIEST:%H:%M}-{THEIR_LATEST:%H:%M}"
            if not their:
                notes.append(f"No free time in the next {search.horizon_days} days falls inside both your working "
                             f"hours and {window} their time: these are in your working hours only.")
            else:
                notes.append(f"Only {len(their)} free time{'s' if len(their) != 1 else ''} in the next "
                             f"{search.horizon_days} days fall{'s' if len(their) == 1 else ''} inside {window} "
                             "their time; the others are in your working hours only.")
    if not chosen:
        notes.append(f"No free time of {search.minutes} minutes in your working hours in the next "
                     f"{search.horizon_days} days: widen your working hours or days, or look further ahead.")
    elif len(chosen) < search.count:
        notes.append(f"Only {len(chosen)} free time{'s' if len(chosen) != 1 else ''} of {search.minutes} minutes "
                     f"in the next {search.horizon_days} days.")
    return SlotsFound(slots=tuple(chosen[: search.count]), notes=tuple(notes))
