"""The dashboard, done and snooze in place, recording events from a person's page, and settings."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from coffeechat.models import ActionState, Message, Person, UserSetting
from coffeechat.services.logbook import log_sent
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting

CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def client_for(owner, owner_client) -> Client:
    client = owner_client
    set_setting(owner, "timezone", "America/Chicago")
    return client


@pytest.fixture
def waiting(owner) -> Person:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    add_person(owner, NewPerson("Sam Park", organization="The Tribune", title="Data reporter"))
    log_sent(owner, dana, at=datetime(2026, 11, 2, 10, tzinfo=CHICAGO))
    return dana


@time_machine.travel("2026-11-05 15:00 +0000", tick=False)
def test_dashboard_groups_due_actions(client_for, waiting) -> None:
    page = client_for.get("/").content.decode()
    assert "What's next" in page
    assert "Today" in page and "No reply from Dana Reyes" in page
    assert "This week" in page  # the follow-up comes on day 7
    assert "Losing touch" in page


@time_machine.travel("2026-11-05 15:00 +0000", tick=False)
def test_done_in_place_returns_only_the_list(client_for, waiting, owner) -> None:
    key = "next_contact:message:" + str(Message.objects.get().pk)
    response = client_for.post("/actions/done", {"key": key}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="agenda">') and "<html" not in body
    assert key not in body
    assert ActionState.objects.owned_by(owner).get(action_key=key).done_at is not None


@time_machine.travel("2026-11-05 15:00 +0000", tick=False)
def test_snooze_hides_until_the_day(client_for, waiting) -> None:
    key = "next_contact:message:" + str(Message.objects.get().pk)
    client_for.post("/actions/snooze", {"key": key, "until": "2026-11-09"})
    assert key not in client_for.get("/").content.decode().split("This week")[0]


def test_recording_from_the_person_page(client_for, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    response = client_for.post(f"/people/{dana.pk}/record/sent", {"when": "2026-11-02T10:00"}, follow=True)
    assert b"Request logged" in response.content
    message = Message.objects.get()
    assert message.sent_at == datetime(2026, 11, 2, 10, tzinfo=CHICAGO)
    reply = client_for.post(f"/people/{dana.pk}/record/reply", {"when": "2026-11-03T09:00"}, follow=True)
    assert b"Reply from Dana Reyes logged" in reply.content
    bad = client_for.post(f"/people/{dana.pk}/record/thanked", {}, follow=True)
    assert b"waiting for a thank-you" in bad.content


def test_recording_for_someone_elses_person_is_not_found(client_for, outsider) -> None:
    theirs = add_person(outsider, NewPerson("Private Person"))
    assert client_for.post(f"/people/{theirs.pk}/record/sent", {}).status_code == 404


def test_settings_page_saves_and_refuses_bad_values_whole(client_for, owner) -> None:
    ok = client_for.post("/settings/", {"country": "US", "follow_up_business_days": "6"}, follow=True)
    assert b"Settings saved" in ok.content
    bad = client_for.post("/settings/", {"country": "GB", "timezone": "Mars/Olympus"})
    assert bad.status_code == 400 and b"Mars/Olympus" in bad.content
    stored = dict(UserSetting.objects.owned_by(owner).values_list("key", "value"))
    assert stored["country"] == "US"  # nothing of the bad submission was saved


def test_smtp_password_is_never_sent_back_to_the_browser(client_for, owner) -> None:
    client_for.post("/settings/", {"smtp_password": "hunter2-secret"})
    page = client_for.get("/settings/").content.decode()
    assert "hunter2" not in page and "saved — type to replace" in page
    client_for.post("/settings/", {"smtp_password": "", "your_name": "Alex"})
    from coffeechat.services.secrets import reveal_secret

    stored = UserSetting.objects.owned_by(owner).get(key="smtp_password").value
    assert "hunter2" not in stored and reveal_secret(owner, "smtp_password", stored) == "hunter2-secret"
