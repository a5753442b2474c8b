"""Your own mail does the logging: `coffeechat mail connect|sync|status|allowlist|allow|block|bodies|log|
correct|disconnect`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import OpenPractice, with_practice, with_practice_later
from coffeechat.cli.output import emit_json, style, table

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import User

KINDS = ("request", "reply", "follow_up", "thank_you", "other")


def _local(owner: Any, moment: Any) -> str:
    """A stored time in the user's own time zone, as "Thu 12 Nov 2026 15:04"."""
    if moment is None:
        return "never"
    from zoneinfo import ZoneInfo

    from coffeechat.services.preferences import get_setting

    try:
        zone = ZoneInfo(get_setting(owner, "timezone"))
    except Exception:  # an odd stored zone shows the time in UTC rather than failing
        zone = ZoneInfo("UTC")
    return f"{moment.astimezone(zone):%a %d %b %Y %H:%M}"


def _person(owner: Any, reference: str) -> Any:
    from coffeechat.cli.people import resolve_person

    return resolve_person(owner, reference)


@click.group(name="mail")
def mail_group() -> None:
    """Let your own mail do the logging: requests, replies, follow-ups and thank-yous are recorded by
    themselves, so `coffeechat next` moves without typing `log`.

    coffeechat reads only the headers (From, To, Cc, Date, Message-ID, In-Reply-To, References, Subject) of
    the messages in your inbox and sent folder, and keeps only those that involve someone in your network
    (see `coffeechat mail allowlist`). Everybody else's mail is not stored at all. Message texts are never
    kept unless you turn it on for one person (`coffeechat mail bodies PERSON on`). Nothing is changed in
    your mailbox: no message is marked read, moved or deleted. More: docs/mail.md.

    \b
    Gmail (turn on 2-Step Verification, then make an app password at
    myaccount.google.com > Security > App passwords):
      coffeechat mail connect --imap imap.gmail.com --user you@gmail.com --sent "[Gmail]/Sent Mail"
    \b
    Outlook.com (an app password from account.microsoft.com > Security, if your
    account still allows one; Microsoft is turning such sign-ins off, see docs/mail.md):
      coffeechat mail connect --imap outlook.office365.com --user you@outlook.com --sent "Sent Items"
    \b
    Mail kept on this computer by mbsync, offlineimap or Thunderbird:
      coffeechat mail connect --maildir ~/Mail/INBOX --sent ~/Mail/Sent
      coffeechat mail connect --mbox ~/Mail/Inbox --sent ~/Mail/Sent
    \b
    Then:
      coffeechat mail sync
      coffeechat mail log
      coffeechat mail correct 12 --as thank_you
    """


@mail_group.command(name="connect")
@click.option("--imap", "host", metavar="HOST", help="Your mail server, e.g. imap.gmail.com (asks for the password).")
@click.option("--user", "username", metavar="NAME", help="The account's user name, usually your email address.")
@click.option("--port", type=click.IntRange(1, 65535), help="The server's port (default 993; 143 for starttls).")
@click.option("--security", type=click.Choice(["ssl", "starttls", "none"]), default="ssl", show_default=True,
              help="How the connection is protected; none only for a server on this computer (127.0.0.1).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of asking for it (for scripts).")
@click.option("--maildir", "maildir", metavar="PATH", help="A Maildir folder (holds cur, new and tmp).")
@click.option("--mbox", "mbox", metavar="INBOX_FILE", help="An mbox file with your received mail (needs --sent).")
@click.option("--inbox", "imap_inbox", metavar="FOLDER", help="IMAP only: the inbox folder (default INBOX).")
@click.option("--sent", metavar="PATH|NAME",
              help="Your sent mail: a folder or file path, a Maildir++ subfolder name, or an IMAP folder name.")
@click.option("--name", default="mail", show_default=True, help="A name for this account (to have more than one).")
@with_practice_later
def mail_connect(open_owner: OpenPractice, host: str | None, username: str | None, port: int | None,
                 security: str, password_stdin: bool, maildir: str | None, mbox: str | None,
                 imap_inbox: str | None, sent: str | None, name: str) -> None:
    """Connect your mail: an IMAP account, or a Maildir folder or mbox files on this computer.

    An account of the same --name is replaced. The IMAP password is asked for (what you type is not shown)
    and kept in your system keyring, or encrypted when there is none; it is never given on the command line.
    For Gmail and Outlook it is an app password, not your usual one (see `coffeechat mail --help`).

    \b
    Examples:
      coffeechat mail connect --imap imap.gmail.com --user you@gmail.com --sent "[Gmail]/Sent Mail"
      printf '%s\\n' "$APP_PASSWORD" | coffeechat mail connect --imap imap.gmail.com --user you@gmail.com --password-stdin
      coffeechat mail connect --maildir ~/Mail/INBOX --sent ~/Mail/Sent
      coffeechat mail connect --mbox ~/Mail/Inbox --sent ~/Mail/Sent --name thunderbird
    """
    import sys

    chosen = [flag for flag, value in (("--imap", host), ("--maildir", maildir), ("--mbox", mbox)) if value]
    if len(chosen) != 1:
        raise click.UsageError("say where your mail is with exactly one of --imap HOST, --maildir PATH or --mbox FILE")
    password = ""
    if host:
        if not username:
            raise click.UsageError("give the account's user name: --user you@example.com")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        elif sys.stdin.isatty():
            password = str(click.prompt(f"Password for {username} at {host} (not shown)", hide_input=True))
        else:
            raise click.UsageError("type the password at a terminal, or pipe it in with --password-stdin")
    else:
        for flag, value in (("--user", username), ("--port", port), ("--inbox", imap_inbox)):
            if value:
                raise click.UsageError(f"{flag} is only for an IMAP account (--imap HOST)")
        if password_stdin:
            raise click.UsageError("--password-stdin is only for an IMAP account (--imap HOST)")
    owner = open_owner()
    from coffeechat.services.mail_accounts import MailAccountError, connect

    kind = "imap" if host else "maildir" if maildir else "mbox"
    options = {"host": "--imap", "username": "--user", "port": "--port", "security": "--security",
               "password": "password", "inbox": {"imap": "--inbox", "maildir": "--maildir", "mbox": "--mbox"}[kind],
               "sent": "--sent", "name": "--name"}
    try:
        account = connect(owner, kind=kind, host=host or "", port=port, security=security, username=username or "",
                          password=password, inbox=(imap_inbox or "") if host else (maildir or mbox or ""),
                          sent=sent or "", name=name)
    except MailAccountError as error:
        raise click.BadParameter(str(error), param_hint=options.get(error.field, error.field)) from error
    where = f"{account.username} at {account.host}:{account.port}" if kind == "imap" else account.inbox
    click.echo(f"Connected {account.name}: {where}")
    if account.sent:
        click.echo(f"Sent mail: {account.sent}")
    click.echo(style("Read it now: coffeechat mail sync · see who is read: coffeechat mail allowlist", dim=True))


@mail_group.command(name="sync")
@click.option("--name", default=None, help="Only this account (default: every account).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Read mail from this day on (YYYY-MM-DD). Default: since the last sync; the first sync reads "
                   "the last 30 days.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def mail_sync(owner: User, name: str | None, since: datetime | None, as_json: bool) -> None:
    """Read the headers of new mail and record what involves people in your network.

    Messages read before are recognised by their Message-ID and never recorded twice, so running it again
    is always safe. `coffeechat serve` does this by itself every few minutes while it runs. The first sync
    reads the last 30 days; to record older conversations too, give --since.

    \b
    Examples:
      coffeechat mail sync
      coffeechat mail sync --name work --json
      coffeechat mail sync --since 2026-09-01
    """
    from coffeechat.services.clock import now
    from coffeechat.services.mail_accounts import report_as_json, summary, sync

    if not as_json:
        click.echo("Reading your mail (headers only)…", err=True)
    start = since.replace(tzinfo=now().tzinfo) if since is not None else None
    report = sync(owner, name, since=start)
    if as_json:
        emit_json(report_as_json(report))
        return
    click.echo(summary(report)[:1].upper() + summary(report)[1:] + ".")
    for line in report.skipped[:10]:
        click.echo(style(f"  skipped: {line}", dim=True))
    if len(report.skipped) > 10:
        click.echo(style(f"  … and {len(report.skipped) - 10} more skipped", dim=True))
    if any(report.recorded.values()):
        click.echo(style("See them: coffeechat mail log · wrong kind? coffeechat mail correct ID --as reply",
                         dim=True))


@mail_group.command(name="status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def mail_status(owner: User, as_json: bool) -> None:
    """Your connected mail accounts: where they read from, the last sync and the last error.

    \b
    Examples:
      coffeechat mail status
      coffeechat mail status --json
    """
    from coffeechat.services.mail_accounts import account_as_json, accounts

    found = accounts(owner)
    if as_json:
        emit_json({"count": len(found), "accounts": [account_as_json(account) for account in found]})
        return
    if not found:
        click.echo("No mail connected. Connect it: coffeechat mail connect --maildir PATH "
                   "(or --imap HOST --user YOU; see coffeechat mail --help)")
        return
    for account in found:
        where = (f"{account.username} at {account.host}:{account.port} ({account.security})"
                 if account.kind == "imap" else account.inbox)
        click.echo(f"{account.name}: {account.get_kind_display()}, {where}")
        if account.sent:
            click.echo(f"  sent mail: {account.sent}")
        click.echo(f"  last sync: {_local(owner, account.last_synced_at)}")
        if account.last_error:
            click.echo(style(f"  last error: {account.last_error}", fg="red"))


@mail_group.command(name="allowlist")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def mail_allowlist(owner: User, as_json: bool) -> None:
    """Whose mail is read: everyone in your network with an email address, and their two switches.

    "read" means messages to or from their addresses are recorded; "texts kept" means the message text is
    kept too (off unless you turn it on). Mail of anyone not listed is never stored.

    \b
    Examples:
      coffeechat mail allowlist
      coffeechat mail allowlist --json
    """
    from coffeechat.services.mail_accounts import allow_entry_as_json, allowlist

    entries = allowlist(owner)
    if as_json:
        emit_json({"count": len(entries), "people": [allow_entry_as_json(entry) for entry in entries]})
        return
    if not entries:
        click.echo("Nobody in your network has an email address yet, so no mail is read. "
                   "Add one: coffeechat edit \"Dana Reyes\" --email dana@example.com")
        return
    click.echo(table([[f"#{entry.person.pk}", entry.person.full_name, ", ".join(entry.addresses),
                       "read" if entry.allowed else "BLOCKED", "kept" if entry.bodies else "no"]
                      for entry in entries], ["id", "person", "addresses", "mail", "texts kept"]))
    click.echo(style("Stop reading someone's mail: coffeechat mail block PERSON · keep texts: "
                     "coffeechat mail bodies PERSON on", dim=True))


@mail_group.command(name="allow")
@click.argument("person_ref", metavar="PERSON")
@with_practice
def mail_allow(owner: User, person_ref: str) -> None:
    """Read mail to and from this person again (everyone with an address is read unless blocked).

    \b
    Examples:
      coffeechat mail allow "Dana Reyes"
      coffeechat mail allow 12
    """
    from coffeechat.services.mail_accounts import set_allow

    person = set_allow(owner, _person(owner, person_ref), True)
    click.echo(f"Mail with {person.full_name} is read again (headers only).")


@mail_group.command(name="block")
@click.argument("person_ref", metavar="PERSON")
@with_practice
def mail_block(owner: User, person_ref: str) -> None:
    """Never read mail to or from this person. What was recorded already stays; kept texts are wiped.

    \b
    Examples:
      coffeechat mail block "Sam Park"
    """
    from coffeechat.services.mail_accounts import set_allow

    person = set_allow(owner, _person(owner, person_ref), False)
    click.echo(f"Mail with {person.full_name} is no longer read.")


@mail_group.command(name="bodies")
@click.argument("person_ref", metavar="PERSON")
@click.argument("switch", type=click.Choice(["on", "off"]))
@with_practice
def mail_bodies(owner: User, person_ref: str, switch: str) -> None:
    """Keep (on) or stop keeping (off) the text of messages with one person. Off wipes the texts kept so far.

    \b
    Examples:
      coffeechat mail bodies "Dana Reyes" on
      coffeechat mail bodies "Dana Reyes" off
    """
    from coffeechat.services.mail_accounts import set_bodies

    person = set_bodies(owner, _person(owner, person_ref), switch == "on")
    if switch == "on":
        click.echo(f"The text of messages with {person.full_name} will be kept from the next sync on.")
    else:
        click.echo(f"Texts of messages with {person.full_name} are not kept (any kept before are wiped).")


@mail_group.command(name="log")
@click.option("--limit", type=click.IntRange(1, 500), default=30, show_default=True, help="How many to show.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def mail_log(owner: User, limit: int, as_json: bool) -> None:
    """The messages recorded from your mail, newest first, with the id to correct one.

    \b
    Examples:
      coffeechat mail log
      coffeechat mail log --limit 100 --json
    """
    from coffeechat.services.mail_accounts import recent_seen, seen_as_json

    found = recent_seen(owner, limit)
    if as_json:
        emit_json({"count": len(found), "messages": [seen_as_json(seen) for seen in found]})
        return
    if not found:
        click.echo("Nothing recorded from mail yet. Read it: coffeechat mail sync")
        return
    click.echo(table([[f"#{seen.pk}", _local(owner, seen.at), seen.person.full_name if seen.person else "",
                       seen.get_recorded_display(), seen.subject] for seen in found],
                     ["id", "when", "person", "taken as", "subject"]))
    click.echo(style("Wrong kind? coffeechat mail correct ID --as request|reply|follow_up|thank_you|other", dim=True))


@mail_group.command(name="correct")
@click.argument("seen_id", metavar="ID")
@click.option("--as", "kind", type=click.Choice(KINDS), required=True, help="What the message really was.")
@with_practice
def mail_correct(owner: User, seen_id: str, kind: str) -> None:
    """Say what a recorded message really was; the timeline and `next` follow.

    ID is the number `coffeechat mail log` shows.

    \b
    Examples:
      coffeechat mail correct 12 --as thank_you
      coffeechat mail correct 7 --as other
    """
    from coffeechat.services.mail_accounts import correct, find_seen

    seen = correct(owner, find_seen(owner, seen_id), kind)
    who = f" with {seen.person.full_name}" if seen.person else ""
    click.echo(f"#{seen.pk} ({seen.subject or 'no subject'}){who} is now: {seen.get_recorded_display()}")


@mail_group.command(name="disconnect")
@click.argument("name")
@with_practice
def mail_disconnect(owner: User, name: str) -> None:
    """Stop reading an account and forget its password. What it recorded stays on your record.

    \b
    Examples:
      coffeechat mail disconnect mail
      coffeechat mail disconnect work
    """
    from coffeechat.services.mail_accounts import disconnect

    account = disconnect(owner, name)
    click.echo(f"Disconnected {account.name}; its password is forgotten. What it recorded stays on your record.")


COMMANDS = (mail_group,)
