"""The user's own calendar, read from a real Radicale (CalDAV), an .ics address served on 127.0.0.1 and a
file: busy times stored per occurrence, meetings with people in the network picked up as scheduled
conversations, a moved one rescheduled, a second sync changing nothing, errors stored and raised."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from coffeechat.core.errors import NotFound
from coffeechat.models import CalendarEvent, CalendarSource, Conversation, Touch
from coffeechat.services.calendar_sync import (
    CalendarError,
    CalendarSyncFailed,
    busy_intervals,
    called_off,
    connect,
    disconnect,
    picked_up_events,
    sources,
    sync_calendars,
)
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from coffeechat.services.secrets import FERNET_PREFIX, reveal_secret
from radicale_server import RadicaleServer, radicale_fixture  # noqa: F401 - the `radicale` fixture

pytestmark = pytest.mark.django_db

ME = "sam.student@example.edu"
DANA = "dana.reyes@tribune.example"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_ics(uid: str, start: datetime, minutes: int = 30, *, summary: str = "Coffee chat", organizer: str = "",
              attendees: tuple[tuple[str, str], ...] = (), sequence: int = 0, status: str = "",
              all_day: bool = False) -> str:
    """One VEVENT in a VCALENDAR; attendees are (address, PARTSTAT)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coffeechat tests//EN", "BEGIN:VEVENT", f"UID:{uid}",
             "DTSTAMP:20261101T000000Z"]
    if all_day:
        lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}"]
    else:
        lines += [f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(start + timedelta(minutes=minutes))}"]
    lines += [f"SUMMARY:{summary}", f"SEQUENCE:{sequence}"]
    if organizer:
        lines.append(f"ORGANIZER:mailto:{organizer}")
    lines += [f"ATTENDEE;PARTSTAT={partstat}:mailto:{address}" for address, partstat in attendees]
    if status:
        lines.append(f"STATUS:{status}")
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\n".join(lines)


def calendar_of(*events: str) -> str:
    """Several single-event calendars joined into one file's worth of VEVENTs."""
    bodies = [text.split("BEGIN:VEVENT", 1)[1].rsplit("END:VEVENT", 1)[0] for text in events]
    inner = "".join(f"BEGIN:VEVENT{body}END:VEVENT\n" for body in bodies)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//coffeechat tests//EN\n{inner}END:VCALENDAR\n"


def in_days(days: int, hour: int = 15) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def network(owner: Any) -> dict[str, Any]:
    """The user's address and zone, and two people: Dana (with an address) and Lee (off the allowlist)."""
    set_setting(owner, "your_email", ME)
    set_setting(owner, "timezone", "America/New_York")
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", emails=("Dana.Reyes@Tribune.example",),
                                       timezone="America/Chicago"))
    lee = add_person(owner, NewPerson("Lee Park", emails=("lee@quiet.example",)))
    lee.mail_sync = False
    lee.save(update_fields=["mail_sync"])
    return {"dana": dana, "lee": lee}


def _dana_invite(start: datetime, *, sequence: int = 0, uid: str = "dana-coffee@tribune.example") -> str:
    return event_ics(uid, start, 30, summary="Coffee with Dana", organizer=DANA,
                     attendees=((DANA, "ACCEPTED"), (ME, "ACCEPTED")), sequence=sequence)


def test_a_caldav_meeting_becomes_a_conversation_moves_with_the_calendar_and_a_second_sync_changes_nothing(
        owner: Any, network: dict[str, Any], radicale: RadicaleServer) -> None:
    dana = network["dana"]
    calendar = radicale.make_calendar("personal")
    start = in_days(3)
    item = radicale.put_event(calendar, "dana", _dana_invite(start))
    radicale.put_event(calendar, "dentist", event_ics("dentist-1", in_days(2, 13), 60, summary="Dentist"))

    found = connect(owner, kind="caldav", location=calendar, username=radicale.user, password=radicale.password)
    assert (found.events, found.busy) == (2, 2)
    assert found.first is not None and found.first.summary == "Dentist"
    source = found.source
    assert source.secret.startswith(FERNET_PREFIX) and radicale.password not in source.secret
    assert reveal_secret(owner, "calendar_password:calendar", source.secret) == radicale.password

    report = sync_calendars(owner)
    assert report.errors == []
    assert [(item.action, item.person) for item in report.picked_up] == [("scheduled", "Dana Reyes")]
    conversation = Conversation.objects.owned_by(owner).get(person=dana)
    assert conversation.state == Conversation.State.SCHEDULED
    assert conversation.scheduled_at == start and conversation.minutes == 30
    assert conversation.timezone == "America/Chicago" and conversation.ical_uid  # her zone, a UID of its own
    touch = Touch.objects.owned_by(owner).get(conversation=conversation, kind=Touch.Kind.SCHEDULED)
    assert touch.source == "calendar"
    rows = CalendarEvent.objects.owned_by(owner).filter(source=source)
    assert rows.count() == 2 and rows.get(uid="dana-coffee@tribune.example").conversation == conversation
    assert DANA in rows.get(uid="dana-coffee@tribune.example").attendees.split("\n")

    # Dana moves it a day later on the calendar: the same conversation moves (a reschedule).
    later = start + timedelta(days=1, hours=1)
    radicale.put_event(calendar, "dana", _dana_invite(later, sequence=1))
    report = sync_calendars(owner)
    assert [(item.action, item.conversation_id) for item in report.picked_up] == [("rescheduled", conversation.pk)]
    conversation.refresh_from_db()
    assert conversation.scheduled_at == later and conversation.ical_sequence == 1
    assert Conversation.objects.owned_by(owner).filter(person=dana).count() == 1
    moved = Touch.objects.owned_by(owner).filter(conversation=conversation).order_by("-id").first()
    assert moved is not None and moved.source == "calendar" and "moved" in moved.summary

    # Nothing new on the calendar: nothing changes.
    touches, updated = Touch.objects.owned_by(owner).count(), conversation.updated_at
    report = sync_calendars(owner)
    assert report.picked_up == []
    (result,) = report.calendars
    assert (result.added, result.updated, result.removed, result.unchanged) == (0, 0, 0, 2)
    assert Touch.objects.owned_by(owner).count() == touches
    conversation.refresh_from_db()
    assert conversation.updated_at == updated

    # Deleted on the calendar: reported and shown, never cancelled here.
    radicale.delete(item)
    report = sync_calendars(owner)
    assert [(item.action, item.conversation_id) for item in report.picked_up] == [("called_off", conversation.pk)]
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.SCHEDULED
    assert [event.conversation_id for event in called_off(owner)] == [conversation.pk]
    assert sync_calendars(owner).picked_up == []  # said once


def test_only_upcoming_busy_meetings_with_allowed_people_are_picked_up(
        owner: Any, network: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    path.write_text(calendar_of(
        event_ics("declined", in_days(2), organizer=DANA, attendees=((ME, "DECLINED"),)),
        event_ics("cancelled", in_days(3), organizer=DANA, attendees=((ME, "ACCEPTED"),), status="CANCELLED"),
        event_ics("all-day", in_days(4), organizer=DANA, attendees=((ME, "ACCEPTED"),), all_day=True),
        event_ics("past", in_days(-2), organizer=DANA, attendees=((ME, "ACCEPTED"),)),
        event_ics("crowd", in_days(5), attendees=tuple((f"p{n}@x.example", "ACCEPTED") for n in range(8))
                  + ((DANA, "ACCEPTED"),)),
        event_ics("lee", in_days(6), organizer="lee@quiet.example", attendees=((ME, "ACCEPTED"),)),
        event_ics("stranger", in_days(7), organizer="someone@else.example", attendees=((ME, "ACCEPTED"),)),
    ))
    connect(owner, kind="ics_file", location=str(path))
    report = sync_calendars(owner)
    assert report.picked_up == [] and report.calendars[0].added == 7
    assert not Conversation.objects.owned_by(owner).exists()
    busy = {row.uid: row.busy for row in CalendarEvent.objects.owned_by(owner)}
    assert busy["declined"] is False and busy["cancelled"] is False and busy["past"] is True


def test_only_one_conversation_per_person_from_a_weekly_series(owner: Any, network: dict[str, Any],
                                                                tmp_path: Path) -> None:
    weekly = event_ics("weekly", in_days(2), organizer=DANA, attendees=((ME, "ACCEPTED"),)).replace(
        "SEQUENCE:0", "SEQUENCE:0\nRRULE:FREQ=WEEKLY;COUNT=4")
    path = tmp_path / "weekly.ics"
    path.write_text(weekly)
    connect(owner, kind="ics_file", location=str(path))
    report = sync_calendars(owner)
    assert [item.action for item in report.picked_up] == ["scheduled"]
    assert CalendarEvent.objects.owned_by(owner).filter(uid="weekly").count() == 4
    conversation = Conversation.objects.owned_by(owner).get()
    assert conversation.scheduled_at == in_days(2)
    assert sync_calendars(owner).picked_up == []


def test_coffeechats_own_invite_is_matched_by_uid_not_doubled(owner: Any, network: dict[str, Any],
                                                              tmp_path: Path) -> None:
    from coffeechat.services.scheduling import invite_ics, schedule

    dana = network["dana"]
    start = in_days(4, 16)
    wall = start.astimezone(__import__("zoneinfo").ZoneInfo("America/Chicago")).replace(tzinfo=None)
    conversation = schedule(owner, dana, wall).conversation
    path = tmp_path / "invite.ics"
    path.write_bytes(invite_ics(owner, conversation))
    connect(owner, kind="ics_file", location=str(path), name="mine")
    touches = Touch.objects.owned_by(owner).count()
    report = sync_calendars(owner)
    assert [(item.action, item.conversation_id) for item in report.picked_up] == [("matched", conversation.pk)]
    assert Conversation.objects.owned_by(owner).count() == 1 and Touch.objects.owned_by(owner).count() == touches
    assert CalendarEvent.objects.owned_by(owner).get().conversation == conversation

    # Moved in the calendar app (a higher SEQUENCE than coffeechat's): the conversation follows.
    later = start + timedelta(hours=2)
    path.write_text(event_ics(conversation.ical_uid, later, 20, organizer=ME, attendees=((DANA, "ACCEPTED"),),
                              sequence=1))
    report = sync_calendars(owner)
    assert [item.action for item in report.picked_up] == ["rescheduled"]
    conversation.refresh_from_db()
    assert conversation.scheduled_at == later and Conversation.objects.owned_by(owner).count() == 1


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def web_folder(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1 (http.server), and its base URL."""
    folder = tmp_path / "site"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_an_ics_address_is_read_and_its_busy_times_are_seen(owner: Any, network: dict[str, Any],
                                                            web_folder: tuple[Path, str]) -> None:
    folder, base = web_folder
    busy_start = in_days(1, 14)
    (folder / "basic.ics").write_text(calendar_of(
        event_ics("seminar", busy_start, 90, summary="Seminar"),
        event_ics("overlap", busy_start + timedelta(minutes=60), 60, summary="Overlapping"),
        event_ics("coffee", in_days(2), organizer=DANA, attendees=((ME, "ACCEPTED"),)),
    ))
    with pytest.raises(CalendarError, match="404"):
        connect(owner, kind="ics_url", location=base + "missing.ics")
    assert sources(owner) == []
    found = connect(owner, kind="ics_url", location=base + "basic.ics", name="google")
    assert found.events == 3
    report = sync_calendars(owner, "google")
    assert [item.action for item in report.picked_up] == ["scheduled"]
    spans = busy_intervals(owner, busy_start - timedelta(hours=1), busy_start + timedelta(hours=5))
    assert (busy_start, busy_start + timedelta(hours=2)) in spans  # merged: 14:00–15:30 and 15:00–16:00
    assert [event.summary for event in picked_up_events(owner)] == ["Coffee chat"]


def test_a_stopped_server_is_a_clear_error_stored_and_raised(owner: Any, network: dict[str, Any],
                                                             radicale: RadicaleServer) -> None:
    calendar = radicale.make_calendar("work")
    radicale.put_event(calendar, "one", event_ics("one", in_days(1), summary="Standing meeting"))
    connect(owner, kind="caldav", location=calendar, username=radicale.user, password=radicale.password,
            name="work")
    sync_calendars(owner)
    radicale.stop()
    with pytest.raises(CalendarSyncFailed) as raised:
        sync_calendars(owner)
    message = str(raised.value)
    assert "work:" in message and "cannot reach 127.0.0.1:" in message and "connection refused" in message
    source = CalendarSource.objects.owned_by(owner).get(name="work")
    assert source.last_error and source.last_error in message
    assert raised.value.report.errors == [f"work: {source.last_error}"]
    assert CalendarEvent.objects.owned_by(owner).count() == 1  # what was read before stays


def test_connect_checks_before_storing(owner: Any, network: dict[str, Any], radicale: RadicaleServer,
                                       tmp_path: Path) -> None:
    calendar = radicale.make_calendar("personal")
    radicale.put_event(calendar, "one", event_ics("one", in_days(1)))
    cases: list[tuple[dict[str, str], str]] = [
        ({"kind": "ics_file", "location": str(tmp_path / "nope.ics")}, "does not exist"),
        ({"kind": "ics_file", "location": str(tmp_path)}, "not a file"),
        ({"kind": "ics_url", "location": "ftp://example.org/cal.ics"}, "https://"),
        ({"kind": "caldav", "location": calendar, "username": ""}, "user name"),
        ({"kind": "caldav", "location": calendar, "username": radicale.user, "password": "wrong"},
         "refused the user name or password"),
        ({"kind": "caldav", "location": radicale.principal_url, "username": radicale.user,
          "password": radicale.password}, f"is not one calendar; connect one of its calendars: personal: {calendar}"),
    ]
    for fields, words in cases:
        with pytest.raises(CalendarError, match=words):
            connect(owner, **fields)
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nnot a line\nEND:VCALENDAR\n")
    with pytest.raises(CalendarError, match="line 3"):
        connect(owner, kind="ics_file", location=str(broken))
    assert sources(owner) == []


def test_disconnect_forgets_the_calendar_but_keeps_its_conversations(owner: Any, network: dict[str, Any],
                                                                     tmp_path: Path) -> None:
    path = tmp_path / "c.ics"
    path.write_text(_dana_invite(in_days(3)))
    connect(owner, kind="ics_file", location=str(path))
    sync_calendars(owner)
    disconnect(owner, "calendar")
    assert sources(owner) == [] and not CalendarEvent.objects.owned_by(owner).exists()
    assert Conversation.objects.owned_by(owner).count() == 1
    with pytest.raises(NotFound, match="no calendar is connected"):
        disconnect(owner, "calendar")
    assert sync_calendars(owner).calendars == []  # nothing connected: nothing to do, no error


def test_another_users_calendar_is_never_read_or_touched(owner: Any, outsider: Any, network: dict[str, Any],
                                                         tmp_path: Path) -> None:
    path = tmp_path / "c.ics"
    path.write_text(_dana_invite(in_days(3)))
    connect(owner, kind="ics_file", location=str(path))
    assert sync_calendars(outsider).calendars == []
    assert busy_intervals(outsider, in_days(0), in_days(10)) == []
    with pytest.raises(NotFound):
        disconnect(outsider, "calendar")


def test_a_very_long_uid_is_known_again_on_the_next_sync(owner: Any, network: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "long.ics"
    path.write_text(event_ics("x" * 700 + "@exchange.example", in_days(2), summary="Long UID"))
    connect(owner, kind="ics_file", location=str(path))
    assert sync_calendars(owner).calendars[0].added == 1
    again = sync_calendars(owner).calendars[0]
    assert (again.added, again.unchanged) == (0, 1)
