"""Recording what happened: a request sent, a reply, a meeting set or held, a thank-you, a referral.

Each use case is one transaction that changes the record and adds one timeline entry.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coffeechat.models import Conversation, Message, Person, Referral, Task, Touch
from coffeechat.services.clock import now
from coffeechat.services.people import organization_named
from coffeechat.services.timeline import record_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class NothingToLog(ValueError):
    """The record has nothing this event could belong to (a reply with no request, say)."""


class RefusedDate(ValueError):
    """A date or an event that cannot be right (a reply before its request, a held meeting still ahead)."""


def _advance_stage(person: Person, stage: str) -> None:
    order = list(Person.Stage.values)
    if order.index(stage) > order.index(person.stage):
        person.stage = stage
        person.save(update_fields=["stage", "updated_at"])


@transaction.atomic
def log_sent(owner: User, person: Person, *, at: datetime | None = None, organization: str = "",
             kind: str = Message.Kind.REQUEST, subject: str = "", body: str = "", channel: str = "email") -> Message:
    """A message went out; a request starts the follow-up clock at ``at`` (default now)."""
    if kind not in Message.Kind.values:
        raise ValueError(f"kind must be one of {', '.join(Message.Kind.values)}")
    when = at or now()
    if kind == Message.Kind.FOLLOW_UP:
        _refuse_second_follow_up(owner, person)
    org = organization_named(owner, organization) if organization else person.organization
    message = Message.objects.create(
        owner=owner, person=person, organization=org, kind=kind, status=Message.Status.SENT, sent_at=when,
        subject=subject, body=body, channel=channel,
    )
    touch_kinds: dict[str, str] = {
        Message.Kind.REQUEST: Touch.Kind.REQUEST_SENT, Message.Kind.FOLLOW_UP: Touch.Kind.FOLLOW_UP_SENT,
        Message.Kind.THANK_YOU: Touch.Kind.THANKED,
    }
    touch_kind = touch_kinds.get(kind, Touch.Kind.UPDATE_SENT)
    where = f" at {org}" if org else ""
    record_touch(owner, person, touch_kind, f"{Message.Kind(kind).label} sent to {person.full_name}{where}",
                 at=when, message=message)
    if kind in (Message.Kind.REQUEST, Message.Kind.FOLLOW_UP):
        _advance_stage(person, Person.Stage.CONTACTED)
        # Writing to someone you were referred to closes the referral's "contact them" action.
        Referral.objects.owned_by(owner).filter(to_person=person, contacted_at__isnull=True).update(contacted_at=when)
    if kind in (Message.Kind.UPDATE, Message.Kind.REPORT_BACK):
        Referral.objects.owned_by(owner).filter(
            from_person=person, contacted_at__isnull=False, reported_back_at__isnull=True
        ).update(reported_back_at=when)
    return message


def _when_text(owner: User, moment: datetime) -> str:
    """A moment as the user reads it: in their own zone."""
    from coffeechat.core.clock import local_datetime
    from coffeechat.services.preferences import get_setting

    return f"{local_datetime(moment, get_setting(owner, 'timezone')):%a %d %b %Y %H:%M}"


def _refuse_second_follow_up(owner: User, person: Person) -> None:
    """docs/practice.md §4.4: one follow-up after seven business days, and no more after that."""
    mine = Message.objects.owned_by(owner).filter(person=person, status=Message.Status.SENT)
    request = mine.filter(kind=Message.Kind.REQUEST).order_by("-sent_at", "-id").first()
    earlier = mine.filter(kind=Message.Kind.FOLLOW_UP)
    if request is not None and request.sent_at is not None:
        earlier = earlier.filter(sent_at__gte=request.sent_at)
    first = earlier.order_by("sent_at", "id").first()
    if first is not None and first.sent_at is not None:
        raise RefusedDate(
            f"a follow-up to {person.full_name} already went out on {first.sent_at:%a %d %b %Y}; the rule is "
            "one follow-up and never a second — write to someone else at their organisation instead"
        )


@transaction.atomic
def log_reply(owner: User, person: Person, *, at: datetime | None = None) -> Message:
    """The person answered: their latest unanswered request or follow-up gets the reply time."""
    when = at or now()
    message = (
        Message.objects.owned_by(owner)
        .filter(person=person, status=Message.Status.SENT, replied_at__isnull=True,
                kind__in=[Message.Kind.REQUEST, Message.Kind.FOLLOW_UP], sent_at__lte=when)
        .order_by("-sent_at", "-id").first()
    )
    if message is None:
        later = (
            Message.objects.owned_by(owner)
            .filter(person=person, status=Message.Status.SENT, replied_at__isnull=True,
                    kind__in=[Message.Kind.REQUEST, Message.Kind.FOLLOW_UP], sent_at__gt=when)
            .order_by("sent_at", "id").first()
        )
        if later is not None and later.sent_at is not None:
            raise RefusedDate(
                f"a reply cannot come before its request: your request to {person.full_name} was sent on "
                f"{_when_text(owner, later.sent_at)}, after the reply time {_when_text(owner, when)}"
            )
        raise NothingToLog(
            f"no unanswered request to {person.full_name} on record; log it first: "
            f"coffeechat log sent \"{person.full_name}\" --at DATE"
        )
    message.replied_at = when
    message.save(update_fields=["replied_at", "updated_at"])
    record_touch(owner, person, Touch.Kind.REPLY, f"{person.full_name} replied", at=when, message=message)
    return message


def upcoming_conversation(owner: User, person: Person) -> Conversation | None:
    """The person's next proposed or scheduled conversation, if any."""
    return (
        Conversation.objects.owned_by(owner)
        .filter(person=person, state__in=[Conversation.State.PROPOSED, Conversation.State.SCHEDULED])
        .order_by("scheduled_at", "id").first()
    )


@transaction.atomic
def log_meeting(owner: User, person: Person, *, at: datetime, minutes: int | None = None, timezone: str = "",
                purpose: str = Conversation.Purpose.CAREER) -> Conversation:
    """A conversation was agreed for ``at``; an upcoming one with this person is moved instead.

    ``minutes`` None keeps a moved conversation's length, and gives a new one the meeting_minutes setting.
    """
    conversation = upcoming_conversation(owner, person)
    moved = conversation is not None and conversation.scheduled_at is not None
    if minutes is None:
        if moved and conversation is not None:
            minutes = conversation.minutes
        else:
            from coffeechat.services.preferences import get_setting

            minutes = int(get_setting(owner, "meeting_minutes"))
    if minutes < 5 or minutes > 240:
        raise ValueError("a conversation lasts between 5 and 240 minutes")
    if conversation is None:
        conversation = Conversation(owner=owner, person=person, goal=_sole_active_goal(owner))
    conversation.state = Conversation.State.SCHEDULED
    conversation.scheduled_at = at
    conversation.minutes = minutes
    conversation.timezone = timezone or person.timezone
    conversation.purpose = purpose
    if moved:
        conversation.ical_sequence += 1
        conversation.confirmed_at = None
    conversation.save()
    verb = "Conversation moved to" if moved else "Conversation set for"
    # Timed now (the program's clock): the confirm reminder is never due before the time was agreed.
    record_touch(owner, person, Touch.Kind.SCHEDULED, f"{verb} {at:%Y-%m-%d %H:%M %Z} ({minutes} min)",
                 at=now(), conversation=conversation)
    return conversation


@transaction.atomic
def log_held(owner: User, person: Person, *, at: datetime | None = None, notes: str = "") -> Conversation:
    """The conversation took place: the upcoming one is marked held (or a held one is recorded)."""
    moment = now()
    when = at or moment
    if when > moment:
        raise RefusedDate(
            f"a conversation cannot be logged as held at {_when_text(owner, when)}, which is still in the future; "
            "log it once it has taken place"
        )
    conversation = upcoming_conversation(owner, person)
    if at is None and conversation is not None and conversation.scheduled_at is not None \
            and conversation.scheduled_at <= moment:
        # Logged afterwards without a time: it took place when it was set for, as the agenda reads it (so the
        # timeline, the thank-you reminder and the weekly review agree on how late a thank-you is).
        when = conversation.scheduled_at
    if conversation is not None and conversation.scheduled_at is not None and conversation.scheduled_at > when:
        raise RefusedDate(
            f"your conversation with {person.full_name} is set for {_when_text(owner, conversation.scheduled_at)}, "
            f"after {_when_text(owner, when)}; if it took place earlier, move it first "
            f"(coffeechat schedule \"{person.full_name}\" --at DATE), then log it as held"
        )
    if conversation is None:
        conversation = Conversation(owner=owner, person=person, scheduled_at=when, goal=_sole_active_goal(owner))
    conversation.state = Conversation.State.HELD
    conversation.held_at = when
    if conversation.scheduled_at is None:
        conversation.scheduled_at = when
    if notes:
        conversation.notes = (conversation.notes + "\n\n" + notes).strip()
    conversation.save()
    record_touch(owner, person, Touch.Kind.HELD, f"Talked with {person.full_name}", at=when, conversation=conversation)
    held = Conversation.objects.owned_by(owner).filter(person=person, state=Conversation.State.HELD).count()
    _advance_stage(person, Person.Stage.ONGOING if held >= 2 else Person.Stage.MET)
    return conversation


def thank_you_reminder(owner: User, conversation: Conversation) -> str:
    """The sentence to say once a conversation is logged as held: on time, late or very late, timed from its
    end exactly as the agenda (`coffeechat next`) times it."""
    from datetime import timedelta

    from coffeechat.core.thank_you import thank_you_state
    from coffeechat.core.wording import plural
    from coffeechat.services.preferences import get_setting

    due = int(get_setting(owner, "thank_you_due_hours"))
    latest = int(get_setting(owner, "thank_you_overdue_hours"))
    start = conversation.held_at or conversation.scheduled_at or now()
    end = min(start + timedelta(minutes=conversation.minutes), max(start, now()))
    state = thank_you_state(end, now(), conversation.thanked_at, due, latest)
    if state == "late":
        return (f"Your thank-you is late (more than {plural(due, 'hour')} since you talked): "
                f"send it before {plural(latest, 'hour')} have passed.")
    if state == "very_late":
        return (f"Your thank-you is late (more than {plural(latest, 'hour')} since you talked), "
                "but a short, specific note still counts.")
    return f"Send a thank-you within {plural(due, 'hour')}."


@transaction.atomic
def log_thanked(owner: User, person: Person, *, at: datetime | None = None) -> Conversation:
    """A thank-you went out for the latest held conversation without one."""
    when = at or now()
    conversation = (
        Conversation.objects.owned_by(owner)
        .filter(person=person, state=Conversation.State.HELD, thanked_at__isnull=True)
        .order_by("-held_at", "-id").first()
    )
    if conversation is None:
        raise NothingToLog(f"no conversation with {person.full_name} is waiting for a thank-you")
    conversation.thanked_at = when
    conversation.save(update_fields=["thanked_at", "updated_at"])
    message = Message.objects.create(
        owner=owner, person=person, organization=person.organization, conversation=conversation,
        kind=Message.Kind.THANK_YOU, status=Message.Status.SENT, sent_at=when,
    )
    record_touch(owner, person, Touch.Kind.THANKED, f"Thanked {person.full_name}", at=when,
                 message=message, conversation=conversation)
    return conversation


@transaction.atomic
def log_referral(owner: User, from_person: Person, to_person: Person, *, note: str = "") -> Referral:
    """``from_person`` pointed the user to ``to_person`` (from their latest held conversation, if any)."""
    if from_person.pk == to_person.pk:
        raise ValueError("a person cannot refer you to themselves")
    conversation = (
        Conversation.objects.owned_by(owner).filter(person=from_person, state=Conversation.State.HELD)
        .order_by("-held_at", "-id").first()
    )
    referral = Referral.objects.create(owner=owner, from_person=from_person, to_person=to_person,
                                       conversation=conversation, note=note)
    # The rules time the referral from when it was given: follow the program's clock (--now), not the wall's.
    referral.created_at = now()
    Referral.objects.filter(pk=referral.pk).update(created_at=referral.created_at)
    if to_person.referred_by_id is None:
        to_person.referred_by = from_person
        to_person.how_known = Person.HowKnown.REFERRAL
        to_person.save(update_fields=["referred_by", "how_known", "updated_at"])
    record_touch(owner, to_person, Touch.Kind.REFERRAL, f"Referred by {from_person.full_name}")
    record_touch(owner, from_person, Touch.Kind.REFERRAL, f"Suggested talking to {to_person.full_name}")
    return referral


@transaction.atomic
def _sole_active_goal(owner: User) -> Any:
    """A new conversation belongs to the user's goal when they have exactly one active goal (as in prep)."""
    from coffeechat.services.goals import sole_active_goal

    return sole_active_goal(owner)


def add_task(owner: User, title: str, *, due: date | None = None, person: Person | None = None) -> Task:
    """A to-do of the user's own ("send my clips to Dana"); the use case lives in services/tasks.py."""
    from coffeechat.services import tasks

    return tasks.add_task(owner, title, due=due, person=person)
