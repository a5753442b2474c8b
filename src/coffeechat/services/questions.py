"""The user's question bank: the built-in questions plus their own, with their changes applied.

A ``Question`` row is one of three things (docs/practice.md §4.6):

- a question the user wrote (``bank_key`` empty; it is known to the planner as ``own-<id>``);
- a change to a built-in question (``bank_key`` names it): reworded, retagged, or ``hidden``;
- a question a goal wants answered (``goal`` set): it is planned first, as the user wrote it, until an
  earlier conversation for that goal answered it well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from coffeechat.core.question_bank import CATEGORIES, FIELDS, BankQuestion, load_bank
from coffeechat.models import Goal, Question

if TYPE_CHECKING:
    from django.contrib.auth.models import User

OWN_PREFIX = "own-"
CATEGORY_LABELS: dict[str, str] = {
    "small_talk": "Small talk",
    "day_to_day": "Day-to-day work",
    "career_path": "Career path",
    "skills_education": "Skills and education",
    "culture": "Culture",
    "trends": "Trends",
    "insights": "Insights",
    "advice": "Advice",
    "resources": "Resources and referrals",
    "assignments": "Assignments and next steps",
    "closing": "Closing",
}
FIELD_LABELS: dict[str, str] = {
    "newsroom_politics": "Newsrooms and politics",
    "tech": "Tech",
    "public_policy": "Public policy and government",
    "finance": "Finance",
    "nonprofit": "Non-profit",
}


class QuestionError(ValueError):
    """A question the user typed cannot be kept as it is; the message says why."""


@dataclass(frozen=True)
class ShownQuestion:
    """One question as the bank page lists it: built-in or the user's own, with its state."""

    key: str
    text: str
    category: str
    field: str | None
    tags: tuple[str, ...]
    built_in: bool
    changed: bool
    hidden: bool
    row_id: int | None


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed as "alumni, remote" or "alumni remote", cleaned and without repeats."""
    seen: list[str] = []
    for raw in text.replace(",", " ").split():
        tag = raw.strip().lower()
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


def own_key(question: Question) -> str:
    """The key the planner and plans know a user-written question by."""
    return question.bank_key or f"{OWN_PREFIX}{question.pk}"


def _check(text: str, category: str, field: str) -> tuple[str, str, str]:
    text = " ".join(text.split())
    if not text:
        raise QuestionError("a question needs some words")
    if not text.endswith("?"):
        text += "?"
    if category not in CATEGORIES:
        raise QuestionError(f"category must be one of {', '.join(CATEGORIES)}")
    if field and field not in FIELDS:
        raise QuestionError(f"field must be one of {', '.join(FIELDS)} (or empty for every field)")
    return text, category, field


@transaction.atomic
def add_question(owner: User, text: str, category: str, *, field: str = "", tags: str = "",
                 goal: Goal | None = None) -> Question:
    """Add a question of the user's own to the bank (or to a goal, as one it wants answered)."""
    text, category, field = _check(text, category, field)
    if goal is not None and goal.owner_id != owner.pk:
        raise QuestionError("that goal is not yours")
    return Question.objects.create(owner=owner, text=text, category=category, field=field,
                                   tags=" ".join(split_tags(tags)), goal=goal)


def _override(owner: User, bank_key: str) -> Question:
    """The user's change row for a built-in question, made from the built-in one when new."""
    built_in = {q.key: q for q in load_bank()}.get(bank_key)
    if built_in is None:
        raise QuestionError(f"no built-in question {bank_key!r}")
    row = Question.objects.owned_by(owner).filter(bank_key=bank_key, goal__isnull=True).first()
    return row or Question(owner=owner, bank_key=bank_key, text=built_in.text, category=built_in.category,
                           field=built_in.field or "", tags=" ".join(built_in.tags))


@transaction.atomic
def edit_question(owner: User, key: str, *, text: str | None = None, tags: str | None = None) -> Question:
    """Reword or retag a question: the user's own is changed in place, a built-in one gets a change row."""
    row = _row_for_key(owner, key)
    if text is not None:
        row.text, _, _ = _check(text, row.category, row.field)
    if tags is not None:
        row.tags = " ".join(split_tags(tags))
    row.save()
    return row


@transaction.atomic
def set_hidden(owner: User, key: str, hidden: bool = True) -> Question:
    """Hide a question from plans and the bank page (or show it again)."""
    row = _row_for_key(owner, key)
    row.hidden = hidden
    row.save()
    return row


def _row_for_key(owner: User, key: str) -> Question:
    if key.startswith(OWN_PREFIX) and key[len(OWN_PREFIX):].isdigit():
        row = Question.objects.owned_by(owner).filter(pk=int(key[len(OWN_PREFIX):]), bank_key="").first()
        if row is None:
            raise QuestionError(f"no question {key!r} of yours")
        return row
    return _override(owner, key)


def _as_bank_question(row: Question) -> BankQuestion:
    return BankQuestion(key=own_key(row), text=row.text, category=row.category, field=row.field or None,
                        tags=split_tags(row.tags))


@dataclass(frozen=True)
class UserBank:
    """What the planner needs from the user's bank: the built-in questions, the user's own and changed
    ones (``extra``) and the keys they never want (``hidden_keys``)."""

    bank: tuple[BankQuestion, ...]
    extra: tuple[BankQuestion, ...]
    hidden_keys: frozenset[str]


def user_bank(owner: User) -> UserBank:
    """The built-in bank with the user's additions and changes, ready for ``plan_questions``."""
    rows = list(Question.objects.owned_by(owner).filter(goal__isnull=True))
    hidden = frozenset(own_key(row) for row in rows if row.hidden)
    extra = tuple(_as_bank_question(row) for row in rows if not row.hidden)
    return UserBank(bank=load_bank(), extra=extra, hidden_keys=hidden)


def browse(owner: User, *, category: str = "", field: str = "", show_hidden: bool = False) -> list[ShownQuestion]:
    """The bank as the user sees it, filtered by category and field pack ("general" = no pack)."""
    rows = {own_key(row): row for row in Question.objects.owned_by(owner).filter(goal__isnull=True)}
    shown: list[ShownQuestion] = []
    for question in load_bank():
        row = rows.pop(question.key, None)
        shown.append(_shown(question, row, built_in=True))
    shown += [_shown(_as_bank_question(row), row, built_in=False) for row in rows.values()]
    return [
        item for item in shown
        if (show_hidden or not item.hidden)
        and (not category or item.category == category)
        and (not field or (item.field is None if field == "general" else item.field == field))
    ]


def _shown(question: BankQuestion, row: Question | None, *, built_in: bool) -> ShownQuestion:
    if row is not None:
        text, tags, hidden = row.text, split_tags(row.tags), row.hidden
    else:
        text, tags, hidden = question.text, question.tags, False
    changed = built_in and row is not None and (text != question.text or tags != question.tags)
    return ShownQuestion(key=question.key, text=text, category=question.category, field=question.field,
                         tags=tags, built_in=built_in, changed=changed, hidden=hidden,
                         row_id=row.pk if row is not None else None)


def goal_questions(owner: User, goal: Goal | None) -> list[Question]:
    """The questions a goal wants answered, oldest first (empty without a goal)."""
    if goal is None:
        return []
    return list(Question.objects.owned_by(owner).filter(goal=goal, hidden=False).order_by("id"))
