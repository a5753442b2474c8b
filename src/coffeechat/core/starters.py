"""Whom to write to first at an organisation: the starter-contact order of docs/practice.md §4.2.

In order of preference: someone who does the job the user wants, an alumnus or member of a shared group,
someone one or two levels above the user's target level, someone already promoted there.

The seniority ladder read from job titles (the user's target level is read the same way from the target
role, and is "entry" when the role names no level):

    0 student    intern, trainee, apprentice, student
    1 entry      junior, jr, assistant, associate, coordinator (and any title without a level word)
    2 senior     senior, sr, lead
    3 manager    manager, mgr, managing, principal, supervisor
    4 director   director, head
    5 executive  vp, vice president, chief, president, partner, founder, ceo, cto, cfo, coo

One or two rungs above the target ranks best: close enough to remember the path and to say what the next
years look like. Further above still counts a little, below or level counts for nothing. "Staff" is left
out on purpose: a staff engineer is senior, but a staff writer or a Hill staff assistant is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coffeechat.core.practice import PersonFact

LEVEL_WORDS: dict[str, int] = {
    **dict.fromkeys(("intern", "trainee", "apprentice", "student"), 0),
    **dict.fromkeys(("junior", "jr", "assistant", "associate", "coordinator"), 1),
    **dict.fromkeys(("senior", "sr", "lead"), 2),
    **dict.fromkeys(("manager", "mgr", "managing", "principal", "supervisor"), 3),
    **dict.fromkeys(("director", "head"), 4),
    **dict.fromkeys(
        ("vp", "vice", "chief", "president", "partner", "founder", "ceo", "cto", "cfo", "coo"), 5
    ),
}
ENTRY_LEVEL = 1
LEVEL_NAMES = ("student", "entry", "senior", "manager", "director", "executive")

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "de",
        "del",
        "des",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "la",
        "le",
        "el",
        "y",
        "und",
        "der",
        "die",
        "das",
    ]
)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class StarterSuggestion:
    """One candidate in ranked order, with why they are where they are.

    ``score`` is (job words shared, alumnus-or-group, level fit, promoted); higher is better, compared
    left to right, so the first criterion always wins over the later ones.
    """

    person_id: int
    rank_reason: str
    score: tuple[int, int, int, int]


def _stem(word: str) -> str:
    # "reporters" and "reporter" are the same job; a light plural rule is enough for title words.
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The lower-case words of a title or role, without stop words, plurals folded to the singular."""
    return [_stem(word) for word in _WORD.findall(text.casefold()) if word not in STOP_WORDS]


def job_words(text: str) -> set[str]:
    """The words that say what the work is: level words (senior, manager…) are left out."""
    return {word for word in words(text) if word not in LEVEL_WORDS}


def seniority(text: str) -> int | None:
    """The highest rung of the ladder named in ``text``, or None when it names no level."""
    levels = [LEVEL_WORDS[word] for word in words(text) if word in LEVEL_WORDS]
    return max(levels) if levels else None


def _level_fit(title: str, target_level: int) -> int:
    level = seniority(title)
    if level is None:
        return 0
    above = level - target_level
    if above in (1, 2):
        return 2
    return 1 if above > 2 else 0


def _reason(person: PersonFact, shared: list[str], level_fit: int) -> str:
    parts: list[str] = []
    if shared:
        parts.append(f"does the work you want ({', '.join(shared)})")
    if person.how_known == "alumni":
        parts.append("a fellow alumnus")
    elif person.shared_group:
        parts.append("shares a group with you")
    level = seniority(person.title)
    if level_fit == 2 and level is not None:
        parts.append(f"one or two levels above your target ({LEVEL_NAMES[level]})")
    elif level_fit == 1 and level is not None:
        parts.append(f"well above your target ({LEVEL_NAMES[level]})")
    if person.promoted_at_org:
        where = f" at {person.organization_name}" if person.organization_name else ""
        parts.append(f"already promoted{where}")
    if not parts:
        return "no particular connection yet: a cold start"
    return "; ".join(parts)


def rank_starters(
    candidates: Sequence[PersonFact], target_role: str, limit: int | None = None
) -> list[StarterSuggestion]:
    """Rank ``candidates`` as starter contacts for a user who wants the job ``target_role``.

    Ties keep a stable, explainable order: by name (case-insensitive), then id. ``limit`` keeps only the
    first few (the brief suggests two starters per organisation).
    """
    wanted = job_words(target_role)
    target_level = seniority(target_role)
    if target_level is None:
        target_level = ENTRY_LEVEL
    ranked: list[tuple[tuple[int, ...], str, int, StarterSuggestion]] = []
    for person in candidates:
        shared = sorted(wanted & job_words(person.title))
        fit = _level_fit(person.title, target_level)
        score = (
            len(shared),
            int(person.how_known == "alumni" or person.shared_group),
            fit,
            int(person.promoted_at_org),
        )
        suggestion = StarterSuggestion(person.id, _reason(person, shared, fit), score)
        ranked.append((tuple(-part for part in score), person.name.casefold(), person.id, suggestion))
    ranked.sort(key=lambda item: item[:3])
    result = [item[3] for item in ranked]
    return result if limit is None else result[:limit]
