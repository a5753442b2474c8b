"""The one suggestion of the weekly review, drawn from how the practice is going.

Rules are tried in order and the first that applies speaks; each is a plain reading of the numbers:

1. ``thank_you_missing``: a held conversation still has no thank-you and its due time has passed.
2. ``cold_org_silent``: every request to cold contacts at an organisation went unanswered (at least
   ``min_cold`` of them, each past its follow-up window): try the next organisation on the list.
3. ``warm_beats_cold``: warm requests (alumni, referrals, colleagues, friends) are answered at least
   twice as often as cold ones, over at least ``min_rate_sample`` cold requests: ask for introductions.
4. ``no_requests``: nothing went out this week: two requests keep the pipeline moving.
5. ``thank_yous_on_time``: every thank-you this week went out on time: praise.
6. ``keep_going``: otherwise, a word of encouragement with the week's count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from coffeechat.core.clock import local_date
from coffeechat.core.practice import RuleSettings
from coffeechat.core.responsiveness import CURMUDGEON, RequestOutcome, classify_reply

WARM = ("alumni", "referral", "colleague", "friend")


@dataclass(frozen=True)
class OrganisationRequests:
    """Requests to cold contacts at one organisation: how many, how many answered, how many waited out."""

    name: str
    cold_sent: int
    cold_replied: int
    cold_waited_out: int  # unanswered and past the follow-up window


@dataclass(frozen=True)
class ReviewFacts:
    """The week's numbers the suggestion reads."""

    requests_this_week: int = 0
    conversations_this_week: int = 0
    thank_yous_on_time_this_week: int = 0
    thank_yous_late_this_week: int = 0
    thank_yous_overdue: int = 0  # held, no thank-you, due time passed (any week)
    organisations: Sequence[OrganisationRequests] = ()
    next_organisations: Sequence[str] = ()  # the user's target list in order, not yet written to
    replies_by_how_known: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # how -> (sent, replied)


@dataclass(frozen=True)
class Suggestion:
    """One suggestion: which rule spoke, and what it says."""

    rule: str
    text: str


def _rate(pairs: Sequence[tuple[int, int]]) -> tuple[int, float | None]:
    sent = sum(s for s, _ in pairs)
    replied = sum(r for _, r in pairs)
    return sent, (replied / sent if sent else None)


def suggestion(facts: ReviewFacts, *, min_cold: int = 2, min_rate_sample: int = 5) -> Suggestion:
    """The first rule that applies (see the module docstring)."""
    if facts.thank_yous_overdue:
        many = facts.thank_yous_overdue
        return Suggestion("thank_you_missing", f"{many} conversation{'s' if many != 1 else ''} still "
                          f"{'wait' if many != 1 else 'waits'} for a thank-you. Send "
                          f"{'them' if many != 1 else 'it'} first: a late thank-you is far better than none.")
    for org in facts.organisations:
        if org.cold_sent >= min_cold and org.cold_replied == 0 and org.cold_waited_out == org.cold_sent:
            nxt = next((n for n in facts.next_organisations if n.casefold() != org.name.casefold()), None)
            tail = f" — try {nxt}, next on your list." if nxt else " — try the next organisation on your list."
            return Suggestion("cold_org_silent",
                              f"Every request to cold contacts at {org.name} went unanswered{tail}")
    cold_sent, cold_rate = _rate([facts.replies_by_how_known.get("cold", (0, 0))])
    warm_sent, warm_rate = _rate([facts.replies_by_how_known.get(h, (0, 0)) for h in WARM])
    if (cold_sent >= min_rate_sample and warm_sent and cold_rate is not None and warm_rate is not None
            and warm_rate >= 2 * cold_rate and warm_rate > 0):
        return Suggestion("warm_beats_cold",
                          f"People you have a connection with answered {warm_rate:.0%} of your requests, cold "
                          f"contacts {cold_rate:.0%}. Ask the people you met whom else you should talk to.")
    if facts.requests_this_week == 0:
        return Suggestion("no_requests", "No request went out this week. Two short requests today keep "
                          "replies coming next week.")
    if facts.thank_yous_on_time_this_week and not facts.thank_yous_late_this_week:
        return Suggestion("thank_yous_on_time", "Every thank-you this week went out on time. That is what "
                          "people remember.")
    return Suggestion("keep_going", f"{facts.requests_this_week} request{'s' if facts.requests_this_week != 1 else ''}"
                      f" and {facts.conversations_this_week} conversation"
                      f"{'s' if facts.conversations_this_week != 1 else ''} this week. Keep the rhythm.")


def waited_out(sent: datetime, replied: datetime | None, follow_up: datetime | None, now: datetime,
               settings: RuleSettings) -> bool:
    """Whether an unanswered request is past its follow-up window (its person is a Curmudgeon for it)."""
    tz = settings.timezone
    verdict = classify_reply(
        local_date(sent, tz), local_date(replied, tz) if replied else None, local_date(now, tz),
        follow_up_day=local_date(follow_up, tz) if follow_up else None,
        booster_business_days=settings.booster_business_days,
        follow_up_business_days=settings.follow_up_business_days, country=settings.country, subdiv=settings.subdiv)
    return verdict == CURMUDGEON


def cold_requests_by_organisation(
    outcomes: Iterable[tuple[int | None, str, RequestOutcome]], names: Mapping[int, str], now: datetime,
    settings: RuleSettings,
) -> list[OrganisationRequests]:
    """Requests to cold contacts grouped by organisation: (organisation id, how known, outcome) each.

    Only organisations with at least one cold request appear, most requests first, then by name.
    """
    sent: Counter[int] = Counter()
    replied: Counter[int] = Counter()
    silent: Counter[int] = Counter()
    for org, how_known, outcome in outcomes:
        if org is None or how_known != "cold" or outcome.request.sent_at is None:
            continue
        sent[org] += 1
        if outcome.replied_at is not None:
            replied[org] += 1
        elif waited_out(outcome.request.sent_at, None, outcome.follow_up_at, now, settings):
            silent[org] += 1
    rows = [OrganisationRequests(names.get(org, f"organisation #{org}"), sent[org], replied[org], silent[org])
            for org in sent]
    return sorted(rows, key=lambda r: (-r.cold_sent, r.name.casefold()))
