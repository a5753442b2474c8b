"""Alumni requests' clock on a career centre's server: `coffeechat centre alumni-tick`.

The command is one of the `centre` group's (cli/centre.py adds it); this module has no top-level command.
"""

from __future__ import annotations

import os

import click

from coffeechat.cli.context import OpenPractice, with_practice_later
from coffeechat.cli.output import emit_json

NOT_A_CENTRE = (
    "these commands are for a career centre server: set COFFEECHAT_MODE=centre and COFFEECHAT_DATABASE_URL; "
    "see docs/deployment.md"
)


@click.command(name="alumni-tick")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice_later
def alumni_tick(open_owner: OpenPractice, as_json: bool) -> None:
    """Remind and expire alumni requests: one reminder to the alumnus after 7 days, expired after 14.

    Run it once a day or more often (a systemd timer or cron); running it again does no harm: a request
    is reminded once only, even with several servers running it at the same moment. Mail goes through
    the centre's queue (`coffeechat worker` sends it).

    \b
    Examples:
      coffeechat centre alumni-tick
      coffeechat centre alumni-tick --json
    """
    if os.environ.get("COFFEECHAT_MODE", "local").strip().lower() != "centre":
        raise click.ClickException(NOT_A_CENTRE)
    open_owner()
    from coffeechat.services.alumni import expire_requests

    result = expire_requests()
    if as_json:
        emit_json(result.as_json())
        return
    click.echo(f"Reminded {result.reminded} alumn{'us' if result.reminded == 1 else 'i'}; "
               f"{result.expired} request{'' if result.expired == 1 else 's'} expired.")
    for problem in result.failed:
        click.echo(f"Not done, tried again next time: {problem}", err=True)


COMMANDS: tuple[click.Command, ...] = ()  # `alumni-tick` belongs to the `centre` group (cli/centre.py)
