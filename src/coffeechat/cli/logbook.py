"""`coffeechat log …`: record what happened, so the follow-up clock knows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import user_time, with_practice
from coffeechat.cli.people import resolve_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.group(name="log")
def log() -> None:
    """Record what happened with someone: a request sent, a reply, a meeting, a thank-you, a referral.

    Each entry lands on the person's timeline and moves the follow-up clock.

    \b
    Examples:
      coffeechat log sent dana --at "2026-11-20 10:00"
      coffeechat log reply dana
      coffeechat log meeting dana --at "2026-12-03 14:00" --minutes 20
      coffeechat log held dana
      coffeechat log thanked dana
      coffeechat log referral dana "Sam Park"
    """


def _run(action: Callable[[], Any]) -> Any:
    from coffeechat.services.logbook import NothingToLog

    try:
        return action()
    except (NothingToLog, ValueError) as error:
        raise click.ClickException(str(error)) from error


@log.command()
@click.argument("person")
@click.option("--at", "at_text", metavar="WHEN", help="When it was sent (default: now).")
@click.option("--org", "organization", default="", help="The organisation it was about, if not their current one.")
@click.option("--follow-up", "follow_up", is_flag=True, help="This was the follow-up, not the first request.")
@click.option("--update", "update", is_flag=True, help="This was an update or report-back on their advice.")
@with_practice
def sent(owner: User, person: str, at_text: str | None, organization: str, follow_up: bool, update: bool) -> None:
    """A request (or follow-up, or update) was sent; starts the follow-up clock.

    \b
    Example:
      coffeechat log sent dana --at "2026-11-20 10:00"
    """
    from coffeechat.services.logbook import log_sent

    who = resolve_person(owner, person)
    at = user_time(owner, at_text, "--at") if at_text else None
    kind = "follow_up" if follow_up else ("report_back" if update else "request")
    message = _run(lambda: log_sent(owner, who, at=at, organization=organization, kind=kind))
    click.echo(f"Logged: {message.get_kind_display().lower()} sent to {who} on {message.sent_at:%a %d %b %Y}.")


@log.command()
@click.argument("person")
@click.option("--at", "at_text", metavar="WHEN", help="When they replied (default: now).")
@with_practice
def reply(owner: User, person: str, at_text: str | None) -> None:
    """They replied to your request; stops the clock for everyone at their organisation.

    \b
    Example:
      coffeechat log reply dana
    """
    from coffeechat.services.logbook import log_reply

    who = resolve_person(owner, person)
    at = user_time(owner, at_text, "--at") if at_text else None
    _run(lambda: log_reply(owner, who, at=at))
    click.echo(f"Logged: {who} replied.")


@log.command()
@click.argument("person")
@click.option("--at", "at_text", required=True, metavar="WHEN", help="When you will talk, in your time zone.")
@click.option("--minutes", type=int, default=None,
              help="How long you asked for (default: the meeting_minutes setting; a move keeps its length).")
@click.option("--reporting", is_flag=True, help="This is a reporting interview, not a career conversation.")
@with_practice
def meeting(owner: User, person: str, at_text: str, minutes: int | None, reporting: bool) -> None:
    """A conversation was agreed (run again to move it).

    \b
    Example:
      coffeechat log meeting dana --at "2026-12-03 14:00" --minutes 20
    """
    from coffeechat.services.logbook import log_meeting

    who = resolve_person(owner, person)
    at = user_time(owner, at_text, "--at")
    conversation = _run(lambda: log_meeting(owner, who, at=at, minutes=minutes,
                                            purpose="reporting" if reporting else "career"))
    click.echo(f"Logged: conversation #{conversation.pk} with {who} on {at:%a %d %b %Y %H:%M} "
               f"({conversation.minutes} min).")


@log.command()
@click.argument("person")
@click.option("--at", "at_text", metavar="WHEN", help="When it took place (default: now).")
@click.option("--notes", default="", help="A first note on what you learned.")
@with_practice
def held(owner: User, person: str, at_text: str | None, notes: str) -> None:
    """The conversation took place; a thank-you is now due within a day.

    \b
    Example:
      coffeechat log held dana --notes "Learn SQL before another charting tool"
    """
    from coffeechat.services.logbook import log_held

    who = resolve_person(owner, person)
    at = user_time(owner, at_text, "--at") if at_text else None
    conversation = _run(lambda: log_held(owner, who, at=at, notes=notes))
    from coffeechat.services.logbook import thank_you_reminder

    click.echo(f"Logged: you talked with {who}. {thank_you_reminder(owner, conversation)}")


@log.command()
@click.argument("person")
@click.option("--at", "at_text", metavar="WHEN", help="When you sent it (default: now).")
@with_practice
def thanked(owner: User, person: str, at_text: str | None) -> None:
    """You sent your thank-you for the last conversation.

    \b
    Example:
      coffeechat log thanked dana
    """
    from coffeechat.services.logbook import log_thanked

    who = resolve_person(owner, person)
    at = user_time(owner, at_text, "--at") if at_text else None
    _run(lambda: log_thanked(owner, who, at=at))
    click.echo(f"Logged: thank-you to {who}.")


@log.command()
@click.argument("from_person")
@click.argument("to_person")
@click.option("--note", default="", help="What they said about the person.")
@with_practice
def referral(owner: User, from_person: str, to_person: str, note: str) -> None:
    """FROM_PERSON suggested you talk to TO_PERSON (add TO_PERSON first with `coffeechat add`).

    \b
    Example:
      coffeechat log referral dana "Sam Park" --note "runs the data desk"
    """
    from coffeechat.services.logbook import log_referral

    giver, receiver = resolve_person(owner, from_person), resolve_person(owner, to_person)
    _run(lambda: log_referral(owner, giver, receiver, note=note))
    click.echo(f"Logged: {giver} referred you to {receiver}. Contacting them is now on your list.")


COMMANDS = (log,)
