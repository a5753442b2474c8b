"""Growing relationships: stages, when to suggest asking for mentorship, and who to tell about a milestone
(docs/practice.md §3.10 and §4.8).

Stages go new → contacted → met → ongoing → mentor. Events only ever move a person forward; the user
may set any stage by hand (a relationship can cool).

A mentorship suggestion appears after repeated two-way contact: at least ``min_held`` conversations held
and, within the last ``within_days`` days, a reply to an update or report-back the user sent. It is a
suggestion only, shown once per person until the user dismisses it.

After a milestone ("got the internship"), everyone on the referral paths that led to the people involved
should hear about it; with no people named, everyone the user has talked with helped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from coffeechat.core.vocabulary import STAGES

MIN_CADENCE_DAYS = 1
MAX_CADENCE_DAYS = 730


def check_stage(stage: str) -> str:
    """The stage, lower-cased, or ValueError naming the stages there are."""
    value = stage.strip().lower()
    if value not in STAGES:
        raise ValueError(f"a stage is one of {', '.join(STAGES)} (not {stage!r})")
    return value


def parse_cadence(text: str) -> int | None:
    """Days between touches from what the user typed: a number of days, or "none" for no cadence."""
    value = text.strip().lower()
    if value in ("none", "off", "0", ""):
        return None
    value = value.removesuffix("d")
    if not value.isdigit():
        raise ValueError(f"a cadence is a number of days (e.g. 90) or none, not {text!r}")
    days = int(value)
    if not MIN_CADENCE_DAYS <= days <= MAX_CADENCE_DAYS:
        raise ValueError(f"a cadence is between {MIN_CADENCE_DAYS} and {MAX_CADENCE_DAYS} days")
    return days


@dataclass(frozen=True)
class ContactHistory:
    """What mentorship readiness looks at for one person."""

    person_id: int
    stage: str
    held_conversations: int
    update_replies: tuple[datetime, ...]  # when they replied to an update or report-back
    dismissed: bool = False


def suggests_mentorship(history: ContactHistory, now: datetime, *, min_held: int = 2, within_days: int = 183) -> bool:
    """Whether to suggest asking this person to be a mentor (see the module docstring)."""
    if history.dismissed or history.stage == "mentor" or history.held_conversations < min_held:
        return False
    since = now - timedelta(days=within_days)
    return any(since <= at <= now for at in history.update_replies)


def report_back_people(
    involved: Iterable[int], introduced_by: Mapping[int, Iterable[int]], helped: Iterable[int]
) -> list[int]:
    """Who should hear about a milestone: everyone up the referral chains of the people ``involved``
    (whoever introduced them, whoever introduced that person, and so on) and the involved people too.

    ``introduced_by`` maps a person to everyone who introduced them. With nobody involved, everyone in
    ``helped`` (the people the user talked with). Sorted by id; nobody twice; cycles are safe.
    """
    people = set(involved)
    if not people:
        return sorted(set(helped))
    seen: set[int] = set()
    stack = list(people)
    while stack:
        person = stack.pop()
        if person in seen:
            continue
        seen.add(person)
        stack.extend(introduced_by.get(person, ()))
    return sorted(seen)
