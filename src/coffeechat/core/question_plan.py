"""A question plan sized to the slot (docs/practice.md §4.6): small talk, then TIARA, then next steps.

How many questions: one per ``minutes_per_question`` minutes of the slot (default 2.5, the middle of the
"one question per 2–3 minutes" rule), rounded half up, never fewer than three:

    planned = max(3, floor(minutes / minutes_per_question + 0.5))

so 15 minutes plan 6 questions, 20 plan 8, 30 plan 12, 45 plan 18 and 60 plan 24. One of them is small
talk and one a closing question; from 20 planned questions up (50 minutes at the default) there are two of
each, because a longer conversation has room to settle in and to wrap up. The rest are the questions and
answers of the middle phase, in this order:

1. the goal's own open questions, as the user wrote them (up to all but one of the middle slots);
2. bank and user-written questions in TIARA order: Trends, Insights, Advice, Resources, Assignments
   (day-to-day, career path and culture count as Insights; skills and education as Advice);
3. always one referral question ("who else should I talk to, and may I mention you?"), asked last in
   the Resources stage.

Inside a stage, questions that earlier conversations for the same goal already answered well sink below
the ones not yet answered; categories and, when a field is given, the field pack and the general questions
take turns, so a plan mixes them. Ties are broken by a hash of the seed and the question's key: the same
inputs always give the same plan, and adding one question to the bank does not reshuffle the others.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import cycle, zip_longest

from coffeechat.core.question_bank import TIARA, BankQuestion

DEFAULT_MINUTES_PER_QUESTION = 2.5
MIN_QUESTIONS = 3
# From this many planned questions, two small-talk and two closing questions instead of one each.
ROOMY_PLAN = 20
# Tags that only fit some conversations: such a question is planned only when the caller says the
# situation applies (the person is a fellow alumnus, the user is a student or is changing careers).
SITUATIONAL_TAGS: tuple[str, ...] = ("alumni", "student", "career-changer")
GOAL_CATEGORY = "goal"
# Which stage takes the next free middle-phase slot. Insights gets the most turns (it holds the person's
# day-to-day work, path and culture too), then Advice and Trends; Resources already has the referral.
_STAGE_TURNS: tuple[str, ...] = (
    "insights", "advice", "trends", "insights", "assignments", "advice",
    "insights", "trends", "resources", "advice", "insights",
)  # fmt: skip
_STAGE_REASON: dict[str, str] = {
    "trends": "Trends: where the field is heading.",
    "insights": "Insights: what the work is like from the inside.",
    "advice": "Advice: what they would do in your place.",
    "resources": "Resources: people, reading and groups worth knowing.",
    "assignments": "Assignments: something you could go and do next.",
}
_FIELD_LABEL: dict[str, str] = {
    "newsroom_politics": "newsrooms and politics",
    "tech": "tech",
    "public_policy": "public policy",
    "finance": "finance",
    "nonprofit": "nonprofit",
}
FALLBACK_REFERRAL = "Who else do you think I should talk to, and may I mention that you suggested them?"


@dataclass(frozen=True)
class PlanItem:
    """One planned question; ``key`` is None for a goal's own question, which is not in any bank."""

    key: str | None
    text: str
    category: str
    phase: str
    reason: str


@dataclass(frozen=True)
class Plan:
    """The questions for one conversation, in the order to ask them.

    ``planned`` is the size the slot calls for (fewer items only when the bank runs dry); ``left_out``
    holds the goal's open questions that did not fit, so the user can swap them in by hand.
    """

    minutes: int
    planned: int
    items: tuple[PlanItem, ...]
    left_out: tuple[str, ...] = ()

    def in_phase(self, phase: str) -> tuple[PlanItem, ...]:
        """The items of one phase: "small_talk", "questions" or "next_steps"."""
        return tuple(item for item in self.items if item.phase == phase)

    @property
    def keys(self) -> tuple[str, ...]:
        """The bank keys in the plan, for saving and for excluding next time."""
        return tuple(item.key for item in self.items if item.key is not None)


def planned_count(minutes: int, minutes_per_question: float = DEFAULT_MINUTES_PER_QUESTION) -> int:
    """How many questions a slot of ``minutes`` calls for (the formula in the module docstring)."""
    if minutes <= 0:
        raise ValueError("a conversation lasts at least one minute")
    if minutes_per_question <= 0:
        raise ValueError("minutes per question must be more than zero")
    return max(MIN_QUESTIONS, math.floor(minutes / minutes_per_question + 0.5))


def phase_sizes(planned: int) -> tuple[int, int, int]:
    """Split a planned count into (small talk, questions and answers, next steps)."""
    ends = 2 if planned >= ROOMY_PLAN else 1
    return ends, planned - 2 * ends, ends


def plan_questions(
    bank: Sequence[BankQuestion],
    minutes: int,
    field: str | None = None,
    goal_open_questions: Sequence[str] = (),
    answered_elsewhere: Mapping[str, int] | None = None,
    excluded_keys: Collection[str] = (),
    seed: int = 0,
    *,
    extra: Sequence[BankQuestion] = (),
    hidden_keys: Collection[str] = (),
    situation: Collection[str] = (),
    minutes_per_question: float = DEFAULT_MINUTES_PER_QUESTION,
) -> Plan:
    """Plan the questions for a ``minutes``-long conversation (see the module docstring for the rules).

    ``extra`` are the user's own questions; one with the key of a bank question replaces it (a reworded
    or retagged copy). ``hidden_keys`` are questions the user never wants; ``excluded_keys`` are ones to
    leave out this time (say, already asked of this person). ``answered_elsewhere`` maps a key to how many
    earlier conversations for the same goal answered it well. ``situation`` switches on questions with a
    situational tag ("alumni", "student", "career-changer").
    """
    answered = dict(answered_elsewhere or {})
    planned = planned_count(minutes, minutes_per_question)
    small_talk_slots, middle_slots, closing_slots = phase_sizes(planned)
    ranker = _Ranker(seed, answered, {question.key for question in extra}, field)

    pool = _pool(bank, extra, field, set(hidden_keys) | set(excluded_keys), set(situation))
    items: list[PlanItem] = []
    items += [
        _item(question, "Small talk: a minute to settle in before the questions.", ranker)
        for question in ranker.best(q for q in pool if q.category == "small_talk")[:small_talk_slots]
    ]

    goal_questions = _clean(goal_open_questions)
    goal_slots = middle_slots - 1  # one middle slot always goes to the referral
    items += [
        PlanItem(None, text, GOAL_CATEGORY, "questions", "An open question from your goal.")
        for text in goal_questions[:goal_slots]
    ]
    by_stage = {
        stage: ranker.interleaved([q for q in pool if q.stage == stage and not q.is_referral])
        for stage in TIARA
    }
    chosen = _take_turns(by_stage, middle_slots - 1 - min(len(goal_questions), goal_slots))
    for stage in TIARA:
        items += [_item(question, _STAGE_REASON[stage], ranker) for question in chosen[stage]]
        if stage == "resources":
            items.append(_referral(pool, bank, ranker))

    items += [
        _item(question, "Next steps: wrap up on time and keep the door open.", ranker)
        for question in ranker.best(q for q in pool if q.category == "closing")[:closing_slots]
    ]
    return Plan(minutes, planned, tuple(items), tuple(goal_questions[goal_slots:]))


class _Ranker:
    """Orders candidates: not yet answered first, the user's own before the bank's, then a seeded hash."""

    def __init__(self, seed: int, answered: Mapping[str, int], own_keys: set[str], field: str | None) -> None:
        self.seed = seed
        self.answered = answered
        self.own_keys = own_keys
        self.field = field

    def tiebreak(self, key: str) -> bytes:
        # A hash per key rather than one shuffle, so a new question does not move all the others.
        return hashlib.blake2b(f"{self.seed}:{key}".encode(), digest_size=8).digest()

    def score(self, question: BankQuestion) -> tuple[int, bool, bytes]:
        return (
            self.answered.get(question.key, 0),
            question.key not in self.own_keys,
            self.tiebreak(question.key),
        )

    def best(self, questions: Iterable[BankQuestion]) -> list[BankQuestion]:
        """Candidates best first."""
        return sorted(questions, key=self.score)

    def interleaved(self, questions: list[BankQuestion]) -> list[BankQuestion]:
        """Best first; at equal merit the field pack and the general questions alternate (pack first),
        and inside each of those the categories take turns, so one stage mixes all of them."""
        pack = self._categories_in_turn([q for q in questions if q.field is not None])
        general = self._categories_in_turn([q for q in questions if q.field is None])
        merged = [q for pair in zip_longest(pack, general) for q in pair if q is not None]
        position = {question.key: index for index, question in enumerate(merged)}
        return sorted(merged, key=lambda q: (self.answered.get(q.key, 0), position[q.key]))

    def _categories_in_turn(self, questions: list[BankQuestion]) -> list[BankQuestion]:
        groups: dict[str, list[BankQuestion]] = {}
        for question in self.best(questions):
            groups.setdefault(question.category, []).append(question)
        turn = {question.key: index for group in groups.values() for index, question in enumerate(group)}
        return sorted(questions, key=lambda q: (self.answered.get(q.key, 0), turn[q.key], self.score(q)))


def _pool(
    bank: Sequence[BankQuestion],
    extra: Sequence[BankQuestion],
    field: str | None,
    left_out: set[str],
    situation: set[str],
) -> list[BankQuestion]:
    """Bank plus the user's questions, with overrides applied and everything unsuitable removed."""
    merged = {question.key: question for question in bank}
    merged.update({question.key: question for question in extra})
    return [
        question
        for question in merged.values()
        if question.key not in left_out
        and (question.field is None or question.field == field)
        and all(tag in situation for tag in question.tags if tag in SITUATIONAL_TAGS)
    ]


def _clean(texts: Sequence[str]) -> list[str]:
    """The goal's questions without blanks or repeats, in the user's order."""
    seen: set[str] = set()
    kept: list[str] = []
    for text in texts:
        text = " ".join(text.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return kept


def _take_turns(by_stage: dict[str, list[BankQuestion]], slots: int) -> dict[str, list[BankQuestion]]:
    """Hand out the free middle slots to the stages in ``_STAGE_TURNS`` order, skipping empty ones."""
    chosen: dict[str, list[BankQuestion]] = {stage: [] for stage in TIARA}
    remaining = {stage: list(questions) for stage, questions in by_stage.items()}
    turns = cycle(_STAGE_TURNS)
    while slots > 0 and any(remaining.values()):
        stage = next(turns)
        if remaining[stage]:
            chosen[stage].append(remaining[stage].pop(0))
            slots -= 1
    return chosen


def _referral(pool: list[BankQuestion], bank: Sequence[BankQuestion], ranker: _Ranker) -> PlanItem:
    """The referral ask, which every plan has even when the user hid or excluded every variant."""
    reason = "Always ask who else to talk to, and whether you may mention this person."
    candidates = ranker.best(q for q in pool if q.is_referral)
    if candidates:
        return _item(candidates[0], reason, ranker)
    fallback = ranker.best(q for q in bank if q.is_referral)
    if fallback:
        return _item(fallback[0], reason + " Your own referral questions were all set aside.", ranker)
    return PlanItem(None, FALLBACK_REFERRAL, "resources", "questions", reason)


def _item(question: BankQuestion, reason: str, ranker: _Ranker) -> PlanItem:
    """A plan line for a question, with why it is there."""
    notes = [reason]
    if question.key in ranker.own_keys:
        notes.append("Your own question.")
    elif question.field is not None:
        notes.append(f"From the {_FIELD_LABEL.get(question.field, question.field)} pack.")
    times = ranker.answered.get(question.key, 0)
    if times:
        conversations = "conversation" if times == 1 else "conversations"
        notes.append(
            f"Answered well in {times} earlier {conversations} for this goal; asked again for a new view."
        )
    return PlanItem(question.key, question.text, question.category, question.phase, " ".join(notes))
