"""The weekly review: what happened in the past seven days, what is due in the next seven, and one
suggestion drawn from the numbers (rules in core.review)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from coffeechat.core.clock import local_date
from coffeechat.core.lamp import Target, sort_key
from coffeechat.core.practice import MessageFact, Practice
from coffeechat.core.responsiveness import request_outcomes
from coffeechat.core.review import ReviewFacts, Suggestion, cold_requests_by_organisation, suggestion
from coffeechat.core.when import zone
from coffeechat.models import Conversation, Message, Organization, Person, Touch
from coffeechat.services.agenda import Agenda, agenda, rule_settings
from coffeechat.services.clock import now

if TYPE_CHECKING:
    from django.contrib.auth.models import User

WINDOW_DAYS = 7
PER_GROUP = 50
# Imports and edits are bookkeeping, not what happened between the user and people.
QUIET_KINDS = (Touch.Kind.IMPORTED, Touch.Kind.UPDATED, Touch.Kind.MERGED)


@dataclass(frozen=True)
class WeekGroup:
    """The past week's timeline entries of one kind."""

    kind: str
    label: str
    count: int
    touches: list[Touch]


@dataclass(frozen=True)
class WeeklyReview:
    """Everything the review shows."""

    since: date
    today: date
    happened: list[WeekGroup]
    due: Agenda
    suggestion: Suggestion
    facts: ReviewFacts
    mentorship: list[Person]


def _facts(owner: User, moment: datetime, start: datetime) -> ReviewFacts:
    settings = rule_settings(owner)
    # One query: each sent message with its person's organisation and how they are known (a join, rather
    # than a second query naming thousands of person ids).
    joined = list(Message.objects.owned_by(owner).filter(status=Message.Status.SENT, sent_at__isnull=False)
                  .values_list("id", "person_id", "organization_id", "kind", "sent_at", "replied_at",
                               "person__organization_id", "person__how_known"))
    rows = [row[:6] for row in joined]
    practice = Practice(messages=tuple(MessageFact(*row) for row in rows))
    people = {row[1]: (row[6], row[7]) for row in joined}
    outcomes = []
    rates: dict[str, tuple[int, int]] = {}
    for person_id in sorted({r[1] for r in rows if r[3] == Message.Kind.REQUEST}):
        org, how = people.get(person_id, (None, "other"))
        for outcome in request_outcomes(person_id, practice, moment):
            outcomes.append((outcome.request.organization_id or org, how, outcome))
            sent, replied = rates.get(how, (0, 0))
            rates[how] = (sent + 1, replied + (outcome.replied_at is not None))
    orgs = list(Organization.objects.owned_by(owner).values_list("id", "name", "advocacy", "motivation", "posting"))
    written = {org for org, _, _ in outcomes}
    targets = sorted((Target(pk, name, adv, mot, post) for pk, name, adv, mot, post in orgs if pk not in written
                      and name.strip()), key=sort_key)
    due = timedelta(hours=settings.thank_you_due_hours)
    held = list(Conversation.objects.owned_by(owner).filter(state=Conversation.State.HELD)
                .values_list("held_at", "scheduled_at", "thanked_at"))
    on_time = late = overdue = 0
    for held_at, scheduled_at, thanked_at in held:
        at = held_at or scheduled_at
        if thanked_at is None:
            overdue += at is not None and at + due < moment
        elif start <= thanked_at <= moment:
            if at is not None and thanked_at - at <= due:
                on_time += 1
            else:
                late += 1
    return ReviewFacts(
        requests_this_week=sum(1 for r in rows if r[3] == Message.Kind.REQUEST and start <= r[4] <= moment),
        conversations_this_week=sum(1 for h, s, _ in held if (h or s) is not None and start <= (h or s) <= moment),
        thank_yous_on_time_this_week=on_time, thank_yous_late_this_week=late, thank_yous_overdue=overdue,
        organisations=cold_requests_by_organisation(outcomes, {pk: name for pk, name, *_ in orgs}, moment, settings),
        next_organisations=[t.name for t in targets], replies_by_how_known=rates,
    )


def weekly_review(owner: User, *, at: datetime | None = None) -> WeeklyReview:
    """The review as of ``at`` (default now): the past seven days, the next seven, one suggestion.

    Reused, to the minute, while the database is unchanged (services/unchanged.py)."""
    from coffeechat.services.unchanged import reuse_while_unchanged

    moment = at or now()
    return reuse_while_unchanged("review", owner.pk, moment, lambda: _weekly_review(owner, moment))


def _weekly_review(owner: User, moment: datetime) -> WeeklyReview:
    from coffeechat.services.relationships import mentorship_candidates

    settings = rule_settings(owner)
    today = local_date(moment, settings.timezone)
    since = today - timedelta(days=WINDOW_DAYS - 1)
    start = datetime.combine(since, time(0), tzinfo=zone(settings.timezone))
    touches = (Touch.objects.owned_by(owner).filter(at__gte=start, at__lte=moment).exclude(kind__in=QUIET_KINDS)
               .select_related("person").order_by("-at", "-id"))
    labels = dict(Touch.Kind.choices)
    grouped: dict[str, list[Touch]] = {}
    for touch in touches:
        grouped.setdefault(touch.kind, []).append(touch)
    order = list(Touch.Kind.values)
    happened = [WeekGroup(kind, labels.get(kind, kind), len(items), items[:PER_GROUP])
                for kind, items in sorted(grouped.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)]
    facts = _facts(owner, moment, start)
    return WeeklyReview(
        since=since, today=today, happened=happened,
        due=agenda(owner, until=today + timedelta(days=WINDOW_DAYS), at=moment),
        suggestion=suggestion(facts), facts=facts, mentorship=mentorship_candidates(owner, at=moment),
    )


def review_as_json(review: WeeklyReview) -> dict[str, Any]:
    """The stable JSON shape of `coffeechat review --json` (docs/json.md)."""
    from coffeechat.services.agenda_view import action_as_json

    return {
        "since": review.since.isoformat(), "today": review.today.isoformat(),
        "happened": [{"kind": g.kind, "label": g.label, "count": g.count,
                      "entries": [{"at": t.at.isoformat(), "person_id": t.person_id, "person": t.person.full_name,
                                   "summary": t.summary} for t in g.touches]} for g in review.happened],
        "due": [action_as_json(a, review.due) for a in review.due.actions],
        "suggestion": {"rule": review.suggestion.rule, "text": review.suggestion.text},
        "mentorship": [{"person_id": p.pk, "person": p.full_name} for p in review.mentorship],
    }
