"""Start Django for the CLI and the server: settings, then migrations on first use.

The CLI calls ``start()`` only inside commands that touch the database, so ``coffeechat --help`` never
pays for importing Django.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SETTINGS_MODULE = "coffeechat.settings"


def start(*, migrate: bool = True) -> None:
    """Configure Django (once per process) and bring the database schema up to date if needed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from coffeechat.home import create_private_file, database_url, sqlite_path

    if not database_url():
        # Made 0600 before SQLite first opens it: its -wal and -shm files then get the same permissions.
        create_private_file(sqlite_path())
    if migrate and not schema_is_current():
        apply_migrations()
    if migrate:
        from coffeechat.services.secrets import seal_clear_secrets

        for sentence in seal_clear_secrets():
            print(f"coffeechat: {sentence}", file=sys.stderr)


def our_migration_names() -> set[str]:
    """The names of coffeechat's own migrations, from the files beside the models."""
    folder = Path(__file__).parent / "models" / "migrations"
    return {p.stem for p in folder.glob("[0-9]*.py")}


def schema_is_current() -> bool:
    """True when every coffeechat migration is recorded as applied (one cheap query, no migration loader)."""
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM django_migrations WHERE app = %s", ["coffeechat"])
            applied = {row[0] for row in cursor.fetchall()}
    except DatabaseError:
        # No migrations table yet: a new, empty database.
        return False
    return our_migration_names() <= applied


def apply_migrations(verbosity: int = 0) -> None:
    """Create or upgrade every table. Each migration runs in a transaction where the database allows."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
