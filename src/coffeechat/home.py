"""Where a user's coffeechat data lives: the home folder and the database it holds.

Kept free of Django so the CLI can report paths without starting the framework.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "COFFEECHAT_HOME"
DATABASE_URL_ENV = "COFFEECHAT_DATABASE_URL"
DATABASE_FILENAME = "coffeechat.sqlite3"


def home_folder() -> Path:
    """The folder holding the user's data: ``$COFFEECHAT_HOME`` or the platform's user data folder."""
    explicit = os.environ.get(HOME_ENV)
    if explicit:
        return Path(explicit).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("coffeechat", appauthor=False))


def database_url() -> str | None:
    """The PostgreSQL (or other) database URL the user chose, if any."""
    return os.environ.get(DATABASE_URL_ENV) or None


def sqlite_path() -> Path:
    """The SQLite file used when no database URL is set."""
    return home_folder() / DATABASE_FILENAME


def describe_storage() -> str:
    """A sentence saying where the data lives, for `coffeechat init` and `serve`."""
    url = database_url()
    if url:
        # Never echo a password that may sit inside the URL.
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        name = parts.path.lstrip("/") or "(default database)"
        return f"PostgreSQL database {name!r} on {host}:{parts.port or 5432}"
    return f"SQLite file {sqlite_path()}"
