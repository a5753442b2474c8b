"""Importing contacts files: read (formats/), decide who each row is (core/matching), then write at once.

Reading and matching happen first, outside any write transaction, so a 30,000-row file never holds the
database while it is parsed: other commands and the web app keep writing meanwhile. Only the final write
takes the lock, as one transaction (a stopped import leaves the data as it was). A dry run (and the web
preview) never takes it at all.

A re-import changes nothing; a person found again is updated, never duplicated, and a new job becomes a
"changed job" entry on their timeline. When one file describes a person twice, the newer row wins (the
later "Connected On" date, else the later row) and the report says so. New people are written in batches.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import OperationalError, connection, transaction

from coffeechat.core.matching import (
    KnownPerson,
    MatchDecision,
    PeopleIndex,
    fold_name,
    fold_organization,
    fold_text,
    normalise_email,
    normalise_linkedin_url,
)
from coffeechat.core.phones import phone_key, unique_phones
from coffeechat.formats.contact import ContactRecord, FormatError, ReadItem, RowError, RowWarning
from coffeechat.formats.google import read_google
from coffeechat.formats.linkedin import read_linkedin
from coffeechat.formats.outlook import read_outlook
from coffeechat.formats.sniff import guess_format
from coffeechat.formats.vcard import read_vcards
from coffeechat.models import ContactPoint, Organization, Person, Tag, Touch
from coffeechat.services.clock import now
from coffeechat.services.errors import BUSY_MESSAGE, Busy, is_lock_timeout

if TYPE_CHECKING:
    from django.contrib.auth.models import User

READERS: dict[str, Callable[[str | PathLike[str]], Iterator[ReadItem]]] = {
    "linkedin": read_linkedin, "google": read_google, "outlook": read_outlook, "vcard": read_vcards,
}
LABELS = {"linkedin": "LinkedIn", "google": "Google Contacts", "outlook": "Outlook", "vcard": "vCard"}
BATCH = 500
BULK_SEARCH_INDEX = 1000
"""From this many new people on, the search index of people is filled once after the inserts (SQLite)."""


@dataclass
class Uncertain:
    """A row that may be someone already in the network: added as new, listed for the user to confirm."""

    line: int
    name: str
    person_id: int
    similar_to: str
    score: float


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do).

    ``warnings`` are rows used with a caveat (a short row, unreadable bytes, a person the file repeats, a
    card line the vCard library skipped): nothing was lost without the user being told.
    """

    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    uncertain: list[Uncertain] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape (docs/json.md)."""
        def located(item: RowError | RowWarning) -> dict[str, Any]:
            return {"line": item.line, "field": item.field, "reason": item.reason,
                    **({"file": item.origin} if item.origin else {})}

        return {
            "format": self.format, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "dry_run": self.dry_run,
            "errors": [located(e) for e in self.errors],
            "warnings": [located(w) for w in self.warnings],
            "uncertain": [{"line": u.line, "name": u.name, "person_id": u.person_id, "similar_to": u.similar_to,
                           "score": round(u.score, 1)} for u in self.uncertain],
        }


@dataclass
class _Known:
    """What the import compares against for a person already stored."""

    id: int
    name: str
    organization: str
    title: str
    location: str
    linkedin_url: str
    emails: set[str]
    phones: set[str]
    tags: set[str]
    connected_on: Any
    vcard_uid: str
    notes: str


@dataclass
class _Planned:
    """Who one person of the file is, and everything the file says about them (rows combined)."""

    record: ContactRecord
    lines: list[int]


def _says_nothing_new(known: _Known, record: ContactRecord) -> bool:
    """True when a row names the same person the same way and brings no identifier of its own."""
    # Compared as stored: the database keeps 200 characters of a name, title and organisation.
    return (
        fold_name(known.name) == fold_name(record.full_name[:200])
        and fold_organization(known.organization) == fold_organization(" ".join(record.organization.split())[:200])
        and " ".join(known.title.split()).casefold() == " ".join(record.title[:200].split()).casefold()
        and not {normalise_email(e) for e in record.emails if normalise_email(e)} - known.emails
        and normalise_linkedin_url(record.linkedin_url) in ("", known.linkedin_url)
        and (not record.uid or record.uid == known.vcard_uid)
    )


class _Import:
    def __init__(self, owner: User, fmt: str, dry_run: bool) -> None:
        self.owner = owner
        self.dry_run = dry_run
        self.by_folded_name: dict[str, list[int]] | None = None  # built on first need
        self.report = ImportReport(format=fmt, dry_run=dry_run)
        self.label = LABELS[fmt]
        self.moment = now()
        from coffeechat.services.people import user_country

        self.country = user_country(owner)  # phones without a + are read as this country's numbers
        self.orgs: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.known: dict[int, _Known] = {}
        self.index = PeopleIndex()
        self._load_people()
        # The plan, built while reading: stored people to update and new people to add (temporary ids < 0).
        self.updates: dict[int, _Planned] = {}
        self.new: dict[int, _Planned] = {}
        self.by_uid: dict[str, int] = {k.vcard_uid: pk for pk, k in self.known.items() if k.vcard_uid}
        self.next_tmp = -1
        self.fake_id = -1  # organisations and tags a dry run would create

    def _load_people(self) -> None:
        emails: dict[int, set[str]] = {}
        phones: dict[int, set[str]] = {}
        for person_id, kind, value in ContactPoint.objects.owned_by(self.owner).values_list("person_id", "kind", "value"):
            (emails if kind == "email" else phones if kind == "phone" else {}).setdefault(person_id, set()).add(value)
        tags: dict[int, set[str]] = {}
        for person_id, name in Person.tags.through.objects.filter(person__owner=self.owner).values_list("person_id", "tag__name"):
            tags.setdefault(person_id, set()).add(name.casefold())
        names = dict(Organization.objects.owned_by(self.owner).values_list("id", "name"))
        rows = Person.objects.owned_by(self.owner).values_list(
            "id", "full_name", "organization_id", "title", "location", "linkedin_url", "connected_on", "vcard_uid",
            "notes", "folded_name")
        for pk, name, org_id, title, location, url, connected, uid, notes, folded in rows:
            known = _Known(pk, name, names.get(org_id, ""), title, location, url, emails.get(pk, set()),
                           phones.get(pk, set()), tags.get(pk, set()), connected, uid, notes)
            self.known[pk] = known
            # The stored folded name is fold_text(full_name): the matcher's fold_name differs only for a
            # name with a comma ("Núñez, José"), which it folds itself; a cut-off one is folded again too.
            reuse = folded if "," not in name and len(folded) < 200 else ""
            self.index.add(KnownPerson(pk, name, tuple(known.emails), url, known.organization, reuse))

    def _load_names(self) -> None:
        """Organisations and tags as stored now (read again under the write lock: others may have added some)."""
        self.orgs = {name.casefold(): pk for pk, name in Organization.objects.owned_by(self.owner).values_list("id", "name")}
        self.tags = {name.casefold(): pk for pk, name in Tag.objects.owned_by(self.owner).values_list("id", "name")}

    # -- organisations and tags ----------------------------------------------------------------------
    def org_id(self, name: str) -> int | None:
        name = " ".join(name.split())
        if not name:
            return None
        key = name[:200].casefold()  # the database keeps 200 characters: look names up by what is kept
        if key not in self.orgs:
            self.orgs[key] = self._fake() if self.dry_run else Organization.objects.create(
                owner=self.owner, name=name[:200]).pk
        return self.orgs[key]

    def tag_ids(self, names: tuple[str, ...]) -> list[int]:
        ids = []
        for name in names:
            # The database keeps 80 characters of a tag name: look longer names up by what is kept,
            # or a second import would try to create the same tag again.
            key = name.strip()[:80].casefold()
            if not key:
                continue
            if key not in self.tags:
                self.tags[key] = self._fake() if self.dry_run else Tag.objects.create(
                    owner=self.owner, name=name.strip()[:80]).pk
            ids.append(self.tags[key])
        return ids

    def _fake(self) -> int:
        self.fake_id -= 1
        return self.fake_id

    # -- reading: decide who each row is; no writes --------------------------------------------------------
    def take(self, item: ReadItem) -> None:
        if isinstance(item, RowError):
            self.report.errors.append(item)
            self.report.skipped += 1
            return
        if isinstance(item, RowWarning):
            self.report.warnings.append(item)
            return
        decision = self.index.match(item)
        by_uid = self.by_uid.get(item.uid) if item.uid else None
        if by_uid is not None:
            # A card we exported (or imported) before: its UID says who it is, whatever else changed.
            decision = MatchDecision("url", by_uid, 100.0)
        if decision.kind in ("uncertain", "new"):
            same = self._holding_just_this(item)
            if same is not None:
                # A row with only a name (and perhaps a title) that says exactly what we hold already:
                # re-importing the same file must change nothing, so it is that person, not a twin.
                decision = MatchDecision("fuzzy", same, 100.0)
        if decision.kind in ("url", "email", "fuzzy") and decision.person_id is not None:
            target = decision.person_id
            plan = self.new if target < 0 else self.updates
            if target in plan:
                self._repeat(plan[target], item)
            else:
                plan[target] = _Planned(item, [item.line])
            return
        tmp = self.next_tmp
        self.next_tmp -= 1
        self.new[tmp] = _Planned(item, [item.line])
        if item.uid:
            self.by_uid.setdefault(item.uid, tmp)
        self.index.add(KnownPerson(tmp, item.full_name, item.emails, normalise_linkedin_url(item.linkedin_url),
                                   item.organization))
        if decision.kind == "uncertain" and decision.person_id is not None:
            similar = self.known.get(decision.person_id)
            similar_name = similar.name if similar else (
                self.new[decision.person_id].record.full_name if decision.person_id in self.new else "")
            self.report.uncertain.append(Uncertain(item.line, item.full_name, tmp, similar_name, decision.score))

    def _holding_just_this(self, record: ContactRecord) -> int | None:
        """The stored person this row describes word for word, when it brings nothing new; else None."""
        if self.by_folded_name is None:
            self.by_folded_name = {}
            for known in self.known.values():
                self.by_folded_name.setdefault(fold_name(known.name), []).append(known.id)
        for pk in self.by_folded_name.get(fold_name(record.full_name[:200]), ()):
            if _says_nothing_new(self.known[pk], record):
                return pk
        return None

    def _repeat(self, planned: _Planned, later: ContactRecord) -> None:
        """The file describes a person again: the newer row's details win, the older row's extras stay."""
        earlier = planned.record
        later_wins, why = _newer(earlier, later)
        planned.record = _combine(earlier, later) if later_wins else _combine(later, earlier)
        planned.lines.append(later.line)
        where = ", ".join(str(n) for n in planned.lines[:-1])
        kept = later.line if later_wins else planned.lines[-2] if len(planned.lines) > 1 else earlier.line
        self.report.warnings.append(RowWarning(
            later.line, "row", f"describes {later.full_name or earlier.full_name} again (also line {where}); the "
            f"details of line {kept} win ({why}), the other rows add what they alone hold", later.origin))
        self.report.unchanged += 1

    # -- writing -------------------------------------------------------------------------------------------
    def apply(self) -> None:
        """Carry out the plan: update the people found, add the new ones (no database writes on a dry run)."""
        self._load_names()
        if not self.dry_run and self.updates:
            # Someone may have deleted or merged a person while the file was read: add them anew instead.
            alive = set(Person.objects.owned_by(self.owner).filter(pk__in=list(self.updates)).values_list("pk", flat=True))
            for gone in [pk for pk in self.updates if pk not in alive]:
                self.new[self.next_tmp] = self.updates.pop(gone)
                self.next_tmp -= 1
        if not self.dry_run:
            self._create_names()
        for pk, planned in self.updates.items():
            self._update(self.known[pk], planned.record)
        with _person_search_filled_once(not self.dry_run and len(self.new) >= BULK_SEARCH_INDEX):
            batch: list[ContactRecord] = []
            for planned in self.new.values():
                batch.append(planned.record)
                if len(batch) >= BATCH:
                    self._create(batch)
                    batch = []
            self._create(batch)

    def _create_names(self) -> None:
        """Add every organisation and tag the plan needs and the database lacks, in two multi-row inserts."""
        orgs: dict[str, str] = {}
        tags: dict[str, str] = {}

        def want(org: str, tag_names: Iterable[str]) -> None:
            # Keyed as org_id() and tag_ids() look them up: by the part the database keeps.
            org = " ".join(org.split())[:200]
            if org and org.casefold() not in self.orgs:
                orgs.setdefault(org.casefold(), org)
            for name in tag_names:
                kept = name.strip()[:80]
                if kept and kept.casefold() not in self.tags:
                    tags.setdefault(kept.casefold(), kept)

        for planned in self.new.values():
            want(planned.record.organization, planned.record.tags)
        for pk, planned in self.updates.items():
            org, new_tags = _update_names(self.known[pk], planned.record)
            want(org, new_tags)
        stamp = connection.ops.adapt_datetimefield_value(self.moment)
        if orgs:
            _insert_rows(Organization, [{"owner_id": self.owner.pk, "name": name, "created_at": stamp,
                                         "updated_at": stamp} for name in orgs.values()])
        if tags:
            _insert_rows(Tag, [{"owner_id": self.owner.pk, "name": name, "created_at": stamp, "updated_at": stamp}
                               for name in tags.values()])
        if orgs or tags:
            self._load_names()

    def _create(self, records: list[ContactRecord]) -> None:
        """Write a batch of new people with their emails, phones, links, tags and timeline entries."""
        if not records:
            return
        self.report.created += len(records)
        if self.dry_run:
            for record in records:
                self.org_id(record.organization)
                self.tag_ids(record.tags)
            return
        stamp = connection.ops.adapt_datetimefield_value(self.moment)
        ids = self._insert_people(records, stamp)
        points: list[tuple[Any, ...]] = []
        touches: list[tuple[Any, ...]] = []
        links: list[tuple[int, int]] = []
        owner_id = self.owner.pk
        for record, person_id in zip(records, ids):
            emails = {normalise_email(e) for e in record.emails if normalise_email(e)}
            phones = set(unique_phones(tuple(record.phones), self.country))
            points += [(owner_id, person_id, "email", e, "", stamp, stamp) for e in sorted(emails)]
            points += [(owner_id, person_id, "phone", p, "", stamp, stamp) for p in sorted(phones)]
            points += [(owner_id, person_id, "url", u[:300], "", stamp, stamp) for u in dict.fromkeys(record.urls)]
            where = f" ({record.organization})" if record.organization else ""
            touches.append((owner_id, person_id, Touch.Kind.IMPORTED.value, stamp,
                            f"Imported from {self.label}{where}"[:500], stamp, stamp))
            links += [(person_id, t) for t in dict.fromkeys(self.tag_ids(record.tags))]
        # Plain multi-row inserts: these rows need no ids back, and building model objects for them cost
        # more than reading and matching the whole file.
        _insert(ContactPoint, ("owner_id", "person_id", "kind", "value", "label", "created_at", "updated_at"), points)
        _insert(Touch, ("owner_id", "person_id", "kind", "at", "summary", "created_at", "updated_at"), touches)
        _insert(Person.tags.through, ("person_id", "tag_id"), links)

    def _insert_people(self, records: list[ContactRecord], stamp: Any) -> list[int]:
        """Insert a batch of new people; their ids, in order.

        On SQLite the ids are chosen here (past the table's AUTOINCREMENT counter, read inside the write
        transaction, which holds the database's write lock) so one executemany writes the whole batch:
        building a model object per row cost more than reading and matching the whole file. Elsewhere
        bulk_create returns the ids.
        """
        if connection.vendor != "sqlite":
            people = [self._new_person(record) for record in records]
            Person.objects.bulk_create(people)
            return [person.pk for person in people]
        first = _next_sqlite_id(Person)
        adapt_date = connection.ops.adapt_datefield_value
        owner_id = self.owner.pk
        cold = Person.HowKnown.COLD.value
        rows = []
        for offset, record in enumerate(records):
            full_name = record.full_name[:200]
            rows.append({
                "id": first + offset, "owner_id": owner_id, "created_at": stamp, "updated_at": stamp,
                "full_name": full_name, "folded_name": fold_text(full_name)[:200],
                "first_name": record.first_name[:100], "last_name": record.last_name[:100],
                "organization_id": self.org_id(record.organization), "title": record.title[:200],
                "location": record.location[:200],
                "linkedin_url": normalise_linkedin_url(record.linkedin_url)[:300], "notes": record.notes,
                "connected_on": adapt_date(record.connected_on), "vcard_uid": record.uid[:200], "how_known": cold,
            })
        _insert_rows(Person, rows)
        return list(range(first, first + len(records)))

    def _new_person(self, record: ContactRecord) -> Person:
        first, last = record.first_name, record.last_name
        person = Person(
            owner=self.owner, full_name=record.full_name[:200], first_name=first[:100], last_name=last[:100],
            organization_id=self.org_id(record.organization), title=record.title[:200],
            location=record.location[:200], linkedin_url=normalise_linkedin_url(record.linkedin_url)[:300],
            notes=record.notes, connected_on=record.connected_on, vcard_uid=record.uid[:200],
            how_known=Person.HowKnown.COLD,
        )
        person.refresh_folded_name()
        return person

    def _update(self, known: _Known, record: ContactRecord) -> None:
        fields: dict[str, Any] = {}
        new_org = " ".join(record.organization.split())
        job_changed = (new_org and new_org.casefold() != known.organization.casefold()) or (
            record.title and record.title != known.title)
        moved: str | None = None
        if job_changed:
            was = f"{known.title or 'no title'} at {known.organization or 'no organisation'}"
            now_ = f"{record.title or known.title or 'no title'} at {new_org or known.organization or 'no organisation'}"
            moved = f"Changed job: was {was}, now {now_} (from {self.label})"[:500]
            if new_org:
                fields["organization_id"] = self.org_id(new_org)
            if record.title:
                fields["title"] = record.title[:200]
        url = normalise_linkedin_url(record.linkedin_url)
        if url and not known.linkedin_url:
            fields["linkedin_url"] = url
        if record.location and record.location != known.location:
            fields["location"] = record.location[:200]
        if record.connected_on and not known.connected_on:
            fields["connected_on"] = record.connected_on
        if record.notes.strip() and record.notes.strip() not in known.notes:
            # Notes from another address book are added, never replace what the user wrote.
            fields["notes"] = f"{known.notes}\n\n{record.notes.strip()}".strip()
        if record.uid and not known.vcard_uid:
            fields["vcard_uid"] = record.uid[:200]
        new_points = [("email", e) for e in {normalise_email(x) for x in record.emails} - known.emails if e]
        known_phone_keys = {phone_key(p, self.country) for p in known.phones}
        new_points += [("phone", p) for p in unique_phones(tuple(record.phones), self.country)
                       if phone_key(p, self.country) not in known_phone_keys]
        new_tags = [t for t in record.tags if t.strip() and t.strip().casefold() not in known.tags]
        if fields or new_points or new_tags:
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        if self.dry_run:
            return
        if moved:
            Touch.objects.create(owner=self.owner, person_id=known.id, kind=Touch.Kind.MOVED_JOB, at=self.moment,
                                 summary=moved)
        for kind, value in new_points:
            ContactPoint.objects.get_or_create(owner=self.owner, person_id=known.id, kind=kind, value=value)
        if new_tags:
            Person.tags.through.objects.bulk_create(
                [Person.tags.through(person_id=known.id, tag_id=t) for t in self.tag_ids(tuple(new_tags))],
                ignore_conflicts=True)
        if fields:
            fields["updated_at"] = self.moment
            Person.objects.filter(pk=known.id).update(**fields)


@contextmanager
def _person_search_filled_once(bulk: bool) -> Iterator[None]:
    """Around a bulk insert of people: fill SQLite's full-text index of people once, not row by row.

    The insert trigger of migration 0004 is dropped, the new rows are indexed with one INSERT … SELECT,
    and the trigger is created again, all inside the caller's transaction (SQLite's DDL is transactional),
    so a crash or an error anywhere leaves the old trigger and the old rows as they were. Measured on
    30,000 people: 0.65 s instead of 1.75 s of CPU. Elsewhere (PostgreSQL, few rows) nothing changes.
    """
    if not bulk or connection.vendor != "sqlite" or not connection.in_atomic_block:
        yield
        return
    migration = importlib.import_module("coffeechat.models.migrations.0004_full_text_search")
    index, table, columns, _ = next(entry for entry in migration.SQLITE_INDEXES if entry[1] == Person._meta.db_table)
    trigger = next(statement for statement in migration.sqlite_triggers() if f" {index}_ai " in statement)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [f"{index}_ai"])
        if cursor.fetchone() is None:
            yield  # no trigger to stand in for (search heals a missing one itself)
            return
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        highest = cursor.fetchone()[0]
        cursor.execute(f"DROP TRIGGER {index}_ai")
        yield
        names = ", ".join(columns)
        cursor.execute(f"INSERT INTO {index}(rowid, {names}) SELECT id, {names} FROM {table} WHERE id > %s",
                       [highest])
        cursor.execute(trigger)


def _update_names(known: _Known, record: ContactRecord) -> tuple[str, list[str]]:
    """The organisation (or "") and the tags an update of ``known`` from ``record`` would link them to."""
    new_org = " ".join(record.organization.split())
    job_changed = (new_org and new_org.casefold() != known.organization.casefold()) or (
        record.title and record.title != known.title)
    tags = [t for t in record.tags if t.strip() and t.strip().casefold() not in known.tags]
    return (new_org if job_changed else ""), tags


def _next_sqlite_id(model: Any) -> int:
    """The next id SQLite's AUTOINCREMENT would give ``model``'s table (call inside the write transaction)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        cursor.execute(f"SELECT max(id) FROM {connection.ops.quote_name(table)}")
        highest = cursor.fetchone()[0]
    return max(found[0] if found else 0, highest or 0) + 1


_DEFAULTS: dict[tuple[Any, str], dict[str, Any]] = {}


def _insert_rows(model: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT rows given as {column: database value}; columns left out get the field's default.

    The defaults are prepared once per model, so a new column with a default needs no change here.
    """
    if not rows:
        return
    key = (model, connection.vendor)
    if key not in _DEFAULTS:
        _DEFAULTS[key] = {
            field.column: field.get_db_prep_save(field.get_default(), connection)
            for field in model._meta.concrete_fields if not field.primary_key}
    defaults = _DEFAULTS[key]
    columns = tuple(dict.fromkeys([*rows[0], *defaults]))
    _insert(model, columns, [tuple(row[c] if c in row else defaults[c] for c in columns) for row in rows])


def _insert(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT many rows into ``model``'s table in one executemany (inside the caller's transaction)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _newer(earlier: ContactRecord, later: ContactRecord) -> tuple[bool, str]:
    """Whether the later row of the file is the newer description of the person, and why, in words."""
    if earlier.connected_on and later.connected_on and earlier.connected_on != later.connected_on:
        if later.connected_on > earlier.connected_on:
            return True, "it has the later Connected On date"
        return False, "it has the later Connected On date"
    return True, "it comes later in the file"


def _combine(older: ContactRecord, newer: ContactRecord) -> ContactRecord:
    """One record from two rows about the same person: the newer row's values, plus what only the older has."""

    def merged(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*a, *b]))

    return replace(
        newer, line=min(older.line, newer.line),
        first_name=newer.first_name or older.first_name, last_name=newer.last_name or older.last_name,
        full_name=newer.full_name or older.full_name,
        emails=merged(newer.emails, older.emails), phones=merged(newer.phones, older.phones),
        tags=merged(older.tags, newer.tags), urls=merged(older.urls, newer.urls),
        notes="\n\n".join(dict.fromkeys(n for n in (older.notes.strip(), newer.notes.strip()) if n)),
        title=newer.title or older.title, organization=newer.organization or older.organization,
        location=newer.location or older.location, linkedin_url=newer.linkedin_url or older.linkedin_url,
        connected_on=newer.connected_on or older.connected_on, birthday=newer.birthday or older.birthday,
        uid=newer.uid or older.uid,
    )


def count_rows(path: str | PathLike[str]) -> int:
    """About how many rows (lines, or .vcf files in a folder) there are, for a progress bar."""
    target = Path(path)
    if target.is_dir():
        return sum(1 for p in target.iterdir() if p.suffix.lower() in (".vcf", ".vcard"))
    with open(target, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) + 1


def import_contacts(owner: User, path: str | PathLike[str], fmt: str | None = None, *, dry_run: bool = False,
                    progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import a contacts file (format guessed when ``fmt`` is None); the changes are one transaction.

    The file is read and matched first, without holding the database; then everything is written at once.
    Raises FormatError for a file that is not what it claims (a bad row is reported and skipped), and
    Busy when another process kept the database locked for longer than the timeout (nothing written).
    With ``dry_run`` the report is computed and nothing is written or locked.
    """
    target = Path(path)
    if not target.exists():
        raise FormatError(target, "no such file or folder")
    chosen = fmt or guess_format(target)
    if chosen not in READERS:
        raise FormatError(target, f"unknown format {chosen!r}; choose one of {', '.join(READERS)}")
    run = _Import(owner, chosen, dry_run)
    last_line = 0
    for item in READERS[chosen](target):
        run.take(item)
        if progress and item.line > last_line:
            progress(item.line - last_line)
            last_line = item.line
    if dry_run:
        run.apply()
        return run.report
    try:
        with transaction.atomic():
            run.apply()
    except OperationalError as error:
        if is_lock_timeout(error):
            raise Busy(f"{target.name} was not imported: {BUSY_MESSAGE}") from error
        raise
    return run.report
