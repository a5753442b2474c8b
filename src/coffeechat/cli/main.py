"""The ``coffeechat`` command: global options, then one command group per area of the practice."""

from __future__ import annotations

import importlib
import os
from datetime import UTC

import click

import coffeechat.cli as cli_package
from coffeechat import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--home",
    type=click.Path(file_okay=False, dir_okay=True),
    help="Folder holding your data (default: your user data folder). Also COFFEECHAT_HOME.",
)
@click.option(
    "--now",
    "now_text",
    metavar="DATETIME",
    help='Pretend it is this moment, e.g. "2026-12-04 09:00" or "friday". Also COFFEECHAT_NOW.',
)
@click.version_option(__version__, prog_name="coffeechat")
def cli(home: str | None, now_text: str | None) -> None:
    """coffeechat runs your informational interviews: whom to ask, what to write, when to follow up.

    \b
    Start here:
      coffeechat demo                 explore a ready-made practice in your browser
      coffeechat add "Dana Reyes" --org "The Tribune" --title "Politics editor"
      coffeechat people               everyone in your network
      coffeechat show dana            one person and their timeline
      coffeechat serve                open the web app on this computer

    Every command has its own help: coffeechat COMMAND --help.
    """
    if home:
        os.environ["COFFEECHAT_HOME"] = os.path.abspath(os.path.expanduser(home))
    if now_text:
        os.environ["COFFEECHAT_NOW"] = now_text
        # Check it early so a typo fails here, with the forms that work, not deep inside a command.
        from datetime import datetime

        from coffeechat.core.when import WhenError, parse_when

        try:
            parse_when(now_text, now=datetime.now(UTC), tz_name="UTC")
        except WhenError as error:
            raise click.BadParameter(str(error), param_hint="--now") from error


def _register_commands() -> None:
    """Add the COMMANDS of every module in coffeechat.cli (each imports only Click at load time)."""
    # A directory listing, not pkgutil: importing pkgutil alone costs more than reading the folder.
    folder = os.path.dirname(cli_package.__file__ or "")
    names = sorted(entry[:-3] for entry in os.listdir(folder) if entry.endswith(".py") and not entry.startswith("_"))
    for name in names:
        module = importlib.import_module(f"coffeechat.cli.{name}")
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register_commands()


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="coffeechat")
