"""Importing contacts files: read (formats/), decide who each row is (core/matching), write in one transaction.

A re-import changes nothing; a person found again is updated, never duplicated, and a new job becomes a
"changed job" entry on their timeline. New people are written in batches so 30,000 rows stay quick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from coffeechat.core.matching import (
    KnownPerson,
    MatchDecision,
    PeopleIndex,
    normalise_email,
    normalise_linkedin_url,
)
from coffeechat.core.phones import phone_key, unique_phones
from coffeechat.formats.contact import ContactRecord, FormatError, ReadItem, RowError
from coffeechat.formats.google import read_google
from coffeechat.formats.linkedin import read_linkedin
from coffeechat.formats.outlook import read_outlook
from coffeechat.formats.sniff import guess_format
from coffeechat.formats.vcard import read_vcards
from coffeechat.models import ContactPoint, Organization, Person, Tag, Touch
from coffeechat.services.clock import now

READERS: dict[str, Callable[[str | PathLike[str]], Iterator[ReadItem]]] = {
    "linkedin": read_linkedin, "google": read_google, "outlook": read_outlook, "vcard": read_vcards,
}
LABELS = {"linkedin": "LinkedIn", "google": "Google Contacts", "outlook": "Outlook", "vcard": "vCard"}
BATCH = 500


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
    """What an import did (or, with dry_run, would do)."""

    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    uncertain: list[Uncertain] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape (docs/json.md)."""
        return {
            "format": self.format, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "dry_run": self.dry_run,
            "errors": [{"line": e.line, "field": e.field, "reason": e.reason, **({"file": e.origin} if e.origin else {})}
                       for e in self.errors],
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


class _Import:
    def __init__(self, owner: Any, fmt: str, dry_run: bool) -> None:
        self.owner = owner
        self.report = ImportReport(format=fmt, dry_run=dry_run)
        self.label = LABELS[fmt]
        self.moment = now()
        from coffeechat.services.people import user_country

        self.country = user_country(owner)  # phones without a + are read as this country's numbers
        self.orgs = {name.casefold(): pk for pk, name in Organization.objects.owned_by(owner).values_list("id", "name")}
        self.tags = {name.casefold(): pk for pk, name in Tag.objects.owned_by(owner).values_list("id", "name")}
        self.known: dict[int, _Known] = {}
        self.index = PeopleIndex()
        self._load_people()
        self.pending: list[tuple[int, ContactRecord]] = []  # (temporary negative id, record)
        self.pending_by_tmp: dict[int, ContactRecord] = {}
        self.flushed: dict[int, int] = {}  # temporary id -> stored id, once a batch is written
        self.seen: set[int] = set()  # stored people a row of this file has already described
        self.by_uid: dict[str, int] = {k.vcard_uid: pk for pk, k in self.known.items() if k.vcard_uid}
        self.next_tmp = -1

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
            "notes")
        for pk, name, org_id, title, location, url, connected, uid, notes in rows:
            known = _Known(pk, name, names.get(org_id, ""), title, location, url, emails.get(pk, set()),
                           phones.get(pk, set()), tags.get(pk, set()), connected, uid, notes)
            self.known[pk] = known
            self.index.add(KnownPerson(pk, name, tuple(known.emails), url, known.organization))

    # -- organisations and tags ----------------------------------------------------------------------
    def org_id(self, name: str) -> int | None:
        name = " ".join(name.split())
        if not name:
            return None
        key = name.casefold()
        if key not in self.orgs:
            self.orgs[key] = Organization.objects.create(owner=self.owner, name=name[:200]).pk
        return self.orgs[key]

    def tag_ids(self, names: tuple[str, ...]) -> list[int]:
        ids = []
        for name in names:
            key = name.strip().casefold()
            if not key:
                continue
            if key not in self.tags:
                self.tags[key] = Tag.objects.create(owner=self.owner, name=name.strip()[:80]).pk
            ids.append(self.tags[key])
        return ids

    # -- one row ----------------------------------------------------------------------------------------
    def take(self, item: ReadItem) -> None:
        if isinstance(item, RowError):
            self.report.errors.append(item)
            self.report.skipped += 1
            return
        decision = self.index.match(item)
        by_uid = self.by_uid.get(item.uid) if item.uid else None
        if by_uid is not None:
            # A card we exported (or imported) before: its UID says who it is, whatever else changed.
            decision = MatchDecision("url", by_uid, 100.0)
        if decision.kind in ("url", "email", "fuzzy") and decision.person_id is not None:
            if decision.person_id < 0:
                self._merge_pending(decision.person_id, item)
            else:
                # A person the file already described once only gains new details from a later row: the
                # first row's job stands, so importing the same file again changes nothing.
                first_in_file = decision.person_id not in self.seen
                self.seen.add(decision.person_id)
                self._update(self.known[decision.person_id], item, first_in_file=first_in_file)
            return
        tmp = self._add_pending(item)
        if decision.kind == "uncertain" and decision.person_id is not None:
            similar = self.known.get(decision.person_id)
            self.report.uncertain.append(Uncertain(item.line, item.full_name, tmp, similar.name if similar else "", decision.score))

    def _add_pending(self, record: ContactRecord) -> int:
        tmp = self.next_tmp
        self.next_tmp -= 1
        self.pending.append((tmp, record))
        self.pending_by_tmp[tmp] = record
        if record.uid:
            self.by_uid.setdefault(record.uid, tmp)
        url = normalise_linkedin_url(record.linkedin_url)
        self.index.add(KnownPerson(tmp, record.full_name, record.emails, url, record.organization))
        self.report.created += 1
        if len(self.pending) >= BATCH:
            self.flush()
        return tmp

    def _merge_pending(self, tmp: int, record: ContactRecord) -> None:
        # The same person twice in one file (LinkedIn repeats people): the later row adds what is new.
        if tmp in self.pending_by_tmp:
            first = self.pending_by_tmp[tmp]
            merged = _combine(first, record)
            self.pending_by_tmp[tmp] = merged
            self.pending = [(t, merged if t == tmp else r) for t, r in self.pending]
            self.report.unchanged += 1
        else:
            real = self.flushed[tmp]
            self._update(self.known[real], record, first_in_file=False)

    # -- writing ------------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Write the batch of new people with their emails, phones, links, tags and timeline entries."""
        if not self.pending:
            return
        people = [self._new_person(record) for _, record in self.pending]
        Person.objects.bulk_create(people)
        stamp = connection.ops.adapt_datetimefield_value(self.moment)
        points: list[tuple[Any, ...]] = []
        touches: list[tuple[Any, ...]] = []
        links: list[tuple[int, int]] = []
        owner_id = self.owner.pk
        for (tmp, record), person in zip(self.pending, people):
            self.flushed[tmp] = person.pk
            emails = {normalise_email(e) for e in record.emails if normalise_email(e)}
            phones = set(unique_phones(tuple(record.phones), self.country))
            points += [(owner_id, person.pk, "email", e, "", stamp, stamp) for e in sorted(emails)]
            points += [(owner_id, person.pk, "phone", p, "", stamp, stamp) for p in sorted(phones)]
            points += [(owner_id, person.pk, "url", u[:300], "", stamp, stamp) for u in dict.fromkeys(record.urls)]
            where = f" ({record.organization})" if record.organization else ""
            touches.append((owner_id, person.pk, Touch.Kind.IMPORTED.value, stamp,
                            f"Imported from {self.label}{where}"[:500], stamp, stamp))
            links += [(person.pk, t) for t in dict.fromkeys(self.tag_ids(record.tags))]
            self.known[person.pk] = _Known(
                person.pk, person.full_name, record.organization, person.title, person.location, person.linkedin_url,
                emails, phones, {t.casefold() for t in record.tags}, person.connected_on, person.vcard_uid,
                person.notes)
        # Plain multi-row inserts: these rows need no ids back, and building model objects for them cost
        # more than reading and matching the whole file.
        _insert(ContactPoint, ("owner_id", "person_id", "kind", "value", "label", "created_at", "updated_at"), points)
        _insert(Touch, ("owner_id", "person_id", "kind", "at", "summary", "created_at", "updated_at"), touches)
        _insert(Person.tags.through, ("person_id", "tag_id"), links)
        self.pending = []
        self.pending_by_tmp = {}

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

    def _update(self, known: _Known, record: ContactRecord, *, first_in_file: bool = True) -> None:
        fields: dict[str, Any] = {}
        new_org = " ".join(record.organization.split())
        job_changed = (new_org and new_org.casefold() != known.organization.casefold()) or (
            record.title and record.title != known.title)
        if job_changed and first_in_file:
            was = f"{known.title or 'no title'} at {known.organization or 'no organisation'}"
            now_ = f"{record.title or known.title or 'no title'} at {new_org or known.organization or 'no organisation'}"
            Touch.objects.create(owner=self.owner, person_id=known.id, kind=Touch.Kind.MOVED_JOB, at=self.moment,
                                 summary=f"Changed job: was {was}, now {now_} (from {self.label})"[:500])
            if new_org:
                fields["organization_id"] = self.org_id(new_org)
                known.organization = new_org
            if record.title:
                fields["title"] = record.title[:200]
                known.title = record.title
        url = normalise_linkedin_url(record.linkedin_url)
        if url and not known.linkedin_url:
            fields["linkedin_url"] = url
            known.linkedin_url = url
        if record.location and record.location != known.location and (first_in_file or not known.location):
            fields["location"] = record.location[:200]
            known.location = record.location
        if record.connected_on and not known.connected_on:
            fields["connected_on"] = record.connected_on
            known.connected_on = record.connected_on
        if record.notes.strip() and record.notes.strip() not in known.notes:
            # Notes from another address book are added, never replace what the user wrote.
            known.notes = f"{known.notes}\n\n{record.notes.strip()}".strip()
            fields["notes"] = known.notes
        if record.uid and not known.vcard_uid:
            fields["vcard_uid"] = record.uid[:200]
            known.vcard_uid = record.uid
        new_points = [("email", e) for e in {normalise_email(x) for x in record.emails} - known.emails if e]
        known_phone_keys = {phone_key(p, self.country) for p in known.phones}
        new_points += [("phone", p) for p in unique_phones(tuple(record.phones), self.country)
                       if phone_key(p, self.country) not in known_phone_keys]
        for kind, value in new_points:
            ContactPoint.objects.get_or_create(owner=self.owner, person_id=known.id, kind=kind, value=value)
            (known.emails if kind == "email" else known.phones).add(value)
        new_tags = [t for t in record.tags if t.strip() and t.strip().casefold() not in known.tags]
        if new_tags:
            Person.tags.through.objects.bulk_create(
                [Person.tags.through(person_id=known.id, tag_id=t) for t in self.tag_ids(tuple(new_tags))],
                ignore_conflicts=True)
            known.tags |= {t.strip().casefold() for t in new_tags}
        if fields:
            fields["updated_at"] = self.moment
            Person.objects.filter(pk=known.id).update(**fields)
        if fields or new_points or new_tags:
            self.report.updated += 1
        else:
            self.report.unchanged += 1


def _insert(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT many rows into ``model``'s table in one executemany (inside the caller's transaction)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _combine(first: ContactRecord, later: ContactRecord) -> ContactRecord:
    """One record from two rows about the same person: the first row's values, plus what the later adds."""
    from dataclasses import replace

    def merged(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*a, *b]))

    return replace(
        first, emails=merged(first.emails, later.emails), phones=merged(first.phones, later.phones),
        tags=merged(first.tags, later.tags), urls=merged(first.urls, later.urls),
        notes="\n\n".join(dict.fromkeys(n for n in (first.notes.strip(), later.notes.strip()) if n)),
        title=first.title or later.title, organization=first.organization or later.organization,
        location=first.location or later.location, linkedin_url=first.linkedin_url or later.linkedin_url,
    )


def count_rows(path: str | PathLike[str]) -> int:
    """About how many rows (lines, or .vcf files in a folder) there are, for a progress bar."""
    target = Path(path)
    if target.is_dir():
        return sum(1 for p in target.iterdir() if p.suffix.lower() in (".vcf", ".vcard"))
    with open(target, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) + 1


def import_contacts(owner: Any, path: str | PathLike[str], fmt: str | None = None, *, dry_run: bool = False,
                    progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import a contacts file (format guessed when ``fmt`` is None) as one transaction.

    Raises FormatError for a file that is not what it claims; a bad row is reported and skipped.
    With ``dry_run`` everything is computed and then rolled back.
    """
    target = Path(path)
    if not target.exists():
        raise FormatError(target, "no such file or folder")
    chosen = fmt or guess_format(target)
    if chosen not in READERS:
        raise FormatError(target, f"unknown format {chosen!r}; choose one of {', '.join(READERS)}")
    with transaction.atomic():
        run = _Import(owner, chosen, dry_run)
        last_line = 0
        for item in READERS[chosen](target):
            run.take(item)
            if progress and item.line > last_line:
                progress(item.line - last_line)
                last_line = item.line
        run.flush()
        if dry_run:
            transaction.set_rollback(True)
    return run.report
