"""The daily commands: next, done, snooze, digest (tasks: cli/tasks.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import OpenPractice, user_time, with_practice, with_practice_later
from coffeechat.cli.output import emit_json, style
from coffeechat.core.vocabulary import ACTION_KINDS as KINDS

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.command(name="next")
@click.option("--until", "until_text", metavar="DATE", help="Also show what falls due up to this day, e.g. friday or +7d.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only this kind (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice_later
def next_command(open_owner: OpenPractice, until_text: str | None, kinds: tuple[str, ...], as_json: bool) -> None:
    """What to do next: every due action of your practice, most urgent first.

    Follow-ups, second contacts, confirmations, preparation, notes to write, thank-yous, referrals to
    contact, people to report back to, relationships to keep up, congratulations on a new job (found by a
    LinkedIn re-import) and your own tasks — all in one list,
    computed from your record right now (no server or reminders needed). OVERDUE marks what is past its
    latest moment; LATE a thank-you more than 24 hours after the conversation that still counts.

    \b
    Examples:
      coffeechat next
      coffeechat next --until friday
      coffeechat --now "2026-12-04 09:00" next --kind follow_up --json
    """
    from coffeechat.core.when import WhenError
    from coffeechat.services.agenda_view import agenda_as_json
    from coffeechat.services.fast_agenda import fast_agenda

    try:
        view = fast_agenda(until_text, set(kinds) or None)
    except WhenError as error:
        raise click.BadParameter(str(error), param_hint="--until") from error
    if view is None:
        owner = open_owner()
        from coffeechat.services.agenda import agenda

        until = user_time(owner, until_text, "--until").date() if until_text else None
        view = agenda(owner, until=until, kinds=set(kinds) or None)
    if as_json:
        emit_json(agenda_as_json(view))
        return
    if not view.actions:
        click.echo("Nothing is due. Well done — or add someone to reach out to: coffeechat add \"Name\" --org \"Org\"")
        return
    for action in view.actions:
        if action.overdue:
            when, colour = "OVERDUE ", "red"
        elif action.late:
            when, colour = "LATE    ", "yellow"
        else:
            when, colour = ("today   " if action.due == view.today else f"{action.due:%a %d %b} "), "cyan"
        mark = style(when, fg=colour, bold=action.overdue or action.late)
        click.echo(f"{mark} {style(action.kind.replace('_', ' '), bold=True):<14} {action.reason}")
        click.echo(style(f"          id: {action.key}", dim=True))
    click.echo(f"\n{len(view.actions)} due. Mark one done with: coffeechat done ID   (or snooze ID --until DATE)")


@click.command()
@click.argument("action")
@with_practice
def done(owner: User, action: str) -> None:
    """Mark a due action done so it leaves the list.

    ACTION is the id shown by `coffeechat next` (for example follow_up:message:12).

    \b
    Example:
      coffeechat done follow_up:message:12
    """
    from coffeechat.services.agenda import UnknownAction, mark_done

    try:
        mark_done(owner, action)
    except UnknownAction as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Done: {action}")


@click.command()
@click.argument("action")
@click.option("--until", "until_text", required=True, metavar="DATE", help="Show it again on this day, e.g. monday or +3d.")
@with_practice
def snooze(owner: User, action: str, until_text: str) -> None:
    """Hide a due action until a later day.

    \b
    Example:
      coffeechat snooze keep_in_touch:person:7 --until "+14d"
    """
    from coffeechat.services.agenda import SnoozeError, UnknownAction
    from coffeechat.services.agenda import snooze as snooze_action

    until = user_time(owner, until_text, "--until").date()
    try:
        snooze_action(owner, action, until)
    except (UnknownAction, SnoozeError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Snoozed {action} until {until:%a %d %b %Y}.")


@click.command()
@click.option("--email", "address", metavar="ADDRESS", help="Send today's list to this address (at most once a day).")
@click.option("--print", "print_it", is_flag=True, help="Print today's list as the email would show it.")
@click.option("--force", is_flag=True, help="Send even if today's digest already went to this address.")
@with_practice_later
def digest(open_owner: OpenPractice, address: str | None, print_it: bool, force: bool) -> None:
    """Today's list as an email digest, sent through your own mail server, or printed.

    Sending twice on the same day sends once, so it is safe in a login script or a scheduled task.
    Set up sending first: coffeechat settings set smtp_host … (see `coffeechat settings`).

    \b
    Examples:
      coffeechat digest --print
      coffeechat digest --email me@example.com
    """
    if bool(address) == print_it:
        raise click.UsageError("choose one: --email ADDRESS or --print")
    owner = open_owner()
    from coffeechat.services.digest import build_digest, send_digest
    from coffeechat.services.mail import MailNotSetUp

    if print_it:
        made = build_digest(owner)
        click.echo(f"Subject: {made.subject}\n")
        click.echo(made.text)
        return
    assert address is not None  # --email or --print, checked above
    try:
        sent = send_digest(owner, address, force=force)
    except MailNotSetUp as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"could not send through your SMTP server: {error}") from error
    click.echo(f"Digest sent to {address}." if sent else f"Today's digest already went to {address}; not sent again (--force sends anyway).")


COMMANDS = (next_command, done, snooze, digest)  # `task` lives in cli/tasks.py
