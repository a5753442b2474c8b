"""Scheduling a conversation across time zones, its calendar invite, and the private calendar feed.

A time is agreed in the other person's wall clock ("14:00 New York time"); ``core.meeting_time`` places it
and shows it in both zones, ``services.logbook.log_meeting`` records it (moving an upcoming one raises its
SEQUENCE), and ``formats.ical`` writes the invite, the cancellation and the feed. The feed's secret is
kept only as a hash in the user's settings, so a copy of the database does not reveal the address.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coffeechat.core.clock import local_date
from coffeechat.core.meeting_time import (
    MeetingTime,
    MeetingTimeError,
    place_meeting,
    validate_zone,
)
from coffeechat.formats.ical import ActionReminder, Invitation, build_feed, build_invitation, cancelled
from coffeechat.models import Conversation, Person, Touch, UserSetting
from coffeechat.services.clock import now
from coffeechat.services.logbook import log_meeting, upcoming_conversation
from coffeechat.services.preferences import all_settings, get_setting
from coffeechat.services.timeline import record_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FEED_TOKEN_KEY = "calendar_feed_token"
FEED_DAYS_AHEAD = 60
UPCOMING_STATES = (Conversation.State.PROPOSED, Conversation.State.SCHEDULED)


class SchedulingError(ValueError):
    """A time, zone or conversation that cannot be used; the message says what to do instead."""


@dataclass(frozen=True)
class Scheduled:
    """A conversation as it now stands, placed in both zones, and whether it was moved."""

    conversation: Conversation
    meeting: MeetingTime
    moved: bool


def contact_zone(owner: User, person: Person, given: str | None = None) -> str:
    """The zone a time with ``person`` is agreed in: the one given, theirs on file, else the user's."""
    return (given or person.timezone or get_setting(owner, "timezone")).strip()


def preview(owner: User, person: Person, at: str | datetime, *, tz: str | None = None,
            minutes: int | None = None) -> MeetingTime:
    """Where a proposed time falls in both zones, without recording anything."""
    length = minutes or int(get_setting(owner, "meeting_minutes"))
    try:
        return place_meeting(at, contact_zone(owner, person, tz), get_setting(owner, "timezone"), length)
    except MeetingTimeError as error:
        raise SchedulingError(str(error)) from error


@transaction.atomic
def schedule(owner: User, person: Person, at: str | datetime, *, tz: str | None = None,
             minutes: int | None = None) -> Scheduled:
    """Record a conversation at wall time ``at`` in the contact's zone; an upcoming one is moved instead.

    A first time gets a calendar UID; a move keeps it and raises SEQUENCE (done by ``log_meeting``). A move
    keeps the conversation's length unless ``minutes`` gives a new one.
    """
    before = upcoming_conversation(owner, person)
    moved = before is not None and before.scheduled_at is not None
    if minutes is None and moved and before is not None:
        minutes = before.minutes
    meeting = preview(owner, person, at, tz=tz, minutes=minutes)
    try:
        # In the contact's zone, so the timeline reads "14:00 EST" as agreed (stored in UTC all the same).
        conversation = log_meeting(owner, person, at=meeting.start, minutes=meeting.minutes,
                                   timezone=meeting.contact_zone.key)
    except ValueError as error:
        raise SchedulingError(str(error)) from error
    if not conversation.ical_uid:
        conversation.ical_uid = f"{uuid.uuid4()}@coffeechat"
        conversation.save(update_fields=["ical_uid", "updated_at"])
    return Scheduled(conversation=conversation, meeting=meeting, moved=moved)


def meeting_of(owner: User, conversation: Conversation) -> MeetingTime:
    """A recorded conversation placed in its agreed zone and the user's."""
    if conversation.scheduled_at is None:
        raise SchedulingError(f"conversation #{conversation.pk} has no time yet: schedule it first")
    agreed = validate_zone(conversation.timezone or get_setting(owner, "timezone"))
    start = conversation.scheduled_at.astimezone(agreed)
    end = (conversation.scheduled_at.astimezone(UTC) + timedelta(minutes=conversation.minutes)).astimezone(agreed)
    return MeetingTime(start=start, end=end, contact_zone=agreed, user_zone=validate_zone(get_setting(owner, "timezone")))


def find_conversation(owner: User, reference: str) -> Conversation:
    """A conversation by its id (digits), or a person's reference meaning their next conversation."""
    from coffeechat.services.people import find_person

    text = reference.strip()
    mine = Conversation.objects.owned_by(owner).select_related("person", "person__organization")
    if text.isdigit():
        found = mine.filter(pk=int(text)).first()
        if found is None:
            raise SchedulingError(f"no conversation with id {text}")
        return found
    person = find_person(owner, text)
    upcoming = upcoming_conversation(owner, person)
    if upcoming is None:
        raise SchedulingError(f"{person.full_name} has no upcoming conversation: coffeechat schedule first")
    return mine.get(pk=upcoming.pk)


def _summary(person: Person) -> str:
    return f"Coffee chat: {person.full_name}"


def invitation_for(owner: User, conversation: Conversation) -> Invitation:
    """The conversation as the invite the user sends: them as organiser, the person as attendee."""
    settings = all_settings(owner)
    person = conversation.person
    if not settings["your_email"]:
        raise SchedulingError("an invite needs your address: coffeechat settings set your_email you@example.com")
    attendee = person.primary_email
    if not attendee:
        raise SchedulingError(f"{person.full_name} has no email address on file; add one to send an invite")
    meeting = meeting_of(owner, conversation)
    where = f"{person.title} at {person.organization}" if person.organization else person.title
    return Invitation(
        uid=conversation.ical_uid or f"conversation-{conversation.pk}@coffeechat",
        start=meeting.start, end=meeting.end, summary=_summary(person),
        organizer_email=settings["your_email"], organizer_name=settings["your_name"],
        attendee_email=attendee, attendee_name=person.full_name,
        description=f"{conversation.minutes} minutes with {person.full_name}{' (' + where + ')' if where else ''}.",
        location=conversation.location, sequence=conversation.ical_sequence, dtstamp=now(),
    )


def invite_ics(owner: User, conversation: Conversation) -> bytes:
    """The .ics to send or download for a conversation (METHOD:REQUEST)."""
    invitation = invitation_for(owner, conversation)
    if conversation.state == Conversation.State.CANCELLED:
        # Already called off (its SEQUENCE raised then): the same cancellation again, for a lost copy.
        return build_invitation(replace(invitation, status="CANCELLED"))
    return build_invitation(invitation)


@transaction.atomic
def cancel(owner: User, conversation: Conversation) -> bytes | None:
    """Call a conversation off: marked cancelled, SEQUENCE raised, and the METHOD:CANCEL invite returned.

    The invite is None when one cannot be made (no address on file): the conversation is cancelled anyway.
    """
    if conversation.state not in UPCOMING_STATES:
        raise SchedulingError(f"conversation #{conversation.pk} is {conversation.state}; only an upcoming one can be cancelled")
    try:
        invitation: Invitation | None = cancelled(invitation_for(owner, conversation), now())
    except SchedulingError:
        invitation = None
    conversation.state = Conversation.State.CANCELLED
    conversation.ical_sequence += 1
    conversation.save(update_fields=["state", "ical_sequence", "updated_at"])
    if conversation.scheduled_at is not None:
        slot = f" of {meeting_of(owner, conversation).for_contact()}"
    else:
        slot = ""
    record_touch(owner, conversation.person, Touch.Kind.SCHEDULED, f"Conversation{slot} cancelled",
                 conversation=conversation)
    return build_invitation(invitation) if invitation else None


def _feed_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def new_feed_token(owner: User) -> str:
    """A fresh secret for the calendar feed; the previous address stops working. Only its hash is kept."""
    token = secrets.token_urlsafe(32)
    UserSetting.objects.update_or_create(owner=owner, key=FEED_TOKEN_KEY, defaults={"value": _feed_hash(token)})
    return token


@transaction.atomic
def revoke_feed_token(owner: User) -> bool:
    """Retire the feed address; True if there was one."""
    deleted, _ = UserSetting.objects.owned_by(owner).filter(key=FEED_TOKEN_KEY).delete()
    return deleted > 0


def owner_of_feed(token: str) -> Any | None:
    """The user whose feed secret this is, or None."""
    if not token or len(token) > 200:
        return None
    row = UserSetting.objects.filter(key=FEED_TOKEN_KEY, value=_feed_hash(token)).select_related("owner").first()
    return row.owner if row else None


def _feed_event(owner: User, conversation: Conversation) -> Invitation:
    meeting = meeting_of(owner, conversation)
    return Invitation(
        uid=conversation.ical_uid or f"conversation-{conversation.pk}@coffeechat", start=meeting.start,
        end=meeting.end, summary=_summary(conversation.person), organizer_email="", attendee_email="",
        description=f"{conversation.minutes} minutes", sequence=conversation.ical_sequence, dtstamp=now(),
    )


def upcoming_conversations(owner: User) -> list[Conversation]:
    """Scheduled conversations from today on, soonest first."""
    start_of_day = now() - timedelta(hours=24)
    return list(
        Conversation.objects.owned_by(owner).filter(state__in=UPCOMING_STATES, scheduled_at__gte=start_of_day)
        .select_related("person", "person__organization").order_by("scheduled_at", "id")
    )


def feed_ics(owner: User) -> bytes:
    """The subscribable calendar: upcoming conversations and the dated actions of the coming weeks."""
    from coffeechat.services.agenda import agenda

    events: list[Invitation | ActionReminder] = [_feed_event(owner, c) for c in upcoming_conversations(owner)]
    today = local_date(now(), get_setting(owner, "timezone"))
    view = agenda(owner, until=today + timedelta(days=FEED_DAYS_AHEAD))
    stamp = now()
    for action in view.actions:
        events.append(ActionReminder(uid=f"{action.key}@coffeechat", day=max(action.due, today),
                                     summary=action.reason, dtstamp=stamp))
    return build_feed(events, "coffeechat")


def all_conversations_ics(owner: User) -> tuple[bytes, int]:
    """Every scheduled conversation (past and future, not cancelled) in one calendar, and how many."""
    rows = list(
        Conversation.objects.owned_by(owner).filter(scheduled_at__isnull=False)
        .exclude(state=Conversation.State.CANCELLED).select_related("person").order_by("scheduled_at", "id")
    )
    return build_feed([_feed_event(owner, c) for c in rows], "coffeechat conversations"), len(rows)


def both_zones(meeting: MeetingTime) -> dict[str, str]:
    """The slot as each side reads it, with the zone names."""
    return {
        "their_zone": meeting.contact_zone.key, "their_time": meeting.for_contact(),
        "your_zone": meeting.user_zone.key, "your_time": meeting.for_user(),
    }


def conversation_as_json(owner: User, conversation: Conversation) -> dict[str, Any]:
    """The stable JSON shape of a scheduled conversation (docs/json.md)."""
    meeting = meeting_of(owner, conversation)
    return {
        "id": conversation.pk, "person_id": conversation.person_id, "person": conversation.person.full_name,
        "state": conversation.state, "start": meeting.start.isoformat(), "end": meeting.end.isoformat(),
        "minutes": conversation.minutes, **both_zones(meeting), "uid": conversation.ical_uid,
        "sequence": conversation.ical_sequence,
    }

