"""What `next` reads: only the people the rules can speak of, each found through an index, never a walk
through the whole network (a 100,000-connection practice must cost what a 1,000-connection one does)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection

from coffeechat.models import Conversation, Message, Organization, Person, Touch
from coffeechat.services.practice_sql import PracticeReader

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)
# Tables whose size follows the network (everyone imported, every old timeline entry).
NETWORK_TABLES = ("coffeechat_person", "coffeechat_touch", "coffeechat_organization")


class RecordingCursor:
    """A DB-API cursor that remembers every statement run through it."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def execute(self, sql: str, params: tuple[Any, ...]) -> None:
        self.statements.append((sql, tuple(params)))
        self.cursor.execute(sql, params)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.cursor.fetchall()


@pytest.fixture
def network(owner: Any) -> dict[str, Person]:
    """300 quiet connections at 60 organisations, plus a mentor, a cadence, a request and a conversation."""
    orgs = Organization.objects.bulk_create(
        [Organization(owner=owner, name=f"Newsroom {i}") for i in range(60)])
    people = Person.objects.bulk_create(
        [Person(owner=owner, full_name=f"Quiet Person {i}", organization=orgs[i % 60]) for i in range(300)])
    for person in people:
        Touch.objects.create(owner=owner, person=person, kind="imported", at=NOW - timedelta(days=400),
                             summary="Connected on LinkedIn")
    mentor = Person.objects.create(owner=owner, full_name="Maya Mentor", stage="mentor")
    cadence = Person.objects.create(owner=owner, full_name="Cade Cadence", cadence_days=30)
    written = people[7]
    Message.objects.create(owner=owner, person=written, organization=written.organization, kind="request",
                           status="sent", sent_at=NOW - timedelta(days=6), subject="Hello", body="Hi")
    met = people[8]
    talk = Conversation.objects.create(owner=owner, person=met, state="scheduled",
                                       scheduled_at=NOW + timedelta(days=2), minutes=20)
    Touch.objects.create(owner=owner, person=met, kind="scheduled", at=NOW - timedelta(days=1),
                         summary="Conversation set", conversation=talk)
    return {"mentor": mentor, "cadence": cadence, "written": written, "met": met}


def read(owner: Any) -> tuple[Any, list[tuple[str, tuple[Any, ...]]]]:
    with connection.cursor() as cursor:
        recording = RecordingCursor(cursor)
        practice = PracticeReader(recording, owner.pk, "%s").practice()
    return practice, recording.statements


def test_only_the_people_the_rules_can_speak_of_are_read(owner, network) -> None:
    practice, _ = read(owner)
    written = network["written"]
    colleagues = set(Person.objects.filter(organization=written.organization).values_list("id", flat=True))
    expected = colleagues | {network["mentor"].pk, network["cadence"].pk, network["met"].pk}
    assert {person.id for person in practice.people} == expected
    # Organisations: the ones of those people, not the 60 of the network.
    assert {org.id for org in practice.organizations} == {written.organization_id, network["met"].organization_id}
    assert practice.person(network["written"].pk).organization_name == written.organization.name
    (conversation,) = practice.conversations
    assert conversation.agreed_at == NOW - timedelta(days=1)


@pytest.mark.sqlite  # EXPLAIN QUERY PLAN is SQLite's
def test_no_read_walks_the_whole_network(owner, network) -> None:
    _, statements = read(owner)
    assert statements
    walks = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            for *_, detail in cursor.fetchall():
                table = next((t for t in NETWORK_TABLES if f" {t} " in f"{detail} "), None)
                # A scan, or an index search on the owner alone, reads every row of the user's network.
                if table and (detail.startswith("SCAN") or detail.endswith("(owner_id=?)")):
                    walks.append(f"{detail}  <-  {sql[:90]}")
    assert walks == [], "\n".join(walks)


@pytest.mark.sqlite  # the full-text triggers exist only on SQLite
def test_the_index_migration_keeps_the_full_text_triggers() -> None:
    # 0009 only adds indexes (no table rebuild), so every trigger of 0004 is still there after it.
    search = importlib.import_module("coffeechat.models.migrations.0004_full_text_search")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
                       "('coffeechat_person', 'coffeechat_touch')")
        indexes = {name for (name,) in cursor.fetchall()}
    assert search.sqlite_trigger_names() <= present
    assert {"coffeechat__owner_i_2d9e02_idx", "coffeechat__owner_i_531cdb_idx",
            "coffeechat__owner_i_abb770_idx"} <= indexes


@pytest.fixture
def two_newsrooms(owner: Any) -> dict[str, list[Person]]:
    """At the Tribune someone replied; at the Ledger no one did, six business days after the request."""
    staff: dict[str, list[Person]] = {}
    for name in ("Tribune", "Ledger", "Gazette"):
        org = Organization.objects.create(owner=owner, name=name)
        staff[name] = [Person.objects.create(owner=owner, full_name=f"{name} Reporter {i}", organization=org,
                                             title="Reporter") for i in range(4)]
    for name, replied in (("Tribune", NOW - timedelta(days=5)), ("Ledger", None), ("Gazette", None)):
        first = staff[name][0]
        Message.objects.create(owner=owner, person=first, organization=first.organization, kind="request",
                               status="sent", sent_at=NOW - timedelta(days=8), replied_at=replied,
                               subject="Hello", body="Hi")
    # A conversation with someone at the Gazette counts as its answer.
    Conversation.objects.create(owner=owner, person=staff["Gazette"][3], state="scheduled",
                                scheduled_at=NOW + timedelta(days=3), minutes=20)
    return staff


def test_colleagues_where_someone_answered_are_not_read_and_the_list_is_the_same(owner, two_newsrooms) -> None:
    from coffeechat.core.followup import due_actions
    from coffeechat.services.agenda import rule_settings

    with connection.cursor() as cursor:
        whole = PracticeReader(cursor, owner.pk, "%s").practice()
        trimmed = PracticeReader(cursor, owner.pk, "%s").practice(NOW)
    read = {person.id for person in trimmed.people}
    tribune, ledger, gazette = two_newsrooms["Tribune"], two_newsrooms["Ledger"], two_newsrooms["Gazette"]
    assert read == {tribune[0].pk, gazette[0].pk, gazette[3].pk} | {p.pk for p in ledger}
    assert {p.id for p in whole.people} >= {p.pk for p in tribune}
    settings = rule_settings(owner)
    for horizon in (0, 30):
        assert due_actions(trimmed, NOW, settings, horizon_days=horizon) == \
            due_actions(whole, NOW, settings, horizon_days=horizon)
    suggested = {a.suggested_person_id for a in due_actions(trimmed, NOW, settings) if a.kind == "next_contact"}
    assert len(suggested) == 1 and suggested <= {p.pk for p in ledger[1:]}  # a second person at the Ledger
    # Before the Tribune's reply, its colleagues are candidates again.
    earlier = NOW - timedelta(days=6)
    with connection.cursor() as cursor:
        before_reply = PracticeReader(cursor, owner.pk, "%s").practice(earlier)
    assert {p.pk for p in tribune} <= {person.id for person in before_reply.people}
