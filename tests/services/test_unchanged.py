"""Whole-history numbers (stats, the weekly review) are reused only while the database is unchanged: the
first read after any committed write computes afresh, so a page never shows what was true before it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from coffeechat.services.logbook import log_sent
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.unchanged import data_stamp, reuse_while_unchanged

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)
pytestmark = pytest.mark.django_db(transaction=True)  # real commits, as the server makes them


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.sqlite  # the stamp reads SQLite's files; on PostgreSQL nothing is reused, and the page test below runs on both
def test_an_answer_is_reused_until_a_write_commits(owner) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert data_stamp() is not None, "the test database is a SQLite file, whose state can be stamped"
    first = reuse_while_unchanged("test", owner.pk, NOW, compute)
    assert reuse_while_unchanged("test", owner.pk, NOW + timedelta(seconds=20), compute) == first
    assert len(calls) == 1
    add_person(owner, NewPerson("Dana Reyes"))
    assert reuse_while_unchanged("test", owner.pk, NOW, compute) == first + 1
    assert reuse_while_unchanged("test", owner.pk + 1, NOW, compute) == first + 2  # another owner
    assert reuse_while_unchanged("test", owner.pk, NOW + timedelta(minutes=1), compute) == first + 3


def test_review_and_stats_pages_show_each_write_at_once(owner) -> None:
    client = Client()
    client.force_login(owner)
    dana = add_person(owner, NewPerson("Dana Reyes"))
    assert "Request sent" not in client.get("/review/").content.decode()
    stats_before = client.get("/stats/").content.decode()
    for number in range(3):
        log_sent(owner, add_person(owner, NewPerson(f"Sam Park {number}")), at=NOW - timedelta(hours=number + 1))
        review = client.get("/review/").content.decode()
        assert "Request sent" in review and f"Sam Park {number}" in review
    log_sent(owner, dana, at=NOW - timedelta(hours=5))
    assert "Dana Reyes" in client.get("/review/").content.decode()
    assert client.get("/stats/").content.decode() != stats_before
