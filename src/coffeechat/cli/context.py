"""What every database command needs first: Django started and the owner of the data.

A command reaches the record only through ``@with_practice`` (the practice opened before the command runs,
its owner handed over as the first argument) or ``@with_practice_later`` (for the few commands that check
their input, or answer without the database, before opening it: they get an ``OpenPractice`` to call).
``tests/test_architecture.py`` checks that no command module opens the practice any other way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

import click

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import User

P = ParamSpec("P")
R = TypeVar("R")

OpenPractice = Callable[[], "User"]
"""Opens the practice when called and returns its owner (see ``with_practice_later``)."""


def open_practice() -> User:
    """Start Django (migrating a new database) and return the user whose practice this is.

    Commands do not call it: they take ``@with_practice`` or ``@with_practice_later``."""
    from coffeechat.bootstrap import start

    try:
        start()
    except Exception as error:
        from coffeechat.home import describe_storage
        from coffeechat.services.errors import BUSY_MESSAGE, is_lock_timeout

        if is_lock_timeout(error):
            raise click.ClickException(f"{BUSY_MESSAGE} ({describe_storage()})") from error
        raise click.ClickException(f"cannot open your data ({describe_storage()}): {error}") from error
    from coffeechat.services.accounts import local_owner

    return local_owner()


def with_practice(command: Callable[Concatenate[User, P], R]) -> Callable[P, R]:
    """Open the practice before ``command`` runs and pass its owner as the first argument.

    Put it right above the ``def`` (below Click's decorators): ``def add(owner: User, name: str) -> None``.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return command(open_practice(), *args, **kwargs)

    return run


def with_practice_later(command: Callable[Concatenate[OpenPractice, P], R]) -> Callable[P, R]:
    """Like ``with_practice``, for a command that first checks its input (or answers without the
    database): it gets a function that opens the practice and returns the owner when called."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return command(open_practice, *args, **kwargs)

    return run


def user_time(owner: User, text: str, param_hint: str, *, default_hour: int = 0) -> datetime:
    """Read a time the user typed, in their own time zone; a clean usage error if it cannot be read."""
    from datetime import time

    from coffeechat.core.when import WhenError, parse_when
    from coffeechat.services.clock import now
    from coffeechat.services.preferences import get_setting

    try:
        return parse_when(text, now=now(), tz_name=get_setting(owner, "timezone"), default_time=time(default_hour))
    except WhenError as error:
        raise click.BadParameter(str(error), param_hint=param_hint) from error
