"""The web face of issue 10 items 8, 9 and 11 (part): impossible dates refused as form errors, a move keeps
its length, a contradicting template refused with the reason, and the brief's role line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from coffeechat.models import Conversation, Message
from coffeechat.services.agenda import agenda
from coffeechat.services.logbook import log_meeting, log_sent
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def on_2_december():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client_for(owner, owner_client) -> Client:
    set_setting(owner, "timezone", "UTC")
    return owner_client


@pytest.fixture
def dana(owner):
    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor",
                                       emails=("dana@tribune.example",)))


def _messages(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in page.context["messages"]]


def test_a_reply_before_its_request_is_a_form_error(client_for, owner, dana) -> None:
    log_sent(owner, dana, at=NOW - timedelta(days=2))
    page = client_for.post(f"/people/{dana.pk}/record/reply", {"when": "2026-11-29 10:00"}, follow=True)
    assert page.status_code == 200
    assert any(m.startswith("a reply cannot come before its request") for m in _messages(page))
    assert Message.objects.get().replied_at is None


def test_held_in_the_future_and_a_second_follow_up_are_form_errors(client_for, owner, dana) -> None:
    page = client_for.post(f"/people/{dana.pk}/record/held", {"when": "2026-12-05 10:00"}, follow=True)
    assert any("still in the future" in m for m in _messages(page))
    assert not Conversation.objects.exists()
    log_sent(owner, dana, at=NOW - timedelta(days=20))
    log_sent(owner, dana, at=NOW - timedelta(days=10), kind="follow_up")
    page = client_for.post(f"/people/{dana.pk}/record/follow_up", {}, follow=True)
    assert any("never a second" in m for m in _messages(page))
    assert Message.objects.filter(kind="follow_up").count() == 1


def test_snooze_to_the_past_is_a_form_error(client_for, owner, dana) -> None:
    log_sent(owner, dana, at=NOW - timedelta(days=30))
    key = agenda(owner).actions[0].key
    page = client_for.post("/actions/snooze", {"key": key, "until": "2026-11-30"}, follow=True)
    assert any("that day has passed" in m for m in _messages(page))
    assert key in {a.key for a in agenda(owner).actions}


def test_moving_from_the_person_page_keeps_the_length(client_for, owner, dana) -> None:
    log_meeting(owner, dana, at=NOW + timedelta(days=3), minutes=45)
    client_for.post(f"/people/{dana.pk}/record/meeting", {"when": "2026-12-08 10:00", "minutes": ""}, follow=True)
    moved = Conversation.objects.get()
    assert moved.minutes == 45 and moved.scheduled_at == datetime(2026, 12, 8, 10, tzinfo=UTC)
    client_for.post(f"/people/{dana.pk}/schedule", {"at": "2026-12-09 10:00", "tz": "UTC", "minutes": "45"})
    client_for.post(f"/people/{dana.pk}/schedule", {"at": "2026-12-10 10:00", "tz": "UTC"})
    assert Conversation.objects.get().minutes == 45


def test_the_composer_refuses_a_template_the_record_contradicts(client_for, owner, dana) -> None:
    set_setting(owner, "your_school", "Northwestern")
    page = client_for.get(f"/people/{dana.pk}/compose?template=alumni").content.decode()
    assert "Dana Reyes is not recorded as an alum of your school" in page
    assert "As a fellow Northwestern alum" not in page
    fitting = client_for.get(f"/people/{dana.pk}/compose").content.decode()
    assert "As a fellow" not in fitting and '<option value="cold" selected>' in fitting
    assert "[your name]" in fitting and "(your name)" not in fitting


@pytest.mark.parametrize(
    ("title", "organisation", "expected"),
    [("Politics editor", "The Tribune", "Politics editor at The Tribune"), ("Politics editor", "", "Politics editor"),
     ("", "The Tribune", "The Tribune"), ("", "", "No title or organisation on record")],
)
def test_the_brief_names_role_and_organisation_for_what_is_on_record(client_for, owner, title: str,
                                                                    organisation: str, expected: str) -> None:
    person = add_person(owner, NewPerson("Ada Lee", organization=organisation, title=title))
    talk = log_meeting(owner, person, at=NOW + timedelta(days=2))
    page = client_for.get(f"/conversations/{talk.pk}/brief").content.decode()
    assert f'<p class="subtitle">{expected}</p>' in page
