"""A goal's synthesis on the real database: skills across conversations, questions answered, reflections."""

from __future__ import annotations

import pytest
import time_machine

from coffeechat.models import Conversation, Goal, Insight, PlanItem, Question
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.synthesis import GoalNotFound, find_goal, goal_synthesis, reflect, synthesis_as_json


@pytest.fixture
def goal(owner) -> Goal:
    goal = Goal.objects.create(owner=owner, title="Data journalism")
    other = Goal.objects.create(owner=owner, title="Policy analysis")
    for index, name in enumerate(("Dana Reyes", "Sam Park", "Lee Chen")):
        person = add_person(owner, NewPerson(name))
        talk = Conversation.objects.create(owner=owner, person=person, goal=goal, state="held")
        Insight.objects.create(owner=owner, conversation=talk, person=person, goal=goal,
                               text=f"{name.split()[0]} says learn SQL first", skill="SQL", theme="skills")
        if index == 0:
            Insight.objects.create(owner=owner, conversation=talk, person=person, goal=goal, text="SQL again",
                                   skill="sql")
            PlanItem.objects.create(owner=owner, conversation=talk, position=1, text="How did you start?",
                                    answered=True)
    stranger = add_person(owner, NewPerson("Ana Diaz"))
    elsewhere = Conversation.objects.create(owner=owner, person=stranger, goal=other, state="held")
    Insight.objects.create(owner=owner, conversation=elsewhere, person=stranger, goal=other, text="x", skill="SQL")
    return goal


def test_a_skill_mentioned_in_three_conversations_links_to_the_three_notes(owner, goal) -> None:
    synthesis = goal_synthesis(owner, goal)
    [sql] = synthesis.skills
    assert sql.conversations == 3 and len(sql.insights) == 4
    assert {i.person_name for i in sql.insights} == {"Dana Reyes", "Sam Park", "Lee Chen"}
    assert synthesis.conversations == 3


def test_the_page_links_each_insight_to_its_person(owner, goal) -> None:
    from django.test import Client

    client = Client()
    client.force_login(owner)
    page = client.get(f"/goals/{goal.pk}/").content.decode()
    assert "3 conversations" in page
    for insight in Insight.objects.owned_by(owner).filter(goal=goal, skill__iexact="sql"):
        assert f'href="/people/{insight.person_id}/#insight-{insight.pk}"' in page
        person_page = client.get(f"/people/{insight.person_id}/").content.decode()
        assert f'id="insight-{insight.pk}"' in person_page


def test_questions_open_and_answered_by_whom(owner, goal) -> None:
    Question.objects.create(owner=owner, goal=goal, text="How did you start?", category="own")
    Question.objects.create(owner=owner, goal=goal, text="What do editors want?", category="own")
    Question.objects.create(owner=owner, goal=goal, text="Hidden one", category="own", hidden=True)
    data = synthesis_as_json(goal_synthesis(owner, goal))
    assert [(q["text"], q["open"]) for q in data["questions"]] == [("What do editors want?", True),
                                                                  ("How did you start?", False)]
    assert data["questions"][1]["answered_by"][0]["person"] == "Dana Reyes"


def test_a_plan_item_answers_a_goal_question_by_its_key(owner, goal) -> None:
    question = Question.objects.create(owner=owner, goal=goal, text="What skills matter?", category="own")
    talk = Conversation.objects.owned_by(owner).filter(goal=goal).last()
    PlanItem.objects.create(owner=owner, conversation=talk, position=2, text="Reworded: which skills?",
                            bank_key=f"own-{question.pk}", answered=True)
    status = {s.question.id: s for s in goal_synthesis(owner, goal).questions}
    assert not status[question.pk].open


def test_reflections_are_dated_versions(owner, goal) -> None:
    with time_machine.travel("2026-09-01 12:00 +0000", tick=False):
        reflect(owner, goal, "Newsrooms, any desk")
    with time_machine.travel("2026-11-01 12:00 +0000", tick=False):
        reflect(owner, goal, "  Data desks specifically  ")
    versions = goal_synthesis(owner, goal).reflections
    assert [(r.body, r.created_at.month) for r in versions] == [("Data desks specifically", 11), ("Newsrooms, any desk", 9)]
    with pytest.raises(ValueError):
        reflect(owner, goal, "   ")


def test_goals_are_found_by_id_or_title_and_only_the_owners(owner, outsider, goal) -> None:
    assert find_goal(owner, str(goal.pk)) == goal
    assert find_goal(owner, "journalism") == goal
    with pytest.raises(GoalNotFound):
        find_goal(outsider, str(goal.pk))
    Goal.objects.create(owner=owner, title="Data science")
    with pytest.raises(GoalNotFound, match="several"):
        find_goal(owner, "data")
