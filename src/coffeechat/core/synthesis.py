"""What the conversations of one goal taught: insights grouped by theme and by skill, and which of the
goal's questions have been answered, and by whom (docs/practice.md §3.11).

A theme or skill is counted once per conversation that mentioned it, however many insights say it, so
"SQL (3 conversations)" means three different people brought it up. Names are compared without regard
to case or spacing, and shown as the user first wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

UNTAGGED = "(untagged)"


@dataclass(frozen=True)
class InsightFact:
    """One insight of the goal, with where it came from."""

    id: int
    text: str
    theme: str
    skill: str
    conversation_id: int | None
    person_id: int | None
    person_name: str
    created_at: datetime


@dataclass(frozen=True)
class Mention:
    """A theme or skill and every insight that named it."""

    name: str
    conversations: int  # distinct conversations (an insight with none counts as its own)
    insights: tuple[InsightFact, ...]


@dataclass(frozen=True)
class QuestionFact:
    """A question the user wants answered for the goal; ``keys`` are the plan keys it is known by."""

    id: int
    text: str
    keys: frozenset[str]


@dataclass(frozen=True)
class AnsweredItem:
    """A plan item marked answered in a conversation of the goal."""

    text: str
    key: str
    conversation_id: int
    person_id: int
    person_name: str


@dataclass(frozen=True)
class QuestionStatus:
    """One of the goal's questions, with who answered it (empty while it is still open)."""

    question: QuestionFact
    answered_by: tuple[AnsweredItem, ...]

    @property
    def open(self) -> bool:
        """Nobody has answered it yet."""
        return not self.answered_by


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def group_insights(insights: Iterable[InsightFact], by: str) -> list[Mention]:
    """Insights grouped by ``by`` ("theme" or "skill"), most conversations first, then by name.

    Insights without that tag are left out; :data:`UNTAGGED` is never a group of its own.
    """
    if by not in ("theme", "skill"):
        raise ValueError("group insights by theme or skill")
    groups: dict[str, list[InsightFact]] = {}
    shown: dict[str, str] = {}
    for insight in sorted(insights, key=lambda i: (i.created_at, i.id)):
        name = getattr(insight, by).strip()
        if not name:
            continue
        key = _fold(name)
        shown.setdefault(key, " ".join(name.split()))
        groups.setdefault(key, []).append(insight)
    mentions = []
    for key, items in groups.items():
        conversations = {("c", i.conversation_id) if i.conversation_id is not None else ("i", i.id) for i in items}
        mentions.append(Mention(shown[key], len(conversations), tuple(items)))
    return sorted(mentions, key=lambda m: (-m.conversations, m.name.casefold()))


def question_status(questions: Iterable[QuestionFact], answered: Iterable[AnsweredItem]) -> list[QuestionStatus]:
    """Each question with the answered plan items that match it: the same plan key, or the same words.

    Open questions come first (what is still to learn), then answered ones; each in the order given.
    """
    answered = list(answered)
    result = []
    for question in questions:
        text = _fold(question.text)
        matches = tuple(
            item for item in answered
            if (item.key and item.key in question.keys) or (text and _fold(item.text) == text)
        )
        result.append(QuestionStatus(question, matches))
    return sorted(result, key=lambda s: not s.open)
