"""The scheduling form in both zones, .ics downloads, cancelling, and the calendar feed without login."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from coffeechat.models import Conversation
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from coffeechat.services.scheduling import new_feed_token, revoke_feed_token, schedule
from invite_reader import read_invite


@pytest.fixture(autouse=True)
def late_february():
    """Every test here happens on 20 February 2026, before the conversations it schedules."""
    with time_machine.travel("2026-02-20 12:00 +0000", tick=False):
        yield


@pytest.fixture
def client_for(owner, owner_client) -> Client:
    set_setting(owner, "timezone", "America/Los_Angeles")
    set_setting(owner, "your_email", "sam@example.edu")
    return owner_client


@pytest.fixture
def dana(owner):
    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", timezone="America/New_York",
                                       emails=("dana@tribune.example",)))


def test_preview_shows_both_zones(client_for, dana) -> None:
    page = client_for.get(f"/people/{dana.pk}/schedule").content.decode()
    assert 'value="America/New_York"' in page and "Pick a time to see it in both zones" in page
    response = client_for.post(f"/people/{dana.pk}/schedule/preview", {"at": "2026-03-04T14:00", "tz": "America/New_York",
                                                                      "minutes": "20"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="zones"')
    assert "Wed 4 Mar 2026 14:00-14:20 EST" in body and "Wed 4 Mar 2026 11:00-11:20 PST" in body
    bad = client_for.post(f"/people/{dana.pk}/schedule/preview", {"at": "2026-03-08T02:30", "tz": "America/New_York"})
    assert "does not exist" in bad.content.decode()
    assert not Conversation.objects.exists()


def test_schedule_then_download_move_and_cancel(client_for, dana) -> None:
    response = client_for.post(f"/people/{dana.pk}/schedule", {"at": "2026-03-04T14:00", "tz": "America/New_York",
                                                               "minutes": "20"}, follow=True)
    page = response.content.decode()
    assert "Scheduled: Wed 4 Mar 2026 14:00-14:20 EST for them, Wed 4 Mar 2026 11:00-11:20 PST for you." in page
    conversation = Conversation.objects.get()
    assert f'href="/conversations/{conversation.pk}.ics"' in page
    download = client_for.get(f"/conversations/{conversation.pk}.ics")
    assert download["Content-Type"].startswith("text/calendar")
    assert "attachment" in download["Content-Disposition"]
    assert read_invite(download.content).sequence == 0
    client_for.post(f"/people/{dana.pk}/schedule", {"at": "2026-03-04T15:00", "tz": "America/New_York"})
    assert read_invite(client_for.get(f"/conversations/{conversation.pk}.ics").content).sequence == 1
    client_for.post(f"/conversations/{conversation.pk}/cancel")
    info = read_invite(client_for.get(f"/conversations/{conversation.pk}.ics").content)
    assert (info.method, info.sequence) == ("CANCEL", 2)
    assert Conversation.objects.get().state == "cancelled"


def test_feed_works_without_login_and_404s_after_revoke(owner, dana) -> None:
    set_setting(owner, "timezone", "America/Los_Angeles")
    schedule(owner, dana, "2026-03-04 14:00")
    token = new_feed_token(owner)
    anonymous = Client()
    response = anonymous.get(f"/calendar/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"Coffee chat: Dana Reyes" in response.content
    assert anonymous.get("/calendar/not-the-token.ics").status_code == 404
    revoke_feed_token(owner)
    assert anonymous.get(f"/calendar/{token}.ics").status_code == 404


def test_outsider_cannot_schedule_download_or_cancel(owner, dana, outsider) -> None:
    set_setting(owner, "your_email", "sam@example.edu")
    done = schedule(owner, dana, "2026-03-04 14:00")
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/people/{dana.pk}/schedule").status_code == 404
    assert client.post(f"/people/{dana.pk}/schedule", {"at": "2026-03-05T10:00"}).status_code == 404
    assert client.post(f"/people/{dana.pk}/schedule/preview", {"at": "2026-03-05T10:00"}).status_code == 404
    assert client.get(f"/conversations/{done.conversation.pk}.ics").status_code == 404
    assert client.post(f"/conversations/{done.conversation.pk}/cancel").status_code == 404
    assert Conversation.objects.get().state == "scheduled"


def test_download_without_addresses_explains(client_for, owner) -> None:
    lee = add_person(owner, NewPerson("Lee Cho", timezone="Europe/Berlin"))
    done = schedule(owner, lee, "2026-03-04 10:00")
    response = client_for.get(f"/conversations/{done.conversation.pk}.ics", follow=True)
    assert "has no email address on file" in response.content.decode()
