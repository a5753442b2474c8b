"""The referral network: who introduced the user to whom, as a picture in rings, and the warm paths into
an organisation (people who could introduce the user there)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coffeechat.core.referral_graph import (
    Introduction,
    Layout,
    WarmPath,
    previous_organisation,
    ring_layout,
    warm_paths,
)
from coffeechat.models import Organization, Person, Referral, Touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class NetworkPerson:
    """What a node of the picture shows."""

    id: int
    name: str
    stage: str
    stage_label: str
    organization: str


@dataclass(frozen=True)
class ReferralNetwork:
    """The laid-out picture and the people on it."""

    layout: Layout
    people: dict[int, NetworkPerson]
    conversations: dict[tuple[int, int], int | None]  # (from, to) -> the conversation it came from


def introductions(owner: User) -> list[Introduction]:
    """Every introduction on record: Referral rows, and "referred by" on people with no such row."""
    found: dict[tuple[int, int], Introduction] = {}
    for a, b, conversation in Referral.objects.owned_by(owner).order_by("id").values_list(
            "from_person_id", "to_person_id", "conversation_id"):
        found.setdefault((a, b), Introduction(a, b, conversation))
    for b, a in Person.objects.owned_by(owner).filter(referred_by__isnull=False).values_list("id", "referred_by_id"):
        found.setdefault((a, b), Introduction(a, b, None))
    return list(found.values())


def referral_network(owner: User) -> ReferralNetwork:
    """The rings picture of the user's referral chains, with each person's name, stage and organisation."""
    intros = introductions(owner)
    layout = ring_layout(intros)
    ids = [p.person_id for p in layout.people]
    labels = dict(Person.Stage.choices)
    people = {
        pk: NetworkPerson(pk, name, stage, labels.get(stage, stage), org or "")
        for pk, name, stage, org in Person.objects.owned_by(owner).filter(pk__in=ids)
        .values_list("id", "full_name", "stage", "organization__name")
    }
    return ReferralNetwork(layout, people, {(i.from_person_id, i.to_person_id): i.conversation_id for i in intros})


def warm_paths_to(owner: User, organization: Organization) -> list[tuple[Person, WarmPath]]:
    """People who could introduce the user at ``organization``, closest relationships first."""
    mine = Person.objects.owned_by(owner)
    current = dict(mine.filter(organization__isnull=False).values_list("id", "organization__name"))
    previous: dict[int, list[str]] = defaultdict(list)
    for pk, summary in Touch.objects.owned_by(owner).filter(kind=Touch.Kind.MOVED_JOB).values_list("person_id", "summary"):
        left = previous_organisation(summary)
        if left:
            previous[pk].append(left)
    introduced_by = {i.to_person_id: i.from_person_id for i in introductions(owner)}
    names = dict(mine.values_list("id", "full_name"))
    stages = dict(mine.values_list("id", "stage"))
    paths = warm_paths(organization.name, current=current, previous=previous, introduced_by=introduced_by,
                       names=names, stages=stages)
    found = mine.select_related("organization").in_bulk([p.person_id for p in paths])
    return [(found[p.person_id], p) for p in paths if p.person_id in found]
