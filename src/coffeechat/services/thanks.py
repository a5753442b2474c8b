"""The thank-you after a conversation: a draft citing what was captured, then sent or logged (docs/practice.md §4.7).

The draft draws on the conversation's insights (those tagged with the theme "advice" count as advice),
its referrals (and whether the user already wrote to them) and the user's commitments. Whether a résumé
goes along follows the goal's ``resume_with_thank_you`` setting. Sending goes through the user's own SMTP
server; "I sent it" logs a thank-you sent some other way. Either way the conversation is thanked, which
ends the thank-you reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from coffeechat.core.thank_you import CapturedReferral, ThankYouContext, draft_thank_you, thank_you_state
from coffeechat.core.wording import NAME_PLACEHOLDER
from coffeechat.models import Conversation, Message
from coffeechat.services import logbook
from coffeechat.services.clock import now
from coffeechat.services.live import captures
from coffeechat.services.mail import send_mail_as_user
from coffeechat.services.outreach import goal_phrases
from coffeechat.services.preferences import all_settings

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class NotReadyToThank(ValueError):
    """The conversation has not been held yet, or was already thanked."""


@dataclass(frozen=True)
class ThankYouDraft:
    """A thank-you ready to edit: to whom, subject, body, whether a résumé goes, and when it is due."""

    to: str
    subject: str
    body: str
    include_resume: bool
    due_at: datetime | None
    state: str | None


def thank_you_draft(owner: User, conversation: Conversation) -> ThankYouDraft:
    """The thank-you draft for ``conversation`` from what was captured in it."""
    values = all_settings(owner)
    person, goal = conversation.person, conversation.goal
    captured = captures(owner, conversation)
    advice = tuple(i.text for i in captured.insights if i.theme.strip().lower() == "advice")
    insights = tuple(i.text for i in captured.insights if i.theme.strip().lower() != "advice")
    referrals = tuple(
        CapturedReferral(name=r.to_person.full_name, contacted=r.contacted_at is not None)
        for r in captured.referrals
    )
    held_day = None
    moment = conversation.held_at or conversation.scheduled_at
    if moment:
        from coffeechat.core.clock import local_date

        held_day = local_date(moment, values["timezone"] or "UTC")
    draft = draft_thank_you(ThankYouContext(
        user_name=values["your_name"] or NAME_PLACEHOLDER,
        recipient_first_name=person.first_name or person.full_name,
        organisation=str(person.organization or ""),
        conversation_date=held_day,
        # "about work as a data reporter", read the way a request names the goal (never "about data reporter").
        goal=goal_phrases(goal)[0] if goal else "",
        insights=insights, advice=advice, referrals=referrals,
        commitments=tuple(task.title for task in captured.commitments),
        include_resume=bool(goal and goal.resume_with_thank_you),
    ))
    due_at = state = None
    if conversation.held_at is not None:
        end = conversation.held_at + timedelta(minutes=conversation.minutes)
        due_at = end + timedelta(hours=int(values["thank_you_due_hours"]))
        state = thank_you_state(end, now(), conversation.thanked_at, int(values["thank_you_due_hours"]),
                                int(values["thank_you_overdue_hours"]))
    return ThankYouDraft(to=person.primary_email, subject=draft.subject, body=draft.body,
                         include_resume=bool(goal and goal.resume_with_thank_you), due_at=due_at, state=state)


def _check_ready(conversation: Conversation) -> None:
    if conversation.state != Conversation.State.HELD:
        raise NotReadyToThank("mark the conversation held first; the thank-you follows it")
    if conversation.thanked_at is not None:
        raise NotReadyToThank(f"you already thanked {conversation.person.full_name} for this conversation")


@transaction.atomic
def record_thank_you(owner: User, conversation: Conversation, *, subject: str = "", body: str = "",
                     channel: str = "") -> Message:
    """The thank-you went out (sent here or elsewhere): the conversation is thanked, with the text kept."""
    _check_ready(conversation)
    logbook.log_thanked(owner, conversation.person)
    conversation.refresh_from_db()
    message = Message.objects.owned_by(owner).filter(conversation=conversation, kind=Message.Kind.THANK_YOU)
    found = message.order_by("-id").first()
    if found is None or conversation.thanked_at is None:
        raise NotReadyToThank("the thank-you could not be tied to this conversation")
    found.subject, found.body, found.channel = subject[:300], body, channel
    found.save(update_fields=["subject", "body", "channel", "updated_at"])
    return found


def send_thank_you(owner: User, conversation: Conversation, *, subject: str, body: str, to: str = "",
                   connection: BaseEmailBackend | None = None) -> Message:
    """Send the thank-you by email through the user's SMTP server, then record it.

    The mail goes first: if sending fails nothing is recorded, so the reminder stays.
    """
    _check_ready(conversation)
    address = to.strip() or conversation.person.primary_email
    if not address:
        raise NotReadyToThank(f"there is no email address for {conversation.person.full_name}")
    send_mail_as_user(owner, to=[address], subject=subject, text=body, connection=connection)
    return record_thank_you(owner, conversation, subject=subject, body=body, channel="email")
