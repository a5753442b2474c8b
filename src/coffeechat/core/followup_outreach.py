"""The 3B7 clock on requests (docs/practice.md §4.4): next_contact at +3 business days, follow_up at +7.

- Only the latest request to each person runs a clock: an earlier one was superseded by it.
- A reply from anyone at the organisation stops both reminders for every request there. A conversation
  scheduled or held with someone there counts as a reply too: the user may not have logged the email.
- next_contact is settled once the user has sent a request to another person at the organisation on or
  after the day of this one (two starters written to on the same day settle each other). That second
  request then runs a clock of its own.
- follow_up is settled by the first follow-up message sent after the request: there is never a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from coffeechat.core.followup_action import DueAction, RuleContext
from coffeechat.core.practice import MessageFact, PersonFact
from coffeechat.core.responsiveness import RequestOutcome, request_outcomes
from coffeechat.core.starters import StarterSuggestion, rank_starters

ANSWERED_STATES = ("scheduled", "held")


def _answered_organizations(ctx: RuleContext) -> set[int]:
    practice, now = ctx.practice, ctx.now
    answered: set[int] = set()
    for message in practice.messages:
        if message.replied_at is not None and message.replied_at <= now:
            organization = practice.organization_of(message.person_id, message.organization_id)
            if organization is not None:
                answered.add(organization)
    for conversation in practice.conversations:
        if conversation.state in ANSWERED_STATES:
            organization = practice.organization_of(conversation.person_id, conversation.organization_id)
            if organization is not None:
                answered.add(organization)
    return answered


def _latest_requests(ctx: RuleContext) -> list[tuple[MessageFact, int | None]]:
    """The latest sent request to each person, with the organisation it was sent to."""
    latest: dict[int, MessageFact] = {}
    for message in ctx.practice.messages:
        if message.kind != "request" or message.sent_at is None or message.sent_at > ctx.now:
            continue
        current = latest.get(message.person_id)
        if current is None or (current.sent_at, current.id) < (message.sent_at, message.id):
            latest[message.person_id] = message
    return [
        (message, ctx.practice.organization_of(message.person_id, message.organization_id))
        for message in latest.values()
    ]


def _has_been_contacted(ctx: RuleContext, person: PersonFact) -> bool:
    if person.stage != "new":
        return True
    return any(m.sent_at is not None and m.sent_at <= ctx.now for m in ctx.practice.messages_to(person.id))


def outreach_actions(ctx: RuleContext) -> Iterator[DueAction]:
    """next_contact and follow_up actions for every request still waiting for an answer."""
    settings = ctx.settings
    answered = _answered_organizations(ctx)
    requests = _latest_requests(ctx)
    # First request day per (organisation, person), to tell whether a second person was written to.
    request_days: dict[int, list[tuple[int, date]]] = {}
    for message, organization in requests:
        if organization is not None and message.sent_at is not None:
            request_days.setdefault(organization, []).append((message.person_id, ctx.day(message.sent_at)))
    starters: dict[int, list[StarterSuggestion]] = {}

    for request, organization in requests:
        if organization is not None and organization in answered:
            continue
        outcome = _outcome_of(ctx, request)
        if outcome is None or outcome.replied_at is not None or _met(ctx, request.person_id):
            continue
        assert request.sent_at is not None
        sent_day = ctx.day(request.sent_at)
        who = ctx.who(request.person_id, organization)

        follow_up_due = ctx.business_days_after(sent_day, settings.follow_up_business_days)
        if outcome.follow_up_at is None and ctx.shows(follow_up_due):
            yield ctx.action(
                kind="follow_up",
                key=f"follow_up:message:{request.id}",
                due=follow_up_due,
                person_id=request.person_id,
                organization_id=organization,
                reason=(
                    f"No reply from {who} {settings.follow_up_business_days} business days after your "
                    "request: send one short, friendly follow-up. It is the only one: after it, let it rest."
                ),
                refers_to=("message", request.id),
            )

        if organization is None:
            continue
        next_due = ctx.business_days_after(sent_day, settings.next_contact_business_days)
        others = [
            day for person_id, day in request_days.get(organization, []) if person_id != request.person_id
        ]
        if any(day >= sent_day for day in others) or not ctx.shows(next_due):
            continue
        if organization not in starters:
            candidates = [
                person
                for person in ctx.practice.people_at(organization)
                if not _has_been_contacted(ctx, person)
            ]
            starters[organization] = rank_starters(candidates, settings.target_role)
        ranked = [s for s in starters[organization] if s.person_id != request.person_id]
        organization_name = ctx.practice.organization_name(
            organization, _own_organization_name(ctx, request.person_id)
        )
        place = organization_name or "that organisation"
        opening = (
            f"No reply from {who} {settings.next_contact_business_days} business days after your request: "
            f"write to a second person at {place}."
        )
        if ranked:
            best = ranked[0]
            reason = f"{opening} Best next: {ctx.name(best.person_id)} — {best.rank_reason}."
        else:
            reason = f"{opening} You have no one else there who has not been contacted yet: add someone."
        yield ctx.action(
            kind="next_contact",
            key=f"next_contact:message:{request.id}",
            due=next_due,
            person_id=request.person_id,
            organization_id=organization,
            reason=reason,
            refers_to=("message", request.id),
            suggested_person_id=ranked[0].person_id if ranked else None,
        )


def _outcome_of(ctx: RuleContext, request: MessageFact) -> RequestOutcome | None:
    for outcome in request_outcomes(request.person_id, ctx.practice, ctx.now):
        if outcome.request.id == request.id:
            return outcome
    return None


def _met(ctx: RuleContext, person_id: int) -> bool:
    return any(c.state in ANSWERED_STATES for c in ctx.practice.conversations_with(person_id))


def _own_organization_name(ctx: RuleContext, person_id: int) -> str:
    person = ctx.practice.person(person_id)
    return person.organization_name if person else ""
