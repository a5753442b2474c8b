"""What every database command needs first: Django started and the owner of the data."""

from __future__ import annotations

from typing import Any

import click


def open_practice() -> Any:
    """Start Django (migrating a new database) and return the user whose practice this is."""
    from coffeechat.bootstrap import start

    try:
        start()
    except Exception as error:  # noqa: BLE001 - shown to the user with where the data lives
        from coffeechat.home import describe_storage

        raise click.ClickException(f"cannot open your data ({describe_storage()}): {error}") from error
    from coffeechat.services.accounts import local_owner

    return local_owner()
