"""Use cases about people: add one, list and filter, find one from what the user typed, show one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet

from coffeechat.core.matching import normalise_linkedin_url
from coffeechat.models import ContactPoint, Organization, Person, Tag, Touch
from coffeechat.services.timeline import record_touch


class PersonNotFound(LookupError):
    """Nothing in the user's network matches what they typed."""


class AmbiguousPerson(LookupError):
    """Several people match; ``candidates`` lists them so the user can be more precise."""

    def __init__(self, reference: str, candidates: list[Person]) -> None:
        self.reference = reference
        self.candidates = candidates
        names = "; ".join(f"#{p.pk} {p.full_name} ({p.organization or 'no organisation'})" for p in candidates)
        super().__init__(f"{reference!r} matches {len(candidates)} people: {names}")


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


@transaction.atomic
def add_person(owner: Any, new: NewPerson) -> Person:
    """Add someone to the network with their organisation, ways to reach them and tags; one transaction."""
    full_name = " ".join(new.full_name.split())
    if not full_name:
        raise ValueError("a person needs a name")
    if new.how_known not in Person.HowKnown.values:
        raise ValueError(f"how_known must be one of {', '.join(Person.HowKnown.values)}, not {new.how_known!r}")
    first, last = split_name(full_name)
    person = Person.objects.create(
        owner=owner,
        full_name=full_name,
        first_name=first,
        last_name=last,
        organization=organization_named(owner, new.organization),
        title=new.title.strip(),
        linkedin_url=normalise_linkedin_url(new.linkedin_url),
        location=new.location.strip(),
        timezone=new.timezone.strip(),
        how_known=new.how_known,
        notes=new.notes,
    )
    for email in new.emails:
        ContactPoint.objects.create(owner=owner, person=person, kind=ContactPoint.Kind.EMAIL, value=email.strip().lower())
    for phone in new.phones:
        ContactPoint.objects.create(owner=owner, person=person, kind=ContactPoint.Kind.PHONE, value=phone.strip())
    person.tags.set(tags_named(owner, new.tags))
    at_org = f" ({person.title} at {person.organization})" if person.organization else ""
    record_touch(owner, person, Touch.Kind.ADDED, f"Added {person.full_name}{at_org}")
    return person


def people_query(owner: Any, *, text: str = "", tag: str = "", organization: str = "") -> QuerySet[Person]:
    """The owner's people, filtered by free text (name, title, organisation, email), tag and organisation."""
    query = Person.objects.owned_by(owner)
    if text:
        for word in text.split():
            query = query.filter(
                Q(full_name__icontains=word)
                | Q(title__icontains=word)
                | Q(organization__name__icontains=word)
                | Q(contact_points__value__icontains=word)
            )
        query = query.distinct()
    if tag:
        query = query.filter(tags__name__iexact=tag)
    if organization:
        query = query.filter(organization__name__icontains=organization)
    return query.select_related("organization").prefetch_related(
        "tags", Prefetch("contact_points", queryset=ContactPoint.objects.order_by("id"))
    ).order_by("full_name", "id")


def find_person(owner: Any, reference: str) -> Person:
    """The one person ``reference`` means: an id, an email, a LinkedIn URL or an unambiguous piece of name."""
    ref = reference.strip()
    mine = Person.objects.owned_by(owner).select_related("organization")
    if not ref:
        raise PersonNotFound("say who: an id, an email, a LinkedIn URL or part of a name")
    if ref.lstrip("#").isdigit():
        found = mine.filter(pk=int(ref.lstrip("#"))).first()
        if found:
            return found
        raise PersonNotFound(f"no person with id {ref.lstrip('#')}")
    if "@" in ref:
        matches = list(mine.filter(contact_points__kind="email", contact_points__value__iexact=ref).distinct())
    elif "linkedin.com/" in ref.lower():
        matches = list(mine.filter(linkedin_url=normalise_linkedin_url(ref)))
    else:
        exact = list(mine.filter(full_name__iexact=ref))
        if len(exact) == 1:
            return exact[0]
        matches = exact or list(_name_contains(mine, ref)[:11])
    if not matches:
        raise PersonNotFound(f"nobody in your network matches {ref!r} (try `coffeechat people {ref.split()[0]}`)")
    if len(matches) > 1:
        raise AmbiguousPerson(ref, matches[:10])
    return matches[0]


def _name_contains(query: QuerySet[Person], text: str) -> QuerySet[Person]:
    for word in text.split():
        query = query.filter(full_name__icontains=word)
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
        "tags": sorted(t.name for t in person.tags.all()),
        "referred_by": person.referred_by_id,
    }


def touch_as_json(touch: Touch) -> dict[str, Any]:
    """The stable JSON shape of a timeline entry."""
    return {"at": touch.at.isoformat(), "kind": touch.kind, "summary": touch.summary}
