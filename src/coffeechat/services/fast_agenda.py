"""`coffeechat next` without starting Django: the local SQLite file read directly, the same rules applied.

The daily command should answer as fast as a to-do list does. Django's start-up alone costs a quarter of
a second, so on the local SQLite database (the common case) the list is read with ``sqlite3`` through the
same SQL the Django path uses (practice_sql) and built by the same code (agenda_view). Whenever anything
is unusual (PostgreSQL, a database not yet created or not migrated, no local user) it returns None and the
caller takes the ordinary path.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from coffeechat.core.when import parse_when
from coffeechat.home import database_url, sqlite_path
from coffeechat.services.agenda_view import Agenda, build_agenda, rule_settings_from
from coffeechat.services.clock import now_in
from coffeechat.services.practice_sql import PracticeReader
from coffeechat.services.preference_specs import with_defaults

LOCAL_USERNAME = "local"


def fast_agenda(until_text: str | None = None, kinds: set[str] | None = None) -> Agenda | None:
    """The agenda of the local user read straight from SQLite, or None when the ordinary path must run.

    Raises WhenError when ``until_text`` (or ``COFFEECHAT_NOW``) cannot be read.
    """
    if database_url():
        return None
    path = sqlite_path()
    if not path.exists():
        return None
    from coffeechat.bootstrap import our_migration_names

    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=20)
    except sqlite3.Error:
        return None
    try:
        applied = {name for (name,) in connection.execute("SELECT name FROM django_migrations WHERE app = 'coffeechat'")}
        if not our_migration_names() <= applied:
            return None
        user = connection.execute("SELECT id FROM auth_user WHERE username = ?", (LOCAL_USERNAME,)).fetchone()
        if user is None:
            return None
        reader = PracticeReader(connection.cursor(), user[0], "?")
        values = with_defaults(reader.settings())
        settings = rule_settings_from(values, reader.target_roles())
        moment = now_in(settings.timezone)
        until: date | None = None
        if until_text:
            until = parse_when(until_text, now=moment, tz_name=settings.timezone).date()
        done, snoozed = reader.action_states()
        return build_agenda(reader.practice(moment), settings, moment, done, snoozed, until=until, kinds=kinds)
    except sqlite3.Error:
        return None
    finally:
        connection.close()
