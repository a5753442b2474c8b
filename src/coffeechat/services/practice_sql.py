"""Reading a user's practice for the rules with plain SQL over any DB-API cursor.

Free of Django on purpose: the Django path passes its own connection's cursor, and ``coffeechat next``
on SQLite passes a bare ``sqlite3`` cursor so the daily command answers without starting the framework.
Only the people the rules can speak of are read: anyone with a message, a conversation, a referral, a
task or a cadence, and everyone at an organisation the user has written to (the second-contact candidates).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from coffeechat.core.followup_outreach import ANSWERED_STATES
from coffeechat.core.practice import (
    ConversationFact,
    JobChangeFact,
    MessageFact,
    OrganizationFact,
    PersonFact,
    Practice,
    ReferralFact,
    RuleSettings,
    TaskFact,
)

# Timeline entries that count as being in touch with someone (not imports or edits).
IN_TOUCH_KINDS = ("request_sent", "follow_up_sent", "reply", "held", "thanked", "update_sent", "note")


def moment(value: Any) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite gives text or naive values, PostgreSQL aware ones)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if len(value) in (19, 26) and value[10] in " T":
            # Django's naive UTC text on SQLite ("2026-11-16 15:00:00[.ffffff]"): reading it with its
            # offset is five times faster than replace(tzinfo=...), and `next` reads thousands of them.
            return datetime.fromisoformat(value + "+00:00")
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def day(value: Any) -> date | None:
    """A stored date."""
    if value is None or value == "":
        return None
    return date.fromisoformat(value) if isinstance(value, str) else value


class PracticeReader:
    """Runs the practice queries for one owner; ``mark`` is the cursor's parameter mark (``%s`` or ``?``)."""

    def __init__(self, cursor: Any, owner_id: int, mark: str = "%s") -> None:
        self.cursor = cursor
        self.owner_id = owner_id
        self.mark = mark

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """All rows of ``sql`` with {p} replaced by the parameter mark."""
        self.cursor.execute(sql.replace("{p}", self.mark), params)
        return list(self.cursor.fetchall())

    def settings(self) -> dict[str, str]:
        """The owner's stored settings (defaults are applied by the caller)."""
        return dict(self.rows("SELECT key, value FROM coffeechat_usersetting WHERE owner_id = {p}", self.owner_id))

    def target_roles(self) -> list[str]:
        """The wanted roles of the owner's active goals."""
        return [r for (r,) in self.rows(
            "SELECT target_role FROM coffeechat_goal WHERE owner_id = {p} AND archived = {p} ORDER BY id",
            self.owner_id, False) if r]

    def action_states(self) -> tuple[set[str], dict[str, date]]:
        """Keys marked done, and keys snoozed with the day they come back."""
        done: set[str] = set()
        snoozed: dict[str, date] = {}
        for key, done_at, until in self.rows(
                "SELECT action_key, done_at, snoozed_until FROM coffeechat_actionstate WHERE owner_id = {p}",
                self.owner_id):
            if done_at is not None:
                done.add(key)
            if until is not None:
                snoozed[key] = day(until)  # type: ignore[assignment]
        return done, snoozed

    def practice(self, now: datetime | None = None) -> Practice:
        """Everything the rules read, as plain facts.

        Given ``now`` (the moment the rules will run at), colleagues at an organisation that has already
        answered are left out: the rules look for a second person to write to only where no one answered.
        """
        owner = self.owner_id
        messages = tuple(
            MessageFact(id=pk, person_id=person, organization_id=org, kind=kind, sent_at=moment(sent),
                        replied_at=moment(replied))
            for pk, person, org, kind, sent, replied in self.rows(
                "SELECT id, person_id, organization_id, kind, sent_at, replied_at FROM coffeechat_message "
                "WHERE owner_id = {p} AND status = 'sent' ORDER BY id", owner)
        )
        noted = {c for (c,) in self.rows(
            "SELECT conversation_id FROM coffeechat_note WHERE owner_id = {p} AND conversation_id IS NOT NULL "
            "UNION SELECT conversation_id FROM coffeechat_insight WHERE owner_id = {p} AND conversation_id IS NOT NULL",
            owner, owner)}
        raw_conversations = self.rows(
            "SELECT id, person_id, state, scheduled_at, minutes, notes, plan_finished, thanked_at, confirmed_at "
            "FROM coffeechat_conversation WHERE owner_id = {p} ORDER BY id", owner)
        referrals = tuple(
            ReferralFact(id=pk, from_person_id=a, to_person_id=b, created_at=moment(created),  # type: ignore[arg-type]
                         contacted_at=moment(contacted), reported_back_at=moment(reported))
            for pk, a, b, created, contacted, reported in self.rows(
                "SELECT id, from_person_id, to_person_id, created_at, contacted_at, reported_back_at "
                "FROM coffeechat_referral WHERE owner_id = {p} ORDER BY id", owner)
        )
        tasks = tuple(
            TaskFact(id=pk, title=title, due=day(due), person_id=person, done=False)
            for pk, title, due, person in self.rows(
                "SELECT id, title, due, person_id FROM coffeechat_task WHERE owner_id = {p} AND done_at IS NULL "
                "ORDER BY id", owner)
        )
        # Only the people the rules can speak of, chosen by the database: in a network of 30,000
        # imported connections that is a few hundred rows, not all of them. Each branch of the union is
        # an index search (migration 0009 indexes stage and cadence), so the cost follows the people
        # the user deals with, not the size of the network.
        people_rows = self.rows(
            "SELECT id, full_name, organization_id, title, how_known, stage, cadence_days FROM coffeechat_person "
            "WHERE owner_id = {p} AND id IN ("
            "SELECT id FROM coffeechat_person WHERE owner_id = {p} AND cadence_days IS NOT NULL "
            "UNION SELECT id FROM coffeechat_person WHERE owner_id = {p} AND stage = 'mentor' "
            "UNION SELECT person_id FROM coffeechat_message WHERE owner_id = {p} AND status = 'sent' "
            "UNION SELECT person_id FROM coffeechat_conversation WHERE owner_id = {p} "
            "UNION SELECT from_person_id FROM coffeechat_referral WHERE owner_id = {p} "
            "UNION SELECT to_person_id FROM coffeechat_referral WHERE owner_id = {p} "
            "UNION SELECT person_id FROM coffeechat_task WHERE owner_id = {p} AND done_at IS NULL "
            "AND person_id IS NOT NULL) ORDER BY id",
            *[owner] * 8)
        # Everyone at an organisation the user has written to: the second-contact candidates.
        candidate_orgs = {m.organization_id for m in messages if m.organization_id is not None}
        if now is not None:
            candidate_orgs -= _answered_organizations(messages, raw_conversations, people_rows, now)
        people_rows = self._with_colleagues(people_rows, candidate_orgs)
        job_changes, people_rows = self._job_changes(people_rows, now)
        written_orgs = {m.organization_id for m in messages if m.organization_id is not None}
        used_orgs = {row[2] for row in people_rows if row[2] is not None} | written_orgs
        organizations = self._names("coffeechat_organization", used_orgs)
        keeping = {row[0] for row in people_rows if row[6] is not None or row[5] == "mentor"}
        last_touch = self._last_touches(keeping)
        people = tuple(
            PersonFact(id=pk, name=name, organization_id=org_id, organization_name=organizations.get(org_id, ""),
                       title=title, how_known=how, stage=stage, cadence_days=cadence, last_touch_at=last_touch.get(pk))
            for pk, name, org_id, title, how, stage, cadence in people_rows
        )
        person_org = {p.id: p.organization_id for p in people}
        # When each time was agreed (set or last moved): the confirm reminder is never due before it.
        # An index search on (owner, kind): the few scheduling entries, not the whole timeline.
        agreed = {pk: moment(at) for pk, at in self.rows(
            "SELECT conversation_id, MAX(at) FROM coffeechat_touch WHERE owner_id = {p} AND kind = 'scheduled' "
            "AND conversation_id IS NOT NULL GROUP BY conversation_id", owner)}
        conversations = tuple(
            ConversationFact(
                id=pk, person_id=person, organization_id=person_org.get(person), state=state,
                scheduled_at=moment(at), minutes=minutes, has_notes=bool((notes or "").strip()) or pk in noted,
                plan_finished=bool(plan), thanked_at=moment(thanked), confirmed_at=moment(confirmed),
                agreed_at=agreed.get(pk))
            for pk, person, state, at, minutes, notes, plan, thanked, confirmed in raw_conversations
        )
        return Practice(
            people=people,
            organizations=tuple(OrganizationFact(id=k, name=v) for k, v in organizations.items()),
            messages=messages, conversations=conversations, referrals=referrals, tasks=tasks,
            job_changes=job_changes,
        )

    def _job_changes(self, rows: list[tuple[Any, ...]], now: datetime | None
                     ) -> tuple[tuple[JobChangeFact, ...], list[tuple[Any, ...]]]:
        """The recent "Changed job" entries of people the user may know, and ``rows`` plus those people.

        An index search on (owner, kind, at): only the entries of the last weeks (given ``now``), never the
        whole timeline. Of the people they name, only those not yet read who could be known without a
        message or a conversation (a stage past "new", a way of knowing them other than "cold") are added;
        core/followup_contacts decides the rest.
        """
        sql = "SELECT id, person_id, at FROM coffeechat_touch WHERE owner_id = {p} AND kind = 'moved_job'"
        params: list[Any] = [self.owner_id]
        if now is not None:
            # A day more than the rule's window: the rule compares exact moments, this only bounds the read.
            since = now.astimezone(UTC) - timedelta(days=RuleSettings().congratulate_days + 1)
            sql += " AND at >= {p}"
            params.append(since.strftime("%Y-%m-%d %H:%M:%S+00:00"))
        # No ORDER BY: sorting by id would lead SQLite to the owner-only index and read the whole timeline.
        changes = sorted((pk, person, moment(at)) for pk, person, at in self.rows(sql, *params))
        if not changes:
            return (), rows
        found = {row[0]: row for row in rows}
        missing = sorted({person for _, person, _ in changes} - set(found))
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            marks = ", ".join(["{p}"] * len(chunk))
            for row in self.rows(
                    "SELECT id, full_name, organization_id, title, how_known, stage, cadence_days "
                    f"FROM coffeechat_person WHERE owner_id = {{p}} AND id IN ({marks}) "
                    "AND (stage <> 'new' OR how_known <> 'cold')", self.owner_id, *chunk):
                found[row[0]] = row
        facts = tuple(JobChangeFact(id=pk, person_id=person, at=at)  # type: ignore[arg-type]
                      for pk, person, at in changes if person in found)
        return facts, [found[pk] for pk in sorted(found)]

    def _with_colleagues(self, rows: list[tuple[Any, ...]], organizations: set[int]) -> list[tuple[Any, ...]]:
        """``rows`` plus the people working at ``organizations`` (an index search each), in id order."""
        found = {row[0]: row for row in rows}
        chosen = sorted(organizations)
        for start in range(0, len(chosen), 500):
            chunk = chosen[start:start + 500]
            marks = ", ".join(["{p}"] * len(chunk))
            for row in self.rows(
                    "SELECT id, full_name, organization_id, title, how_known, stage, cadence_days "
                    f"FROM coffeechat_person WHERE owner_id = {{p}} AND organization_id IN ({marks})",
                    self.owner_id, *chunk):
                found.setdefault(row[0], row)
        return [found[pk] for pk in sorted(found)]

    def _names(self, table: str, ids: set[int]) -> dict[int, str]:
        """``id -> name`` of the owner's rows of ``table`` with those ids, in id order (chunked like below)."""
        found: dict[int, str] = {}
        chosen = sorted(ids)
        for start in range(0, len(chosen), 500):
            chunk = chosen[start:start + 500]
            marks = ", ".join(["{p}"] * len(chunk))
            found.update(self.rows(f"SELECT id, name FROM {table} WHERE owner_id = {{p}} AND id IN ({marks})",
                                   self.owner_id, *chunk))
        return dict(sorted(found.items()))

    def _last_touches(self, people: set[int]) -> dict[int, datetime]:
        if not people:
            return {}
        kinds = ", ".join(f"'{k}'" for k in IN_TOUCH_KINDS)
        found: dict[int, datetime] = {}
        chosen = sorted(people)
        # Only the few people with a cadence, in chunks that stay under every database's parameter limit.
        for start in range(0, len(chosen), 500):
            chunk = chosen[start:start + 500]
            marks = ", ".join(["{p}"] * len(chunk))
            rows = self.rows(
                f"SELECT person_id, MAX(at) FROM coffeechat_touch WHERE owner_id = {{p}} AND kind IN ({kinds}) "
                f"AND person_id IN ({marks}) GROUP BY person_id", self.owner_id, *chunk)
            found.update((pk, moment(at)) for pk, at in rows)  # type: ignore[misc]
        return found


def _answered_organizations(messages: tuple[MessageFact, ...], conversations: list[tuple[Any, ...]],
                            people_rows: list[tuple[Any, ...]], now: datetime) -> set[int]:
    """Organisations where someone replied by ``now`` or a conversation is scheduled or held.

    The same test as core.followup_outreach's: the rules never look for a second person at these.
    """
    person_org = {row[0]: row[2] for row in people_rows}
    answered: set[int] = set()
    for message in messages:
        if message.replied_at is not None and message.replied_at <= now:
            organization = (message.organization_id if message.organization_id is not None
                            else person_org.get(message.person_id))
            if organization is not None:
                answered.add(organization)
    for _pk, person, state, *_rest in conversations:
        if state in ANSWERED_STATES:
            organization = person_org.get(person)
            if organization is not None:
                answered.add(organization)
    return answered
