"""Organisations as the user keeps them: find one, see who you know there, rename it, merge two.

A merge moves the people, the messages and the LAMP scores of one organisation into the other in one
transaction, and tells each moved person's timeline what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, QuerySet

from coffeechat.models import Message, Organization, Person, Touch
from coffeechat.services.timeline import record_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NAME_LIMIT = 200


class OrganizationNotFound(LookupError):
    """No organisation of this user matches what was typed (or several do: ``candidates``)."""

    def __init__(self, message: str, candidates: list[Organization] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class OrganizationError(ValueError):
    """A rename or merge that cannot be done as asked; the message says why."""


class NameTaken(OrganizationError):
    """Another of the user's organisations already has the name: merging is the way to join them."""

    def __init__(self, message: str, other: Organization) -> None:
        super().__init__(message)
        self.other = other


def organizations_query(owner: User) -> QuerySet[Organization]:
    """The user's organisations by name, each with how many people they know there."""
    return Organization.objects.owned_by(owner).annotate(people_count=Count("people")).order_by("name", "id")


def find_organization(owner: User, reference: str | int) -> Organization:
    """An organisation by id (12 or #12), by exact name (any case), or by a piece of its name that only it has."""
    text = " ".join(str(reference).split())
    orgs = Organization.objects.owned_by(owner)
    ref = text.lstrip("#")
    if ref.isdigit():
        found = orgs.filter(pk=int(ref)).first()
        if found is not None:
            return found
    if not text:
        raise OrganizationNotFound("name an organisation (an id or a piece of its name)")
    exact = list(orgs.filter(name__iexact=text)[:2])
    if len(exact) == 1:
        return exact[0]
    matches = list(orgs.filter(name__icontains=text).order_by("name")[:8])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise OrganizationNotFound(f"no organisation matches {text!r} (see `coffeechat org list`)")
    raise OrganizationNotFound(f"{text!r} matches several organisations: "
                               + "; ".join(f"#{o.pk} {o.name}" for o in matches), matches)


def people_at(owner: User, organization: Organization) -> list[Person]:
    """Everyone the user knows at the organisation, by name."""
    return list(Person.objects.owned_by(owner).filter(organization=organization).order_by("full_name", "id"))


def _clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise OrganizationError("an organisation needs a name")
    if len(text) > NAME_LIMIT:
        raise OrganizationError(f"an organisation's name is at most {NAME_LIMIT} characters")
    return text


@transaction.atomic
def rename_organization(owner: User, organization: Organization, new_name: str) -> Organization:
    """Give the organisation a new name; a name another of the user's organisations has is refused with
    ``NameTaken`` (merge the two instead). A change of case or spacing alone is allowed."""
    if organization.owner_id != owner.pk:
        raise OrganizationNotFound("no such organisation of yours")
    name = _clean_name(new_name)
    other = Organization.objects.owned_by(owner).filter(name__iexact=name).exclude(pk=organization.pk).first()
    if other is not None:
        raise NameTaken(f"you already have {other.name!r} (#{other.pk}); to make them one organisation, merge "
                        f"{organization.name!r} into it", other)
    old = organization.name
    if name != old:
        organization.name = name
        organization.save(update_fields=["name", "updated_at"])
        for person in people_at(owner, organization):
            record_touch(owner, person, Touch.Kind.UPDATED, f"Organisation renamed from {old} to {name}")
    return organization


@dataclass(frozen=True)
class MergeResult:
    """What a merge did, in numbers the faces can say."""

    kept: Organization
    removed_name: str
    people: int
    messages: int
    scores_taken: tuple[str, ...]


def _merge_scores(keep: Organization, other: Organization) -> tuple[str, ...]:
    """The kept organisation takes the stronger LAMP score of the two, column by column (and the other's
    website and notes where it has none), so a score the user gave is never lost."""
    taken: list[str] = []
    if other.motivation > keep.motivation:
        keep.motivation = other.motivation
        taken.append("motivation")
    if other.posting > keep.posting:
        keep.posting = other.posting
        taken.append("posting")
    if other.advocacy and not keep.advocacy:
        keep.advocacy = True
        taken.append("advocacy")
    if other.website and not keep.website:
        keep.website = other.website
        taken.append("website")
    if other.notes.strip() and other.notes.strip() not in keep.notes:
        keep.notes = (keep.notes.rstrip() + "\n\n" + other.notes.strip()).strip()
        taken.append("notes")
    return tuple(taken)


@transaction.atomic
def merge_organizations(owner: User, keep: Organization, other: Organization) -> MergeResult:
    """Move everything of ``other`` into ``keep`` and delete ``other``, in one transaction.

    The people and messages move; the LAMP scores join (the stronger of each); each moved person's
    timeline says which organisation they came from.
    """
    if keep.owner_id != owner.pk or other.owner_id != owner.pk:
        raise OrganizationNotFound("no such organisation of yours")
    if keep.pk == other.pk:
        raise OrganizationError("choose two different organisations to merge")
    # Lock both rows so a second merge of the same pair waits and then finds the other gone.
    rows = {o.pk: o for o in Organization.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])}
    if len(rows) != 2:
        raise OrganizationNotFound("one of the two organisations is gone")
    keep, other = rows[keep.pk], rows[other.pk]
    moved = people_at(owner, other)
    Person.objects.owned_by(owner).filter(organization=other).update(organization=keep)
    messages = Message.objects.owned_by(owner).filter(organization=other).update(organization=keep)
    taken = _merge_scores(keep, other)
    removed_name = other.name
    other.delete()
    keep.save()
    for person in moved:
        record_touch(owner, person, Touch.Kind.UPDATED,
                     f"Organisation {removed_name} merged into {keep.name}")
    return MergeResult(kept=keep, removed_name=removed_name, people=len(moved), messages=messages,
                       scores_taken=taken)


def organization_as_json(owner: User, organization: Organization, *, with_people: bool = False) -> dict[str, Any]:
    """The stable JSON shape of one organisation (docs/json.md)."""
    data: dict[str, Any] = {
        "id": organization.pk,
        "name": organization.name,
        "website": organization.website,
        "advocacy": organization.advocacy,
        "motivation": organization.motivation,
        "posting": organization.posting,
        "people_count": getattr(organization, "people_count", None),
    }
    if with_people:
        people = people_at(owner, organization)
        data["people_count"] = len(people)
        data["people"] = [{"id": p.pk, "name": p.full_name, "title": p.title, "stage": p.stage,
                           "how_known": p.how_known} for p in people]
    elif data["people_count"] is None:
        data["people_count"] = Person.objects.owned_by(owner).filter(organization=organization).count()
    return data
