"""The small forms posted from other pages are Django forms: a refused value is named by its field, nothing changes."""

from __future__ import annotations

from django.contrib.messages import get_messages

from coffeechat.models import Conversation
from coffeechat.services.people import NewPerson, add_person


def _said(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_stage_that_does_not_exist_is_refused_by_name(owner_client, owner) -> None:  # type: ignore[no-untyped-def]
    dana = add_person(owner, NewPerson("Dana Reyes"))
    response = owner_client.post(f"/people/{dana.pk}/stage", {"stage": "best-friend"})
    assert response.status_code == 302
    assert any(text.startswith("Stage:") for text in _said(response)), _said(response)
    dana.refresh_from_db()
    assert dana.stage == "new"
    owner_client.post(f"/people/{dana.pk}/stage", {"stage": "mentor"})
    dana.refresh_from_db()
    assert dana.stage == "mentor"


def test_a_cadence_that_is_not_a_number_of_days_is_refused_by_name(owner_client, owner) -> None:  # type: ignore[no-untyped-def]
    dana = add_person(owner, NewPerson("Dana Reyes"))
    response = owner_client.post(f"/people/{dana.pk}/cadence", {"days": "often"})
    assert any(text.startswith("Cadence:") for text in _said(response)), _said(response)
    dana.refresh_from_db()
    assert dana.cadence_days is None
    owner_client.post(f"/people/{dana.pk}/cadence", {"days": "90"})
    dana.refresh_from_db()
    assert dana.cadence_days == 90


def test_a_rating_out_of_range_is_refused_by_name(owner_client, owner) -> None:  # type: ignore[no-untyped-def]
    dana = add_person(owner, NewPerson("Dana Reyes"))
    talk = Conversation.objects.create(owner=owner, person=dana, state="scheduled", minutes=20)
    response = owner_client.post(f"/conversations/{talk.pk}/confidence", {"when": "after", "rating": "9"})
    assert any(text.startswith("Rating:") for text in _said(response)), _said(response)
    response = owner_client.post(f"/conversations/{talk.pk}/confidence", {"when": "someday", "rating": "3"})
    assert any(text.startswith("Before or after:") for text in _said(response)), _said(response)
    talk.refresh_from_db()
    assert (talk.confidence_before, talk.confidence_after) == (None, None)


def test_target_scores_and_a_new_target_are_refused_by_field(owner_client, owner) -> None:  # type: ignore[no-untyped-def]
    from coffeechat.models import Organization
    from coffeechat.services.targets import set_scores

    org = set_scores(owner, "Alpha", motivation=3)
    response = owner_client.post(f"/targets/{org.pk}/score", {"motivation": "9", "advocacy": "maybe"})
    said = " ".join(_said(response))
    assert "Motivation:" in said and "Advocacy:" in said, said
    assert Organization.objects.get(pk=org.pk).motivation == 3
    response = owner_client.post("/targets/add", {"name": "   "})
    assert any(text.startswith("Organisation:") for text in _said(response)), _said(response)
    owner_client.post(f"/targets/{org.pk}/score", {"advocacy": "yes"})
    assert Organization.objects.get(pk=org.pk).advocacy is True


def test_a_source_without_ground_rules_is_refused_by_field_and_stays_career(owner_client, owner) -> None:  # type: ignore[no-untyped-def]
    dana = add_person(owner, NewPerson("Dana Reyes"))
    response = owner_client.post(f"/people/{dana.pk}/source", {"ground_rules": "  "})
    assert any(text.startswith("Ground rules:") for text in _said(response)), _said(response)
    dana.refresh_from_db()
    assert not dana.is_source
    owner_client.post(f"/people/{dana.pk}/source", {"ground_rules": "On background; quotes checked with me."})
    dana.refresh_from_db()
    assert dana.is_source
    owner_client.post(f"/people/{dana.pk}/source", {"to": "career"})
    dana.refresh_from_db()
    assert not dana.is_source


def test_done_and_snooze_name_what_is_missing(owner_client, owner) -> None:  # type: ignore[no-untyped-def]
    response = owner_client.post("/actions/snooze", {"key": "follow_up:1", "until": "next-ish"})
    assert any(text.startswith("Until: choose the day") for text in _said(response)), _said(response)
    response = owner_client.post("/actions/done", {})
    assert any(text.startswith("Action:") for text in _said(response)), _said(response)


def test_a_goal_takes_only_the_owners_conversations_and_a_written_reflection(owner_client, owner, outsider) -> None:  # type: ignore[no-untyped-def]
    from coffeechat.models import Goal, GoalReflection

    goal = Goal.objects.create(owner=owner, title="Data journalism")
    theirs = Conversation.objects.create(owner=outsider, person=add_person(outsider, NewPerson("Not Mine")))
    response = owner_client.post(f"/goals/{goal.pk}/assign", {"conversation": str(theirs.pk)})
    assert any(text.startswith("Conversation: choose one of your conversations") for text in _said(response))
    theirs.refresh_from_db()
    assert theirs.goal_id is None
    response = owner_client.post(f"/goals/{goal.pk}/", {"body": "   "})
    assert any(text.startswith("How the goal changed:") for text in _said(response)), _said(response)
    assert not GoalReflection.objects.filter(goal=goal).exists()


def test_an_event_with_an_unreadable_time_or_length_is_refused_by_field(owner_client, owner) -> None:  # type: ignore[no-untyped-def]
    dana = add_person(owner, NewPerson("Dana Reyes"))
    response = owner_client.post(f"/people/{dana.pk}/record/meeting", {"when": "", "minutes": "20"})
    assert any(text.startswith("When: say when the conversation is") for text in _said(response)), _said(response)
    response = owner_client.post(f"/people/{dana.pk}/record/meeting", {"when": "2026-12-08 10:00", "minutes": "lots"})
    assert any(text.startswith("Minutes:") for text in _said(response)), _said(response)
    response = owner_client.post(f"/people/{dana.pk}/record/sent", {"when": "the twelfth of never"})
    assert any(text.startswith("When:") for text in _said(response)), _said(response)
    assert not Conversation.objects.filter(person=dana).exists()
    assert not dana.messages.exists()
