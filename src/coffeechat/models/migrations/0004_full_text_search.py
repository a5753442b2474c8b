"""Full-text search tables: SQLite FTS5 indexes kept in step by triggers, PostgreSQL GIN indexes.

On SQLite each searchable table gets an FTS5 *external-content* index: the text lives once, in the real
table, and triggers add, replace and remove index entries as rows change. People and organisations are
indexed separately; the search service lets a person match through their organisation's name ("editor
tribune" finds Dana Reyes). Every trigger refers only to its own table and its index: a trigger that
read another table would make Django's SQLite table rebuilds (``ALTER TABLE … RENAME`` in a later
migration) fail. Those rebuilds drop a table's triggers; ``services.search`` checks that the triggers
exist before it searches and, when one is missing, creates them again and rebuilds the indexes.

On PostgreSQL, search uses ``to_tsvector`` at query time; expression GIN indexes make it fast.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# Prose is stemmed ("clips" finds "clip"); names are not, so a typed prefix such as "Rey" finds Reyes
# (the Porter stemmer would turn the prefix itself into "rei").
PROSE = "porter unicode61 remove_diacritics 2"
NAMES = "unicode61 remove_diacritics 2"

# (index, source table, columns, tokenizer). Column names match the source's, as external content requires.
SQLITE_INDEXES = (
    ("coffeechat_person_fts", "coffeechat_person", ("full_name", "title", "notes"), NAMES),
    ("coffeechat_organization_fts", "coffeechat_organization", ("name",), NAMES),
    ("coffeechat_note_fts", "coffeechat_note", ("body",), PROSE),
    ("coffeechat_insight_fts", "coffeechat_insight", ("text", "theme", "skill"), PROSE),
    ("coffeechat_message_fts", "coffeechat_message", ("subject", "body"), PROSE),
)


def _triggers(index: str, table: str, columns: tuple[str, ...]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    return [
        (
            f"CREATE TRIGGER IF NOT EXISTS {index}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new}); END"
        ),
        (
            f"CREATE TRIGGER IF NOT EXISTS {index}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old}); END"
        ),
        # Only when the indexed text changed: most updates (timestamps, states) leave it alone.
        (
            f"CREATE TRIGGER IF NOT EXISTS {index}_au AFTER UPDATE ON {table} WHEN {changed} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new}); END"
        ),
    ]


def sqlite_triggers() -> list[str]:
    """The statements creating every trigger that keeps the SQLite indexes in step (idempotent)."""
    return [statement for index, table, columns, _ in SQLITE_INDEXES for statement in _triggers(index, table, columns)]


def sqlite_trigger_names() -> set[str]:
    """The names of those triggers, to check that they all still exist."""
    return {statement.split()[5] for statement in sqlite_triggers()}


def sqlite_rebuild() -> list[str]:
    """Refill every index from the rows as they are now."""
    return [f"INSERT INTO {index}({index}) VALUES ('rebuild')" for index, *_ in SQLITE_INDEXES]


def sqlite_forward() -> list[str]:
    """Every statement that creates the SQLite search indexes and fills them from existing rows."""
    statements = [
        f"CREATE VIRTUAL TABLE {index} USING fts5({', '.join(columns)}, content='{source}', "
        f"content_rowid='id', tokenize='{tokenizer}')"
        for index, source, columns, tokenizer in SQLITE_INDEXES
    ]
    return statements + sqlite_triggers() + sqlite_rebuild()


def sqlite_reverse() -> list[str]:
    """Every statement that removes them again (the rows themselves are untouched)."""
    statements = [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(sqlite_trigger_names())]
    return statements + [f"DROP TABLE IF EXISTS {index}" for index, *_ in SQLITE_INDEXES]


# PostgreSQL: the same expressions the search service uses, so the planner can use the indexes.
POSTGRES_INDEXES = (
    ("coffeechat_note_search", "coffeechat_note", "to_tsvector('english', body)"),
    ("coffeechat_insight_search", "coffeechat_insight",
     "to_tsvector('english', text || ' ' || theme || ' ' || skill)"),
    ("coffeechat_message_search", "coffeechat_message", "to_tsvector('english', subject || ' ' || body)"),
    ("coffeechat_person_search", "coffeechat_person",
     "to_tsvector('english', full_name || ' ' || title || ' ' || notes)"),
    ("coffeechat_organization_search", "coffeechat_organization", "to_tsvector('english', name)"),
)


def _run(schema_editor: Any, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, sqlite_forward())
    elif vendor == "postgresql":
        _run(schema_editor, [f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING GIN ({expression})"
                             for name, table, expression in POSTGRES_INDEXES])


def reverse(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, sqlite_reverse())
    elif vendor == "postgresql":
        _run(schema_editor, [f"DROP INDEX IF EXISTS {name}" for name, _, _ in POSTGRES_INDEXES])


class Migration(migrations.Migration):

    dependencies = [("coffeechat", "0003_person_vcard_uid")]

    operations = [migrations.RunPython(forward, reverse, elidable=False)]
