"""`coffeechat settings`: read and change the numbers and places the rules use."""

from __future__ import annotations

import click

from coffeechat.cli.context import OpenPractice, with_practice_later
from coffeechat.cli.output import emit_json


@click.group(name="settings", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
@with_practice_later
def settings_group(open_owner: OpenPractice, ctx: click.Context, as_json: bool) -> None:
    """Show your settings, or change one with `coffeechat settings set KEY VALUE`.

    Each line shows the key to type, the value now, and what it means. Numbers have a range, time zones
    are IANA names (Europe/London), countries ISO codes (US, GB), and the second contact must come
    before the follow-up.

    \b
    Examples:
      coffeechat settings
      coffeechat settings set country US
      coffeechat settings set timezone America/Chicago
      coffeechat settings set follow_up_business_days 6
    """
    if ctx.invoked_subcommand is not None:
        return
    owner = open_owner()
    from coffeechat.services.preferences import SPECS, shown_settings

    values = shown_settings(owner)
    if as_json:
        emit_json(values)
        return
    for key, value in values.items():
        spec = SPECS[key]
        click.echo(f"{key:<28} {value or '(none)':<22} {spec.label}: {spec.help}")


@settings_group.command(name="set")
@click.argument("key")
@click.argument("value", required=False)
@with_practice_later
def settings_set(open_owner: OpenPractice, key: str, value: str | None) -> None:
    """Change one setting (the value is checked first, alone and against your other settings).

    KEY is a name from the list `coffeechat settings` shows. A value that cannot be used is refused
    with the reason, and nothing changes.

    \b
    Examples:
      coffeechat settings set country GB
      coffeechat settings set timezone Europe/London
      coffeechat settings set next_contact_business_days 2
      coffeechat settings set message_mode 5point
      coffeechat settings set smtp_password          (asks for it; what you type is not shown)
      printf '%s\n' "$PASSWORD" | coffeechat settings set smtp_password -
    """
    from coffeechat.services.preference_specs import SPECS as KNOWN  # no Django: a quick look-up

    value = _secret_value(key, value) if key in KNOWN and KNOWN[key].secret else value
    if value is None:
        raise click.UsageError(f"give the new value: coffeechat settings set {key} VALUE")
    owner = open_owner()
    from coffeechat.services.preferences import SettingError, set_setting

    try:
        stored = set_setting(owner, key, value)
    except SettingError as error:
        raise click.ClickException(str(error)) from error
    from coffeechat.services.preferences import SPECS

    click.echo(f"{key} = {'(set)' if SPECS[key].secret and stored else (stored or '(none)')}")


def _secret_value(key: str, given: str | None) -> str:
    """A secret typed at a hidden prompt, or read from standard input for "-"; never from the arguments
    (they stay in the shell history and show in the process list)."""
    import sys

    if given not in (None, "-"):
        raise click.UsageError(
            f"{key} is never given on the command line, where it would stay in your shell history and be "
            f"visible to other programs. Run `coffeechat settings set {key}` and type it (it is not shown), "
            f"or pipe it in: ... | coffeechat settings set {key} -"
        )
    if given == "-":
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise click.UsageError(f"type {key} at a terminal, or pipe it in: ... | coffeechat settings set {key} -")
    return str(click.prompt(f"New {key} (not shown; empty clears it)", hide_input=True, confirmation_prompt=True,
                            default="", show_default=False))


COMMANDS = (settings_group,)
