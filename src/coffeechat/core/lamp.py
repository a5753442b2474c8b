"""The LAMP target list: which organisations to approach first (docs/practice.md §4.1).

Each organisation on the List gets three scores:

    A  advocacy (2nd edition) or alumni (1st edition): is there any plausible connection? yes / no
    M  motivation, a gut score 0-3 (0 = "I don't know it"); the user may raise one to 4 to pull it into
       the first batch whatever the other scores say
    P  posting: 3 = relevant openings, 2 = somewhat relevant, 1 = none

The list is sorted by Motivation, then Posting, then Advocacy yes first. Whatever is still tied is put in
alphabetical order of name (ignoring case), then by id, so the same list always comes out the same way
and the user can see why one row sits above another. The first ``batch_size`` rows (five by default) are
the first batch to contact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MOTIVATION_MIN = 0
MOTIVATION_MAX = 3
MOTIVATION_PULL = 4  # the one-off "pull it into the top five" score
POSTING_MIN = 1
POSTING_MAX = 3
DEFAULT_BATCH_SIZE = 5
LIST_SIZE_MIN = 40
LIST_SIZE_MAX = 100

POSTING_MEANING = {3: "relevant openings", 2: "somewhat relevant openings", 1: "no relevant openings"}


@dataclass(frozen=True)
class Target:
    """One organisation on the user's LAMP list, with the user's scores for it."""

    id: int
    name: str
    advocacy: bool
    motivation: int
    posting: int

    def __post_init__(self) -> None:
        validate_motivation(self.motivation)
        validate_posting(self.posting)
        if not self.name.strip():
            raise ValueError("an organisation on the list needs a name")


@dataclass(frozen=True)
class RankedTarget:
    """A target in its place on the sorted list (rank 1 is the first to approach)."""

    target: Target
    rank: int
    in_batch: bool
    explanation: str


def validate_motivation(value: int) -> int:
    """Return ``value`` if it is a valid motivation score (0-3, or 4 to pull into the top five)."""
    if isinstance(value, bool) or not isinstance(value, int):
        # ValueError, not TypeError: a score typed into a CSV or a form is a bad value, reported alike.
        raise ValueError(f"motivation must be a whole number from 0 to 3 (or 4), not {value!r}")
    if not MOTIVATION_MIN <= value <= MOTIVATION_PULL:
        raise ValueError(
            f"motivation must be from {MOTIVATION_MIN} to {MOTIVATION_MAX} "
            f"(or {MOTIVATION_PULL} to pull an organisation into the top five), not {value}"
        )
    return value


def validate_posting(value: int) -> int:
    """Return ``value`` if it is a valid posting score (3 relevant, 2 somewhat, 1 none)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"posting must be a whole number from 1 to 3, not {value!r}")
    if not POSTING_MIN <= value <= POSTING_MAX:
        raise ValueError(
            f"posting must be 3 (relevant openings), 2 (somewhat relevant) or 1 (none), not {value}"
        )
    return value


def validate_batch_size(value: int) -> int:
    """Return ``value`` if it is a usable batch size (at least one organisation)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"the batch size must be a whole number of at least 1, not {value!r}")
    return value


def suggest_advocacy(has_alumni_or_referral: bool) -> bool:
    """The A column's suggested value: yes as soon as there is any plausible connection.

    The service layer passes True when the user's network holds an alumnus, a shared-group member or a
    referral at the organisation; the user can still override the suggestion by hand.
    """
    return bool(has_alumni_or_referral)


def sort_key(target: Target) -> tuple[int, int, int, str, int]:
    """The order of the list: motivation, posting, advocacy (all high first), then name and id."""
    return (
        -target.motivation,
        -target.posting,
        0 if target.advocacy else 1,
        target.name.casefold(),
        target.id,
    )


def explain(target: Target) -> str:
    """A short sentence giving the three scores that placed ``target`` where it is."""
    if target.motivation == MOTIVATION_PULL:
        motivation = "motivation 4 (pulled into the top five)"
    elif target.motivation == 0:
        motivation = "motivation 0 (not known yet)"
    else:
        motivation = f"motivation {target.motivation}"
    posting = f"posting {target.posting} ({POSTING_MEANING[target.posting]})"
    advocacy = "advocacy yes" if target.advocacy else "advocacy no"
    return f"{motivation}, {posting}, {advocacy}"


def rank_targets(targets: Iterable[Target], batch_size: int = DEFAULT_BATCH_SIZE) -> list[RankedTarget]:
    """Sort the LAMP list and mark the first batch.

    When a row ties with the one above it on all three scores, the explanation says the tie was broken
    by name, so the user is never left guessing.
    """
    validate_batch_size(batch_size)
    ordered = sorted(targets, key=sort_key)
    ids = [target.id for target in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("each organisation on the list needs its own id")
    ranked: list[RankedTarget] = []
    previous: Target | None = None
    for position, target in enumerate(ordered, start=1):
        explanation = explain(target)
        if previous is not None and sort_key(previous)[:3] == sort_key(target)[:3]:
            explanation += f"; same scores as {previous.name}, so placed by name"
        ranked.append(RankedTarget(target, position, position <= batch_size, explanation))
        previous = target
    return ranked


def list_size_hint(count: int) -> str | None:
    """A gentle note about the length of the list, or None when it is a good size (40 to about 100).

    Fewer than 40 leaves too few options once motivation and postings thin them out; far more than 100
    is more than anyone scores with care.
    """
    if count < 0:
        raise ValueError(f"a list cannot have {count} organisations")
    if count < LIST_SIZE_MIN:
        missing = LIST_SIZE_MIN - count
        noun = "organisation" if missing == 1 else "organisations"
        return (
            f"Your list has {count}; aim for at least {LIST_SIZE_MIN}. Add {missing} more {noun}: "
            "employers of people you know, ones from job postings and ones your peers mention."
        )
    if count > LIST_SIZE_MAX:
        return (
            f"Your list has {count}; about {LIST_SIZE_MAX} is plenty. Scoring fewer with more care "
            "gives a better first batch."
        )
    return None
