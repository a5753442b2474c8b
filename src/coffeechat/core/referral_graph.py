"""Who introduced the user to whom, laid out in rings around the user, and the warm paths into an
organisation (docs/practice.md §3.11).

The user sits at the centre. Ring 1 holds the people the user reached on their own who went on to
introduce someone; each person someone introduced sits one ring further out than the person who
introduced them (the shortest chain wins when two people introduced the same person). Within a ring,
people are placed in the order of the people who introduced them, so a branch stays together.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Introduction:
    """``from_person`` introduced the user to ``to_person`` (maybe in a conversation)."""

    from_person_id: int
    to_person_id: int
    conversation_id: int | None = None


@dataclass(frozen=True)
class PlacedPerson:
    """A person drawn on the picture: ring (1 = known directly), position, and who introduced them."""

    person_id: int
    depth: int
    x: float
    y: float
    introduced_by: int | None


@dataclass(frozen=True)
class Layout:
    """Everyone on the picture and the lines between them; the user is at (cx, cy)."""

    size: int
    cx: float
    cy: float
    ring_gap: float
    people: tuple[PlacedPerson, ...]
    lines: tuple[tuple[int | None, int], ...]  # (from person or None for the user, to person)

    @property
    def rings(self) -> int:
        """How many rings are drawn."""
        return max((p.depth for p in self.people), default=0)


def chain_depths(introductions: Iterable[Introduction]) -> dict[int, tuple[int, int | None]]:
    """For each person on a referral chain: their ring and who introduced them (None for ring 1).

    People who were never introduced by anyone on record are ring 1. In a cycle with no such person
    (A introduced B, B introduced A), the lowest id is taken as known directly, so nobody is lost.
    """
    children: dict[int, list[int]] = defaultdict(list)
    introduced: set[int] = set()
    everyone: set[int] = set()
    for intro in introductions:
        if intro.from_person_id == intro.to_person_id:
            continue
        children[intro.from_person_id].append(intro.to_person_id)
        introduced.add(intro.to_person_id)
        everyone |= {intro.from_person_id, intro.to_person_id}
    placed: dict[int, tuple[int, int | None]] = {}
    roots = sorted(everyone - introduced)
    remaining = set(everyone)
    while remaining:
        queue: deque[tuple[int, int, int | None]] = deque((root, 1, None) for root in roots)
        while queue:
            person, depth, parent = queue.popleft()
            if person in placed:
                continue
            placed[person] = (depth, parent)
            remaining.discard(person)
            for child in sorted(set(children[person])):
                if child not in placed:
                    queue.append((child, depth + 1, person))
        roots = [min(remaining)] if remaining else []
    return placed


BRANCH_SPREAD = 2 * math.pi / 3


def ring_layout(introductions: Iterable[Introduction], *, ring_gap: float = 110.0, margin: float = 90.0) -> Layout:
    """Positions for the picture: the user in the centre, each ring ``ring_gap`` further out.

    Each person gets a slice of the circle as wide as the number of chain ends below them, and the people
    they introduced share that slice, so a branch stays together and lines do not cross the picture.
    """
    intros = list(introductions)
    depths = chain_depths(intros)
    children: dict[int | None, list[int]] = defaultdict(list)
    for person, (_, parent) in sorted(depths.items()):
        children[parent].append(person)
    ends: dict[int, int] = {}

    def count_ends(person: int) -> int:
        ends[person] = sum(count_ends(child) for child in children[person]) or 1
        return ends[person]

    total = sum(count_ends(root) for root in children[None]) or 1
    deepest = max((depth for depth, _ in depths.values()), default=0)
    size = int(2 * (deepest * ring_gap + margin)) if deepest else int(2 * margin)
    cx = cy = size / 2
    placed: list[PlacedPerson] = []

    def place(person: int, start: float, width: float) -> None:
        depth, parent = depths[person]
        theta = -math.pi / 2 + start + width / 2
        radius = depth * ring_gap
        placed.append(PlacedPerson(person, depth, round(cx + radius * math.cos(theta), 1),
                                   round(cy + radius * math.sin(theta), 1), parent))
        # A branch fans out at most a third of the circle around its person, so it stays near them.
        spread = min(width, BRANCH_SPREAD)
        offset = start + (width - spread) / 2
        for child in children[person]:
            share = spread * ends[child] / ends[person]
            place(child, offset, share)
            offset += share

    offset = 0.0
    for root in children[None]:
        share = 2 * math.pi * ends[root] / total
        place(root, offset, share)
        offset += share
    lines = tuple((p.introduced_by, p.person_id) for p in placed)
    return Layout(size=size, cx=cx, cy=cy, ring_gap=ring_gap, people=tuple(placed), lines=lines)


_PREVIOUS_JOB = re.compile(r"\bwas (?P<title>.*?) at (?P<org>.+?), now ", re.IGNORECASE)


def previous_organisation(summary: str) -> str | None:
    """The organisation a "Changed job: was … at ORG, now …" timeline entry says the person left."""
    found = _PREVIOUS_JOB.search(summary)
    if not found:
        return None
    org = found.group("org").strip()
    return None if org.casefold() == "no organisation" else org


@dataclass(frozen=True)
class WarmPath:
    """Someone the user knows who could introduce them at the organisation, and why."""

    person_id: int
    reasons: tuple[str, ...]


STAGE_ORDER = {"mentor": 0, "ongoing": 1, "met": 2, "contacted": 3, "new": 4}


def warm_paths(
    organisation: str,
    *,
    current: Mapping[int, str],
    previous: Mapping[int, Iterable[str]],
    introduced_by: Mapping[int, int],
    names: Mapping[int, str],
    stages: Mapping[int, str],
) -> list[WarmPath]:
    """People who could open a door at ``organisation``: they work there now, worked there before, or
    were introduced to the user by someone who works or worked there.

    ``current`` maps people to their organisation's name, ``previous`` to organisations they left,
    ``introduced_by`` a person to whoever introduced them. The closest relationships come first.
    """
    wanted = " ".join(organisation.split()).casefold()

    def same(name: str) -> bool:
        return " ".join(name.split()).casefold() == wanted

    there = {pk for pk, org in current.items() if same(org)}
    left = {pk for pk, orgs in previous.items() if any(same(o) for o in orgs) and pk not in there}
    reasons: dict[int, list[str]] = defaultdict(list)
    for pk in there:
        reasons[pk].append(f"works at {organisation} now")
    for pk in left:
        reasons[pk].append(f"used to work at {organisation}")
    for pk, by in introduced_by.items():
        if by in there or by in left:
            verb = "works" if by in there else "used to work"
            reasons[pk].append(f"was introduced to you by {names.get(by, 'someone')}, who {verb} there")
    return sorted((WarmPath(pk, tuple(r)) for pk, r in reasons.items()),
                  key=lambda w: (STAGE_ORDER.get(stages.get(w.person_id, "new"), 5), names.get(w.person_id, ""), w.person_id))
