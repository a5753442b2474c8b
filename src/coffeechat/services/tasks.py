"""The user's own to-dos ("send my clips to Dana"): add, edit, mark done, delete, list.

Open tasks also appear in the daily list (core/followup_relations.py) when due; `coffeechat done
task:task:ID` there closes them through ``complete_task`` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from coffeechat.models import Conversation, Person, Task
from coffeechat.services.clock import now

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TITLE_LIMIT = 300


class TaskError(ValueError):
    """A task cannot be saved as typed; ``field`` names the part that is wrong."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


class TaskNotFound(LookupError):
    """No task of this user has that id."""


class _Keep:
    """Marks an edit argument that was not given (``None`` means "clear it")."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def _clean_title(title: str) -> str:
    text = " ".join(title.split())
    if not text:
        raise TaskError("title", "a task needs a title, e.g. \"Send my clips to Dana\"")
    if len(text) > TITLE_LIMIT:
        raise TaskError("title", f"a task's title is at most {TITLE_LIMIT} characters")
    return text


def _check_person(owner: User, person: Person | None) -> None:
    if person is not None and person.owner_id != owner.pk:
        raise TaskError("person", "that person is not in your network")


@transaction.atomic
def add_task(owner: User, title: str, *, due: date | None = None, person: Person | None = None,
             conversation: Conversation | None = None) -> Task:
    """A to-do of the user's own; without a due date it is due from today on (never overdue)."""
    _check_person(owner, person)
    return Task.objects.create(owner=owner, title=_clean_title(title), due=due, person=person,
                               conversation=conversation)


def find_task(owner: User, reference: str | int) -> Task:
    """The user's task with that id ("12", "#12" or "task:task:12" as `next` shows it)."""
    text = str(reference).strip().lstrip("#").rsplit(":", 1)[-1]
    found = Task.objects.owned_by(owner).select_related("person").filter(pk=int(text)).first() \
        if text.isdigit() else None
    if found is None:
        raise TaskNotFound(f"no task #{text or reference} of yours (`coffeechat tasks --all` lists them)")
    return found


@transaction.atomic
def edit_task(owner: User, task: Task, *, title: Any = KEEP, due: Any = KEEP, person: Any = KEEP) -> Task:
    """Change what was given: a new title, a due date (``None`` clears it), a person (``None`` clears it)."""
    if task.owner_id != owner.pk:
        raise TaskNotFound("no such task of yours")
    if title is not KEEP:
        task.title = _clean_title(title)
    if due is not KEEP:
        task.due = due
    if person is not KEEP:
        _check_person(owner, person)
        task.person = person
    task.save()
    return task


@transaction.atomic
def complete_task(owner: User, task: Task) -> Task:
    """Mark the task done now (done again keeps the first time)."""
    if task.owner_id != owner.pk:
        raise TaskNotFound("no such task of yours")
    if task.done_at is None:
        task.done_at = now()
        task.save(update_fields=["done_at", "updated_at"])
    return task


@transaction.atomic
def reopen_task(owner: User, task: Task) -> Task:
    """Open a done task again."""
    if task.owner_id != owner.pk:
        raise TaskNotFound("no such task of yours")
    task.done_at = None
    task.save(update_fields=["done_at", "updated_at"])
    return task


@transaction.atomic
def delete_task(owner: User, task: Task) -> None:
    """Delete the task for good."""
    Task.objects.owned_by(owner).filter(pk=task.pk).delete()


def tasks_query(owner: User, *, include_done: bool = False, person: Person | None = None) -> QuerySet[Task]:
    """Open tasks (all with ``include_done``), those with a due date first by date, then undated, then done."""
    from django.db.models import F

    query = Task.objects.owned_by(owner).select_related("person")
    if not include_done:
        query = query.filter(done_at__isnull=True)
    if person is not None:
        query = query.filter(person=person)
    return query.order_by(F("done_at").asc(nulls_first=True), F("due").asc(nulls_last=True), "id")


@dataclass(frozen=True)
class TaskLine:
    """One task as both faces show it, with whether it is late on the user's today."""

    task: Task
    overdue: bool
    due_today: bool


def task_lines(owner: User, *, include_done: bool = False, person: Person | None = None, start: int = 0,
               count: int | None = None) -> list[TaskLine]:
    """The tasks to show, each marked overdue (due before today) or due today, in the user's time zone.

    ``start`` and ``count`` read one page of them (in the same order) instead of all."""
    today = user_today(owner)
    query = tasks_query(owner, include_done=include_done, person=person)
    if count is not None:
        query = query[start:start + count]
    return [TaskLine(task=t, overdue=t.done_at is None and t.due is not None and t.due < today,
                     due_today=t.done_at is None and t.due == today)
            for t in query]


def user_today(owner: User) -> date:
    """Today's date where the user is (their `timezone` setting)."""
    from coffeechat.core.when import zone
    from coffeechat.services.preferences import get_setting

    return now().astimezone(zone(str(get_setting(owner, "timezone")))).date()


def task_as_json(line: TaskLine) -> dict[str, Any]:
    """The stable JSON shape of one task (docs/json.md)."""
    task = line.task
    return {
        "id": task.pk,
        "title": task.title,
        "due": task.due.isoformat() if task.due else None,
        "overdue": line.overdue,
        "person_id": task.person_id,
        "person": task.person.full_name if task.person else None,
        "conversation_id": task.conversation_id,
        "done": task.done_at is not None,
        "done_at": task.done_at.isoformat() if task.done_at else None,
        "action": f"task:task:{task.pk}",
    }
