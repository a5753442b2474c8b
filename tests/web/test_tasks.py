"""Tasks on the web: the person page, the dashboard card and the tasks page, through services/tasks.py."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from coffeechat.models import Task
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.tasks import add_task

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def dana(owner):
    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))


def test_person_page_adds_edits_and_deletes_a_task(owner_client, owner, dana) -> None:
    page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    assert 'id="tasks-person"' in page and "No tasks about Dana yet." in page
    added = owner_client.post("/tasks/add", {"place": "person", "person_id": dana.pk, "title": "Send <b>clips</b>",
                                           "due": "2027-01-15"}, **HTMX)
    assert added.status_code == 200
    task = Task.objects.owned_by(owner).get()
    assert task.person == dana and task.due == date(2027, 1, 15)
    part = added.content.decode()
    assert "{% comment %}" not in part and 'id="tasks-person"' in part
    assert "Send &lt;b&gt;clips&lt;/b&gt;" in part and "Fri 15 Jan 2027" in part
    edited = owner_client.post(f"/tasks/{task.pk}/edit", {"place": "person", "title": "Send three clips", "due": ""},
                             **HTMX)
    task.refresh_from_db()
    assert edited.status_code == 200 and task.title == "Send three clips" and task.due is None and task.person == dana
    bad = owner_client.post(f"/tasks/{task.pk}/edit", {"place": "person", "title": "x", "due": "soon"}, **HTMX)
    assert bad.status_code == 400 and f'id="person-task-{task.pk}-due-error"' in bad.content.decode()
    assert "YYYY-MM-DD" in bad.content.decode()
    # Without htmx a form goes back to the page it came from.
    done = owner_client.post(f"/tasks/{task.pk}/done", {"place": "person"})
    assert done.status_code == 302 and done["Location"] == f"/people/{dana.pk}/#tasks"
    task.refresh_from_db()
    assert task.done_at is not None
    page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    assert "Done: Send three clips." in page and f'data-task="{task.pk}"' not in page
    deleted = owner_client.post(f"/tasks/{task.pk}/delete", {"place": "person"}, **HTMX)
    assert deleted.status_code == 200 and not Task.objects.filter(pk=task.pk).exists()


def test_an_empty_title_is_refused_next_to_the_field(owner_client, owner, dana) -> None:
    response = owner_client.post("/tasks/add", {"place": "person", "person_id": dana.pk, "title": " "}, **HTMX)
    assert response.status_code == 400 and 'id="person-task-new-title-error"' in response.content.decode()
    assert not Task.objects.exists()


def test_dashboard_card_lists_later_tasks_and_adds_one_for_a_named_person(owner_client, owner, dana) -> None:
    home = owner_client.get("/").content.decode()
    assert 'hx-get="/tasks/card"' in home
    add_task(owner, "Read the housing report", due=date(2030, 1, 1))
    card = owner_client.get("/tasks/card").content.decode()
    assert 'id="tasks-card"' in card and "Read the housing report" in card
    response = owner_client.post("/tasks/add", {"place": "card", "title": "Call Dana", "person": "dana"}, **HTMX)
    assert response.status_code == 200 and "Call Dana" in response.content.decode()
    assert Task.objects.get(title="Call Dana").person == dana
    unknown = owner_client.post("/tasks/add", {"place": "card", "title": "Call Zed", "person": "zed"}, **HTMX)
    assert unknown.status_code == 400 and 'id="card-task-new-person-error"' in unknown.content.decode()
    plain = owner_client.post("/tasks/add", {"place": "card", "title": "Update résumé"})
    assert plain.status_code == 302 and plain["Location"] == "/"


def test_tasks_page_shows_done_ones_on_request(owner_client, owner) -> None:
    task = add_task(owner, "Old task")
    owner_client.post(f"/tasks/{task.pk}/done", {"place": "page"})
    assert f'data-task="{task.pk}"' not in owner_client.get("/tasks/").content.decode()
    assert "Open again" in owner_client.get("/tasks/?all=1").content.decode()


def test_another_users_task_answers_404(owner, outsider, dana) -> None:
    task = add_task(owner, "Mine", person=dana)
    client = Client()
    client.force_login(outsider)
    for url in (f"/tasks/{task.pk}/edit", f"/tasks/{task.pk}/done", f"/tasks/{task.pk}/delete"):
        assert client.post(url, {"title": "Theirs", "place": "page"}).status_code == 404
    assert client.post("/tasks/add", {"place": "person", "person_id": dana.pk, "title": "x"}).status_code == 404
    assert client.get(f"/people/{dana.pk}/tasks").status_code == 404
    assert "Mine" not in client.get("/tasks/card").content.decode()
    task.refresh_from_db()
    assert task.title == "Mine" and task.done_at is None
