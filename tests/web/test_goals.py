"""The goals pages: the list, one goal's synthesis, and keeping a reflection."""

from __future__ import annotations

import pytest
from django.test import Client

from coffeechat.models import Conversation, Goal, GoalReflection, Insight
from coffeechat.services.people import NewPerson, add_person


@pytest.fixture
def client_for(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def goal(owner) -> Goal:
    goal = Goal.objects.create(owner=owner, title="Data <i>journalism</i>")
    dana = add_person(owner, NewPerson("Dana Reyes"))
    talk = Conversation.objects.create(owner=owner, person=dana, goal=goal, state="held")
    Insight.objects.create(owner=owner, conversation=talk, person=dana, goal=goal, text="Learn <script>SQL",
                           skill="SQL", theme="skills")
    return goal


def test_goals_list_links_each_goal(client_for, goal) -> None:
    page = client_for.get("/goals/").content.decode()
    assert f'href="/goals/{goal.pk}/"' in page and "Data &lt;i&gt;journalism&lt;/i&gt;" in page


def test_goal_page_shows_skills_and_escapes_what_people_said(client_for, goal) -> None:
    page = client_for.get(f"/goals/{goal.pk}/").content.decode()
    assert 'data-skill="SQL"' in page and "1 conversation<" in page
    assert "Learn &lt;script&gt;SQL" in page and "<script>SQL" not in page


def test_reflection_form_keeps_versions_and_refuses_empty(client_for, goal, owner) -> None:
    response = client_for.post(f"/goals/{goal.pk}/", {"body": "Data desks, not general reporting"})
    assert response.status_code == 302
    client_for.post(f"/goals/{goal.pk}/", {"body": "   "})
    assert list(GoalReflection.objects.owned_by(owner).values_list("body", flat=True)) == ["Data desks, not general reporting"]
    page = client_for.get(f"/goals/{goal.pk}/").content.decode()
    assert "Data desks, not general reporting" in page and "write how the goal changed" in page


def test_another_users_goal_is_not_found(goal, outsider) -> None:
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/goals/{goal.pk}/").status_code == 404
    assert client.post(f"/goals/{goal.pk}/", {"body": "x"}).status_code == 404
