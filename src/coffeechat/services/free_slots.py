"""Three free times to offer a person, from the record: your working hours and days (settings), your busy
calendar events (``CalendarEvent``, read from your own calendar), your conversations already scheduled, and
their time zone, weekend and public holidays (issue 16 §4). ``core.free_slots`` does the search.

Where their side comes from: their zone is ``Person.timezone``; their country is the one their location
names (``Dubai, United Arab Emirates``), else the country of their zone (``Asia/Dubai`` is in AE). With no
zone on file the times are offered in your time only, and the offer says so. Every note of an offer is a
sentence true of what was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from coffeechat.core.free_slots import (
    DEFAULT_COUNT,
    DEFAULT_HORIZON_DAYS,
    DEFAULT_NOTICE_HOURS,
    THEIR_EARLIEST,
    THEIR_LATEST,
    FreeSlotError,
    SlotSearch,
    country_of_location,
    country_of_zone,
    day_words,
    find_free_slots,
    parse_work_days,
    parse_work_hours,
    weekend_of,
)
from coffeechat.core.meeting_time import render_slot
from coffeechat.core.when import WhenError, zone
from coffeechat.models import CalendarEvent, CalendarSource, Conversation, Person
from coffeechat.services.clock import now
from coffeechat.services.preferences import all_settings

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Conversations that hold a time in your diary.
HOLDING_STATES = (Conversation.State.PROPOSED, Conversation.State.SCHEDULED)


class SlotOfferError(ValueError):
    """A length or count that cannot be offered; the message says what would work."""


@dataclass(frozen=True)
class OfferedSlot:
    """One free time, as you read it and as they read it (None when their zone is unknown)."""

    start: datetime
    end: datetime
    for_you: str
    for_them: str | None
    in_their_hours: bool


@dataclass(frozen=True)
class SlotOffer:
    """The times to offer a person, the zones they are shown in, and what was (and was not) taken into account."""

    person: Person
    minutes: int
    your_zone: str
    their_zone: str | None
    their_country: str | None
    slots: tuple[OfferedSlot, ...]
    notes: tuple[str, ...]

    @property
    def same_zone(self) -> bool:
        return self.their_zone == self.your_zone

    def slot_lines(self) -> list[str]:
        """One line per slot, ready to paste into a reply: their time first, yours after it."""
        lines = []
        for slot in self.slots:
            if slot.for_them is None or self.same_zone:
                lines.append(f"- {slot.for_you}")
            else:
                lines.append(f"- {slot.for_them} your time ({slot.for_you} mine)")
        return lines

    def heading(self) -> str:
        """What the block is called: it promises only what was checked."""
        if not self.slots:
            return "No free times to suggest"
        if self.their_zone is None:
            return f"Free times to suggest, {self.minutes} minutes, in your time only"
        if all(slot.in_their_hours for slot in self.slots):
            return f"{_count_word(len(self.slots))} times that suit you both ({self.minutes} minutes)"
        return f"{_count_word(len(self.slots))} free times to suggest ({self.minutes} minutes)"

    def as_json(self) -> dict[str, Any]:
        return {
            "person_id": self.person.pk, "minutes": self.minutes, "your_zone": self.your_zone,
            "their_zone": self.their_zone, "their_country": self.their_country,
            "slots": [
                {"start": slot.start.astimezone(UTC).isoformat(), "end": slot.end.astimezone(UTC).isoformat(),
                 "for_you": slot.for_you, "for_them": slot.for_them, "in_their_hours": slot.in_their_hours}
                for slot in self.slots
            ],
            "notes": list(self.notes),
        }


def _count_word(number: int) -> str:
    return ("One", "Two", "Three", "Four", "Five")[number - 1] if 1 <= number <= 5 else str(number)


def their_zone(person: Person) -> ZoneInfo | None:
    """The person's zone on file, or None when there is none (or it is not a zone this computer knows)."""
    name = (person.timezone or "").strip()
    if not name:
        return None
    try:
        return zone(name)
    except WhenError:
        return None


def their_country(person: Person) -> str | None:
    """The country their location names, else the country of their time zone, else None."""
    from coffeechat.core.countries import canonical_country

    found = country_of_location(person.location) or country_of_zone((person.timezone or "").strip())
    return canonical_country(found) if found else None  # only a country whose holidays are known


def _day_span(moment: datetime, tz: ZoneInfo) -> date:
    # An all-day event is stored at midnight; midnight UTC means the date itself (an iCalendar DATE).
    utc = moment.astimezone(UTC)
    return utc.date() if utc.time() == time(0) else moment.astimezone(tz).date()


def busy_intervals(owner: User, since: datetime, until: datetime, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Your busy time between ``since`` and ``until``: busy calendar events (all-day ones block your whole
    days) and the conversations already proposed or scheduled."""
    spans: list[tuple[datetime, datetime]] = []
    events = CalendarEvent.objects.owned_by(owner).filter(busy=True, end__gt=since - timedelta(days=1),
                                                          start__lt=until + timedelta(days=1))
    for event in events.only("start", "end", "all_day"):
        if event.all_day:
            first = _day_span(event.start, tz)
            last = max(_day_span(event.end, tz), first + timedelta(days=1))
            spans.append((datetime.combine(first, time(0), tz), datetime.combine(last, time(0), tz)))
        else:
            spans.append((event.start, event.end))
    held = Conversation.objects.owned_by(owner).filter(
        state__in=HOLDING_STATES, scheduled_at__isnull=False, scheduled_at__lt=until,
        scheduled_at__gt=since - timedelta(days=1),
    )
    for start, minutes in held.values_list("scheduled_at", "minutes"):
        spans.append((start, start + timedelta(minutes=minutes or 20)))
    return spans


def _calendar_note(owner: User) -> str:
    sources = list(CalendarSource.objects.owned_by(owner).order_by("name"))
    if not sources:
        return ("No calendar connected: only your working hours, working days and scheduled conversations "
                "were avoided (coffeechat calendar connect reads your busy times).")
    read = [source for source in sources if source.last_synced_at is not None]
    if not read:
        return ("Your calendar has not been read yet: only your working hours, working days and scheduled "
                "conversations were avoided (run coffeechat calendar sync).")
    latest = max(source.last_synced_at for source in read if source.last_synced_at is not None)
    note = (f"Your busy times from your calendar (last read {latest:%Y-%m-%d %H:%M} UTC) and your scheduled "
            "conversations were avoided.")
    failing = [source.name for source in sources if source.last_error]
    if failing:
        note += f" The last read of {', '.join(failing)} failed, so newer events there may be missing."
    return note


def offer_slots(owner: User, person: Person, *, minutes: int | None = None, count: int = DEFAULT_COUNT,
                horizon_days: int = DEFAULT_HORIZON_DAYS) -> SlotOffer:
    """Up to ``count`` free times of ``minutes`` (default: the meeting_minutes setting) to offer ``person``."""
    settings = all_settings(owner)
    length = minutes if minutes is not None else int(settings["meeting_minutes"])
    you = zone(settings["timezone"])
    them = their_zone(person)
    country = their_country(person)
    your_country = settings["country"].strip().upper() or None
    try:
        hours, days = parse_work_hours(settings["work_hours"]), parse_work_days(settings["work_days"])
    except FreeSlotError as error:
        raise SlotOfferError(f"your working hours or days cannot be read: {error}") from error
    moment = now()
    try:
        found = find_free_slots(SlotSearch(
            now=moment, minutes=length, your_zone=you, their_zone=them, your_country=your_country,
            their_country=country, work_hours=hours, work_days=days,
            busy=busy_intervals(owner, moment, moment + timedelta(days=horizon_days), you),
            horizon_days=horizon_days, notice_hours=DEFAULT_NOTICE_HOURS, count=count,
        ))
    except FreeSlotError as error:
        raise SlotOfferError(str(error)) from error
    slots = tuple(
        OfferedSlot(start=slot.start, end=slot.end, for_you=render_slot(slot.start, slot.end, you),
                    for_them=render_slot(slot.start, slot.end, them) if them is not None else None,
                    in_their_hours=slot.in_their_hours)
        for slot in found.slots
    )
    notes = [
        f"From {DEFAULT_NOTICE_HOURS} hours ahead, within your working hours ({settings['work_hours']}, "
        f"{settings['work_days']}) over the next {horizon_days} days.",
        _calendar_note(owner),
    ]
    if them is None:
        notes.append(f"{person.full_name} has no time zone on file: the times are in your time only "
                     f"(add it with coffeechat edit {person.pk} --tz Area/City).")
    elif them.key != you.key:
        notes.append(f"Each time falls between {THEIR_EARLIEST:%H:%M} and {THEIR_LATEST:%H:%M} their time "
                     "unless a note below says otherwise.")
    if country is not None:
        judged = ", judged on your dates" if them is None else ""
        notes.append(f"Their weekend ({day_words(weekend_of(country, moment.year))}) and the public holidays of "
                     f"{country} were avoided{judged}.")
    else:
        notes.append("Their country is not known (no country in their location or time zone): only Saturday "
                     "and Sunday were avoided as their weekend, and no public holidays.")
    if your_country:
        notes.append(f"Public holidays of {your_country} (your country setting) were avoided.")
    notes.extend(found.notes)
    return SlotOffer(person=person, minutes=length, your_zone=you.key, their_zone=them.key if them else None,
                     their_country=country, slots=slots, notes=tuple(notes))
