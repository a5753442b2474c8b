"""Where a user's coffeechat data lives: the home folder and the database it holds.

Kept free of Django so the CLI can report paths without starting the framework.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

HOME_ENV = "COFFEECHAT_HOME"
DATABASE_URL_ENV = "COFFEECHAT_DATABASE_URL"
DATABASE_FILENAME = "coffeechat.sqlite3"
SERVER_FILENAME = "server.json"
# Files in the home that hold the record or its keys: readable by the user alone.
PRIVATE_FILES = (DATABASE_FILENAME, f"{DATABASE_FILENAME}-wal", f"{DATABASE_FILENAME}-shm",
                 f"{DATABASE_FILENAME}-journal", "secret_key", "secrets.key", SERVER_FILENAME,
                 "written-files.json")
PRIVATE_FOLDERS = ("uploads",)


def home_folder() -> Path:
    """The folder holding the user's data: ``--home``, ``$COFFEECHAT_HOME`` or the platform's user data folder."""
    from coffeechat.run_options import home_override

    explicit = home_override()
    if explicit is not None:
        return explicit
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


def _tighten(path: Path, wanted: int) -> str | None:
    """Give ``path`` exactly ``wanted`` permission bits if it has more; a sentence when something changed."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return None
    current = stat.S_IMODE(info.st_mode)
    if current & ~wanted & 0o077 == 0:
        return None
    try:
        os.chmod(path, current & ~0o077)
    except OSError as error:
        return f"coffeechat: could not make {path} private ({error.strerror}); other users of this computer may read it"
    return f"coffeechat: made {path} private (was {current:04o})"


def secure_home(*, announce: bool = True) -> list[str]:
    """Create the home folder readable by the user alone (0700) and take group and others' access away
    from the files that hold the record, its keys and waiting uploads (0600).

    Returns one sentence per change; with ``announce`` they are also written once to standard error.
    """
    folder = home_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    changes = [_tighten(folder, 0o700)]
    for name in PRIVATE_FILES:
        changes.append(_tighten(folder / name, 0o600))
    for name in PRIVATE_FOLDERS:
        inside = folder / name
        changes.append(_tighten(inside, 0o700))
        if inside.is_dir() and not inside.is_symlink():
            changes.extend(_tighten(entry, 0o600) for entry in inside.iterdir() if entry.is_file())
    said = [change for change in changes if change]
    if announce:
        for sentence in said:
            print(sentence, file=sys.stderr)
    return said


def create_private_file(path: Path) -> None:
    """Create an empty file only the user can read (0600) unless one exists already.

    SQLite gives its -wal and -shm files the database file's permissions, so creating the database
    this way before the first connection keeps all three private.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def private_folder(path: Path) -> Path:
    """``path`` as a folder only the user can enter (0700), created if missing; returns it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _tighten(path, 0o700)
    return path


def server_file() -> Path:
    """Where a running ``coffeechat serve`` leaves its address for ``coffeechat login-link``."""
    return home_folder() / SERVER_FILENAME
