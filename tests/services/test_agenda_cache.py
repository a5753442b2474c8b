"""The dashboard reuses a computed list only while nothing in the database changed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coffeechat.services.agenda import agenda, mark_done
from coffeechat.services.logbook import log_reply, log_sent
from coffeechat.services.people import NewPerson, add_person

# Reuse is decided from the SQLite files; on PostgreSQL every call computes afresh.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sqlite]
CHICAGO = ZoneInfo("America/Chicago")


@time_machine.travel("2026-11-12 15:00 +0000", tick=False)
def test_a_committed_write_is_seen_at_once(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    log_sent(owner, dana, at=datetime(2026, 11, 2, 10, tzinfo=CHICAGO))
    first = agenda(owner)
    assert {a.kind for a in first.actions} == {"follow_up", "next_contact"}
    assert agenda(owner) is first  # nothing changed: reused
    log_reply(owner, dana, at=datetime(2026, 11, 12, 8, tzinfo=CHICAGO))
    assert agenda(owner).actions == []


@time_machine.travel("2026-11-12 15:00 +0000", tick=False)
def test_marking_done_is_seen_at_once(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    log_sent(owner, dana, at=datetime(2026, 11, 2, 10, tzinfo=CHICAGO))
    before = agenda(owner).actions
    mark_done(owner, before[0].key)
    assert [a.key for a in agenda(owner).actions] == [a.key for a in before[1:]]
