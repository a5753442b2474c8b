"""The question plan and the research brief of a conversation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coffeechat.core.question_bank import load_bank
from coffeechat.models import Conversation, Goal, PlanItem
from coffeechat.services.logbook import log_meeting
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preparation import (
    PlanError,
    add_item,
    answered_well_for_goal,
    conversation_to_prepare,
    make_plan,
    mark_answered,
    move_item,
    plan_items,
    remove_item,
    research_brief,
    set_plan_finished,
)
from coffeechat.services.questions import add_question, set_hidden

AT = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def goal(owner) -> Goal:
    return Goal.objects.create(owner=owner, title="Political reporting", field="newsroom_politics",
                               target_role="political reporting at a city paper")


def meeting(owner, name: str, goal: Goal | None, minutes: int = 20) -> Conversation:
    person = add_person(owner, NewPerson(name, organization="The Tribune", title="Politics editor"))
    conversation = log_meeting(owner, person, at=AT, minutes=minutes)
    conversation.goal = goal
    conversation.save()
    return conversation


def test_a_twenty_minute_conversation_gets_eight_questions_with_a_referral(owner, goal) -> None:
    items = make_plan(owner, meeting(owner, "Dana Reyes", goal))
    assert 7 <= len(items) <= 10
    assert [i.position for i in items] == list(range(1, len(items) + 1))
    assert items[0].category == "small_talk" and items[-1].category == "closing"
    referral_keys = {q.key for q in load_bank() if q.is_referral}
    assert sum(i.bank_key in referral_keys for i in items) == 1


def test_the_plan_is_made_once_and_kept(owner, goal) -> None:
    conversation = meeting(owner, "Dana Reyes", goal)
    first = make_plan(owner, conversation)
    again = make_plan(owner, conversation)
    assert [i.pk for i in first] == [i.pk for i in again]
    fresh = make_plan(owner, conversation, replace=True)
    assert PlanItem.objects.filter(conversation=conversation).count() == len(fresh)


def test_goal_questions_come_first_and_close_once_answered_well(owner, goal) -> None:
    add_question(owner, "How do reporters get onto the politics desk?", "career_path", goal=goal)
    first = meeting(owner, "Dana Reyes", goal)
    items = make_plan(owner, first)
    goal_item = items[1]
    assert goal_item.category == "goal" and goal_item.bank_key.startswith("own-")
    mark_answered(owner, goal_item.pk, rating=5)
    second = make_plan(owner, meeting(owner, "Sam Park", goal))
    assert all(i.category != "goal" for i in second)


def test_a_second_conversation_does_not_repeat_what_the_first_answered_well(owner, goal) -> None:
    first = make_plan(owner, meeting(owner, "Dana Reyes", goal))
    middle = [i for i in first if i.category not in ("small_talk", "closing", "resources")]
    for item in middle:
        mark_answered(owner, item.pk, rating=5)
    assert answered_well_for_goal(owner, goal)[middle[0].bank_key] == 1
    second = make_plan(owner, meeting(owner, "Sam Park", goal))
    assert not {i.bank_key for i in middle} & {i.bank_key for i in second}


def test_a_weak_answer_does_not_rank_the_question_down(owner, goal) -> None:
    first = make_plan(owner, meeting(owner, "Dana Reyes", goal))
    mark_answered(owner, first[2].pk, rating=3)
    assert answered_well_for_goal(owner, goal) == {}


def test_hidden_questions_stay_out_of_plans(owner, goal) -> None:
    first = make_plan(owner, meeting(owner, "Dana Reyes", goal))
    set_hidden(owner, first[0].bank_key)
    second = make_plan(owner, meeting(owner, "Sam Park", goal))
    assert first[0].bank_key not in {i.bank_key for i in second}


def test_reorder_add_remove(owner, goal) -> None:
    conversation = meeting(owner, "Dana Reyes", goal)
    items = make_plan(owner, conversation)
    move_item(owner, items[1].pk, -1)
    assert [i.pk for i in plan_items(owner, conversation)][:2] == [items[1].pk, items[0].pk]
    move_item(owner, items[1].pk, -1)  # already first: nothing moves
    assert plan_items(owner, conversation)[0].pk == items[1].pk
    move_item(owner, items[-1].pk, +1)
    assert plan_items(owner, conversation)[-1].pk == items[-1].pk
    added = add_item(owner, conversation, "  What would you read first? ")
    assert plan_items(owner, conversation)[-1].pk == added.pk and added.text == "What would you read first?"
    remove_item(owner, items[0].pk)
    after = plan_items(owner, conversation)
    assert [i.position for i in after] == list(range(1, len(after) + 1))
    with pytest.raises(PlanError):
        add_item(owner, conversation, "  ")


def test_answer_toggle_and_rating(owner, goal) -> None:
    item = make_plan(owner, meeting(owner, "Dana Reyes", goal))[0]
    assert mark_answered(owner, item.pk).answered is True
    rated = mark_answered(owner, item.pk, rating=4)
    assert rated.answered and rated.rating == 4
    cleared = mark_answered(owner, item.pk)
    assert not cleared.answered and cleared.rating is None
    with pytest.raises(PlanError):
        mark_answered(owner, item.pk, rating=6)


def test_plan_changes_are_scoped_to_the_owner(owner, outsider, goal) -> None:
    item = make_plan(owner, meeting(owner, "Dana Reyes", goal))[0]
    for change in (lambda: move_item(outsider, item.pk, 1), lambda: remove_item(outsider, item.pk),
                   lambda: mark_answered(outsider, item.pk)):
        with pytest.raises(PlanError):
            change()


def test_plan_finished_toggle(owner, goal) -> None:
    conversation = meeting(owner, "Dana Reyes", goal)
    assert set_plan_finished(owner, conversation).plan_finished
    conversation.refresh_from_db()
    assert conversation.plan_finished
    assert not set_plan_finished(owner, conversation, False).plan_finished


def test_preparing_someone_without_a_conversation_proposes_one(owner, goal) -> None:
    person = add_person(owner, NewPerson("Lee Chen"))
    conversation = conversation_to_prepare(owner, person)
    assert conversation.state == "proposed" and conversation.minutes == 20 and conversation.goal == goal
    assert conversation_to_prepare(owner, person).pk == conversation.pk


def test_brief_gathers_the_person_the_goal_the_intro_and_the_plan(owner, goal) -> None:
    from coffeechat.services.logbook import log_referral
    from coffeechat.services.preferences import set_setting

    set_setting(owner, "your_name", "Alex Kim")
    conversation = meeting(owner, "Dana Reyes", goal)
    sam = add_person(owner, NewPerson("Sam Park", how_known="alumni", tags=("northwestern",)))
    log_referral(owner, conversation.person, sam)
    sam_talk = log_meeting(owner, sam, at=AT, minutes=30)
    brief = research_brief(owner, sam_talk)
    assert brief.person == sam
    assert "Alex Kim" in brief.introduction and "Dana Reyes" in brief.introduction
    # The referral made Sam "known by referral"; the tag still shows the shared school.
    assert "You were referred by Dana Reyes." in brief.shared
    assert any("northwestern" in line for line in brief.shared)
    assert any("Referred by Dana Reyes" in t.summary for t in brief.touches)
    assert len(brief.plan) == 12
    assert brief.ground_rules == ""
