"""Journalism mode (docs/practice.md §4.9): people approached as a reporter are sources, with ground rules first.

A career conversation is not an interview for a story. Switching someone to "source" needs the ground
rules agreed with them (on the record, on background, off the record…), which then show on their page;
the source book lists every source with their last touch, kept up to date by the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max

from coffeechat.models import Person, Touch
from coffeechat.services.timeline import record_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class GroundRulesNeeded(ValueError):
    """A person cannot become a source before the ground rules are written down."""


@transaction.atomic
def mark_as_source(owner: User, person: Person, ground_rules: str) -> Person:
    """From now on ``person`` is approached as a reporter, under these agreed ground rules."""
    rules = ground_rules.strip()
    if not rules:
        raise GroundRulesNeeded(
            f"agree the ground rules with {person.full_name} first (on the record, on background or off the "
            "record, and how you may name them), then write them down here"
        )
    changed = not person.is_source or person.ground_rules != rules
    person.is_source, person.ground_rules = True, rules
    person.save(update_fields=["is_source", "ground_rules", "updated_at"])
    if changed:
        record_touch(owner, person, Touch.Kind.NOTE, f"Now a source; ground rules: {rules}")
    return person


@transaction.atomic
def mark_as_career(owner: User, person: Person) -> Person:
    """Back to career conversations only; the ground rules stay on record."""
    if person.is_source:
        person.is_source = False
        person.save(update_fields=["is_source", "updated_at"])
        record_touch(owner, person, Touch.Kind.NOTE, "Back to career conversations (no longer a source)")
    return person


@dataclass(frozen=True)
class SourceEntry:
    """One line of the source book."""

    person: Person
    last_touch: datetime | None
    last_touch_summary: str


def source_book(owner: User) -> list[SourceEntry]:
    """Every source with their ground rules and last touch, most recently touched first."""
    sources = list(
        Person.objects.owned_by(owner).filter(is_source=True).select_related("organization")
        .annotate(last_touch=Max("touches__at")).order_by("full_name", "id")
    )
    latest: dict[int, str] = {}
    for touch in Touch.objects.owned_by(owner).filter(person__in=sources).order_by("person_id", "-at", "-id"):
        latest.setdefault(touch.person_id, touch.summary)
    entries = [SourceEntry(p, p.last_touch, latest.get(p.pk, "")) for p in sources]
    return sorted(entries, key=lambda e: (e.last_touch is None, -(e.last_touch.timestamp() if e.last_touch else 0)))


def source_as_json(entry: SourceEntry) -> dict[str, Any]:
    """The stable JSON shape of one source (docs/json.md)."""
    person = entry.person
    return {
        "id": person.pk, "name": person.full_name, "organization": person.organization.name if person.organization else None,
        "title": person.title, "ground_rules": person.ground_rules,
        "last_touch": entry.last_touch.isoformat() if entry.last_touch else None,
        "last_touch_summary": entry.last_touch_summary,
    }
