"""The career centre's accounts from the server's command line: `coffeechat centre admin|invite|accounts`."""

from __future__ import annotations

import os
import sys

import click

from coffeechat.cli.context import OpenPractice, with_practice_later
from coffeechat.cli.output import emit_json, table

LOCAL_MODE_MESSAGE = (
    "these commands are for a career centre server: set COFFEECHAT_MODE=centre and COFFEECHAT_DATABASE_URL; "
    "see docs/deployment.md"
)
ROLE_NAMES = ("student", "advisor", "admin", "alumnus")


def _require_centre() -> None:
    """Refuse before any data is opened: a local practice has no accounts."""
    if os.environ.get("COFFEECHAT_MODE", "local").strip().lower() != "centre":
        raise click.ClickException(LOCAL_MODE_MESSAGE)


@click.group(name="centre")
def centre_group() -> None:
    """A career centre's server: its admins, invitations and accounts (not for a laptop of your own).

    These commands work only on a server started with COFFEECHAT_MODE=centre and a PostgreSQL database
    (COFFEECHAT_DATABASE_URL); see docs/centre.md and docs/deployment.md.

    \b
    Examples:
      coffeechat centre admin careers@uni.example
      coffeechat centre invite ana@uni.example --role student --cohort "MA 2027" --name "Ana Lima"
      coffeechat centre invite --csv students.csv
      coffeechat centre accounts --json
    """


@centre_group.command(name="admin")
@click.argument("email")
@click.option("--name", default="", help="The admin's name, as others see it.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
@with_practice_later
def centre_admin(open_owner: OpenPractice, email: str, name: str, password_stdin: bool) -> None:
    """Create an administrator account (the first one comes from here; admins then invite everyone else).

    The password is asked for (what you type is not shown), or read from standard input with
    --password-stdin; never give it on the command line.

    \b
    Examples:
      coffeechat centre admin careers@uni.example
      printf '%s\\n' "$PASSWORD" | coffeechat centre admin careers@uni.example --password-stdin
    """
    _require_centre()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = str(click.prompt("Password for the new admin (not shown)", hide_input=True,
                                    confirmation_prompt=True))
    else:
        raise click.UsageError("type the password at a terminal, or pipe it in with --password-stdin")
    open_owner()
    from coffeechat.services.centre_accounts import create_admin

    user = create_admin(email, password, name)
    click.echo(f"Admin account created for {user.email}. Log in at the server's /login page.")


@centre_group.command(name="invite")
@click.argument("email", required=False)
@click.option("--role", type=click.Choice(ROLE_NAMES), default="student", show_default=True,
              help="What the account may do.")
@click.option("--cohort", default="", help='The student\'s cohort, for example "MA 2027".')
@click.option("--name", default="", help="The person's name (they can change it when they accept).")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), default=None,
              help="Invite everyone in a CSV file (columns email, name, role, cohort).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice_later
def centre_invite(open_owner: OpenPractice, email: str | None, role: str, cohort: str, name: str,
                  csv_file: str | None, as_json: bool) -> None:
    """Invite someone by email: they get a link (it works once, for 7 days) to choose their password.

    A new invitation to the same address replaces the older one. With --csv, every line of the file is
    checked first; nothing is sent unless all are right, and each wrong line is named. The invitation
    comes from the first admin (create one with `coffeechat centre admin`).

    \b
    Examples:
      coffeechat centre invite ana@uni.example --role student --cohort "MA 2027"
      coffeechat centre invite lee@uni.example --role advisor --name "Lee Park"
      coffeechat centre invite --csv students.csv
    """
    _require_centre()
    if bool(email) == bool(csv_file):
        raise click.UsageError("give one EMAIL, or --csv FILE (not both)")
    open_owner()
    from coffeechat.services.centre_accounts import invite, invite_from_csv, operator_admin

    admin = operator_admin()
    if csv_file:
        sent = invite_from_csv(admin, csv_file)
    else:
        sent = [invite(admin, email or "", role, cohort, name)]
    if as_json:
        emit_json({"count": len(sent), "invitations": [
            {"email": i.email, "role": i.role, "cohort": i.cohort, "name": i.display_name,
             "expires": i.expires_at.isoformat()} for i, _ in sent]})
        return
    for invitation, _ in sent:
        click.echo(f"Invited {invitation.email} as {invitation.role}"
                   f"{f' ({invitation.cohort})' if invitation.cohort else ''}; the link works until "
                   f"{invitation.expires_at:%d %B %Y}.")


@centre_group.command(name="accounts")
@click.option("--cohort", default="", help="Only the accounts of this cohort.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice_later
def centre_accounts(open_owner: OpenPractice, cohort: str, as_json: bool) -> None:
    """Every account on this server, with its role, cohort and last login.

    \b
    Examples:
      coffeechat centre accounts
      coffeechat centre accounts --cohort "MA 2027" --json
    """
    _require_centre()
    open_owner()
    from coffeechat.services.centre_accounts import accounts_list, operator_admin

    rows = accounts_list(operator_admin(), cohort=cohort or None)
    if as_json:
        emit_json({"count": len(rows), "accounts": [row.as_json() for row in rows]})
        return
    if not rows:
        click.echo("No accounts yet.")
        return
    click.echo(table([[r.email, r.name, r.role, r.cohort,
                       f"{r.last_login:%Y-%m-%d %H:%M}" if r.last_login else "never"] for r in rows],
                     ["email", "name", "role", "cohort", "last login"]))


COMMANDS = (centre_group,)

# Alumni requests' reminders and expiry (issue 15 §6) live in their own module.
from coffeechat.cli.centre_alumni import alumni_tick  # noqa: E402

centre_group.add_command(alumni_tick)
