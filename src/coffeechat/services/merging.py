"""Finding people who are in the network twice, and merging two records into one without losing anything.

An import adds a person it is unsure about as new and lists them; this module shows every such pair (and
any others the network holds) with the evidence in words, and merges a pair on the user's word: every
email, phone, tag, timeline entry, message, conversation, referral, task, note and insight of the second
record moves to the first, blank details are filled in, and the second record is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Prefetch

from coffeechat.core.matching import DuplicatePair, KnownPerson, find_duplicate_pairs, fold_organization
from coffeechat.models import (
    ActionState,
    ContactPoint,
    Conversation,
    Insight,
    MailSeen,
    Message,
    Note,
    Person,
    Referral,
    Task,
    Touch,
)
from coffeechat.services.timeline import record_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What each kind of evidence means, in the user's words.
EVIDENCE = {
    "url": "same LinkedIn profile",
    "email": "same email",
    "fuzzy": "similar name at a similar organisation",
    "uncertain": "similar name — please check",
}
# Blank details of the kept record that the other record may fill in.
FILLED_FIELDS = ("organization", "title", "location", "timezone", "linkedin_url", "vcard_uid", "connected_on",
                 "cadence_days", "first_name", "last_name")
STAGE_ORDER = list(Person.Stage.values)


class MergeRefused(ValueError):
    """The two records cannot be merged (the same person twice, or not both in this practice)."""


@dataclass(frozen=True)
class DuplicateCandidate:
    """Two people who look like one: ``left`` was added first; ``evidence`` says why, in words."""

    left: Person
    right: Person
    reason: str
    score: float
    evidence: str


@dataclass
class MergeReport:
    """What a merge did: the kept person and how many rows of each kind moved to them."""

    person: Person
    moved: dict[str, int] = field(default_factory=dict)
    dropped_referrals: int = 0

    def as_json(self) -> dict[str, Any]:
        """The stable JSON shape (docs/json.md)."""
        from coffeechat.services.people import person_as_json

        return {"person": person_as_json(self.person), "moved": self.moved,
                "dropped_referrals": self.dropped_referrals}


def _with_details(query: Any) -> Any:
    return query.select_related("organization").prefetch_related(
        "tags", Prefetch("contact_points", queryset=ContactPoint.objects.order_by("id")))


def known_people(owner: User) -> list[KnownPerson]:
    """The owner's people as the matcher sees them: name, emails, LinkedIn URL and organisation (two queries)."""
    emails: dict[int, list[str]] = {}
    points = ContactPoint.objects.owned_by(owner).filter(kind=ContactPoint.Kind.EMAIL).order_by("id")
    for person_id, value in points.values_list("person_id", "value"):
        emails.setdefault(person_id, []).append(value)
    rows = Person.objects.owned_by(owner).values_list("id", "full_name", "linkedin_url", "organization__name")
    return [KnownPerson(pk, name, tuple(emails.get(pk, ())), url or "", org or "") for pk, name, url, org in rows]


def _evidence(pair: DuplicatePair, left: Person, right: Person) -> str:
    words = EVIDENCE[pair.reason]
    if pair.reason == "email":
        shared = sorted({p.value.casefold() for p in left.contact_points.all() if p.kind == "email"}
                        & {p.value.casefold() for p in right.contact_points.all() if p.kind == "email"})
        return f"{words} ({', '.join(shared)})" if shared else words
    if pair.reason == "uncertain" and left.organization and right.organization:
        same_org = fold_organization(left.organization.name) == fold_organization(right.organization.name)
        return f"similar name at {'the same' if same_org else 'another'} organisation — please check"
    return words


def duplicate_candidates(owner: User, limit: int | None = None) -> list[DuplicateCandidate]:
    """Pairs of the owner's people who look like one person, strongest evidence first."""
    pairs = find_duplicate_pairs(known_people(owner))
    if limit is not None:
        pairs = pairs[:limit]
    ids = {pk for pair in pairs for pk in (pair.id_a, pair.id_b)}
    people = _with_details(Person.objects.owned_by(owner).filter(pk__in=ids)).in_bulk()
    found = []
    for pair in pairs:
        left, right = people[min(pair.id_a, pair.id_b)], people[max(pair.id_a, pair.id_b)]
        found.append(DuplicateCandidate(left, right, pair.reason, pair.score, _evidence(pair, left, right)))
    return found


def _email_key(kind: str, value: str) -> tuple[str, str]:
    return kind, value.casefold() if kind == ContactPoint.Kind.EMAIL else value


def _move_contact_points(owner: User, keep: Person, other: Person) -> int:
    mine = ContactPoint.objects.owned_by(owner)
    have = {_email_key(kind, value) for kind, value in mine.filter(person=keep).values_list("kind", "value")}
    moved = 0
    for point in mine.filter(person=other).order_by("id"):
        key = _email_key(point.kind, point.value)
        if key in have:
            point.delete()
            continue
        have.add(key)
        point.person = keep
        point.save(update_fields=["person", "updated_at"])
        moved += 1
    second_profile = other.linkedin_url and keep.linkedin_url and other.linkedin_url != keep.linkedin_url
    if second_profile and ("url", other.linkedin_url) not in have:
        # Two profiles for one person: the second stays as a link rather than being lost.
        ContactPoint.objects.create(owner=owner, person=keep, kind=ContactPoint.Kind.URL,
                                    value=other.linkedin_url[:300], label="LinkedIn")
        moved += 1
    return moved


def _move_referrals(owner: User, keep: Person, other: Person) -> tuple[int, int]:
    """Referrals from and to OTHER now name KEEP; one that would point KEEP at themselves is dropped,
    and two referrals between the same people become one (so a referral is never suggested twice)."""
    mine = Referral.objects.owned_by(owner)
    moved = mine.filter(from_person=other).update(from_person=keep)
    moved += mine.filter(to_person=other).update(to_person=keep)
    dropped, _ = mine.filter(from_person=keep, to_person=keep).delete()
    groups: dict[tuple[int, int], list[Referral]] = {}
    for referral in mine.filter(pk__in=_referral_ids(owner, keep)).order_by("created_at", "id"):
        groups.setdefault((referral.from_person_id, referral.to_person_id), []).append(referral)
    for first, *later in (group for group in groups.values() if len(group) > 1):
        for extra in later:
            first.contacted_at = _earliest(first.contacted_at, extra.contacted_at)
            first.reported_back_at = _earliest(first.reported_back_at, extra.reported_back_at)
            first.conversation_id = first.conversation_id or extra.conversation_id
            if extra.note.strip() and extra.note.strip() not in first.note:
                first.note = f"{first.note}\n\n{extra.note.strip()}".strip()
            extra.delete()
        first.save()
    return moved, dropped


def _referral_ids(owner: User, keep: Person) -> list[int]:
    mine = Referral.objects.owned_by(owner)
    return list(mine.filter(from_person=keep).values_list("id", flat=True)) + list(
        mine.filter(to_person=keep).values_list("id", flat=True))


def _earliest(a: Any, b: Any) -> Any:
    return min(x for x in (a, b) if x is not None) if (a or b) else None


def _move_action_states(owner: User, keep: Person, other: Person) -> None:
    """Done and snoozed marks on OTHER's person-level actions carry over, unless KEEP has its own."""
    states = ActionState.objects.owned_by(owner)
    suffix_other, suffix_keep = f":person:{other.pk}", f":person:{keep.pk}"
    for state in states.filter(action_key__contains=suffix_other):
        rule, _, rest = state.action_key.partition(suffix_other)
        if rest and not rest.startswith("@"):
            continue  # ":person:12" inside ":person:123"
        key = f"{rule}{suffix_keep}{rest}"
        if states.filter(action_key=key).exists():
            state.delete()
        else:
            state.action_key = key
            state.save(update_fields=["action_key", "updated_at"])


def _fill_details(keep: Person, other: Person) -> list[str]:
    """Fill KEEP's blank details from OTHER; returns OTHER's differing values, to keep them on the timeline."""
    differing = []
    for name in FILLED_FIELDS:
        mine, theirs = getattr(keep, name), getattr(other, name)
        if theirs in (None, ""):
            continue
        if mine in (None, ""):
            setattr(keep, name, theirs)
        elif mine != theirs and name in ("organization", "title", "location", "timezone"):
            differing.append(f"{name.replace('organization', 'organisation').replace('_', ' ')} {theirs}")
    if keep.how_known == Person.HowKnown.COLD and other.how_known != Person.HowKnown.COLD:
        keep.how_known = other.how_known  # "cold" is the default, so the other record knows more
    if STAGE_ORDER.index(other.stage) > STAGE_ORDER.index(keep.stage):
        keep.stage = other.stage
    if other.notes.strip() and other.notes.strip() not in keep.notes:
        keep.notes = f"{keep.notes.rstrip()}\n\n{other.notes.strip()}".strip()
    if keep.referred_by_id == other.pk:
        keep.referred_by_id = None  # would otherwise point at a deleted record, or at themselves
    if keep.referred_by_id is None and other.referred_by_id not in (None, keep.pk):
        keep.referred_by_id = other.referred_by_id
    return differing


def merge_people(owner: User, keep: Person, other: Person) -> MergeReport:
    """Merge OTHER into KEEP in one transaction, keeping every detail and timeline entry of both.

    Raises MergeRefused for one person twice or a person of another practice.
    """
    if keep.pk == other.pk:
        raise MergeRefused("these are the same record; choose two different people")
    with transaction.atomic():
        found = Person.objects.owned_by(owner).select_for_update().in_bulk(
            [keep.pk, other.pk])
        if keep.pk not in found or other.pk not in found:
            raise MergeRefused("both people must be in your network")
        keep, other = found[keep.pk], found[other.pk]
        moved = {"contact_points": _move_contact_points(owner, keep, other)}
        keep.tags.add(*other.tags.all())
        for label, model in (("touches", Touch), ("messages", Message), ("conversations", Conversation),
                             ("tasks", Task), ("notes", Note), ("insights", Insight),
                             # What mail sync saw stays with the person, so a later sync does not record it again.
                             ("mail_messages", MailSeen)):
            moved[label] = model.objects.owned_by(owner).filter(person=other).update(person=keep)
        moved["referrals"], dropped = _move_referrals(owner, keep, other)
        moved["referred_people"] = Person.objects.owned_by(owner).filter(referred_by=other).exclude(
            pk=keep.pk).update(referred_by=keep)
        _move_action_states(owner, keep, other)
        differing = _fill_details(keep, other)
        keep.save()
        also = f"; the other record also said: {', '.join(differing)}" if differing else ""
        record_touch(owner, keep, Touch.Kind.MERGED,
                     f"Merged with the record of {other.full_name} (#{other.pk}){also}")
        other.delete()
    keep = _with_details(Person.objects.owned_by(owner)).get(pk=keep.pk)
    return MergeReport(person=keep, moved=moved, dropped_referrals=dropped)
