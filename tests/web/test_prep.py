"""Web: the brief with its plan editor, and the question bank page; scoped to their owner."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coffeechat.models import Conversation, PlanItem, Question
from coffeechat.services.logbook import log_meeting
from coffeechat.services.people import NewPerson, add_person
from conftest import logged_in


@pytest.fixture
def talk(owner) -> Conversation:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor",
                                       tags=("<b>alumni</b>",)))
    return log_meeting(owner, dana, at=datetime(2030, 12, 3, 15, tzinfo=UTC), minutes=20)


def test_brief_shows_the_person_the_intro_and_the_plan(owner, talk) -> None:
    page = logged_in(owner).get(f"/conversations/{talk.pk}/brief")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Dana Reyes" in body and "30-second introduction" in body and "Question plan" in body
    assert PlanItem.objects.filter(conversation=talk).count() == 8
    assert "&lt;b&gt;alumni&lt;/b&gt;" in body and "<b>alumni</b>" not in body
    assert "Ground rules" not in body


def test_reporting_brief_shows_ground_rules(owner, talk) -> None:
    talk.purpose = "reporting"
    talk.save()
    assert b"Ground rules first" in logged_in(owner).get(f"/conversations/{talk.pk}/brief").content


def test_plan_editing_through_the_brief(owner, talk) -> None:
    client = logged_in(owner)
    client.get(f"/conversations/{talk.pk}/brief")
    first, second = PlanItem.objects.filter(conversation=talk).order_by("position")[:2]
    assert client.post(f"/plan-items/{second.pk}/up").status_code == 302
    assert list(PlanItem.objects.filter(conversation=talk).order_by("position").values_list("pk", flat=True)[:2]) == [second.pk, first.pk]
    client.post(f"/conversations/{talk.pk}/plan/add", {"text": "What do you read every morning?"})
    assert PlanItem.objects.filter(conversation=talk).order_by("-position").first().text == "What do you read every morning?"
    client.post(f"/plan-items/{first.pk}/remove")
    assert not PlanItem.objects.filter(pk=first.pk).exists()
    client.post(f"/conversations/{talk.pk}/plan/finished", {"finished": "1"})
    talk.refresh_from_db()
    assert talk.plan_finished


def test_another_user_cannot_see_or_change_the_brief(owner, outsider, talk) -> None:
    client = logged_in(outsider)
    assert client.get(f"/conversations/{talk.pk}/brief").status_code == 404
    logged_in(owner).get(f"/conversations/{talk.pk}/brief")
    item = PlanItem.objects.filter(conversation=talk).first()
    assert client.post(f"/plan-items/{item.pk}/remove").status_code == 404
    assert client.post(f"/conversations/{talk.pk}/plan/new").status_code == 404
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_question_bank_page_browses_adds_and_hides(owner) -> None:
    client = logged_in(owner)
    page = client.get("/questions/?category=trends&field=newsroom_politics")
    assert page.status_code == 200 and b"Trends" in page.content and b"Culture</h2>" not in page.content
    client.post("/questions/", {"text": "What puzzled you <most>", "category": "insights"})
    own = Question.objects.get(owner=owner)
    assert own.text == "What puzzled you <most>?"
    listing = client.get("/questions/?category=insights").content.decode()
    assert "What puzzled you &lt;most&gt;?" in listing
    client.post("/questions/change", {"key": f"own-{own.pk}", "action": "hide"})
    assert "puzzled you" not in client.get("/questions/?category=insights").content.decode()


def test_person_page_links_to_prepare_live_and_thank_you(owner, talk) -> None:
    body = logged_in(owner).get(f"/people/{talk.person_id}/").content.decode()
    for url in (f"/conversations/{talk.pk}/brief", f"/conversations/{talk.pk}/live", f"/conversations/{talk.pk}/thank-you"):
        assert url in body
