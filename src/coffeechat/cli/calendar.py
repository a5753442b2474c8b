"""Your own calendar: `coffeechat calendar connect|sync|status|busy|disconnect`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import OpenPractice, with_practice, with_practice_later
from coffeechat.cli.output import emit_json, style, table

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _zone(owner: Any) -> Any:
    from zoneinfo import ZoneInfo

    from coffeechat.services.preferences import get_setting

    try:
        return ZoneInfo(get_setting(owner, "timezone"))
    except Exception:  # an odd stored zone shows times in UTC rather than failing
        return ZoneInfo("UTC")


def _local(owner: Any, moment: Any) -> str:
    """A stored time in the user's own time zone, as "Thu 12 Nov 2026 15:04"."""
    if moment is None:
        return "never"
    return f"{moment.astimezone(_zone(owner)):%a %d %b %Y %H:%M}"


@click.group(name="calendar")
def calendar_group() -> None:
    """Read your own calendar: your busy times (free times to offer avoid them) and the meetings with
    people in your network, which become scheduled conversations by themselves.

    coffeechat only reads your calendar; it never writes to it.

    \b
    Google Calendar: Settings > your calendar > "Secret address in iCal format":
      coffeechat calendar connect --ics-url "https://calendar.google.com/calendar/ical/…/basic.ics"
    Outlook: Settings > Calendar > Shared calendars > Publish a calendar, then the ICS link:
      coffeechat calendar connect --ics-url "https://outlook.office365.com/owa/calendar/…/calendar.ics"
    Apple iCloud, Fastmail, Nextcloud (CalDAV, with an app password):
      coffeechat calendar connect --caldav https://caldav.fastmail.com/dav/calendars/user/you@fastmail.com/Default/ --user you@fastmail.com
    """


@calendar_group.command(name="connect")
@click.option("--ics-url", metavar="URL", help="Your calendar's published .ics address (https://… or webcal://…).")
@click.option("--ics-file", metavar="PATH", help="An .ics file on this computer (read again at every sync).")
@click.option("--caldav", "caldav_url", metavar="URL", help="The address of a CalDAV calendar (asks for the password).")
@click.option("--user", "username", metavar="NAME", help="CalDAV only: your user name, usually your email address.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of asking for it (for scripts).")
@click.option("--name", default="calendar", show_default=True, help="A name for this calendar (to have more than one).")
@with_practice_later
def calendar_connect(open_owner: OpenPractice, ics_url: str | None, ics_file: str | None, caldav_url: str | None,
                     username: str | None, password_stdin: bool, name: str) -> None:
    """Connect your calendar: coffeechat reads it once to check it works, then at every sync.

    A calendar of the same --name is replaced. The CalDAV password is asked for (what you type is not
    shown) and kept in your system keyring, or encrypted when there is none; never in the database in clear.
    For iCloud and Fastmail it is an app password, not your usual one.

    \b
    Examples:
      coffeechat calendar connect --ics-url "https://calendar.google.com/calendar/ical/…/basic.ics"
      coffeechat calendar connect --ics-file ~/Downloads/calendar.ics --name exported
      coffeechat calendar connect --caldav https://cloud.example.org/remote.php/dav/calendars/you/personal/ --user you
      printf '%s\\n' "$APP_PASSWORD" | coffeechat calendar connect --caldav URL --user you --password-stdin
    """
    import sys

    chosen = [(kind, value) for kind, value in (("ics_url", ics_url), ("ics_file", ics_file), ("caldav", caldav_url))
              if value]
    if len(chosen) != 1:
        raise click.UsageError("say where your calendar is with exactly one of --ics-url URL, --ics-file PATH "
                               "or --caldav URL")
    kind, location = chosen[0]
    password = ""
    if kind == "caldav":
        if not username:
            raise click.UsageError("give your CalDAV user name: --user you@example.com")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        elif sys.stdin.isatty():
            password = str(click.prompt(f"Password for {username} (not shown)", hide_input=True))
        else:
            raise click.UsageError("type the password at a terminal, or pipe it in with --password-stdin")
    elif username or password_stdin:
        raise click.UsageError("--user and --password-stdin are only for a CalDAV calendar (--caldav URL)")
    owner = open_owner()
    from coffeechat.services.calendar_sync import CalendarSyncFailed, connect, summary_lines, sync_calendars

    click.echo("Reading your calendar…", err=True)
    found = connect(owner, kind=kind, location=location or "", username=username or "", password=password,
                    name=name)
    click.echo(f"Connected {found.source.name}: {found.source.location}")
    click.echo(f"Found {found.events} events from a week ago to two months ahead, {found.busy} of them busy.")
    if found.first is not None:
        click.echo(f"Next: {found.first.summary or '(no title)'} on {_local(owner, found.first.start)}")
    try:
        report = sync_calendars(owner, found.source.name)
    except CalendarSyncFailed as error:
        report = error.report
    for line in summary_lines(report):
        click.echo(line)
    click.echo(style("Read it again: coffeechat calendar sync · see your busy times: coffeechat calendar busy",
                     dim=True))


@calendar_group.command(name="sync")
@click.option("--name", default=None, help="Only this calendar (default: every calendar).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def calendar_sync_command(owner: User, name: str | None, as_json: bool) -> None:
    """Read your calendars again: busy times, and meetings with people in your network.

    An upcoming meeting with someone in your network (by their email address) becomes a scheduled
    conversation; one that moved on your calendar moves the conversation too. A cancelled or deleted one
    is only reported: cancel the conversation yourself if it is off. Running it again is always safe.
    `coffeechat serve` does this by itself every few minutes while it runs.

    \b
    Examples:
      coffeechat calendar sync
      coffeechat calendar sync --name work --json
    """
    from coffeechat.services.calendar_sync import CalendarSyncFailed, report_as_json, summary_lines, sync_calendars

    failed: CalendarSyncFailed | None = None
    try:
        report = sync_calendars(owner, name)
    except CalendarSyncFailed as error:
        report, failed = error.report, error
    if as_json:
        emit_json(report_as_json(report))
    elif not report.calendars:
        click.echo("No calendar connected. Connect it: coffeechat calendar connect --ics-url URL "
                   "(see coffeechat calendar --help)")
    else:
        for line in summary_lines(report):
            click.echo(line)
    if failed is not None:
        raise click.ClickException(str(failed))


@calendar_group.command(name="status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def calendar_status(owner: User, as_json: bool) -> None:
    """Your connected calendars: where they are read from, the last sync and the last error, and the
    upcoming conversations they brought in.

    \b
    Examples:
      coffeechat calendar status
      coffeechat calendar status --json
    """
    from coffeechat.services.calendar_sync import called_off, picked_up_events, source_as_json, sources

    found = sources(owner)
    events = picked_up_events(owner)
    if as_json:
        emit_json({
            "count": len(found), "calendars": [source_as_json(owner, source) for source in found],
            "conversations": [
                {"conversation_id": event.conversation_id, "person": event.conversation.person.full_name
                 if event.conversation else "", "start": event.start.isoformat(), "summary": event.summary,
                 "calendar": event.source.name, "on_calendar": event.busy,
                 "state": event.conversation.state if event.conversation else ""}
                for event in events
            ],
        })
        return
    if not found:
        click.echo("No calendar connected. Connect it: coffeechat calendar connect --ics-url URL "
                   "(see coffeechat calendar --help)")
        return
    for source in found:
        login = f" as {source.username}" if source.username else ""
        click.echo(f"{source.name}: {source.get_kind_display()}, {source.location}{login}")
        click.echo(f"  last sync: {_local(owner, source.last_synced_at)}")
        if source.last_error:
            click.echo(style(f"  last error: {source.last_error}", fg="red"))
    if events:
        click.echo("")
        click.echo(table([[f"#{event.conversation_id}", _local(owner, event.start),
                           event.conversation.person.full_name if event.conversation else "", event.summary]
                          for event in events if event.busy], ["conversation", "when", "with", "event"]))
    for event in called_off(owner):
        click.echo(style(f"Conversation #{event.conversation_id} ({event.summary}, {_local(owner, event.start)}) "
                         "is cancelled, declined or gone on your calendar but still scheduled here: "
                         f"if it is off: coffeechat ics {event.conversation_id} --cancel -o cancel.ics", fg="yellow"))


@calendar_group.command(name="busy")
@click.option("--days", type=click.IntRange(1, 60), default=7, show_default=True, help="How many days ahead.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def calendar_busy(owner: User, days: int, as_json: bool) -> None:
    """The times coffeechat sees you as busy: busy events of your calendars (an all-day one blocks the day)
    and your proposed or scheduled conversations. Free times offered to others avoid them.

    \b
    Examples:
      coffeechat calendar busy
      coffeechat calendar busy --days 14 --json
    """
    from datetime import timedelta

    from coffeechat.services.calendar_sync import busy_intervals
    from coffeechat.services.clock import now

    start = now()
    spans = busy_intervals(owner, start, start + timedelta(days=days))
    if as_json:
        emit_json({"from": start.isoformat(), "until": (start + timedelta(days=days)).isoformat(),
                   "busy": [{"start": begin.isoformat(), "end": end.isoformat()} for begin, end in spans]})
        return
    if not spans:
        click.echo(f"Nothing busy in the next {days} days.")
        return
    zone = _zone(owner)
    click.echo(table([[f"{begin.astimezone(zone):%a %d %b %H:%M}", f"{end.astimezone(zone):%a %d %b %H:%M}"]
                      for begin, end in spans], ["busy from", "until"]))
    click.echo(style(f"Times in {zone.key}.", dim=True))


@calendar_group.command(name="disconnect")
@click.argument("name")
@with_practice
def calendar_disconnect(owner: User, name: str) -> None:
    """Stop reading a calendar and forget its password and its events. Conversations it brought in stay.

    \b
    Example:
      coffeechat calendar disconnect calendar
    """
    from coffeechat.services.calendar_sync import disconnect

    source = disconnect(owner, name)
    click.echo(f"Disconnected {source.name}; its events and password are forgotten. "
               "Conversations it brought in stay on your record.")


COMMANDS = (calendar_group,)
