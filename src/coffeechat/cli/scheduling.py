"""`coffeechat schedule`, `ics` and `calendar-feed`: times in both zones, invites and a private feed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _fail(error: Exception) -> click.ClickException:
    return click.ClickException(str(error))


@click.command(name="schedule")
@click.argument("person")
@click.option("--at", "at_text", required=True, metavar='"YYYY-MM-DD HH:MM"',
              help="The start, as the wall time in their zone (e.g. \"2026-03-04 14:00\").")
@click.option("--tz", "tz", default=None, help="Their IANA time zone (default: theirs on file, else yours).")
@click.option("--minutes", type=click.IntRange(5, 240), default=None,
              help="How long (default: the meeting_minutes setting, 20).")
@click.option("--json", "as_json", is_flag=True, help="Print the conversation as JSON (see docs/json.md).")
@with_practice
def schedule_command(owner: User, person: str, at_text: str, tz: str | None, minutes: int | None, as_json: bool) -> None:
    """Record a conversation with PERSON at a time in their zone, shown in both zones.

    Run it again for someone with an upcoming conversation and that conversation moves: its calendar
    invite keeps the same UID with the next SEQUENCE, so their calendar updates instead of doubling.
    Then send the invite: coffeechat ics PERSON -o invite.ics

    \b
    Example:
      coffeechat schedule dana --at "2026-03-04 14:00" --tz America/New_York --minutes 20
    """
    from coffeechat.cli.people import resolve_person
    from coffeechat.services.scheduling import SchedulingError, conversation_as_json, schedule

    who: Any = resolve_person(owner, person)
    try:
        done = schedule(owner, who, at_text, tz=tz, minutes=minutes)
    except SchedulingError as error:
        raise _fail(error) from error
    if as_json:
        emit_json(conversation_as_json(owner, done.conversation))
        return
    verb = "Moved" if done.moved else "Scheduled"
    click.echo(f"{verb}: conversation #{done.conversation.pk} with {who}, {done.meeting.minutes} minutes.")
    click.echo(f"  Their time ({done.meeting.contact_zone.key}): {done.meeting.for_contact()}")
    click.echo(f"  Your time  ({done.meeting.user_zone.key}): {done.meeting.for_user()}")
    click.echo(f"Invite: coffeechat ics {done.conversation.pk} -o invite.ics")


@click.command(name="ics")
@click.argument("conversation")
@click.option("--cancel", "cancel_it", is_flag=True, help="Call it off: mark it cancelled and write a METHOD:CANCEL invite.")
@click.option("-o", "--output", "output", default="-", show_default=True, help="File to write (- for standard output).")
@click.option("--force", is_flag=True, help="Replace an existing file even if coffeechat did not write it.")
@with_practice
def ics_command(owner: User, conversation: str, cancel_it: bool, output: str, force: bool) -> None:
    """Write the calendar invite (.ics) of a conversation, to attach to an email or import.

    CONVERSATION is a conversation id, or a person meaning their next conversation. The invite has
    you as organiser (setting your_email) and them as attendee (their email on file), the time in the
    agreed zone with its VTIMEZONE, and a reminder 15 minutes before.

    \b
    Examples:
      coffeechat ics dana -o invite.ics
      coffeechat ics 14 --cancel -o cancel.ics
    """
    from coffeechat.cli.file_consent import write_with_consent
    from coffeechat.safe_files import check_targets, write_file
    from coffeechat.services.people import AmbiguousPerson, PersonNotFound
    from coffeechat.services.scheduling import SchedulingError, cancel, find_conversation, invite_ics

    if output != "-":  # asked before anything changes (--cancel cancels)
        write_with_consent(lambda forced: check_targets([Path(output).expanduser()], force=forced), force=force)
    try:
        found = find_conversation(owner, conversation)
        data = cancel(owner, found) if cancel_it else invite_ics(owner, found)
    except (SchedulingError, PersonNotFound, AmbiguousPerson) as error:
        raise _fail(error) from error
    if data is None:
        click.echo(f"Conversation #{found.pk} with {found.person} is cancelled. No cancellation invite was "
                   "written: it needs your_email and their email address; tell them yourself.")
        return
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(output).expanduser()
    try:
        write_file(path, data, checked=True)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    what = "Cancellation" if cancel_it else "Invite"
    click.echo(f"{what} for conversation #{found.pk} with {found.person} written to {path}.", err=True)


@click.command(name="calendar-feed")
@click.option("--revoke", is_flag=True, help="Retire the current address without making a new one.")
@click.option("--port", default=8765, show_default=True, help="The port `coffeechat serve` listens on.")
@with_practice
def calendar_feed(owner: User, revoke: bool, port: int) -> None:
    """Print a private calendar address to subscribe to: your conversations and dated actions.

    Each run makes a new secret address and retires the previous one (only a hash of the secret is
    kept, so it cannot be shown again). The feed is served by `coffeechat serve` on this computer.

    \b
    Examples:
      coffeechat calendar-feed
      coffeechat calendar-feed --revoke
    """
    from coffeechat.services.scheduling import new_feed_token, revoke_feed_token

    if revoke:
        had = revoke_feed_token(owner)
        click.echo("Calendar feed retired; the old address no longer works." if had else "There was no calendar feed.")
        return
    token = new_feed_token(owner)
    click.echo(f"http://127.0.0.1:{port}/calendar/{token}.ics")
    click.echo("Subscribe to it in your calendar app while `coffeechat serve` runs. Any older address "
               "stops working; `coffeechat calendar-feed --revoke` retires this one.", err=True)


COMMANDS = (schedule_command, ics_command, calendar_feed)
