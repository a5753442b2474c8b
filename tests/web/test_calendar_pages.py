"""The Calendar page: says what is read, connects an .ics file (and refuses a bad one on the form), "Sync now"
brings the meeting with Dana in as a conversation, a called-off event is shown, disconnect; a CalDAV
password is never shown back; another owner sees none of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from coffeechat.models import CalendarSource, ContactPoint, Conversation, Person
from conftest import logged_in

pytestmark = pytest.mark.django_db

ME = "sam.student@example.edu"
DANA = "dana@tribune.example"


def _invite(start: datetime, status: str = "CONFIRMED") -> str:
    stamp = "%Y%m%dT%H%M%SZ"
    return "\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coffeechat tests//EN", "BEGIN:VEVENT", "UID:dana-1",
        "DTSTAMP:20261101T000000Z", f"DTSTART:{start:{stamp}}", f"DTEND:{start + timedelta(minutes=20):{stamp}}",
        "SUMMARY:Coffee <b>with</b> Dana", f"ORGANIZER:mailto:{DANA}", f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}",
        f"STATUS:{status}", "END:VEVENT", "END:VCALENDAR", ""])


@pytest.fixture
def dana(owner: Any, person: Person) -> Person:
    from coffeechat.services.preferences import set_setting

    ContactPoint.objects.create(owner=owner, person=person, kind="email", value=DANA)
    set_setting(owner, "your_email", ME)
    return person


def test_the_page_says_what_is_read_and_offers_the_connect_form(owner_client: Client) -> None:
    page = owner_client.get("/my-calendar/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nothing is ever written to your calendar" in text and "No calendar connected yet" in text
    assert 'type="password"' in text and 'name="location"' in text
    assert 'href="/my-calendar/"' in text and 'aria-current="page"' in text
    assert owner_client.get("/my-calendar/sync").status_code == 405  # changes only by POST


def test_connect_sync_show_called_off_and_disconnect(owner: Any, owner_client: Client, dana: Person,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=16, minute=0, second=0, microsecond=0)
    path.write_text(_invite(start))
    bad = owner_client.post("/my-calendar/connect", {"kind": "ics_file", "location": str(tmp_path / "nope.ics"),
                                                     "name": "calendar"})
    assert bad.status_code == 400 and "does not exist" in bad.content.decode()
    connected = owner_client.post("/my-calendar/connect", {"kind": "ics_file", "location": str(path),
                                                           "name": "calendar"}, follow=True)
    assert "Connected calendar: 1 events" in connected.content.decode()
    synced = owner_client.post("/my-calendar/sync", follow=True).content.decode()
    assert "with Dana Reyes" in synced and "scheduled from your calendar" in synced
    assert "Coffee &lt;b&gt;with&lt;/b&gt; Dana" in synced  # the event's title, escaped
    conversation = Conversation.objects.owned_by(owner).get(person=dana)
    assert conversation.scheduled_at == start

    path.write_text(_invite(start, status="CANCELLED"))
    owner_client.post("/my-calendar/sync")
    page = owner_client.get("/my-calendar/").content.decode()
    assert "Called off on your calendar" in page and f"conversation #{conversation.pk}" in page
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.SCHEDULED  # the user decides

    owner_client.post("/my-calendar/disconnect", {"name": "calendar"})
    assert not CalendarSource.objects.owned_by(owner).exists()
    assert Conversation.objects.owned_by(owner).filter(pk=conversation.pk).exists()


def test_a_caldav_password_is_never_shown_back_and_a_refusal_is_on_the_form(owner_client: Client) -> None:
    refused = owner_client.post("/my-calendar/connect", {
        "kind": "caldav", "location": "http://127.0.0.1:9/dav/calendar/", "name": "dav", "username": "me",
        "password": "s3cret-never-shown"})
    text = refused.content.decode()
    assert refused.status_code == 400 and "cannot reach 127.0.0.1:9" in text
    assert "s3cret-never-shown" not in text


def test_another_owner_sees_none_of_it(owner: Any, outsider: Any, dana: Person, tmp_path: Path) -> None:
    from coffeechat.services.calendar_sync import connect, sync_calendars

    path = tmp_path / "calendar.ics"
    path.write_text(_invite((datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)))
    connect(owner, kind="ics_file", location=str(path), name="private-calendar")
    sync_calendars(owner)
    other = logged_in(outsider)
    text = other.get("/my-calendar/").content.decode()
    assert "private-calendar" not in text and "Dana" not in text
    other.post("/my-calendar/disconnect", {"name": "private-calendar"})
    assert CalendarSource.objects.owned_by(owner).exists()
