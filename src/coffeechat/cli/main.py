"""The ``coffeechat`` command: global options, then one command group per area of the practice."""

from __future__ import annotations

import os
import sys
from datetime import UTC
from typing import Any

import click

from coffeechat import __version__
from coffeechat.cli.lazy import LazyGroup

DEBUG_VARIABLE = "COFFEECHAT_DEBUG"
EXPECTED_EXIT = 1
UNEXPECTED_EXIT = 2


def _debugging() -> bool:
    return os.environ.get(DEBUG_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


class _Root(LazyGroup):
    """The root group: a mistake the user can fix (UserError, a locked database) ends as one clean line.

    Done here rather than only in main() so that every way of running the commands (the console script,
    ``python -m coffeechat``, Click's test runner) reports them alike.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from coffeechat.core.errors import BUSY_MESSAGE, UserError

        try:
            return super().invoke(ctx)
        except UserError as error:
            raise click.ClickException(str(error)) from error
        except Exception as error:
            if type(error).__name__ == "OperationalError" and "locked" in str(error).lower():
                raise click.ClickException(BUSY_MESSAGE) from error
            raise


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
@click.option("--debug", is_flag=True,
              help=f"On an unexpected error, show the full traceback (for a bug report). Also {DEBUG_VARIABLE}=1.")
@click.version_option(__version__, prog_name="coffeechat")
@click.pass_context
def cli(ctx: click.Context, home: str | None, now_text: str | None, debug: bool) -> None:
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
    if debug:
        os.environ[DEBUG_VARIABLE] = "1"
    # --home and --now travel on the context object and are handed once to run_options, which the clock and
    # home.py read (falling back to COFFEECHAT_HOME / COFFEECHAT_NOW); they are forgotten when the command ends.
    from pathlib import Path

    from coffeechat import run_options

    ctx.obj = run_options.RunOptions(Path(home).expanduser().resolve() if home else None, now_text or None)
    run_options.use(ctx.obj)
    ctx.call_on_close(lambda: run_options.use(run_options.RunOptions()))
    fixed = run_options.fixed_now_text()
    if fixed:
        # Check it early so a typo fails here, with the forms that work, not deep inside a command (or, worse,
        # is ignored by a command that never asks for the time).
        from datetime import datetime

        from coffeechat.core.when import WhenError, parse_when

        try:
            parse_when(fixed, now=datetime.now(UTC), tz_name="UTC")
        except WhenError as error:
            raise click.BadParameter(str(error), param_hint=run_options.now_source()) from error


def main() -> None:
    """Entry point of the console script: no traceback ever reaches the user.

    Click reports usage mistakes and ClickException itself (exit 1 or 2); the root group turns a UserError
    or a locked database into one line (exit 1). Anything else is a bug: one line naming it and pointing
    to --debug (exit 2); with --debug or COFFEECHAT_DEBUG=1 the traceback is printed too.
    """
    try:
        cli(prog_name="coffeechat")
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except Exception as error:  # the last line of defence: report a bug, never dump a traceback on the user
        if _debugging():
            import traceback  # only here: importing it costs every run a few milliseconds

            traceback.print_exc()
        detail = str(error).splitlines()[0][:200] if str(error) else ""
        click.echo(f"Error: something went wrong inside coffeechat ({type(error).__name__}"
                   f"{': ' + detail if detail else ''}).", err=True)
        if not _debugging():
            click.echo("Run the same command with --debug for details (and include them in a bug report).",
                       err=True)
        sys.exit(UNEXPECTED_EXIT)
