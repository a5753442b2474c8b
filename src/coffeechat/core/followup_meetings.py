"""Reminders around a conversation: confirm and prepare before it, log notes and thank after it.

- confirm: a scheduled conversation not yet confirmed. docs/practice.md §4.5 says confirm 24 to 48 hours
  ahead, so it is due ``confirm_days_before`` × 24 hours (48) before the start and overdue only once fewer
  than 24 hours remain. A conversation agreed later than that (30 hours ahead, say) is due from the moment
  it was agreed: "due now", never overdue with a date before the agreement.
- prepare: a scheduled conversation whose question plan is not finished, ``prepare_days_before`` days
  before, until it starts.
- log_notes: a conversation (scheduled or held) whose end has passed and that has no notes, due that day.
- thank_you: a conversation that took place and is not thanked. It shows as soon as the conversation ends,
  is due ``thank_you_due_hours`` (24) after the end, read as a date in the user's zone, and is overdue
  only once ``thank_you_overdue_hours`` (72) have passed (docs/practice.md §4.7).

A conversation marked held without a time on record is taken to have ended at the moment of the list.
Keys of confirm and prepare carry the meeting's date, so moving the meeting asks again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from coffeechat.core.clock import local_datetime
from coffeechat.core.followup_action import DueAction, RuleContext
from coffeechat.core.practice import ConversationFact
from coffeechat.core.wording import plural

# Fewer hours than this before the start, an unconfirmed conversation is overdue (docs/practice.md §4.5: 24–48 h).
CONFIRM_LATEST_HOURS = 24


def _end(conversation: ConversationFact) -> datetime | None:
    if conversation.scheduled_at is None:
        return None
    # In UTC, so adding minutes and hours counts real time even across a daylight-saving change (adding
    # to a zoned datetime in Python moves the wall clock instead).
    return conversation.scheduled_at.astimezone(UTC) + timedelta(minutes=conversation.minutes)


def _took_place_until(ctx: RuleContext, conversation: ConversationFact) -> datetime | None:
    """When the conversation ended, if it has taken place by now; None if it has not (yet)."""
    end = _end(conversation)
    if conversation.state == "held":
        # Marked held before its planned end: it ended early, at the latest now.
        return ctx.now.astimezone(UTC) if end is None or end > ctx.now else end
    if conversation.state == "scheduled" and end is not None and end < ctx.now:
        return end
    return None


def _action(
    ctx: RuleContext,
    conversation: ConversationFact,
    *,
    kind: str,
    key: str,
    due: date,
    reason: str,
    overdue: bool | None = None,
    late: bool = False,
) -> DueAction:
    return ctx.action(
        kind=kind,
        key=key,
        due=due,
        person_id=conversation.person_id,
        organization_id=ctx.practice.organization_of(conversation.person_id, conversation.organization_id),
        reason=reason,
        refers_to=("conversation", conversation.id),
        overdue=overdue,
        late=late,
    )


@dataclass(frozen=True)
class ConfirmWindow:
    """When confirming a conversation is due, and when it becomes overdue."""

    due_from: datetime
    overdue_from: datetime


def confirm_window(start: datetime, agreed_at: datetime | None, due_hours: int = 48) -> ConfirmWindow:
    """Confirm from ``due_hours`` before ``start`` (or from the agreement, if that came later); overdue once
    fewer than 24 hours remain."""
    start = start.astimezone(UTC)  # real hours, even across a daylight-saving change
    due_from = start - timedelta(hours=due_hours)
    if agreed_at is not None and agreed_at > due_from:
        due_from = min(agreed_at, start)
    return ConfirmWindow(due_from=due_from, overdue_from=start - timedelta(hours=CONFIRM_LATEST_HOURS))


def meeting_actions(ctx: RuleContext) -> Iterator[DueAction]:
    """confirm, prepare, log_notes and thank_you actions for every conversation."""
    for conversation in ctx.practice.conversations:
        yield from _before(ctx, conversation)
        yield from _after(ctx, conversation)


def _before(ctx: RuleContext, conversation: ConversationFact) -> Iterator[DueAction]:
    settings = ctx.settings
    start = conversation.scheduled_at
    if conversation.state != "scheduled" or start is None or start <= ctx.now:
        return
    meeting_day = ctx.day(start)
    local_start = local_datetime(start, ctx.settings.timezone)
    when = f"{meeting_day:%A} {meeting_day.day} {meeting_day:%B} at {local_start:%H:%M}"
    who = ctx.who(conversation.person_id, conversation.organization_id)
    if conversation.confirmed_at is None:
        confirm = confirm_window(start, conversation.agreed_at, settings.confirm_days_before * 24)
        if ctx.now >= confirm.due_from or (ctx.horizon_days > 0 and ctx.shows(ctx.day(confirm.due_from))):
            overdue = ctx.now > confirm.overdue_from
            yield _action(
                ctx,
                conversation,
                kind="confirm",
                key=f"confirm:conversation:{conversation.id}@{meeting_day.isoformat()}",
                due=ctx.day(confirm.due_from),
                overdue=overdue,
                reason=f"Confirm your conversation with {who} on {when}: a short note with the time and how "
                + ("you will meet; it is less than 24 hours away." if overdue else "you will meet."),
            )
    prepare_due = meeting_day - timedelta(days=settings.prepare_days_before)
    if not conversation.plan_finished and ctx.shows(prepare_due):
        yield _action(
            ctx,
            conversation,
            kind="prepare",
            key=f"prepare:conversation:{conversation.id}@{meeting_day.isoformat()}",
            due=prepare_due,
            reason=f"Prepare for your conversation with {who} on {when}: read up on them and finish "
            f"your question plan for {conversation.minutes} minutes.",
        )


def _after(ctx: RuleContext, conversation: ConversationFact) -> Iterator[DueAction]:
    settings = ctx.settings
    ended = _took_place_until(ctx, conversation)
    if ended is None:
        return
    who = ctx.who(conversation.person_id, conversation.organization_id)
    end_day = ctx.day(ended)
    if not conversation.has_notes:
        yield _action(
            ctx,
            conversation,
            kind="log_notes",
            key=f"log_notes:conversation:{conversation.id}",
            due=end_day,
            reason=f"Write down your notes from the conversation with {who} while you still remember "
            "it: what you learned, who they suggested, what you promised.",
        )
    if conversation.thanked_at is None:
        due = ctx.day(ended + timedelta(hours=settings.thank_you_due_hours))
        late = ctx.now > ended + timedelta(hours=settings.thank_you_due_hours)
        overdue = ctx.now > ended + timedelta(hours=settings.thank_you_overdue_hours)
        if overdue:
            reason = (
                f"Thank {who} for the conversation: it is late (more than "
                f"{plural(settings.thank_you_overdue_hours, 'hour')} since you talked), but a short, specific note "
                "still counts. Mention one thing they said and how you will use it."
            )
        elif late:
            reason = (
                f"Thank {who} for the conversation: it is late (more than "
                f"{plural(settings.thank_you_due_hours, 'hour')} since you talked); send it before {plural(settings.thank_you_overdue_hours, 'hour')} have "
                "passed. Mention one thing they said and how you will use it."
            )
        else:
            reason = (
                f"Thank {who} for the conversation within {plural(settings.thank_you_due_hours, 'hour')}: "
                "mention one thing they said and how you will use it."
            )
        yield _action(
            ctx,
            conversation,
            kind="thank_you",
            key=f"thank_you:conversation:{conversation.id}",
            due=due,
            overdue=overdue,
            late=late,
            reason=reason,
        )
