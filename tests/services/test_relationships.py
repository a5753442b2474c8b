"""Stages by hand, cadence, milestones that become report-back tasks in `next`, mentorship, confidence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from coffeechat.models import Conversation, Message, Milestone, Task, Touch
from coffeechat.services.agenda import agenda
from coffeechat.services.logbook import log_held, log_referral, log_sent
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.relationships import (
    dismiss_mentorship,
    mentorship_candidates,
    rate_confidence,
    record_milestone,
    set_cadence,
    set_stage,
)

pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def fixed_clock():
    with time_machine.travel("2026-11-20 15:00 +0000", tick=False):
        yield


def test_stage_by_hand_may_go_back_and_is_on_the_timeline(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    set_stage(owner, dana, "mentor")
    set_stage(owner, dana, "met")
    dana.refresh_from_db()
    assert dana.stage == "met"
    assert Touch.objects.owned_by(owner).filter(person=dana, summary="Stage changed from Mentor to Met").exists()
    with pytest.raises(ValueError):
        set_stage(owner, dana, "bestie")


def test_a_cadence_brings_the_person_back_in_next(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    log_sent(owner, dana, at=datetime(2026, 7, 1, tzinfo=UTC), kind="update")
    set_cadence(owner, dana, 100)
    kinds = [(a.kind, a.person_id) for a in agenda(owner).actions]
    assert ("keep_in_touch", dana.pk) in kinds
    set_cadence(owner, dana, None)
    assert all(a.kind != "keep_in_touch" for a in agenda(owner).actions)


def test_milestone_tasks_for_the_referral_path_show_in_next(owner) -> None:
    ana = add_person(owner, NewPerson("Ana Diaz"))
    bo = add_person(owner, NewPerson("Bo Lin"))
    cy = add_person(owner, NewPerson("Cy Park"))
    other = add_person(owner, NewPerson("Di Ray"))
    log_held(owner, other)
    log_referral(owner, ana, bo)
    log_referral(owner, bo, cy)
    milestone, tasks = record_milestone(owner, "got the internship", [cy])
    assert sorted(t.person_id for t in tasks) == sorted([ana.pk, bo.pk, cy.pk])
    assert list(milestone.people.all()) == [cy]
    due = [a for a in agenda(owner, until=(datetime(2026, 11, 27)).date()).actions if a.kind == "task"]
    assert {a.person_id for a in due} == {ana.pk, bo.pk, cy.pk}
    assert all("got the internship" in a.reason for a in due)


def test_milestone_without_people_thanks_everyone_talked_with(owner) -> None:
    talked = [add_person(owner, NewPerson(n)) for n in ("Ana Diaz", "Bo Lin")]
    add_person(owner, NewPerson("Never Met"))
    for person in talked:
        log_held(owner, person)
    _, tasks = record_milestone(owner, "accepted into the fellowship")
    assert sorted(t.person_id for t in tasks) == sorted(p.pk for p in talked)
    with pytest.raises(ValueError):
        record_milestone(owner, "  ")
    assert Milestone.objects.owned_by(owner).count() == 1 and Task.objects.owned_by(owner).count() == 2


def test_mentorship_suggestion_and_dismissal(owner, outsider) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    for days in (90, 40):
        log_held(owner, dana, at=datetime(2026, 11, 20, tzinfo=UTC) - timedelta(days=days))
    assert mentorship_candidates(owner) == []  # two conversations, but no reply to an update yet
    update = log_sent(owner, dana, kind=Message.Kind.UPDATE, at=datetime(2026, 11, 1, tzinfo=UTC))
    Message.objects.filter(pk=update.pk).update(replied_at=datetime(2026, 11, 3, tzinfo=UTC))
    assert mentorship_candidates(owner) == [dana]
    assert mentorship_candidates(outsider) == []
    dismiss_mentorship(owner, dana)
    dismiss_mentorship(owner, dana)  # twice is harmless
    assert mentorship_candidates(owner) == []


def test_confidence_ratings_are_one_to_five(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    talk = Conversation.objects.create(owner=owner, person=dana)
    rate_confidence(owner, talk, before=2)
    rate_confidence(owner, talk, after=5)
    talk.refresh_from_db()
    assert (talk.confidence_before, talk.confidence_after) == (2, 5)
    for bad in (0, 6):
        with pytest.raises(ValueError):
            rate_confidence(owner, talk, before=bad)
