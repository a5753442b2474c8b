"""Web: live mode (checklist, notes, captures, held) and the thank-you page; scoped to their owner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from coffeechat.models import Conversation, Insight, Note, Person, PlanItem, Task
from coffeechat.services.logbook import log_meeting
from coffeechat.services.people import NewPerson, add_person

HTMX = {"HTTP_HX_REQUEST": "true"}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def talk(owner) -> Conversation:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", emails=("dana@tribune.example",)))
    talk = log_meeting(owner, dana, at=datetime.now(UTC) - timedelta(minutes=5), minutes=5)
    # Shorter than the logbook allows when booking: a quick call still gets a plan and a timer.
    Conversation.objects.filter(pk=talk.pk).update(minutes=3)
    talk.refresh_from_db()
    return talk


def test_live_page_has_the_timer_the_checklist_and_the_notes_box(owner, talk) -> None:
    body = logged_in(owner).get(f"/conversations/{talk.pk}/live").content.decode()
    assert 'data-minutes="3"' in body and 'id="notes-box"' in body and "coffeechat/live.js" in body
    assert body.count('class="plan-item') == PlanItem.objects.filter(conversation=talk).count() >= 3
    assert "<script>" not in body.split("</head>")[1].replace('<script src=', '')  # no inline scripts


def test_tapping_and_rating_a_question(owner, talk) -> None:
    client = logged_in(owner)
    client.get(f"/conversations/{talk.pk}/live")
    item = PlanItem.objects.filter(conversation=talk).first()
    answer = client.post(f"/plan-items/{item.pk}/answer", **HTMX)
    assert answer.status_code == 200 and b"answered" in answer.content and b"<html" not in answer.content
    client.post(f"/plan-items/{item.pk}/answer", {"rating": "5"}, **HTMX)
    item.refresh_from_db()
    assert item.answered and item.rating == 5


def test_notes_save_as_you_type(owner, talk) -> None:
    client = logged_in(owner)
    saved = client.post(f"/conversations/{talk.pk}/notes", {"body": "Started on the metro desk"}, **HTMX)
    assert saved.status_code == 200 and b"Saved" in saved.content
    assert Note.objects.get(conversation=talk).body == "Started on the metro desk"
    assert b"Started on the metro desk" in client.get(f"/conversations/{talk.pk}/live").content


def test_captures_make_people_tasks_and_insights(owner, talk) -> None:
    client = logged_in(owner)
    url = f"/conversations/{talk.pk}/capture/"
    response = client.post(url + "referral", {"text": "talk to Sam Park at the Harbor Institute"}, **HTMX)
    assert b"Sam Park" in response.content and b"<html" not in response.content
    assert Person.objects.get(full_name="Sam Park").referred_by == talk.person
    client.post(url + "commitment", {"text": "send my clips"}, **HTMX)
    assert Task.objects.get().conversation == talk
    client.post(url + "insight", {"text": "Clips beat grades", "theme": "hiring"}, **HTMX)
    assert Insight.objects.get().theme == "hiring"
    empty = client.post(url + "insight", {"text": "  "}, **HTMX)
    assert b"needs some words" in empty.content


def test_held_then_thank_you_then_logged(owner, talk) -> None:
    client = logged_in(owner)
    client.post(f"/conversations/{talk.pk}/capture/insight", {"text": "Most hires come through the fellowship"})
    done = client.post(f"/conversations/{talk.pk}/held")
    assert done.status_code == 302 and done["Location"] == f"/conversations/{talk.pk}/thank-you"
    page = client.get(done["Location"]).content.decode()
    assert "Most hires come through the fellowship" in page and "dana@tribune.example" in page
    client.post(f"/conversations/{talk.pk}/thank-you", {"action": "sent", "subject": "Thanks", "body": "Thank you!"})
    talk.refresh_from_db()
    assert talk.thanked_at is not None


def test_sending_without_mail_set_up_says_how(owner, talk) -> None:
    client = logged_in(owner)
    client.post(f"/conversations/{talk.pk}/held")
    response = client.post(f"/conversations/{talk.pk}/thank-you", {"action": "send", "subject": "s", "body": "b"},
                           follow=True)
    assert b"settings" in response.content.lower()
    talk.refresh_from_db()
    assert talk.thanked_at is None


def test_another_user_gets_nothing(owner, outsider, talk) -> None:
    logged_in(owner).get(f"/conversations/{talk.pk}/live")
    item = PlanItem.objects.filter(conversation=talk).first()
    client = logged_in(outsider)
    for url in (f"/conversations/{talk.pk}/live", f"/conversations/{talk.pk}/thank-you"):
        assert client.get(url).status_code == 404
    for url in (f"/conversations/{talk.pk}/notes", f"/conversations/{talk.pk}/capture/insight",
                f"/conversations/{talk.pk}/held", f"/plan-items/{item.pk}/answer"):
        assert client.post(url, {"body": "x", "text": "x"}).status_code == 404
    talk.refresh_from_db()
    assert talk.state == "scheduled" and not Note.objects.exists() and not Insight.objects.exists()
