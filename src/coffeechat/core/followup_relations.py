"""Reminders that grow a relationship: referrals, report-backs, keeping in touch, and the user's own tasks.

- referral: someone was suggested ("talk to Dana") and not yet contacted. It shows from the day it was
  noted and is due ``referral_contact_business_days`` business days later. A message sent to them after
  the referral counts as contacting them even if the referral was not updated.
- report_back: the referral was contacted, so tell the person who made it; due
  ``report_back_business_days`` business days after the contact. A report_back message sent to them
  after the contact settles it.
- keep_in_touch: a person with a cadence, or a mentor (docs/practice.md §4.8: every few months, up to about three
  times a year). A mentor without a cadence gets ``keep_in_touch_days``; no cadence is ever shorter than
  ``keep_in_touch_min_days`` (90 days: at most four rounds a year, "about three"). The last touch is the
  latest of ``last_touch_at``, a sent message and a conversation that has started; a conversation still
  ahead means they are in touch already. Someone with no touch on record is due today.
- task: each task not done; one without a due date is due today and never overdue.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from coffeechat.core.followup_action import DueAction, RuleContext
from coffeechat.core.practice import PersonFact, ReferralFact


def _first_message_after(
    ctx: RuleContext, person_id: int, since: datetime, kind: str | None
) -> datetime | None:
    times = [
        m.sent_at
        for m in ctx.practice.messages_to(person_id)
        if m.sent_at is not None and since <= m.sent_at <= ctx.now and (kind is None or m.kind == kind)
    ]
    return min(times) if times else None


def _contacted_at(ctx: RuleContext, referral: ReferralFact) -> datetime | None:
    if referral.contacted_at is not None:
        return referral.contacted_at
    return _first_message_after(ctx, referral.to_person_id, referral.created_at, None)


def referral_actions(ctx: RuleContext) -> Iterator[DueAction]:
    """referral and report_back actions."""
    settings = ctx.settings
    for referral in ctx.practice.referrals:
        if referral.created_at > ctx.now:
            continue
        referred = ctx.who(referral.to_person_id)
        by = ctx.who(referral.from_person_id)
        contacted = _contacted_at(ctx, referral)
        if contacted is None:
            noted = ctx.day(referral.created_at)
            if not ctx.shows(noted):
                continue
            yield ctx.action(
                kind="referral",
                key=f"referral:referral:{referral.id}",
                due=ctx.business_days_after(noted, settings.referral_contact_business_days),
                person_id=referral.to_person_id,
                organization_id=ctx.practice.organization_of(referral.to_person_id),
                reason=f"Write to {referred}, whom {by} suggested: say who sent you while the "
                "introduction is fresh.",
                refers_to=("referral", referral.id),
            )
            continue
        if referral.reported_back_at is not None:
            continue
        if _first_message_after(ctx, referral.from_person_id, contacted, "report_back") is not None:
            continue
        due = ctx.business_days_after(ctx.day(contacted), settings.report_back_business_days)
        if not ctx.shows(due):
            continue
        yield ctx.action(
            kind="report_back",
            key=f"report_back:referral:{referral.id}",
            due=due,
            person_id=referral.from_person_id,
            organization_id=ctx.practice.organization_of(referral.from_person_id),
            reason=f"Tell {by} that you followed their suggestion and wrote to {ctx.name(referral.to_person_id)}"
            ": people who help like to hear what came of it.",
            refers_to=("referral", referral.id),
        )


def cadence_days(person: PersonFact, settings_default: int, minimum: int) -> int | None:
    """How many days between touches with ``person``, or None when they need no keep-in-touch reminder."""
    if person.cadence_days is not None:
        return max(person.cadence_days, minimum)
    if person.stage == "mentor":
        return max(settings_default, minimum)
    return None


def _last_touch(ctx: RuleContext, person: PersonFact) -> tuple[datetime | None, bool]:
    """The latest touch by now, and whether a conversation with the person is still ahead."""
    touches = [person.last_touch_at] if person.last_touch_at and person.last_touch_at <= ctx.now else []
    touches += [
        m.sent_at
        for m in ctx.practice.messages_to(person.id)
        if m.sent_at is not None and m.sent_at <= ctx.now
    ]
    ahead = False
    for conversation in ctx.practice.conversations_with(person.id):
        if conversation.state == "cancelled" or conversation.scheduled_at is None:
            continue
        if conversation.scheduled_at <= ctx.now:
            touches.append(conversation.scheduled_at)
        elif conversation.state in ("scheduled", "proposed"):
            ahead = True
    return (max(touches) if touches else None), ahead


def keep_in_touch_actions(ctx: RuleContext) -> Iterator[DueAction]:
    """keep_in_touch actions for people with a cadence and for mentors."""
    settings = ctx.settings
    for person in ctx.practice.people:
        cadence = cadence_days(person, settings.keep_in_touch_days, settings.keep_in_touch_min_days)
        if cadence is None:
            continue
        last, ahead = _last_touch(ctx, person)
        if ahead:
            continue
        who = ctx.who(person.id)
        role = "your mentor " if person.stage == "mentor" else ""
        if last is None:
            due, round_id = ctx.today, "first"
            reason = f"You have no touch on record with {role}{who}: send a short hello to start the habit."
        else:
            due = ctx.day(last) + timedelta(days=cadence)
            round_id = due.isoformat()
            reason = (
                f"It has been {(ctx.today - ctx.day(last)).days} days since your last touch with {role}"
                f"{who} (you planned every {cadence} days): share an update on what you did with their advice."
            )
        if not ctx.shows(due):
            continue
        yield ctx.action(
            kind="keep_in_touch",
            key=f"keep_in_touch:person:{person.id}@{round_id}",
            due=due,
            person_id=person.id,
            organization_id=person.organization_id,
            reason=reason,
            refers_to=("person", person.id),
        )


def task_actions(ctx: RuleContext) -> Iterator[DueAction]:
    """The user's own open tasks."""
    for task in ctx.practice.tasks:
        if task.done:
            continue
        due: date = task.due if task.due is not None else ctx.today
        if not ctx.shows(due):
            continue
        reason = task.title if task.person_id is None else f"{task.title} (for {ctx.who(task.person_id)})"
        yield ctx.action(
            kind="task",
            key=f"task:task:{task.id}",
            due=due,
            person_id=task.person_id,
            organization_id=ctx.practice.organization_of(task.person_id)
            if task.person_id is not None
            else None,
            reason=reason,
            refers_to=("task", task.id),
        )
