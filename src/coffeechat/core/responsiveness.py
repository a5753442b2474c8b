"""Booster, Obligate or Curmudgeon: how a person answers requests (docs/practice.md §4.4).

- A **Booster** replied within ``booster_business_days`` (3) business days of the request.
- An **Obligate** replied, but later than that (often only after the follow-up).
- A **Curmudgeon** has not replied, and the follow-up window of ``follow_up_business_days`` (7) business
  days after the follow-up (or after the request, when no follow-up was sent) is over.
- Anyone else is not known yet (None): the request is still inside its window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coffeechat.core.clock import business_days_after, local_date
from coffeechat.core.practice import MessageFact, Practice, RuleSettings

BOOSTER = "booster"
OBLIGATE = "obligate"
CURMUDGEON = "curmudgeon"
LABELS = {BOOSTER: "Booster", OBLIGATE: "Obligate", CURMUDGEON: "Curmudgeon"}


def classify_reply(
    request_day: date,
    reply_day: date | None,
    today: date,
    *,
    follow_up_day: date | None = None,
    booster_business_days: int = 3,
    follow_up_business_days: int = 7,
    country: str | None = None,
    subdiv: str | None = None,
) -> str | None:
    """Classify one request from its local dates: BOOSTER, OBLIGATE, CURMUDGEON, or None (not known yet).

    The last day of each window still counts inside it: a reply on the 3rd business day is a Booster's,
    and silence becomes a Curmudgeon's only on the day after the 7th business day.
    """
    if reply_day is not None:
        quick_until = business_days_after(request_day, booster_business_days, country, subdiv)
        return BOOSTER if reply_day <= quick_until else OBLIGATE
    waited_from = follow_up_day if follow_up_day is not None else request_day
    if today > business_days_after(waited_from, follow_up_business_days, country, subdiv):
        return CURMUDGEON
    return None


@dataclass(frozen=True)
class RequestOutcome:
    """One sent request and what came of it, as far as ``now`` knows."""

    request: MessageFact
    follow_up_at: datetime | None
    replied_at: datetime | None


def request_outcomes(person_id: int, practice: Practice, now: datetime) -> list[RequestOutcome]:
    """Each request sent to the person by ``now``, oldest first, with its follow-up and first reply.

    A reply to the follow-up counts as a reply to the request it follows up. Messages and replies after
    ``now`` are ignored, so the answer is the one the user would have seen at that moment.
    """
    sent = sorted(
        (
            (m.sent_at, m)
            for m in practice.messages_to(person_id)
            if m.sent_at is not None and m.sent_at <= now
        ),
        key=lambda pair: (pair[0], pair[1].id),
    )
    starts = [(at, m) for at, m in sent if m.kind == "request"]
    outcomes: list[RequestOutcome] = []
    for index, (start, request) in enumerate(starts):
        # A request's story runs until the next request to the same person starts a new one.
        until = starts[index + 1][0] if index + 1 < len(starts) else None
        window = [m for at, m in sent if at >= start and (until is None or at < until)]
        follow_ups = [m.sent_at for m in window if m.kind == "follow_up" and m.sent_at is not None]
        replies = [m.replied_at for m in window if m.replied_at is not None and m.replied_at <= now]
        outcomes.append(
            RequestOutcome(
                request=request,
                follow_up_at=min(follow_ups) if follow_ups else None,
                replied_at=min(replies) if replies else None,
            )
        )
    return outcomes


def classify(person_id: int, practice: Practice, now: datetime, settings: RuleSettings) -> str | None:
    """BOOSTER, OBLIGATE or CURMUDGEON for this person, or None while nothing is known yet.

    When the person has had several requests, the latest one with a verdict decides: people change, and
    the newest behaviour is the best guide to the next request.
    """
    today = local_date(now, settings.timezone)
    for outcome in reversed(request_outcomes(person_id, practice, now)):
        assert outcome.request.sent_at is not None
        verdict = classify_reply(
            local_date(outcome.request.sent_at, settings.timezone),
            local_date(outcome.replied_at, settings.timezone) if outcome.replied_at else None,
            today,
            follow_up_day=local_date(outcome.follow_up_at, settings.timezone)
            if outcome.follow_up_at
            else None,
            booster_business_days=settings.booster_business_days,
            follow_up_business_days=settings.follow_up_business_days,
            country=settings.country,
            subdiv=settings.subdiv,
        )
        if verdict is not None:
            return verdict
    return None
