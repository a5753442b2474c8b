"""Relationships by hand: `coffeechat stage`, `cadence`, `losing-touch`, `milestone`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json
from coffeechat.cli.people import resolve_person
from coffeechat.core.vocabulary import STAGES

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.command(name="stage")
@click.argument("person")
@click.argument("stage", type=click.Choice(STAGES, case_sensitive=False))
@with_practice
def stage_command(owner: User, person: str, stage: str) -> None:
    """Set a person's relationship stage by hand (events also move people forward on their own).

    \b
    Examples:
      coffeechat stage dana mentor
      coffeechat stage "Sam Park" met
    """
    from coffeechat.services.relationships import set_stage

    found = set_stage(owner, resolve_person(owner, person), stage)
    click.echo(f"{found.full_name} is now at stage {found.get_stage_display()}.")


@click.command(name="cadence")
@click.argument("person")
@click.argument("days")
@with_practice
def cadence_command(owner: User, person: str, days: str) -> None:
    """How often to keep in touch with a person: a number of days, or none.

    \b
    Examples:
      coffeechat cadence dana 90
      coffeechat cadence dana none
    """
    from coffeechat.core.relationships import parse_cadence
    from coffeechat.services.relationships import set_cadence

    try:
        value = parse_cadence(days)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="DAYS") from error
    found = set_cadence(owner, resolve_person(owner, person), value)
    if value is None:
        click.echo(f"No cadence for {found.full_name}.")
    else:
        click.echo(f"Keeping in touch with {found.full_name} every {value} days.")


@click.command(name="losing-touch")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def losing_touch_command(owner: User, as_json: bool) -> None:
    """Relationships whose keep-in-touch cadence has run out today.

    \b
    Examples:
      coffeechat losing-touch
      coffeechat losing-touch --json
    """
    from coffeechat.services.agenda_view import action_as_json
    from coffeechat.services.relationships import losing_touch

    view = losing_touch(owner)
    if as_json:
        emit_json({"today": view.today.isoformat(), "actions": [action_as_json(a, view) for a in view.actions]})
        return
    if not view.actions:
        click.echo("You are in touch with everyone you meant to be.")
        return
    for action in view.actions:
        click.echo(f"{'OVERDUE' if action.overdue else 'today':<8} {action.reason}")
        click.echo(f"         id: {action.key}")


@click.command(name="milestone")
@click.argument("title")
@click.option("--person", "people", multiple=True,
              help="Someone it came through (repeatable); their referral chains hear about it too.")
@click.option("--json", "as_json", is_flag=True, help="Print the milestone and the new tasks as JSON.")
@with_practice
def milestone_command(owner: User, title: str, people: tuple[str, ...], as_json: bool) -> None:
    """Record good news and add a report-back task for everyone who helped.

    With --person, the people it came through and everyone up the referral chains that led to them;
    without, everyone you held a conversation with. The tasks are due in a week and show in `next`.

    \b
    Examples:
      coffeechat milestone "got the internship at The Tribune" --person dana
      coffeechat milestone "accepted into the fellowship"
    """
    from coffeechat.services.relationships import record_milestone

    chosen = [resolve_person(owner, p) for p in people]
    try:
        milestone, tasks = record_milestone(owner, title, chosen)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        emit_json({"id": milestone.pk, "title": milestone.title, "at": milestone.at.isoformat(),
                   "people": [p.pk for p in chosen],
                   "tasks": [{"id": t.pk, "person_id": t.person_id, "title": t.title, "due": t.due.isoformat()}
                             for t in tasks if t.due]})
        return
    click.echo(f"Congratulations! {len(tasks)} report-back task{'s' if len(tasks) != 1 else ''} added"
               " (see coffeechat next).")
    names = sorted(t.person.full_name for t in tasks if t.person)
    if names:
        click.echo("  Tell: " + ", ".join(names))


COMMANDS = (stage_command, cadence_command, losing_touch_command, milestone_command)
