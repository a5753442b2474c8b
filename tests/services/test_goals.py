"""Goals kept by the user: create, edit (rename, field pack, role, interests, questions), archive."""

from __future__ import annotations

import pytest

from coffeechat.models import Conversation, Goal, Question
from coffeechat.services.goals import (
    GoalDetails,
    GoalError,
    active_goals,
    create_goal,
    edit_goal,
    goal_as_json,
    set_archived,
    sole_active_goal,
)
from coffeechat.services.outreach import find_goal as outreach_goal
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preparation import conversation_to_prepare


def test_a_goal_is_made_with_its_field_role_interests_and_questions(owner) -> None:
    goal = create_goal(owner, GoalDetails(title="  Data   journalism ", field="newsroom_politics",
                                          target_role="data reporter", interests="How desks pick stories",
                                          resume_with_thank_you=True, add_questions=("Which tools first",)))
    data = goal_as_json(owner, goal)
    assert data["title"] == "Data journalism" and data["field"] == "newsroom_politics"
    assert data["target_role"] == "data reporter" and data["resume_with_thank_you"] is True
    assert [q["text"] for q in data["questions"]] == ["Which tools first?"]
    assert Question.objects.get(goal=goal).owner == owner


@pytest.mark.parametrize(("details", "field"), [
    (GoalDetails(title="   "), "title"),
    (GoalDetails(title="42"), "title"),
    (GoalDetails(title="Astronomy", field="astrology"), "field"),
    (GoalDetails(title="Policy", add_questions=("   ",)), "add_question"),
])
def test_bad_input_names_the_field_and_leaves_nothing(owner, details, field) -> None:
    with pytest.raises(GoalError) as caught:
        create_goal(owner, details)
    assert caught.value.field == field
    assert not Goal.objects.owned_by(owner).exists() and not Question.objects.exists()


def test_a_title_already_used_is_refused_in_any_case(owner) -> None:
    first = create_goal(owner, GoalDetails(title="Data journalism"))
    with pytest.raises(GoalError, match="already have a goal called 'Data journalism'"):
        create_goal(owner, GoalDetails(title="DATA JOURNALISM"))
    other = create_goal(owner, GoalDetails(title="Policy"))
    with pytest.raises(GoalError):
        edit_goal(owner, other, GoalDetails(title="data journalism"))
    # Renaming a goal to its own title in another case is fine.
    assert edit_goal(owner, first, GoalDetails(title="data Journalism")).title == "data Journalism"


def test_edit_changes_only_what_is_given_and_removes_questions(owner) -> None:
    goal = create_goal(owner, GoalDetails(title="Policy", field="public_policy", target_role="analyst",
                                          add_questions=("Why this institute?", "What do you read?")))
    keep, drop = Question.objects.filter(goal=goal).order_by("id")
    edit_goal(owner, goal, GoalDetails(interests="State budgets", remove_questions=(drop.pk,),
                                       add_questions=("Who funds the work?",), question_category="advice"))
    goal.refresh_from_db()
    assert goal.field == "public_policy" and goal.target_role == "analyst" and goal.interests == "State budgets"
    assert list(Question.objects.filter(goal=goal).order_by("id").values_list("text", "category")) == [
        (keep.text, keep.category), ("Who funds the work?", "advice")]
    with pytest.raises(GoalError, match="no question"):
        edit_goal(owner, goal, GoalDetails(remove_questions=(drop.pk,)))
    edit_goal(owner, goal, GoalDetails(field="general"))
    goal.refresh_from_db()
    assert goal.field == ""


def test_someone_elses_question_cannot_be_removed_through_my_goal(owner, outsider) -> None:
    mine = create_goal(owner, GoalDetails(title="Policy"))
    theirs = create_goal(outsider, GoalDetails(title="Policy", add_questions=("Theirs?",)))
    question = Question.objects.get(goal=theirs)
    with pytest.raises(GoalError):
        edit_goal(owner, mine, GoalDetails(remove_questions=(question.pk,)))
    with pytest.raises(GoalError):
        edit_goal(owner, theirs, GoalDetails(title="Mine now"))
    assert Question.objects.filter(pk=question.pk).exists()


def test_archived_goals_are_no_longer_offered(owner) -> None:
    news = create_goal(owner, GoalDetails(title="Data journalism"))
    policy = create_goal(owner, GoalDetails(title="Policy"))
    assert sole_active_goal(owner) is None
    set_archived(owner, policy)
    assert active_goals(owner) == [news] and sole_active_goal(owner) == news
    assert outreach_goal(owner, None) == news
    from coffeechat.services.outreach import OutreachError
    with pytest.raises(OutreachError):
        outreach_goal(owner, "policy")
    dana = add_person(owner, NewPerson("Dana Reyes"))
    assert conversation_to_prepare(owner, dana).goal == news  # type: ignore[union-attr]
    set_archived(owner, policy, False)
    assert len(active_goals(owner)) == 2


def test_a_conversation_logged_with_one_active_goal_belongs_to_it(owner) -> None:
    from coffeechat.services.logbook import log_held

    goal = create_goal(owner, GoalDetails(title="Data journalism"))
    dana = add_person(owner, NewPerson("Dana Reyes"))
    held = log_held(owner, dana, notes="Learn SQL")
    assert held.goal == goal
    create_goal(owner, GoalDetails(title="Policy"))
    sam = add_person(owner, NewPerson("Sam Park"))
    assert log_held(owner, sam).goal is None  # two goals: the user chooses, nothing is guessed
    assert Conversation.objects.filter(goal=goal).count() == 1


def test_a_conversation_can_be_given_to_a_goal_but_not_to_an_archived_one(owner) -> None:
    from coffeechat.services.goals import assign_conversation, conversations_to_assign

    news = create_goal(owner, GoalDetails(title="Data journalism"))
    policy = create_goal(owner, GoalDetails(title="Policy"))
    dana = add_person(owner, NewPerson("Dana Reyes"))
    talk = Conversation.objects.create(owner=owner, person=dana, state="held")
    assert conversations_to_assign(owner, policy) == [talk]
    assign_conversation(owner, policy, talk)
    talk.refresh_from_db()
    assert talk.goal == policy and conversations_to_assign(owner, policy) == []
    set_archived(owner, news)
    with pytest.raises(GoalError, match="archived"):
        assign_conversation(owner, news, talk)
    talk.refresh_from_db()
    assert talk.goal == policy
