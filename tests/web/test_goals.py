"""The goals pages: the list, one goal's synthesis, and keeping a reflection."""

from __future__ import annotations

import pytest
from django.test import Client

from coffeechat.models import Conversation, Goal, GoalReflection, Insight
from coffeechat.services.people import NewPerson, add_person


@pytest.fixture
def goal(owner) -> Goal:
    goal = Goal.objects.create(owner=owner, title="Data <i>journalism</i>")
    dana = add_person(owner, NewPerson("Dana Reyes"))
    talk = Conversation.objects.create(owner=owner, person=dana, goal=goal, state="held")
    Insight.objects.create(owner=owner, conversation=talk, person=dana, goal=goal, text="Learn <script>SQL",
                           skill="SQL", theme="skills")
    return goal


def test_goals_list_links_each_goal(owner_client, goal) -> None:
    page = owner_client.get("/goals/").content.decode()
    assert f'href="/goals/{goal.pk}/"' in page and "Data &lt;i&gt;journalism&lt;/i&gt;" in page


def test_goal_page_shows_skills_and_escapes_what_people_said(owner_client, goal) -> None:
    page = owner_client.get(f"/goals/{goal.pk}/").content.decode()
    assert 'data-skill="SQL"' in page and "1 conversation<" in page
    assert "Learn &lt;script&gt;SQL" in page and "<script>SQL" not in page


def test_reflection_form_keeps_versions_and_refuses_empty(owner_client, goal, owner) -> None:
    response = owner_client.post(f"/goals/{goal.pk}/", {"body": "Data desks, not general reporting"})
    assert response.status_code == 302
    owner_client.post(f"/goals/{goal.pk}/", {"body": "   "})
    assert list(GoalReflection.objects.owned_by(owner).values_list("body", flat=True)) == ["Data desks, not general reporting"]
    page = owner_client.get(f"/goals/{goal.pk}/").content.decode()
    assert "Data desks, not general reporting" in page and "write how the goal changed" in page


def test_another_users_goal_is_not_found(goal, outsider) -> None:
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/goals/{goal.pk}/").status_code == 404
    assert client.post(f"/goals/{goal.pk}/", {"body": "x"}).status_code == 404


def test_new_goal_form_makes_a_goal_and_shows_errors_next_to_fields(owner_client, owner) -> None:
    page = owner_client.get("/goals/").content.decode()
    assert "New goal" in page and 'name="title"' in page and 'value="newsroom_politics"' in page
    response = owner_client.post("/goals/", {"title": "Policy analysis", "field": "public_policy",
                                           "target_role": "policy analyst", "add_question": "Who funds you"})
    goal = Goal.objects.owned_by(owner).get(title="Policy analysis")
    assert response.status_code == 302 and response["Location"] == f"/goals/{goal.pk}/"
    assert goal.field == "public_policy" and goal.questions.get().text == "Who funds you?"
    twin = owner_client.post("/goals/", {"title": "policy ANALYSIS"})
    assert twin.status_code == 400
    text = twin.content.decode()
    assert 'id="new-goal-title-error"' in text and "already have a goal called" in text
    empty = owner_client.post("/goals/", {"title": ""})
    assert empty.status_code == 400 and 'id="new-goal-title-error"' in empty.content.decode()
    assert Goal.objects.owned_by(owner).count() == 1


def test_goal_page_edits_renames_and_removes_questions(owner_client, goal, owner) -> None:
    page = owner_client.get(f"/goals/{goal.pk}/").content.decode()
    assert "Edit this goal" in page and f'action="/goals/{goal.pk}/edit"' in page
    owner_client.post(f"/goals/{goal.pk}/edit", {"title": goal.title, "add_question": "Which tools first?"})
    question = goal.questions.get()
    response = owner_client.post(f"/goals/{goal.pk}/edit", {
        "title": "Data and graphics journalism", "field": "newsroom_politics", "target_role": "data reporter",
        "interests": "How desks pick stories", "resume_with_thank_you": "on", "remove_questions": [str(question.pk)],
    })
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.field, goal.target_role, goal.interests, goal.resume_with_thank_you) == (
        "Data and graphics journalism", "newsroom_politics", "data reporter", "How desks pick stories", True)
    assert not goal.questions.exists()
    page = owner_client.get(f"/goals/{goal.pk}/").content.decode()
    assert "data reporter" in page and "Newsrooms and politics" in page
    bad = owner_client.post(f"/goals/{goal.pk}/edit", {"title": "Data", "field": "astrology"})
    assert bad.status_code == 400 and 'id="goal-field-error"' in bad.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Data and graphics journalism"


def test_archive_hides_the_goal_from_the_list_and_the_composer(owner_client, goal, owner) -> None:
    dana = add_person(owner, NewPerson("Sam Park"))
    assert f'value="{goal.pk}"' in owner_client.get(f"/people/{dana.pk}/compose").content.decode()
    assert owner_client.post(f"/goals/{goal.pk}/archive", {"archived": "yes"}).status_code == 302
    goal.refresh_from_db()
    assert goal.archived
    listing = owner_client.get("/goals/").content.decode()
    assert "Archived" in listing and 'class="list goals-table"' not in listing
    assert f'<option value="{goal.pk}"' not in owner_client.get(f"/people/{dana.pk}/compose").content.decode()
    assert "Bring this goal back" in owner_client.get(f"/goals/{goal.pk}/").content.decode()
    owner_client.post(f"/goals/{goal.pk}/archive", {"archived": "no"})
    goal.refresh_from_db()
    assert not goal.archived


def test_another_users_goal_cannot_be_edited_or_archived(goal, outsider) -> None:
    client = Client()
    client.force_login(outsider)
    assert client.post(f"/goals/{goal.pk}/edit", {"title": "Mine"}).status_code == 404
    assert client.post(f"/goals/{goal.pk}/archive").status_code == 404
    goal.refresh_from_db()
    assert goal.title == "Data <i>journalism</i>" and not goal.archived


def test_goal_page_gives_a_conversation_to_the_goal(owner_client, goal, owner) -> None:
    sam = add_person(owner, NewPerson("Sam Park"))
    talk = Conversation.objects.create(owner=owner, person=sam, state="scheduled")
    page = owner_client.get(f"/goals/{goal.pk}/").content.decode()
    assert f'<option value="{talk.pk}">Sam Park' in page
    assert owner_client.post(f"/goals/{goal.pk}/assign", {"conversation": talk.pk}).status_code == 302
    talk.refresh_from_db()
    assert talk.goal == goal
    stranger = Client()
    from django.contrib.auth import get_user_model
    stranger.force_login(get_user_model().objects.create(username="someone"))
    assert stranger.post(f"/goals/{goal.pk}/assign", {"conversation": talk.pk}).status_code == 404
