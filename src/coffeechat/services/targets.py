"""The LAMP target list: every organisation with its three scores, ranked, and two starter contacts each.

The ranking and the starter order are pure rules (``core.lamp``, ``core.starters``); this module reads the
user's organisations and people into them, writes score changes back, and brings a spreadsheet in or out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coffeechat.core.lamp import (
    DEFAULT_BATCH_SIZE,
    RankedTarget,
    Target,
    list_size_hint,
    rank_targets,
    suggest_advocacy,
    validate_motivation,
    validate_posting,
)
from coffeechat.core.practice import PersonFact
from coffeechat.core.starters import rank_starters
from coffeechat.formats.targets_csv import RowError, read_targets, write_ranked_csv
from coffeechat.models import Goal, Organization, Person
from coffeechat.services.people import organization_named

if TYPE_CHECKING:
    from django.contrib.auth.models import User

STARTERS_PER_TARGET = 2
# How someone came into the network that counts as a plausible connection at their organisation.
CONNECTED_HOW = (Person.HowKnown.ALUMNI, Person.HowKnown.REFERRAL)


@dataclass(frozen=True)
class Starter:
    """A suggested first person to write to at a target, and why they come first."""

    person_id: int
    name: str
    title: str
    reason: str


@dataclass(frozen=True)
class TargetRow:
    """One row of the board: the ranked target, its suggested advocacy and its starters."""

    ranked: RankedTarget
    advocacy_suggested: bool
    starters: list[Starter] = field(default_factory=list)

    @property
    def organization_id(self) -> int:
        """The organisation's id."""
        return self.ranked.target.id


@dataclass(frozen=True)
class Board:
    """The LAMP list, ranked, with a hint about its length (None when it is a good size).

    ``rows`` is the whole list, or the slice asked for (``total`` counts the whole list either way)."""

    rows: list[TargetRow]
    hint: str | None
    total: int = 0


@dataclass(frozen=True)
class ImportResult:
    """What a spreadsheet import did: organisations added and updated, rows left out, columns missing."""

    created: int
    updated: int
    errors: list[RowError]
    missing_columns: list[str]


def _targets(owner: User) -> list[Target]:
    rows = Organization.objects.owned_by(owner).order_by("id").values_list(
        "id", "name", "advocacy", "motivation", "posting"
    )
    # A score outside the rules' range (written by hand in the database) is clamped rather than crashing.
    return [
        Target(pk, name, bool(advocacy), min(max(motivation, 0), 4), min(max(posting, 1), 3))
        for pk, name, advocacy, motivation, posting in rows
    ]


def connected_organizations(owner: User) -> set[int]:
    """Organisations where the user knows an alumnus or someone they were referred to."""
    return set(
        Person.objects.owned_by(owner)
        .filter(organization__isnull=False)
        .filter(how_known__in=CONNECTED_HOW)
        .values_list("organization_id", flat=True)
    )


def target_role(owner: User) -> str:
    """The job the user wants, from their active goals (what starters are matched against)."""
    roles = Goal.objects.owned_by(owner).filter(archived=False).values_list("target_role", "title")
    return " ".join(role or title for role, title in roles)


def starters_by_organization(owner: User, organization_ids: set[int] | None = None) -> dict[int, list[Starter]]:
    """Two starter contacts per organisation, in the order of docs/practice.md §4.2, with the reason shown."""
    people = Person.objects.owned_by(owner).filter(organization__isnull=False)
    if organization_ids is not None:
        people = people.filter(organization_id__in=organization_ids)
    by_org: dict[int, list[PersonFact]] = {}
    titles: dict[int, str] = {}
    for pk, name, org_id, org_name, title, how, stage in people.order_by("id").values_list(
        "id", "full_name", "organization_id", "organization__name", "title", "how_known", "stage"
    ):
        fact = PersonFact(id=pk, name=name, organization_id=org_id, organization_name=org_name, title=title,
                          how_known=how, stage=stage, cadence_days=None)
        by_org.setdefault(org_id, []).append(fact)
        titles[pk] = title
    role = target_role(owner)
    result: dict[int, list[Starter]] = {}
    for org_id, facts in by_org.items():
        names = {fact.id: fact.name for fact in facts}
        result[org_id] = [
            Starter(s.person_id, names[s.person_id], titles[s.person_id], s.rank_reason)
            for s in rank_starters(facts, role, limit=STARTERS_PER_TARGET)
        ]
    return result


def target_board(owner: User, batch_size: int = DEFAULT_BATCH_SIZE, *, start: int = 0,
                 count: int | None = None) -> Board:
    """The ranked LAMP list with the first batch marked, suggested advocacy and starters for each row.

    ``start`` and ``count`` ask for a slice of the ranked list (a page of it): the whole list is ranked,
    but starters are read only for the organisations of that slice."""
    targets = _targets(owner)
    ranked = rank_targets(targets, batch_size)
    shown = ranked[start:] if count is None else ranked[start:start + count]
    connected = connected_organizations(owner)
    starters = starters_by_organization(owner, {row.target.id for row in shown} if count is not None else None)
    rows = [
        TargetRow(row, suggest_advocacy(row.target.id in connected), starters.get(row.target.id, []))
        for row in shown
    ]
    return Board(rows=rows, hint=list_size_hint(len(targets)), total=len(ranked))


class TargetNotFound(LookupError):
    """No organisation of the user's has that id."""


@transaction.atomic
def set_scores(owner: User, organization: str | int, *, motivation: int | None = None, posting: int | None = None,
               advocacy: bool | None = None) -> Organization:
    """Change one organisation's scores; a name not on the list yet adds the organisation.

    A score left as None keeps its value; a new organisation's advocacy starts as the suggestion.
    """
    if motivation is not None:
        validate_motivation(motivation)
    if posting is not None:
        validate_posting(posting)
    if isinstance(organization, int):
        org = Organization.objects.owned_by(owner).filter(pk=organization).first()
        if org is None:
            raise TargetNotFound(f"no organisation with id {organization}")
    else:
        existed = Organization.objects.owned_by(owner).filter(name__iexact=" ".join(organization.split())).exists()
        found = organization_named(owner, organization)
        if found is None:
            raise ValueError("an organisation needs a name")
        org = found
        if not existed and advocacy is None:
            advocacy = org.pk in connected_organizations(owner)
    if motivation is not None:
        org.motivation = motivation
    if posting is not None:
        org.posting = posting
    if advocacy is not None:
        org.advocacy = advocacy
    org.save(update_fields=["motivation", "posting", "advocacy", "updated_at"])
    return org


@transaction.atomic
def import_targets(owner: User, data: str | bytes) -> ImportResult:
    """Bring a LAMP spreadsheet in: new organisations are added, known ones (same name) get its scores.

    Rows with a mistake are left out and reported by line and column; the good rows all go in together.
    """
    read = read_targets(data)
    created = updated = 0
    mine = {org.name.casefold(): org for org in Organization.objects.owned_by(owner)}
    for target in read.targets:
        org = mine.get(target.name.casefold())
        if org is None:
            org = Organization.objects.create(owner=owner, name=target.name, advocacy=target.advocacy,
                                              motivation=target.motivation, posting=target.posting)
            mine[target.name.casefold()] = org
            created += 1
            continue
        org.advocacy, org.motivation, org.posting = target.advocacy, target.motivation, target.posting
        org.save(update_fields=["advocacy", "motivation", "posting", "updated_at"])
        updated += 1
    return ImportResult(created, updated, list(read.errors), list(read.missing_columns))


def export_targets(owner: User, batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[str, int]:
    """The ranked list as spreadsheet-safe CSV text (with a byte-order mark for Excel), and its length."""
    ranked = rank_targets(_targets(owner), batch_size)
    return write_ranked_csv(ranked), len(ranked)


def row_as_json(row: TargetRow) -> dict[str, Any]:
    """The stable JSON shape of one target (docs/json.md)."""
    target = row.ranked.target
    return {
        "rank": row.ranked.rank,
        "id": target.id,
        "name": target.name,
        "advocacy": target.advocacy,
        "advocacy_suggested": row.advocacy_suggested,
        "motivation": target.motivation,
        "posting": target.posting,
        "first_batch": row.ranked.in_batch,
        "why": row.ranked.explanation,
        "starters": [
            {"person_id": s.person_id, "name": s.name, "title": s.title, "reason": s.reason} for s in row.starters
        ],
    }
