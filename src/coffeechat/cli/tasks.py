"""Your own to-dos: `coffeechat tasks`, `task add|edit|done|reopen|delete`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import OpenPractice, user_time, with_practice, with_practice_later
from coffeechat.cli.output import emit_json, style, table

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _task(owner: Any, reference: str) -> Any:
    from coffeechat.services.tasks import TaskNotFound, find_task

    try:
        return find_task(owner, reference)
    except TaskNotFound as error:
        raise click.ClickException(str(error)) from error


def _person(owner: Any, reference: str) -> Any:
    from coffeechat.cli.people import resolve_person

    return resolve_person(owner, reference)


def _due_words(line: Any) -> str:
    task = line.task
    if task.done_at is not None:
        return f"done {task.done_at:%d %b}"
    if task.due is None:
        return "no date"
    return ("OVERDUE " if line.overdue else "today " if line.due_today else "") + f"{task.due:%a %d %b %Y}"


def _describe(task: Any) -> str:
    due = f", due {task.due:%a %d %b %Y}" if task.due else ""
    who = f", for {task.person.full_name}" if task.person else ""
    return f"#{task.pk} {task.title}{due}{who}"


@click.command(name="tasks")
@click.option("--all", "show_all", is_flag=True, help="Also list the tasks you have done.")
@click.option("--person", "person_ref", metavar="PERSON", help="Only the tasks about this person.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def tasks_command(owner: User, show_all: bool, person_ref: str | None, as_json: bool) -> None:
    """List your open tasks, later ones included, soonest first (`next` shows only those due).

    \b
    Examples:
      coffeechat tasks
      coffeechat tasks --person dana
      coffeechat tasks --all --json
    """
    from coffeechat.services.tasks import task_as_json, task_lines

    person = _person(owner, person_ref) if person_ref else None
    lines = task_lines(owner, include_done=show_all, person=person)
    if as_json:
        emit_json({"count": len(lines), "tasks": [task_as_json(line) for line in lines]})
        return
    if not lines:
        click.echo("No open tasks. Add one: coffeechat task add \"Send my clips to Dana\" --due friday --person dana")
        return
    click.echo(table([[f"#{line.task.pk}", _due_words(line), line.task.title,
                       line.task.person.full_name if line.task.person else ""] for line in lines],
                     ["id", "due", "task", "person"]))
    click.echo(style("Change one: coffeechat task edit ID --due DATE · close it: coffeechat task done ID", dim=True))


@click.group(name="task")
def task_group() -> None:
    """Your own to-dos, which also appear in `coffeechat next` when due.

    Dates are read in your time zone: 2026-12-11, friday, tomorrow, +3d. ID is the number `coffeechat
    tasks` shows. PERSON is an id, an email or a piece of their name.

    \b
    Examples:
      coffeechat task add "Send my clips to Dana" --due friday --person dana
      coffeechat task edit 4 --due +7d
      coffeechat task done 4
    """


@task_group.command(name="add")
@click.argument("title")
@click.option("--due", "due_text", metavar="DATE", help="When it is due (default: no date, shown from today on).")
@click.option("--person", "person_ref", metavar="PERSON", help="Who it is about.")
@click.option("--json", "as_json", is_flag=True, help="Print the new task as JSON (see docs/json.md).")
@with_practice
def task_add(owner: User, title: str, due_text: str | None, person_ref: str | None, as_json: bool) -> None:
    """Add a task.

    \b
    Examples:
      coffeechat task add "Read the institute's housing report" --due +3d
      coffeechat task add "Send my clips to Dana" --due "next friday" --person dana
    """
    from coffeechat.services.tasks import TaskError, TaskLine, add_task, task_as_json, user_today

    due = user_time(owner, due_text, "--due").date() if due_text else None
    person = _person(owner, person_ref) if person_ref else None
    try:
        created = add_task(owner, title, due=due, person=person)
    except TaskError as error:
        raise click.BadParameter(str(error), param_hint="TITLE") from error
    if as_json:
        today = user_today(owner)
        emit_json(task_as_json(TaskLine(created, bool(due and due < today), due == today)))
        return
    click.echo(f"Task added: {_describe(created)}")


@task_group.command(name="edit")
@click.argument("task_id", metavar="ID")
@click.option("--title", default=None, help="A new title.")
@click.option("--due", "due_text", metavar="DATE", help='A new due date ("none" takes the date away).')
@click.option("--person", "person_ref", metavar="PERSON", help='Who it is about ("none" takes the person away).')
@with_practice_later
def task_edit(open_owner: OpenPractice, task_id: str, title: str | None, due_text: str | None, person_ref: str | None) -> None:
    """Change a task's title, due date or person.

    \b
    Examples:
      coffeechat task edit 4 --title "Send Dana my three best clips"
      coffeechat task edit 4 --due monday --person "sam park"
      coffeechat task edit 4 --due none
    """
    if title is None and due_text is None and person_ref is None:
        raise click.UsageError("say what to change: --title, --due or --person")
    owner = open_owner()
    from coffeechat.services.tasks import KEEP, TaskError, edit_task

    found = _task(owner, task_id)
    due: Any = KEEP
    if due_text is not None:
        due = None if due_text.strip().lower() in ("none", "") else user_time(owner, due_text, "--due").date()
    person: Any = KEEP
    if person_ref is not None:
        person = None if person_ref.strip().lower() in ("none", "") else _person(owner, person_ref)
    try:
        changed = edit_task(owner, found, title=KEEP if title is None else title, due=due, person=person)
    except TaskError as error:
        raise click.BadParameter(str(error), param_hint=f"--{error.field}") from error
    click.echo(f"Task changed: {_describe(changed)}")


@task_group.command(name="done")
@click.argument("task_id", metavar="ID")
@with_practice
def task_done(owner: User, task_id: str) -> None:
    """Mark a task done; it leaves `tasks` and `next` (`tasks --all` still lists it).

    \b
    Example:
      coffeechat task done 4
    """
    from coffeechat.services.tasks import complete_task

    found = _task(owner, task_id)
    was_done = found.done_at is not None
    complete_task(owner, found)
    click.echo(f"Already done: #{found.pk} {found.title}" if was_done else f"Done: #{found.pk} {found.title}")


@task_group.command(name="reopen")
@click.argument("task_id", metavar="ID")
@with_practice
def task_reopen(owner: User, task_id: str) -> None:
    """Open a task you marked done by mistake.

    \b
    Example:
      coffeechat task reopen 4
    """
    from coffeechat.services.tasks import reopen_task

    found = reopen_task(owner, _task(owner, task_id))
    click.echo(f"Open again: {_describe(found)}")


@task_group.command(name="delete")
@click.argument("task_id", metavar="ID")
@with_practice
def task_delete(owner: User, task_id: str) -> None:
    """Delete a task for good (to keep it as done instead, use `task done`).

    \b
    Example:
      coffeechat task delete 4
    """
    from coffeechat.services.tasks import delete_task

    found = _task(owner, task_id)
    described = _describe(found)
    delete_task(owner, found)
    click.echo(f"Deleted task {described}")


COMMANDS = (tasks_command, task_group)
