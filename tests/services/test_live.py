"""Live mode: notes saved as typed, captures that become people, tasks and insights, held, CLI notes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coffeechat.models import Conversation, Goal, Note, Person, Referral, Task, Touch
from coffeechat.services.agenda import load_practice
from coffeechat.services.live import (
    add_note,
    capture_commitment,
    capture_insight,
    capture_referral,
    captures,
    conversation_of,
    live_note,
    mark_held,
    political_warnings,
    read_referral,
    save_live_notes,
)
from coffeechat.services.logbook import log_meeting
from coffeechat.services.people import NewPerson, add_person

AT = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def talk(owner) -> Conversation:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor"))
    conversation = log_meeting(owner, dana, at=AT, minutes=20)
    conversation.goal = Goal.objects.create(owner=owner, title="Political reporting", field="newsroom_politics")
    conversation.save()
    return conversation


def has_notes(owner, conversation) -> bool:
    return next(c for c in load_practice(owner).conversations if c.id == conversation.pk).has_notes


@pytest.mark.parametrize(("typed", "expected"), [
    ("talk to Dana Reyes at the Tribune", ("Dana Reyes", "The Tribune")),
    ("You should speak with Sam Park from Harbor Policy.", ("Sam Park", "Harbor Policy")),
    ("Lee Chen", ("Lee Chen", "")),
    ("  reach out to   Ana Ruiz at City Hall ", ("Ana Ruiz", "City Hall")),
])
def test_reading_a_quick_referral(typed, expected) -> None:
    assert read_referral(typed) == expected


def test_notes_box_keeps_one_note_and_counts_as_notes(owner, talk) -> None:
    assert not has_notes(owner, talk)
    first = save_live_notes(owner, talk, "Started at the metro desk")
    again = save_live_notes(owner, talk, "Started at the metro desk; moved to politics in 2019")
    assert first.pk == again.pk and live_note(owner, talk).body.endswith("2019")
    assert has_notes(owner, talk)
    assert save_live_notes(owner, talk, "   ") is None
    assert Note.objects.filter(conversation=talk).count() == 0 and not has_notes(owner, talk)


def test_a_referral_capture_adds_the_person_referred_by_the_interviewee(owner, talk) -> None:
    referral = capture_referral(owner, talk, "talk to Sam Park at the Harbor Institute")
    sam = referral.to_person
    assert sam.full_name == "Sam Park" and str(sam.organization) == "The Harbor Institute"
    assert sam.referred_by == talk.person and sam.how_known == Person.HowKnown.REFERRAL
    assert referral.conversation == talk and referral.from_person == talk.person
    assert Touch.objects.filter(person=sam, kind="referral").exists()


def test_a_referral_to_someone_known_reuses_them(owner, talk) -> None:
    known = add_person(owner, NewPerson("Sam Park", organization="Harbor"))
    referral = capture_referral(owner, talk, "Sam Park")
    assert referral.to_person == known and Person.objects.filter(full_name="Sam Park").count() == 1
    with pytest.raises(ValueError):
        capture_referral(owner, talk, "talk to ")


def test_commitment_becomes_a_task_and_insight_joins_the_goal(owner, talk) -> None:
    task = capture_commitment(owner, talk, "send my clips to Dana")
    assert Task.objects.get(pk=task.pk).conversation == talk and task.person == talk.person
    insight = capture_insight(owner, talk, "Editors read the clip file first", theme="hiring", skill="clips")
    assert insight.goal == talk.goal and insight.person == talk.person
    with pytest.raises(ValueError):
        capture_insight(owner, talk, "  ")
    got = captures(owner, talk)
    assert got.commitments == [task] and got.insights == [insight] and got.referrals == []


def test_marking_held_goes_through_the_logbook(owner, talk) -> None:
    held = mark_held(owner, talk)
    assert held.state == "held" and held.held_at is not None
    assert Touch.objects.filter(person=talk.person, kind="held").count() == 1
    mark_held(owner, held)  # twice changes nothing
    assert Touch.objects.filter(person=talk.person, kind="held").count() == 1


def test_a_cli_note_goes_to_the_latest_conversation_or_the_person(owner, talk) -> None:
    lonely = add_person(owner, NewPerson("Lee Chen"))
    assert add_note(owner, lonely, "Met at the job fair").conversation is None
    assert add_note(owner, talk.person, "Prefers mornings").conversation == talk
    mark_held(owner, talk)
    later = log_meeting(owner, talk.person, at=datetime(2027, 1, 5, tzinfo=UTC))
    assert later.pk != talk.pk
    assert add_note(owner, talk.person, "She liked my clips").conversation == talk
    with pytest.raises(ValueError):
        add_note(owner, lonely, " ")


def test_campaign_work_warns_only_a_would_be_political_reporter(owner, outsider, talk) -> None:
    assert political_warnings(owner, "I volunteered for the Alvarez for Senate campaign")
    assert political_warnings(owner, "Wrote a story about transit") == []
    assert political_warnings(outsider, "I volunteered for the Alvarez for Senate campaign") == []


def test_conversations_are_scoped_to_their_owner(owner, outsider, talk) -> None:
    assert conversation_of(owner, talk.pk) == talk
    assert conversation_of(outsider, talk.pk) is None
    assert Referral.objects.count() == 0
