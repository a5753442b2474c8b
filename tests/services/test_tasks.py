"""Tasks: add, edit, done, delete, and the list that includes later tasks."""

from __future__ import annotations

from datetime import date

import pytest

from coffeechat.models import Task
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.tasks import (
    TaskError,
    TaskNotFound,
    add_task,
    complete_task,
    delete_task,
    edit_task,
    find_task,
    reopen_task,
    task_as_json,
    task_lines,
)


@pytest.fixture
def frozen(monkeypatch) -> None:
    monkeypatch.setenv("COFFEECHAT_NOW", "2026-12-04 09:00")


def test_open_tasks_include_later_ones_soonest_first(owner, frozen) -> None:
    later = add_task(owner, "Read the report", due=date(2027, 1, 15))
    undated = add_task(owner, "Update my résumé")
    late = add_task(owner, "Send clips", due=date(2026, 12, 1))
    done = add_task(owner, "Old one", due=date(2026, 11, 1))
    complete_task(owner, done)
    lines = task_lines(owner)
    assert [line.task for line in lines] == [late, later, undated]
    assert [line.overdue for line in lines] == [True, False, False]
    assert [line.task for line in task_lines(owner, include_done=True)] == [late, later, undated, done]
    data = task_as_json(lines[1])
    assert data["due"] == "2027-01-15" and data["done"] is False and data["action"] == f"task:task:{later.pk}"


def test_edit_sets_and_clears_due_and_person(owner, frozen) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    task = add_task(owner, "Send clips", due=date(2026, 12, 11), person=dana)
    edit_task(owner, task, title="  Send   three clips ", due=None)
    task.refresh_from_db()
    assert task.title == "Send three clips" and task.due is None and task.person == dana
    edit_task(owner, task, person=None)
    task.refresh_from_db()
    assert task.person is None
    with pytest.raises(TaskError) as caught:
        edit_task(owner, task, title="   ")
    assert caught.value.field == "title"


def test_done_reopen_and_delete(owner, frozen) -> None:
    task = add_task(owner, "Send clips")
    complete_task(owner, task)
    first = Task.objects.get(pk=task.pk).done_at
    assert first is not None
    complete_task(owner, task)
    assert Task.objects.get(pk=task.pk).done_at == first
    reopen_task(owner, task)
    assert Task.objects.get(pk=task.pk).done_at is None
    delete_task(owner, task)
    assert not Task.objects.filter(pk=task.pk).exists()


def test_tasks_stay_with_their_owner(owner, outsider) -> None:
    theirs = add_task(outsider, "Their task")
    with pytest.raises(TaskNotFound):
        find_task(owner, str(theirs.pk))
    with pytest.raises(TaskNotFound):
        edit_task(owner, theirs, title="Mine")
    delete_task(owner, theirs)
    assert Task.objects.filter(pk=theirs.pk).exists()
    stranger = add_person(outsider, NewPerson("Someone Else"))
    with pytest.raises(TaskError):
        add_task(owner, "About a stranger", person=stranger)
    assert find_task(outsider, f"task:task:{theirs.pk}") == theirs
    assert task_lines(owner) == []
