"""Writing a file the user named: a refused target becomes a one-line message, and a file coffeechat did not
write is replaced only after a yes at the terminal, or with --force (for scripts)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import click

T = TypeVar("T")

FORCE_HELP = "Replace an existing file even if coffeechat did not write it (for scripts; at a terminal you are asked)."


def write_with_consent(write: Callable[[bool], T], *, force: bool) -> T:
    """Run ``write(force)``; when it meets a file coffeechat did not write, ask (at a terminal) or refuse.

    ``write`` must check its targets before writing anything (``coffeechat.safe_files`` does), so a
    refusal leaves every file as it was.
    """
    from coffeechat.safe_files import NotWrittenByCoffeechat, TargetRefused

    try:
        return write(force)
    except TargetRefused as error:
        raise click.ClickException(f"{error}. Nothing was written.") from error
    except NotWrittenByCoffeechat as error:
        if sys.stdin.isatty():
            if click.confirm(f"{error}. Replace it?", default=False, err=True):
                return write(True)
            raise click.ClickException("nothing was written.") from error
        raise click.ClickException(f"{error}. Nothing was written; add --force to replace it.") from error
