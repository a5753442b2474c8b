"""`coffeechat settings`: read and change the numbers and places the rules use."""

from __future__ import annotations

import click

from coffeechat.cli.context import open_practice
from coffeechat.cli.output import emit_json


@click.group(name="settings", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def settings_group(ctx: click.Context, as_json: bool) -> None:
    """Show your settings, or change one with `coffeechat settings set KEY VALUE`.

    \b
    Examples:
      coffeechat settings
      coffeechat settings set country US
      coffeechat settings set timezone America/Chicago
      coffeechat settings set follow_up_business_days 6
    """
    if ctx.invoked_subcommand is not None:
        return
    owner = open_practice()
    from coffeechat.services.preferences import SPECS, shown_settings

    values = shown_settings(owner)
    if as_json:
        emit_json(values)
        return
    for key, value in values.items():
        click.echo(f"{key:<28} {value or '(none)':<22} {SPECS[key].help}")


@settings_group.command(name="set")
@click.argument("key")
@click.argument("value")
def settings_set(key: str, value: str) -> None:
    """Change one setting (the value is checked first).

    \b
    Example:
      coffeechat settings set country GB
    """
    owner = open_practice()
    from coffeechat.services.preferences import SettingError, set_setting

    try:
        stored = set_setting(owner, key, value)
    except SettingError as error:
        raise click.ClickException(str(error)) from error
    from coffeechat.services.preferences import SPECS

    click.echo(f"{key} = {'(set)' if SPECS[key].secret and stored else (stored or '(none)')}")


COMMANDS = (settings_group,)
