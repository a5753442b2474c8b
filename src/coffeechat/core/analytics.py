"""How the practice is going, in numbers: the funnel, reply rates, time to reply, thank-yous on time.

Everything here is computed from plain facts the service layer reads, so each number can be checked by
hand. The definitions, in the user's words:

- **requests**: request messages sent. A request counts as **replied** when the person answered it or the
  follow-up that came after it (docs/practice.md §4.4: a follow-up is there to get the reply).
- **conversations**: conversations held; **thank-yous**: held conversations with a thank-you sent.
- **ongoing relationships**: people at stage ongoing or mentor; **mentors**: people at stage mentor.
- per week (ISO weeks of the user's calendar): requests sent, replies received, conversations held and
  thank-yous sent in that week.
- per goal: the people with a conversation for that goal, their requests and replies, the goal's held
  conversations and thank-yous, and how many of those people are ongoing or mentors.
- **median business days to reply**: over replied requests, business days from the day the request went
  out to the day the reply came, in the user's country.
- **referrals per conversation**: every referral on record divided by the conversations held.
- **thank-you on time**: sent within ``thank_you_due_hours`` of the conversation; late after that;
  missing when none was sent.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from coffeechat.core.clock import business_days_between, local_date
from coffeechat.core.practice import MessageFact, PersonFact, Practice, RuleSettings
from coffeechat.core.responsiveness import BOOSTER, CURMUDGEON, OBLIGATE, classify, request_outcomes

ONGOING_STAGES = ("ongoing", "mentor")
NO_TEMPLATE = "(no template)"


@dataclass(frozen=True)
class ConversationRecord:
    """A conversation as analytics sees it: who, for which goal, whether and when it was held and thanked."""

    id: int
    person_id: int
    goal_id: int | None
    state: str
    held_at: datetime | None  # when it took place (the service falls back to the scheduled time)
    thanked_at: datetime | None
    confidence_before: int | None = None
    confidence_after: int | None = None


@dataclass(frozen=True)
class PracticeRecord:
    """The raw facts behind every number: people, sent messages, conversations, referrals, goals."""

    people: tuple[PersonFact, ...] = ()
    messages: tuple[MessageFact, ...] = ()  # sent messages only
    templates: Mapping[int, str] = field(default_factory=dict)  # message id -> template name
    conversations: tuple[ConversationRecord, ...] = ()
    referral_count: int = 0
    goals: tuple[tuple[int, str], ...] = ()  # (id, title)


@dataclass(frozen=True)
class Funnel:
    """Requests → replies → conversations → thank-yous → ongoing relationships → mentors."""

    requests: int = 0
    replies: int = 0
    conversations: int = 0
    thank_yous: int = 0
    ongoing: int = 0
    mentors: int = 0

    def steps(self) -> list[tuple[str, int]]:
        """The funnel as (label, count) pairs, in order."""
        return [("Requests", self.requests), ("Replies", self.replies), ("Conversations", self.conversations),
                ("Thank-yous", self.thank_yous), ("Ongoing", self.ongoing), ("Mentors", self.mentors)]


@dataclass(frozen=True)
class WeekRow:
    """What happened in one ISO week."""

    week: str  # "2026-W45"
    starts: date  # its Monday
    requests: int
    replies: int
    conversations: int
    thank_yous: int


@dataclass(frozen=True)
class GoalRow:
    """The funnel of one goal."""

    goal_id: int
    title: str
    funnel: Funnel


@dataclass(frozen=True)
class RateRow:
    """Requests of one kind (how the person was known, or a template) and how many were answered."""

    label: str
    sent: int
    replied: int

    @property
    def rate(self) -> float | None:
        """Replied / sent, or None when nothing was sent."""
        return self.replied / self.sent if self.sent else None


@dataclass(frozen=True)
class ConfidencePoint:
    """One held conversation's self-ratings (1–5), for the trend over the term."""

    conversation_id: int
    person_id: int
    day: date
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Stats:
    """Every number of the analytics page."""

    funnel: Funnel
    weeks: list[WeekRow]
    goals: list[GoalRow]
    by_how_known: list[RateRow]
    by_template: list[RateRow]
    median_business_days_to_reply: float | None
    replies_timed: int
    responsiveness: dict[str, int]
    referrals: int
    referrals_per_conversation: float | None
    thank_you_on_time: int
    thank_you_late: int
    thank_you_missing: int
    confidence: list[ConfidencePoint]


@dataclass(frozen=True)
class RequestResult:
    """One sent request with the first reply to it (or to its follow-up), if any."""

    message: MessageFact
    replied_at: datetime | None


def request_results(record: PracticeRecord, now: datetime) -> list[RequestResult]:
    """Every request sent by ``now`` with its reply, oldest first (a follow-up's reply counts for it)."""
    practice = Practice(messages=record.messages)
    results: list[RequestResult] = []
    for person_id in sorted({m.person_id for m in record.messages if m.kind == "request"}):
        results.extend(RequestResult(o.request, o.replied_at) for o in request_outcomes(person_id, practice, now))
    results.sort(key=lambda r: (r.message.sent_at, r.message.id))
    return results


def iso_week(day: date) -> str:
    """"2026-W45" for a day in that ISO week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _funnel(requests: list[RequestResult], conversations: Iterable[ConversationRecord],
            people: Iterable[PersonFact]) -> Funnel:
    held = [c for c in conversations if c.state == "held"]
    stages = [p.stage for p in people]
    return Funnel(
        requests=len(requests),
        replies=sum(1 for r in requests if r.replied_at is not None),
        conversations=len(held),
        thank_yous=sum(1 for c in held if c.thanked_at is not None),
        ongoing=sum(1 for s in stages if s in ONGOING_STAGES),
        mentors=sum(1 for s in stages if s == "mentor"),
    )


def _weeks(requests: list[RequestResult], held: list[ConversationRecord], today: date, tz: str) -> list[WeekRow]:
    counts: dict[date, Counter[str]] = defaultdict(Counter)

    def monday(moment: datetime) -> date:
        day = local_date(moment, tz)
        return day - timedelta(days=day.weekday())

    for result in requests:
        assert result.message.sent_at is not None
        counts[monday(result.message.sent_at)]["requests"] += 1
        if result.replied_at is not None:
            counts[monday(result.replied_at)]["replies"] += 1
    for conversation in held:
        if conversation.held_at is not None:
            counts[monday(conversation.held_at)]["conversations"] += 1
        if conversation.thanked_at is not None:
            counts[monday(conversation.thanked_at)]["thank_yous"] += 1
    if not counts:
        return []
    # Every week from the first activity to this one, quiet weeks included, so the chart shows the gaps.
    first, last = min(counts), max(max(counts), today - timedelta(days=today.weekday()))
    rows = []
    week = first
    while week <= last:
        c = counts.get(week, Counter())
        rows.append(WeekRow(iso_week(week), week, c["requests"], c["replies"], c["conversations"], c["thank_yous"]))
        week += timedelta(days=7)
    return rows


def _rates(requests: list[RequestResult], label_of: Mapping[int, str]) -> list[RateRow]:
    sent: Counter[str] = Counter()
    replied: Counter[str] = Counter()
    for result in requests:
        label = label_of[result.message.id]
        sent[label] += 1
        replied[label] += result.replied_at is not None
    return sorted((RateRow(label, sent[label], replied[label]) for label in sent), key=lambda r: (-r.sent, r.label))


def compute_stats(record: PracticeRecord, now: datetime, settings: RuleSettings) -> Stats:
    """Every number of the analytics page from the raw facts, as of ``now`` in the user's zone."""
    tz = settings.timezone
    today = local_date(now, tz)
    requests = request_results(record, now)
    people = {p.id: p for p in record.people}
    held = [c for c in record.conversations if c.state == "held"]

    goal_rows = []
    for goal_id, title in record.goals:
        mine = [c for c in record.conversations if c.goal_id == goal_id]
        who = {c.person_id for c in mine}
        goal_requests = [r for r in requests if r.message.person_id in who]
        goal_people = [people[pk] for pk in sorted(who) if pk in people]
        goal_rows.append(GoalRow(goal_id, title, _funnel(goal_requests, mine, goal_people)))

    how_known = {r.message.id: people[r.message.person_id].how_known if r.message.person_id in people else "other"
                 for r in requests}
    templates = {r.message.id: record.templates.get(r.message.id) or NO_TEMPLATE for r in requests}

    delays = [
        business_days_between(local_date(r.message.sent_at, tz), local_date(r.replied_at, tz),  # type: ignore[arg-type]
                              settings.country, settings.subdiv)
        for r in requests if r.replied_at is not None
    ]

    practice = Practice(messages=record.messages)
    verdicts = Counter(classify(pk, practice, now, settings) for pk in {r.message.person_id for r in requests})

    due = timedelta(hours=settings.thank_you_due_hours)
    on_time = late = missing = 0
    for conversation in held:
        if conversation.thanked_at is None:
            missing += 1
        elif conversation.held_at is not None and conversation.thanked_at - conversation.held_at <= due:
            on_time += 1
        else:
            late += 1

    confidence = sorted(
        (ConfidencePoint(c.id, c.person_id, local_date(c.held_at, tz), c.confidence_before, c.confidence_after)
         for c in record.conversations
         if c.held_at is not None and (c.confidence_before is not None or c.confidence_after is not None)),
        key=lambda p: (p.day, p.conversation_id),
    )

    return Stats(
        funnel=_funnel(requests, record.conversations, record.people),
        weeks=_weeks(requests, held, today, tz),
        goals=goal_rows,
        by_how_known=_rates(requests, how_known),
        by_template=_rates(requests, templates),
        median_business_days_to_reply=float(statistics.median(delays)) if delays else None,
        replies_timed=len(delays),
        responsiveness={BOOSTER: verdicts[BOOSTER], OBLIGATE: verdicts[OBLIGATE], CURMUDGEON: verdicts[CURMUDGEON],
                        "unknown": verdicts[None]},
        referrals=record.referral_count,
        referrals_per_conversation=record.referral_count / len(held) if held else None,
        thank_you_on_time=on_time,
        thank_you_late=late,
        thank_you_missing=missing,
        confidence=confidence,
    )


def bar_lengths(values: list[int] | list[float], longest: int) -> list[int]:
    """Bar lengths in pixels for ``values``, the largest drawn ``longest`` long; a non-zero value is at
    least 1 pixel so it never looks like zero."""
    top = max(values, default=0)
    if top <= 0:
        return [0 for _ in values]
    return [max(1, round(v / top * longest)) if v > 0 else 0 for v in values]
