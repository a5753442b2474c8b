"""Practice analytics: the raw facts read in a handful of queries, the numbers from core.analytics, and
the JSON shape of `coffeechat stats --json` (docs/json.md)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from coffeechat.core.analytics import ConversationRecord, PracticeRecord, Stats, compute_stats
from coffeechat.core.practice import MessageFact, PersonFact
from coffeechat.models import Conversation, Goal, Message, Person, Referral
from coffeechat.services.agenda import rule_settings
from coffeechat.services.clock import now

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def practice_record(owner: User) -> PracticeRecord:
    """Everything the numbers are computed from: one query per table, nothing per person."""
    messages = list(
        Message.objects.owned_by(owner).filter(status=Message.Status.SENT, sent_at__isnull=False)
        .order_by("id").values_list("id", "person_id", "organization_id", "kind", "sent_at", "replied_at", "template")
    )
    asked = {row[1] for row in messages}
    conversations = list(
        Conversation.objects.owned_by(owner).order_by("id").values_list(
            "id", "person_id", "goal_id", "state", "held_at", "scheduled_at", "thanked_at",
            "confidence_before", "confidence_after")
    )
    in_goal = {row[1] for row in conversations}
    people = tuple(
        PersonFact(id=pk, name=name, organization_id=org, organization_name="", title="", how_known=how, stage=stage,
                   cadence_days=None)
        for pk, name, org, how, stage in Person.objects.owned_by(owner).order_by("id")
        .values_list("id", "full_name", "organization_id", "how_known", "stage")
        # Everyone with a record that counts, and everyone at a stage the funnel counts.
        if pk in asked or pk in in_goal or stage in ("ongoing", "mentor")
    )
    return PracticeRecord(
        people=people,
        messages=tuple(MessageFact(id=pk, person_id=person, organization_id=org, kind=kind, sent_at=sent,
                                   replied_at=replied) for pk, person, org, kind, sent, replied, _ in messages),
        templates={pk: template for pk, *_, template in messages if template},
        conversations=tuple(
            ConversationRecord(id=pk, person_id=person, goal_id=goal, state=state,
                               held_at=held or (scheduled if state == Conversation.State.HELD else None),
                               thanked_at=thanked, confidence_before=before, confidence_after=after)
            for pk, person, goal, state, held, scheduled, thanked, before, after in conversations
        ),
        referral_count=Referral.objects.owned_by(owner).count(),
        goals=tuple(Goal.objects.owned_by(owner).filter(archived=False).order_by("id").values_list("id", "title")),
    )


def practice_stats(owner: User, *, at: datetime | None = None) -> Stats:
    """Every number of the analytics page for this user, as of ``at`` (default now).

    Reused, to the minute, while the database is unchanged (services/unchanged.py)."""
    from coffeechat.services.unchanged import reuse_while_unchanged

    moment = at or now()
    return reuse_while_unchanged("stats", owner.pk, moment,
                                 lambda: compute_stats(practice_record(owner), moment, rule_settings(owner)))


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def stats_as_json(stats: Stats) -> dict[str, Any]:
    """The stable JSON shape of `coffeechat stats --json` (docs/json.md)."""
    funnel = lambda f: {"requests": f.requests, "replies": f.replies, "conversations": f.conversations,
                        "thank_yous": f.thank_yous, "ongoing": f.ongoing, "mentors": f.mentors}
    rates = lambda rows: [{"label": r.label, "sent": r.sent, "replied": r.replied, "rate": _ratio(r.rate)}
                          for r in rows]
    return {
        "funnel": funnel(stats.funnel),
        "weeks": [{"week": w.week, "starts": w.starts.isoformat(), "requests": w.requests, "replies": w.replies,
                   "conversations": w.conversations, "thank_yous": w.thank_yous} for w in stats.weeks],
        "goals": [{"id": g.goal_id, "title": g.title, "funnel": funnel(g.funnel)} for g in stats.goals],
        "reply_rate_by_how_known": rates(stats.by_how_known),
        "reply_rate_by_template": rates(stats.by_template),
        "median_business_days_to_reply": stats.median_business_days_to_reply,
        "replies_timed": stats.replies_timed,
        "responsiveness": stats.responsiveness,
        "referrals": stats.referrals,
        "referrals_per_conversation": _ratio(stats.referrals_per_conversation),
        "thank_yous": {"on_time": stats.thank_you_on_time, "late": stats.thank_you_late,
                       "missing": stats.thank_you_missing},
        "confidence": [{"conversation_id": p.conversation_id, "person_id": p.person_id, "day": p.day.isoformat(),
                        "before": p.before, "after": p.after} for p in stats.confidence],
    }
