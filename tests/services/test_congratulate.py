"""A LinkedIn re-import that finds a new job of someone you know puts one congratulation on `next`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection

from coffeechat.models import ActionState, Person, Touch
from coffeechat.services.agenda import agenda, mark_done
from coffeechat.services.imports import import_contacts
from coffeechat.services.practice_sql import PracticeReader

MERGE = Path(__file__).resolve().parents[1] / "fixtures" / "merge"
BEFORE, AFTER = MERGE / "linkedin_before.csv", MERGE / "linkedin_after.csv"
FIRST = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
AGAIN = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # Thursday 3 December


def congratulations(owner: Any, at: datetime) -> list[Any]:
    with time_machine.travel(at, tick=False):
        return [a for a in agenda(owner).actions if a.kind == "congratulate"]


def reimport(owner: Any, path: Path, at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        import_contacts(owner, path)


@pytest.fixture
def dana_known(owner: Any) -> Person:
    """Dana Reyes and two others imported from LinkedIn; the user knows Dana as a colleague."""
    reimport(owner, BEFORE, FIRST)
    Person.objects.owned_by(owner).filter(full_name="Dana Reyes").update(how_known="colleague")
    return Person.objects.owned_by(owner).get(full_name="Dana Reyes")


def test_a_changed_job_becomes_exactly_one_congratulation_with_the_new_role(owner, dana_known) -> None:
    assert congratulations(owner, AGAIN) == []
    reimport(owner, AFTER, AGAIN)
    (action,) = congratulations(owner, AGAIN + timedelta(hours=2))
    moved = Touch.objects.owned_by(owner).get(kind="moved_job")
    assert action.key == f"congratulate:touch:{moved.pk}"
    assert (action.person_id, action.refers_to) == (dana_known.pk, ("touch", moved.pk))
    assert "Managing Editor at Metro Public Radio" in action.reason
    assert "import of Thursday 3 December" in action.reason
    # Still listed three weeks on, gone after thirty days.
    assert [a.key for a in congratulations(owner, AGAIN + timedelta(days=21))] == [action.key]
    assert congratulations(owner, AGAIN + timedelta(days=31)) == []


def test_done_is_for_good_and_an_unchanged_reimport_does_not_bring_it_back(owner, dana_known) -> None:
    reimport(owner, AFTER, AGAIN)
    (action,) = congratulations(owner, AGAIN + timedelta(hours=2))
    with time_machine.travel(AGAIN + timedelta(hours=3), tick=False):
        mark_done(owner, action.key)
    assert ActionState.objects.owned_by(owner).get(action_key=action.key).done_at is not None
    assert congratulations(owner, AGAIN + timedelta(hours=4)) == []
    reimport(owner, AFTER, AGAIN + timedelta(days=2))
    assert congratulations(owner, AGAIN + timedelta(days=2, hours=1)) == []
    assert Touch.objects.owned_by(owner).filter(kind="moved_job").count() == 1


def test_a_connection_you_only_imported_gets_no_congratulation(owner) -> None:
    reimport(owner, BEFORE, FIRST)
    reimport(owner, AFTER, AGAIN)
    assert Touch.objects.owned_by(owner).filter(kind="moved_job").count() == 1  # on the timeline only
    assert congratulations(owner, AGAIN + timedelta(hours=1)) == []
    # Once the user moves them past "new", the change (still recent) is worth a note.
    Person.objects.owned_by(owner).filter(full_name="Dana Reyes").update(stage="met")
    assert len(congratulations(owner, AGAIN + timedelta(hours=1))) == 1


def test_a_restored_backup_keeps_the_congratulation_done(owner, outsider, dana_known) -> None:
    from coffeechat.services.backup import backup_json, restore_from_text

    reimport(owner, AFTER, AGAIN)
    (action,) = congratulations(owner, AGAIN + timedelta(hours=1))
    with time_machine.travel(AGAIN + timedelta(hours=2), tick=False):
        mark_done(owner, action.key)
        text, _ = backup_json(owner)
    # Restored beside the owner's rows, the entries get new ids: the done key must follow the one it names.
    restore_from_text(outsider, text)
    restored = Touch.objects.owned_by(outsider).get(kind="moved_job")
    assert restored.pk != int(action.key.rsplit(":", 1)[1])
    assert ActionState.objects.owned_by(outsider).filter(action_key=f"congratulate:touch:{restored.pk}").exists()
    assert congratulations(outsider, AGAIN + timedelta(hours=3)) == []


@pytest.mark.sqlite  # EXPLAIN QUERY PLAN is SQLite's
def test_reading_job_changes_is_an_index_search_on_the_recent_entries(owner, dana_known) -> None:
    reimport(owner, AFTER, AGAIN)
    statements: list[tuple[str, tuple[Any, ...]]] = []

    class Recording:
        def __init__(self, cursor: Any) -> None:
            self.cursor = cursor

        def execute(self, sql: str, params: tuple[Any, ...]) -> None:
            statements.append((sql, tuple(params)))
            self.cursor.execute(sql, params)

        def fetchall(self) -> list[tuple[Any, ...]]:
            return self.cursor.fetchall()

    with connection.cursor() as cursor:
        practice = PracticeReader(Recording(cursor), owner.pk, "%s").practice(AGAIN + timedelta(hours=1))
        assert [change.person_id for change in practice.job_changes] == [dana_known.pk]
        (sql, params) = next(s for s in statements if "moved_job" in s[0])
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "kind=? AND at>?" in plan, plan
    # Forty days on, the change is out of the window and not even read.
    with connection.cursor() as cursor:
        later = PracticeReader(cursor, owner.pk, "%s").practice(AGAIN + timedelta(days=40))
    assert later.job_changes == ()
