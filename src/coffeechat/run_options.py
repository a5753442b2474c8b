"""What this run of coffeechat was told: the home folder (``--home``) and a fixed "now" (``--now``).

The CLI's root command builds one ``RunOptions`` from its options, puts it on Click's context object and
hands it here once (``use``); the rest of the program asks ``home_override()`` and ``fixed_now_text()``
instead of reading the environment. An option not given on the command line falls back to the
environment (``COFFEECHAT_HOME``, ``COFFEECHAT_NOW``), so a server started as a process, a script or a
test that sets those variables keeps working. No Django here: ``home.py`` and the fast agenda read it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "COFFEECHAT_HOME"
NOW_ENV = "COFFEECHAT_NOW"


@dataclass(frozen=True)
class RunOptions:
    """The options of one run: ``home`` (absolute) and ``now_text`` (as typed), each None when not given."""

    home: Path | None = None
    now_text: str | None = None


class _Given:
    options = RunOptions()


def use(options: RunOptions) -> None:
    """Make ``options`` the ones this process runs with (the CLI entry calls this once per command)."""
    _Given.options = options


def current() -> RunOptions:
    """The options given on the command line (not the environment's)."""
    return _Given.options


def home_override() -> Path | None:
    """The home folder chosen by ``--home``, else by ``COFFEECHAT_HOME``, else None (the platform default)."""
    given = _Given.options.home
    if given is not None:
        return given
    explicit = os.environ.get(HOME_ENV)
    return Path(explicit).expanduser().resolve() if explicit else None


def fixed_now_text() -> str | None:
    """The moment typed with ``--now``, else ``COFFEECHAT_NOW``, else None (the real clock)."""
    return _Given.options.now_text or os.environ.get(NOW_ENV) or None


def now_source() -> str:
    """Where the fixed moment came from, to name it in an error message."""
    return "--now" if _Given.options.now_text else NOW_ENV
