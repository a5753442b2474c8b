"""Use cases about people: add, edit and delete one, list and filter, find one from what the user typed.

Both faces go through these functions: ``coffeechat add|edit|delete|show|people`` and the web's people pages.
Finding is accent- and case-insensitive (``Person.folded_name``); a number, or ``#12``, is always an id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import router, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.deletion import Collector

from coffeechat.core.links import is_web_url
from coffeechat.core.matching import fold_name, fold_organization, fold_text, normalise_email, normalise_linkedin_url
from coffeechat.core.phones import phone_key, unique_phones
from coffeechat.core.when import WhenError, zone
from coffeechat.models import ContactPoint, Insight, Organization, Person, Tag, Task, Touch
from coffeechat.services.timeline import record_touch

# "Every few months, up to about three times a year" (docs/practice.md §4.8): the keep-in-touch rule never reminds
# more often than every 90 days (core.practice keep_in_touch_min_days), so a shorter cadence is refused with
# that reason rather than stored and silently stretched.
MIN_CADENCE_DAYS = 90
MAX_CADENCE_DAYS = 730
# More words than this in one search are refused: each word is one more condition on every person.
MAX_SEARCH_WORDS = 20


class PersonNotFound(LookupError):
    """Nothing in the user's network matches what they typed."""


class AmbiguousPerson(LookupError):
    """Several people match; ``candidates`` lists them so the user can be more precise."""

    def __init__(self, reference: str, candidates: list[Person]) -> None:
        self.reference = reference
        self.candidates = candidates
        names = "; ".join(f"#{p.pk} {p.full_name} ({p.organization or 'no organisation'})" for p in candidates)
        super().__init__(f"{reference!r} matches {len(candidates)} people: {names}")


class PersonInvalid(ValueError):
    """A value the user gave for a person cannot be stored; ``field`` names which one (a form field name)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class TwinPerson(ValueError):
    """Someone with the same name and organisation is already in the network; ``existing`` is them."""

    def __init__(self, existing: Person) -> None:
        self.existing = existing
        where = f" at {existing.organization}" if existing.organization else ""
        super().__init__(f"{existing.full_name}{where} is already in your network as #{existing.pk}")


class TooManyWords(ValueError):
    """A search with more words than ``MAX_SEARCH_WORDS``."""


@dataclass(frozen=True)
class NewPerson:
    """What the user says about someone they add by hand."""

    full_name: str
    organization: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin_url: str = ""
    location: str = ""
    timezone: str = ""
    how_known: str = Person.HowKnown.COLD
    tags: tuple[str, ...] = ()
    notes: str = ""
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonChanges:
    """What to change about a person; ``None`` leaves a field as it is, "" empties a text field.

    For emails, phones, links and tags either give the whole new list (``emails=(...)``) or what to add and
    remove (``add_emails``/``remove_emails``). ``cadence_days=0`` removes the cadence.
    """

    full_name: str | None = None
    organization: str | None = None
    title: str | None = None
    how_known: str | None = None
    stage: str | None = None
    linkedin_url: str | None = None
    location: str | None = None
    timezone: str | None = None
    cadence_days: int | None = None
    notes: str | None = None
    emails: tuple[str, ...] | None = None
    phones: tuple[str, ...] | None = None
    links: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    add_emails: tuple[str, ...] = ()
    remove_emails: tuple[str, ...] = ()
    add_phones: tuple[str, ...] = ()
    remove_phones: tuple[str, ...] = ()
    add_links: tuple[str, ...] = ()
    remove_links: tuple[str, ...] = ()
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()


def split_name(full_name: str) -> tuple[str, str]:
    """First and last name from a full name ("Dana M. Reyes" -> "Dana", "Reyes")."""
    parts = full_name.split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], parts[-1]


def organization_named(owner: Any, name: str) -> Organization | None:
    """The owner's organisation of that name (case-insensitive), created if new; None for a blank name."""
    name = " ".join(name.split())
    if not name:
        return None
    found = Organization.objects.owned_by(owner).filter(name__iexact=name).first()
    return found or Organization.objects.create(owner=owner, name=name)


def tags_named(owner: Any, names: Iterable[str]) -> list[Tag]:
    """The owner's tags of those names, created if new."""
    tags = []
    for raw in names:
        name = raw.strip()
        if name:
            tag, _ = Tag.objects.get_or_create(owner=owner, name=name)
            tags.append(tag)
    return tags


def user_country(owner: Any) -> str:
    """The user's country setting (an ISO code, or "" when none), used to read phone numbers without a +."""
    from coffeechat.services.preferences import get_setting

    value = get_setting(owner, "country").strip().upper()
    return "" if value in ("", "NONE") else value


def clean_name(text: str) -> str:
    """A person's name with blanks tidied, or PersonInvalid when it is empty or too long."""
    name = " ".join(text.split())
    if not name:
        raise PersonInvalid("full_name", "a person needs a name")
    if len(name) > 200:
        raise PersonInvalid("full_name", "a name is at most 200 characters")
    return name


def clean_how_known(value: str) -> str:
    """One of Person.HowKnown's values, or PersonInvalid naming them."""
    value = value.strip().lower()
    if value not in Person.HowKnown.values:
        raise PersonInvalid("how_known", f"how you know them is one of {', '.join(Person.HowKnown.values)}, not {value!r}")
    return value


def clean_stage(value: str) -> str:
    """One of Person.Stage's values, or PersonInvalid naming them."""
    value = value.strip().lower()
    if value not in Person.Stage.values:
        raise PersonInvalid("stage", f"a stage is one of {', '.join(Person.Stage.values)}, not {value!r}")
    return value


def clean_timezone(value: str) -> str:
    """A real IANA time zone name ("" for none), or PersonInvalid."""
    value = value.strip()
    if value:
        try:
            zone(value)
        except WhenError as error:
            raise PersonInvalid("timezone", str(error)) from error
    return value


def clean_web_address(value: str, field: str, what: str) -> str:
    """A web address as stored: http(s) only; a bare "example.org/x" gets https://; other schemes refused."""
    text = value.strip()
    if not text:
        return ""
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme and scheme.isalpha() and scheme not in ("http", "https") and not text.split(":", 1)[1][:1].isdigit():
        raise PersonInvalid(field, f"{what} must be a web address starting with http:// or https:// "
                                   f"({scheme}: addresses are refused because they can run code or hide content)")
    if not text.lower().startswith(("http://", "https://")):
        text = "https://" + text
    if not is_web_url(text) or len(text) > 300:
        raise PersonInvalid(field, f"{what} is not a web address: {value.strip()!r}")
    return text


def clean_linkedin(value: str) -> str:
    """A LinkedIn profile address in its one spelling, or PersonInvalid for anything but http(s)."""
    checked = clean_web_address(value, "linkedin_url", "LinkedIn")
    return normalise_linkedin_url(checked) if checked else ""


def clean_email(value: str) -> str:
    """An email address as stored (lower case), or PersonInvalid."""
    email = normalise_email(value)
    if not email or " " in email or len(email) > 300:
        raise PersonInvalid("emails", f"{value.strip()!r} is not an email address")
    return email


def clean_cadence(days: int) -> int | None:
    """Days between keep-in-touch reminders (0 removes the cadence), or PersonInvalid with the reason."""
    if days == 0:
        return None
    if days < 0:
        raise PersonInvalid("cadence_days", "a cadence is a number of days (0 for none)")
    if days < MIN_CADENCE_DAYS:
        raise PersonInvalid("cadence_days", f"a cadence is at least {MIN_CADENCE_DAYS} days: coffeechat reminds you "
                                            "at most about every three months, so a shorter one would not be kept")
    if days > MAX_CADENCE_DAYS:
        raise PersonInvalid("cadence_days", f"a cadence is at most {MAX_CADENCE_DAYS} days (two years)")
    return days


def find_twin(owner: Any, full_name: str, organization: str, *, besides: int | None = None) -> Person | None:
    """Someone already in the network with the same name and organisation, compared without accents, case,
    credentials or legal forms ("José Núñez, MBA" at "Acme, Inc." is "jose nunez" at "acme")."""
    name, org = fold_name(full_name), fold_organization(organization)
    if not name:
        return None
    candidates = Person.objects.owned_by(owner).select_related("organization")
    for word in name.split():
        candidates = candidates.filter(folded_name__contains=word)
    if besides is not None:
        candidates = candidates.exclude(pk=besides)
    for person in candidates.order_by("id")[:50]:
        their_org = fold_organization(person.organization.name) if person.organization else ""
        if fold_name(person.full_name) == name and their_org == org:
            return person
    return None


def added_summary(person: Person) -> str:
    """The timeline entry for a new person: "Added Dana Reyes (Politics editor at The Tribune)"."""
    job = " at ".join(part for part in (person.title, str(person.organization or "")) if part)
    return f"Added {person.full_name}" + (f" ({job})" if job else "")


@transaction.atomic
def add_person(owner: Any, new: NewPerson, *, allow_twin: bool = True) -> Person:
    """Add someone to the network with their organisation, ways to reach them and tags; one transaction.

    With ``allow_twin=False`` (what both faces pass unless the user insists) someone with the same name and
    organisation already there raises TwinPerson naming them. Bad values raise PersonInvalid.
    """
    full_name = clean_name(new.full_name)
    how_known = clean_how_known(new.how_known)
    timezone = clean_timezone(new.timezone)
    linkedin = clean_linkedin(new.linkedin_url)
    emails = list(dict.fromkeys(clean_email(e) for e in new.emails if e.strip()))
    links = list(dict.fromkeys(clean_web_address(u, "links", "a link") for u in new.links if u.strip()))
    phones = unique_phones(tuple(new.phones), user_country(owner))
    if not allow_twin:
        twin = find_twin(owner, full_name, new.organization)
        if twin is not None:
            raise TwinPerson(twin)
    first, last = split_name(full_name)
    person = Person.objects.create(
        owner=owner,
        full_name=full_name,
        first_name=first,
        last_name=last,
        organization=organization_named(owner, new.organization),
        title=new.title.strip()[:200],
        linkedin_url=linkedin,
        location=new.location.strip()[:200],
        timezone=timezone,
        how_known=how_known,
        notes=new.notes,
    )
    for kind, values in ((ContactPoint.Kind.EMAIL, emails), (ContactPoint.Kind.PHONE, phones),
                         (ContactPoint.Kind.URL, links)):
        for value in values:
            ContactPoint.objects.create(owner=owner, person=person, kind=kind, value=value)
    person.tags.set(tags_named(owner, new.tags))
    record_touch(owner, person, Touch.Kind.ADDED, added_summary(person))
    return person


def _quoted(value: str) -> str:
    return f"“{value}”" if value else "nothing"


def _text_change(label: str, before: str, after: str) -> str:
    if not before:
        return f"{label} set to {_quoted(after)}"
    if not after:
        return f"{label} removed (was {_quoted(before)})"
    return f"{label} changed from {_quoted(before)} to {_quoted(after)}"


def _list_change(label: str, added: list[str], removed: list[str]) -> list[str]:
    parts = []
    if added:
        parts.append(f"{label}{'s' if len(added) > 1 else ''} added: {', '.join(added)}")
    if removed:
        parts.append(f"{label}{'s' if len(removed) > 1 else ''} removed: {', '.join(removed)}")
    return parts


def changes_summary(said: list[str], limit: int = 500) -> str:
    """The changes as one timeline entry of at most ``limit`` characters; what does not fit is counted."""
    text = "; ".join(said)
    if len(text) <= limit:
        return text
    for kept in range(len(said) - 1, -1, -1):
        more = len(said) - kept
        text = "; ".join(said[:kept] + [f"and {more} more change{'s' if more > 1 else ''}"])
        if len(text) <= limit:
            return text
    return text[:limit]


def _same_phone(a: str, b: str) -> bool:
    """Two keys of one number, even when one was typed without its country code ("2125550100")."""
    a, b = a.lstrip("+"), b.lstrip("+")
    shorter, longer = sorted((a, b), key=len)
    return a == b or (len(shorter) >= 7 and longer.endswith(shorter))


def _wanted(current: list[str], whole: tuple[str, ...] | None, add: list[str], remove: list[str],
            key: Any, same: Any = None) -> list[str]:
    """The new list: the whole list if given, else the current one plus ``add`` minus ``remove`` (by key)."""
    alike = same or (lambda a, b: a == b)
    if whole is not None:
        base = list(add)
    else:
        missing = [r for r in remove if not any(alike(key(r), key(c)) for c in current)]
        if missing:
            raise LookupError(missing[0])
        base = [c for c in current if not any(alike(key(r), key(c)) for r in remove)] + list(add)
    result: dict[str, str] = {}
    for value in base:
        result.setdefault(key(value), value)
    return list(result.values())


@transaction.atomic
def edit_person(owner: Any, person: Person, changes: PersonChanges) -> list[str]:
    """Change any of a person's details in one transaction; returns what changed, in words.

    Every change is checked first (PersonInvalid names the field); nothing is written unless all pass.
    When something changed, one "Details changed" entry on the timeline says exactly what.
    """
    person = Person.objects.owned_by(owner).select_for_update(of=("self",)).select_related("organization").get(pk=person.pk)
    said: list[str] = []
    fields: dict[str, Any] = {}

    def text(field: str, label: str, value: str | None, cleaned: str | None = None) -> None:
        if value is None:
            return
        new = value.strip() if cleaned is None else cleaned
        old = getattr(person, field) or ""
        if new != old:
            fields[field] = new
            said.append(_text_change(label, old, new))

    if changes.full_name is not None:
        text("full_name", "Name", changes.full_name, clean_name(changes.full_name))
    text("title", "Title", changes.title, (changes.title or "").strip()[:200])
    text("location", "Location", changes.location, (changes.location or "").strip()[:200])
    if changes.timezone is not None:
        text("timezone", "Time zone", changes.timezone, clean_timezone(changes.timezone))
    if changes.linkedin_url is not None:
        text("linkedin_url", "LinkedIn", changes.linkedin_url, clean_linkedin(changes.linkedin_url))
    if changes.how_known is not None:
        value = clean_how_known(changes.how_known)
        if value != person.how_known:
            said.append(f"How you know them changed from {person.get_how_known_display()} to "
                        f"{Person.HowKnown(value).label}")
            fields["how_known"] = value
    if changes.stage is not None:
        value = clean_stage(changes.stage)
        if value != person.stage:
            said.append(f"Stage changed from {person.get_stage_display()} to {Person.Stage(value).label}")
            fields["stage"] = value
    if changes.cadence_days is not None:
        days = clean_cadence(changes.cadence_days)
        if days != person.cadence_days:
            fields["cadence_days"] = days
            said.append("Cadence removed" if days is None else
                        f"Cadence {'set to' if person.cadence_days is None else 'changed to'} every {days} days")
    # Browsers send a text box's line breaks as \r\n: one kind of line break is kept, so re-saving a form
    # never counts as a change.
    new_note = changes.notes.replace("\r\n", "\n").replace("\r", "\n").strip() if changes.notes is not None else None
    if new_note is not None and new_note != person.notes.replace("\r\n", "\n").strip():
        fields["notes"] = new_note
        said.append("Note removed" if not new_note else "Note changed" if person.notes.strip() else "Note added")

    organization_change: tuple[Organization | None] | None = None
    if changes.organization is not None:
        before = person.organization.name if person.organization else ""
        after = " ".join(changes.organization.split())[:200]
        if after.casefold() != before.casefold():
            organization_change = (organization_named(owner, after),)
            said.append(_text_change("Organisation", before, after))

    points = list(person.contact_points.all())
    country = user_country(owner)
    point_changes: list[tuple[Any, list[str], list[str], Callable[[Any], Any]]] = []
    kinds = (
        (ContactPoint.Kind.EMAIL, "emails", "Email", changes.emails, changes.add_emails, changes.remove_emails,
         clean_email, lambda v: v.strip().lower(), None),
        (ContactPoint.Kind.PHONE, "phones", "Phone", changes.phones, changes.add_phones, changes.remove_phones,
         lambda v: unique_phones((v,), country)[0] if v.strip() else "", lambda v: phone_key(v, country), _same_phone),
        (ContactPoint.Kind.URL, "links", "Link", changes.links, changes.add_links, changes.remove_links,
         lambda v: clean_web_address(v, "links", "a link"), lambda v: v.strip().rstrip("/").lower(), None),
    )
    for kind, field, label, whole, add, remove, clean, key, same in kinds:
        current = [p.value for p in points if p.kind == kind]
        current_keys = {key(c) for c in current}
        # A value already on file is kept as it is (an old import may hold one that would not pass today).
        added = [v.strip() if key(v) in current_keys else clean(v)
                 for v in (whole if whole is not None else add) if v.strip()]
        try:
            wanted = _wanted(current, whole, added, list(remove), key, same)
        except LookupError as error:
            raise PersonInvalid(field, f"{person.full_name} has no {label.lower()} {error.args[0]!r} to remove") from error
        old_keys, new_keys = {key(c) for c in current}, {key(w) for w in wanted}
        gained = [w for w in wanted if key(w) not in old_keys]
        lost = [c for c in current if key(c) not in new_keys]
        if gained or lost:
            point_changes.append((kind, gained, lost, key))
            said += _list_change(label, gained, lost)

    tag_change: tuple[list[str], list[str]] | None = None
    current_tags = [t.name for t in person.tags.all()]
    tag_whole = [t.strip() for t in changes.tags] if changes.tags is not None else None
    if tag_whole is not None or changes.add_tags or changes.remove_tags:
        add_tags = [t.strip() for t in (tag_whole if tag_whole is not None else changes.add_tags) if t.strip()]
        try:
            wanted_tags = _wanted(current_tags, tuple(tag_whole) if tag_whole is not None else None, add_tags,
                                  [t.strip() for t in changes.remove_tags if t.strip()], lambda v: v.casefold())
        except LookupError as error:
            raise PersonInvalid("tags", f"{person.full_name} has no tag {error.args[0]!r} to remove") from error
        gained = [t for t in wanted_tags if t.casefold() not in {c.casefold() for c in current_tags}]
        lost = [c for c in current_tags if c.casefold() not in {w.casefold() for w in wanted_tags}]
        if gained or lost:
            tag_change = (gained, lost)
            said += _list_change("Tag", gained, lost)

    if not said:
        return []
    if "full_name" in fields:
        fields["first_name"], fields["last_name"] = split_name(fields["full_name"])
    if organization_change is not None:
        fields["organization"] = organization_change[0]
    for field, value in fields.items():
        setattr(person, field, value)
    if fields:
        person.save(update_fields=[*fields, "updated_at"])
    for kind, gained, lost, key in point_changes:
        lost_keys = {key(v) for v in lost}
        for point in points:
            if point.kind == kind and key(point.value) in lost_keys:
                point.delete()
        for value in gained:
            ContactPoint.objects.get_or_create(owner=owner, person=person, kind=kind, value=value[:300])
    if tag_change is not None:
        gained, lost = tag_change
        person.tags.add(*tags_named(owner, gained))
        person.tags.remove(*[t for t in person.tags.all() if t.name.casefold() in {x.casefold() for x in lost}])
    record_touch(owner, person, Touch.Kind.UPDATED, changes_summary(said))
    return said


# Words for what goes with a person when they are deleted, by model (anything else: its verbose name).
_DELETED_WORDS: dict[str, tuple[str, str]] = {
    "conversation": ("conversation", "conversations"),
    "message": ("message", "messages"),
    "note": ("note", "notes"),
    "task": ("task", "tasks"),
    "referral": ("referral", "referrals"),
    "touch": ("timeline entry", "timeline entries"),
    "email": ("email address", "email addresses"),
    "phone": ("phone number", "phone numbers"),
    "url": ("link", "links"),
    "insight": ("insight", "insights"),
    "planitem": ("planned question", "planned questions"),
    "mentorshipdismissal": ("dismissed mentorship suggestion", "dismissed mentorship suggestions"),
}


@dataclass(frozen=True)
class DeletionSummary:
    """What deleting a person removes with them, counted from the database before anything is deleted."""

    person_id: int
    name: str
    counts: tuple[tuple[str, int], ...]  # (words for the kind, how many), in a fixed order
    kept: tuple[tuple[str, int], ...] = ()  # what stays without them: tasks, insights, people they referred

    def kept_sentence(self) -> str:
        """"2 tasks stay (no longer about anyone)" and the like, or "" when nothing stays."""
        return "; ".join(f"{count} {words}" for words, count in self.kept)

    def sentence(self) -> str:
        """"2 conversations, 5 messages and 9 timeline entries" (or "nothing else")."""
        parts = [f"{count} {word}" for word, count in self.counts]
        if not parts:
            return "nothing else"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    def as_json(self) -> dict[str, Any]:
        """The --json shape (docs/json.md)."""
        return {"id": self.person_id, "name": self.name, "removed": {word: count for word, count in self.counts},
                "kept": {word: count for word, count in self.kept}}


def deletion_summary(owner: Any, person: Person) -> DeletionSummary:
    """Everything that would go with ``person``: what the database itself would cascade-delete, counted."""
    person = Person.objects.owned_by(owner).get(pk=person.pk)
    collector = Collector(using=router.db_for_write(Person))
    collector.collect([person])
    counts: dict[str, int] = {}
    metas: dict[str, Any] = {}
    found = [(model, len(instances)) for model, instances in collector.data.items()]
    found += [(query.model, query.count()) for query in collector.fast_deletes]
    for model, count in found:
        if model is Person or model._meta.auto_created or not count:
            continue
        name = str(model._meta.model_name)
        if model is ContactPoint:
            for kind in ContactPoint.objects.filter(person=person).values_list("kind", flat=True):
                counts[kind] = counts.get(kind, 0) + 1
            continue
        counts[name] = counts.get(name, 0) + count
        metas[name] = model._meta
    order = list(_DELETED_WORDS)
    words = []
    for name in sorted(counts, key=lambda n: (order.index(n) if n in order else len(order), n)):
        if name in _DELETED_WORDS:
            single, plural = _DELETED_WORDS[name]
        else:
            single, plural = str(metas[name].verbose_name), str(metas[name].verbose_name_plural)
        words.append((single if counts[name] == 1 else plural, counts[name]))
    kept = []
    tasks = Task.objects.owned_by(owner).filter(person=person).count()
    if tasks:
        kept.append((f"task{'s' if tasks > 1 else ''} stay{'' if tasks > 1 else 's'}, no longer about anyone", tasks))
    insights = Insight.objects.owned_by(owner).filter(person=person).exclude(conversation__person=person).count()
    if insights:
        kept.append((f"insight{'s' if insights > 1 else ''} from other conversations stay{'' if insights > 1 else 's'}",
                     insights))
    referred = Person.objects.owned_by(owner).filter(referred_by=person).count()
    if referred:
        kept.append((f"{'people' if referred > 1 else 'person'} they referred you to stay{'' if referred > 1 else 's'}",
                     referred))
    return DeletionSummary(person.pk, person.full_name, tuple(words), tuple(kept))


@transaction.atomic
def delete_person(owner: Any, person: Person) -> DeletionSummary:
    """Delete a person and everything that is only about them (the summary says what), in one transaction.
    People they referred stay; only the link to them goes."""
    summary = deletion_summary(owner, person)
    Person.objects.owned_by(owner).filter(pk=person.pk).delete()
    return summary


def search_words(text: str) -> list[str]:
    """The distinct words of a search, or TooManyWords when there are more than ``MAX_SEARCH_WORDS``."""
    words = list(dict.fromkeys(word.casefold() for word in text.split()))
    if len(words) > MAX_SEARCH_WORDS:
        raise TooManyWords(f"search with at most {MAX_SEARCH_WORDS} words (you gave {len(words)} different ones)")
    return words


def people_query(owner: Any, *, text: str = "", tag: str = "", organization: str = "") -> QuerySet[Person]:
    """The owner's people, filtered by free text (name, title, organisation, email), tag and organisation.

    Every word must match; names match without accents or case ("nunez" finds Núñez). More than
    ``MAX_SEARCH_WORDS`` distinct words raise TooManyWords.
    """
    query = Person.objects.owned_by(owner)
    for word in search_words(text):
        folded = fold_text(word)
        # Contact points are looked up in a subquery, so many words never join the table many times.
        matched = (Q(title__icontains=word) | Q(organization__name__icontains=word)
                   | Q(pk__in=ContactPoint.objects.owned_by(owner).filter(value__icontains=word).values("person_id")))
        if folded:
            matched |= Q(folded_name__contains=folded)
        query = query.filter(matched)
    if tag:
        query = query.filter(tags__name__iexact=tag)
    if organization:
        query = query.filter(organization__name__icontains=organization)
    return query.select_related("organization").prefetch_related(
        "tags", Prefetch("contact_points", queryset=ContactPoint.objects.order_by("id"))
    ).order_by("full_name", "id")


def person_id(reference: str) -> int | None:
    """The id in "12" or "#12" (a number always means an id), else None."""
    text = reference.strip().removeprefix("#").strip()
    return int(text) if text.isdigit() and text.isascii() else None


def find_person(owner: Any, reference: str) -> Person:
    """The one person ``reference`` means: an id ("12" or "#12"), an email, a LinkedIn URL, or a name or
    piece of name that matches only them, without accents or case ("nunez" finds José Núñez).

    Raises PersonNotFound, or AmbiguousPerson listing the candidates. Every command that takes PERSON uses this.
    """
    ref = reference.strip()
    mine = Person.objects.owned_by(owner).select_related("organization")
    if not ref:
        raise PersonNotFound("say who: an id, an email, a LinkedIn URL or part of a name")
    pk = person_id(ref)
    if pk is not None:
        found = mine.filter(pk=pk).first()
        if found:
            return found
        raise PersonNotFound(f"no person with id {pk} (`coffeechat people` lists everyone with their ids)")
    if "@" in ref:
        email = normalise_email(ref)
        matches = list(mine.filter(pk__in=ContactPoint.objects.owned_by(owner).filter(
            kind=ContactPoint.Kind.EMAIL, value__iexact=email or ref).values("person_id")))
    elif "linkedin.com/" in ref.lower():
        matches = list(mine.filter(linkedin_url=normalise_linkedin_url(ref)))
    else:
        folded = fold_text(ref)
        if not folded:
            raise PersonNotFound(f"nobody in your network matches {ref!r}")
        exact = list(mine.filter(folded_name__in={folded, fold_name(ref)})[:11])
        if len(exact) == 1:
            return exact[0]
        matches = exact or list(_name_contains(mine, folded)[:11])
    if not matches:
        hint = fold_text(ref).split()[:1] or [ref.split()[0]]
        raise PersonNotFound(f"nobody in your network matches {ref!r} (try `coffeechat people {hint[0]}`)")
    if len(matches) > 1:
        raise AmbiguousPerson(ref, matches[:10])
    return matches[0]


def _name_contains(query: QuerySet[Person], folded: str) -> QuerySet[Person]:
    for word in folded.split()[:MAX_SEARCH_WORDS]:
        query = query.filter(folded_name__contains=word)
    return query


def timeline(owner: Any, person: Person, limit: int = 200) -> list[Touch]:
    """The person's timeline, newest first."""
    return list(Touch.objects.owned_by(owner).filter(person=person).order_by("-at", "-id")[:limit])


def person_as_json(person: Person) -> dict[str, Any]:
    """The stable JSON shape of a person (docs/json.md)."""
    points = list(person.contact_points.all())
    return {
        "id": person.pk,
        "name": person.full_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "organization": person.organization.name if person.organization else None,
        "title": person.title,
        "emails": [p.value for p in points if p.kind == ContactPoint.Kind.EMAIL],
        "phones": [p.value for p in points if p.kind == ContactPoint.Kind.PHONE],
        "linkedin_url": person.linkedin_url or None,
        "location": person.location,
        "timezone": person.timezone or None,
        "how_known": person.how_known,
        "stage": person.stage,
        "links": [p.value for p in points if p.kind == ContactPoint.Kind.URL],
        "tags": sorted(t.name for t in person.tags.all()),
        "referred_by": person.referred_by_id,
        "cadence_days": person.cadence_days,
        "note": person.notes,
    }


def touch_as_json(touch: Touch) -> dict[str, Any]:
    """The stable JSON shape of a timeline entry."""
    return {"at": touch.at.isoformat(), "kind": touch.kind, "summary": touch.summary}
