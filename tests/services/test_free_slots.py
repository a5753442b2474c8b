"""Free times offered from the record: busy calendar events and scheduled conversations are avoided, the
other person's weekend and holidays come from their zone or location, and the notes say what was used."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coffeechat.core.free_slots import weekend_of
from coffeechat.models import CalendarEvent, CalendarSource
from coffeechat.services.free_slots import SlotOfferError, offer_slots, their_country
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from coffeechat.services.scheduling import schedule

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def london(owner):
    set_setting(owner, "timezone", "Europe/London")
    return owner


def _source(owner, synced: datetime | None = None, error: str = "") -> CalendarSource:
    return CalendarSource.objects.create(owner=owner, name="work", kind=CalendarSource.Kind.ICS_FILE,
                                         location="/tmp/work.ics", last_synced_at=synced, last_error=error)


def _busy(owner, source, start: datetime, end: datetime, *, busy: bool = True, all_day: bool = False,
          uid: str = "") -> CalendarEvent:
    return CalendarEvent.objects.create(owner=owner, source=source, uid=uid or f"{start.isoformat()}@test",
                                        start=start, end=end, busy=busy, all_day=all_day, summary="Busy")


def _overlaps(slot, start: datetime, end: datetime) -> bool:
    return slot.start < end and start < slot.end


def test_busy_events_and_scheduled_conversations_are_avoided(london, person, fixed_clock) -> None:
    source = _source(london, synced=fixed_clock)
    friday = _busy(london, source, datetime(2026, 11, 13, 14, 0, tzinfo=UTC), datetime(2026, 11, 13, 17, 0, tzinfo=UTC))
    # A free (transparent) event does not block anything.
    _busy(london, source, datetime(2026, 11, 17, 9, 0, tzinfo=UTC), datetime(2026, 11, 17, 12, 0, tzinfo=UTC),
          busy=False)
    other = add_person(london, NewPerson("Lee Park", timezone="Europe/London"))
    held = schedule(london, other, "2026-11-16 09:00", tz="Europe/London", minutes=120).conversation

    offer = offer_slots(london, person)

    assert len(offer.slots) == 3
    for slot in offer.slots:
        assert not _overlaps(slot, friday.start, friday.end)
        assert not _overlaps(slot, held.scheduled_at, held.scheduled_at + timedelta(minutes=120))
    starts = [slot.start.astimezone(LONDON).replace(tzinfo=None) for slot in offer.slots]
    # Friday is busy from 14:00 to the end of the day; Monday is taken until 11:00; Tuesday's free event is no obstacle.
    assert starts == [datetime(2026, 11, 16, 11, 0), datetime(2026, 11, 17, 9, 0), datetime(2026, 11, 18, 9, 0)]
    assert any("Your busy times from your calendar (last read 2026-11-12 15:00 UTC)" in note for note in offer.notes)


def test_another_owners_calendar_is_not_yours(london, person, outsider, fixed_clock) -> None:
    theirs = _source(outsider, synced=fixed_clock)
    _busy(outsider, theirs, datetime(2026, 11, 13, 0, 0, tzinfo=UTC), datetime(2026, 11, 20, 0, 0, tzinfo=UTC))
    offer = offer_slots(london, person)
    assert offer.slots[0].start == datetime(2026, 11, 13, 15, 0, tzinfo=UTC)
    assert any(note.startswith("No calendar connected") for note in offer.notes)


def test_an_all_day_busy_event_blocks_the_whole_day(london, person, fixed_clock) -> None:
    source = _source(london, synced=fixed_clock)
    _busy(london, source, datetime(2026, 11, 16, 0, 0, tzinfo=UTC), datetime(2026, 11, 17, 0, 0, tzinfo=UTC),
          all_day=True)
    days = [slot.start.astimezone(LONDON).date() for slot in offer_slots(london, person).slots]
    assert date(2026, 11, 16) not in days
    assert days == [date(2026, 11, 13), date(2026, 11, 17), date(2026, 11, 18)]


@pytest.mark.parametrize(("zone", "location", "country"), [
    ("Asia/Dubai", "Dubai", "AE"),
    ("Asia/Riyadh", "Riyadh, Saudi Arabia", "SA"),
    ("Asia/Dubai", "", "AE"),
])
def test_their_weekend_is_the_one_holidays_gives_their_country(london, fixed_clock, zone, location, country) -> None:
    contact = add_person(london, NewPerson("Noor Haddad", timezone=zone, location=location))
    assert their_country(contact) == country
    weekend = weekend_of(country)
    offer = offer_slots(london, contact, count=5)
    assert len(offer.slots) == 5
    for slot in offer.slots:
        assert slot.start.astimezone(ZoneInfo(zone)).weekday() not in weekend
        assert slot.for_them is not None and slot.for_them != slot.for_you
    assert any(f"public holidays of {country} were avoided" in note for note in offer.notes)
    if country == "SA":  # Friday and Saturday there, so the free Friday of yours is not offered
        assert weekend == {4, 5}
        assert all(slot.start.astimezone(ZoneInfo(zone)).weekday() not in (4, 5) for slot in offer.slots)


def test_their_public_holidays_are_avoided(london) -> None:
    contact = add_person(london, NewPerson("Ada Brooks", timezone="America/New_York", location="New York, NY"))
    with time_machine.travel(datetime(2026, 11, 25, 12, 0, tzinfo=UTC), tick=False):
        offer = offer_slots(london, contact)
    days = [slot.start.astimezone(ZoneInfo("America/New_York")).date() for slot in offer.slots]
    assert date(2026, 11, 26) not in days  # Thanksgiving
    assert days[0] == date(2026, 11, 27)


def test_your_own_holidays_are_avoided(london, person) -> None:
    set_setting(london, "country", "GB")
    with time_machine.travel(datetime(2026, 12, 23, 12, 0, tzinfo=UTC), tick=False):
        offer = offer_slots(london, person)
    days = [slot.start.astimezone(LONDON).date() for slot in offer.slots]
    assert days == [date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30)]
    assert any("Public holidays of GB" in note for note in offer.notes)


def test_without_their_zone_the_times_are_yours_only_and_it_says_so(london, person, fixed_clock) -> None:
    offer = offer_slots(london, person)
    assert offer.their_zone is None
    assert all(slot.for_them is None for slot in offer.slots)
    assert offer.heading() == "Free times to suggest, 20 minutes, in your time only"
    assert any("has no time zone on file: the times are in your time only" in note for note in offer.notes)
    assert any("Their country is not known" in note for note in offer.notes)


def test_working_hours_days_and_length_come_from_the_settings(london, person, fixed_clock) -> None:
    set_setting(london, "work_hours", "13:00-15:00")
    set_setting(london, "work_days", "tue,thu")
    set_setting(london, "meeting_minutes", "30")
    offer = offer_slots(london, person)
    assert offer.minutes == 30
    for slot in offer.slots:
        local = slot.start.astimezone(LONDON)
        assert local.weekday() in (1, 3) and 13 <= local.hour < 15
        assert slot.end - slot.start == timedelta(minutes=30)
    longer = offer_slots(london, person, minutes=45)
    assert longer.minutes == 45 and all(slot.end - slot.start == timedelta(minutes=45) for slot in longer.slots)


def test_both_zones_are_shown_and_the_heading_promises_only_what_was_checked(london, fixed_clock) -> None:
    contact = add_person(london, NewPerson("Kenji Sato", timezone="Asia/Tokyo", location="Tokyo, Japan"))
    offer = offer_slots(london, contact)
    assert offer.heading() == "Three times that suit you both (20 minutes)"
    first = offer.slots[0]
    assert first.for_them is not None and "JST" in first.for_them and ("GMT" in first.for_you)
    assert offer.slot_lines()[0] == f"- {first.for_them} your time ({first.for_you} mine)"
    data = offer.as_json()
    assert data["their_zone"] == "Asia/Tokyo" and data["their_country"] == "JP" and len(data["slots"]) == 3


def test_a_calendar_not_yet_read_or_failing_is_named(london, person, fixed_clock) -> None:
    _source(london)
    assert any("has not been read yet" in note for note in offer_slots(london, person).notes)
    CalendarSource.objects.owned_by(london).update(last_synced_at=fixed_clock, last_error="401 Unauthorized")
    assert any("The last read of work failed" in note for note in offer_slots(london, person).notes)


def test_a_silly_length_is_refused(london, person, fixed_clock) -> None:
    with pytest.raises(SlotOfferError):
        offer_slots(london, person, minutes=2)


def test_working_hours_and_days_go_through_the_settings_check() -> None:
    from coffeechat.services.preference_specs import SettingsInvalid, check_changes

    assert check_changes({}, {"work_hours": " 9:00 - 17:30 ", "work_days": "Sun-Thu"}) == {
        "work_hours": "09:00-17:30", "work_days": "mon-thu,sun"}
    with pytest.raises(SettingsInvalid) as refused:
        check_changes({}, {"work_hours": "17:00-09:00", "work_days": "weekdays"})
    assert "start before it ends" in refused.value.errors["work_hours"]
    assert "mon-fri" in refused.value.errors["work_days"]


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//coffeechat tests//free slots//EN
BEGIN:VEVENT
UID:dentist@test
DTSTAMP:20261101T000000Z
DTSTART:20261113T150000Z
DTEND:20261113T170000Z
SUMMARY:Dentist
END:VEVENT
BEGIN:VEVENT
UID:offsite@test
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261116
DTEND;VALUE=DATE:20261117
SUMMARY:Team offsite
END:VEVENT
BEGIN:VEVENT
UID:focus@test
DTSTAMP:20261101T000000Z
DTSTART:20261117T090000Z
DTEND:20261117T120000Z
TRANSP:TRANSPARENT
SUMMARY:Focus time (free)
END:VEVENT
END:VCALENDAR
"""


def test_a_calendar_file_read_by_the_sync_shapes_the_offer(london, person, fixed_clock, tmp_path) -> None:
    from coffeechat.services.calendar_sync import connect, sync_calendars

    path = tmp_path / "mine.ics"
    path.write_text(ICS.replace("\n", "\r\n"), encoding="utf-8")
    connect(london, kind="ics_file", location=str(path), name="mine")
    sync_calendars(london)

    offer = offer_slots(london, person)
    days = [slot.start.astimezone(LONDON) for slot in offer.slots]
    # Friday is busy from 15:00 to 17:00 (the end of the day), Monday is an all-day offsite; Tuesday's free
    # focus time does not count.
    assert [d.replace(tzinfo=None) for d in days] == [datetime(2026, 11, 17, 9, 0), datetime(2026, 11, 18, 9, 0),
                                                     datetime(2026, 11, 19, 9, 0)]
    assert any(note.startswith("Your busy times from your calendar") for note in offer.notes)
