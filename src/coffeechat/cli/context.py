"""What every database command needs first: Django started and the owner of the data."""

from __future__ import annotations

from typing import Any

import click


def open_practice() -> Any:
    """Start Django (migrating a new database) and return the user whose practice this is."""
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


def user_time(owner: Any, text: str, param_hint: str, *, default_hour: int = 0) -> Any:
    """Read a time the user typed, in their own time zone; a clean usage error if it cannot be read."""
    from datetime import time

    from coffeechat.core.when import WhenError, parse_when
    from coffeechat.services.clock import now
    from coffeechat.services.preferences import get_setting

    try:
        return parse_when(text, now=now(), tz_name=get_setting(owner, "timezone"), default_time=time(default_hour))
    except WhenError as error:
        raise click.BadParameter(str(error), param_hint=param_hint) from error
