"""During and right after a conversation: notes saved as they are typed, one-tap captures, "it was held".

Captures turn into the practice's own records at once: a referral ("talk to Dana Reyes at the Tribune")
becomes a person marked "referred by" with a ``Referral``; a commitment ("send my clips") becomes a
``Task``; an insight attaches to the conversation's goal. For a user aiming at political reporting, text
that mentions campaign work comes back with the conflict-of-interest warnings (PRODUCT.md 4.9).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from coffeechat.models import Conversation, Goal, Insight, Note, Person, Referral, Task
from coffeechat.services import logbook
from coffeechat.services.clock import now
from coffeechat.services.people import NewPerson, add_person

# "talk to", "you should meet", "reach out to"… before the name in a quick capture.
_LEAD_IN = re.compile(
    r"^\s*(?:(?:you\s+)?(?:should|could|might|must)\s+)?(?:talk|speak|reach\s+out|write|get\s+in\s+touch|"
    r"meet|contact|call|email|ask)(?:\s+(?:to|with))?(?:\s+|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Captures:
    """What was captured in one conversation, newest first."""

    referrals: list[Referral]
    commitments: list[Task]
    insights: list[Insight]
    notes: list[Note]


def conversation_of(owner: Any, conversation_id: int) -> Conversation | None:
    """The owner's conversation with that id, with its person and goal, or None."""
    return (
        Conversation.objects.owned_by(owner).select_related("person", "person__organization", "goal")
        .filter(pk=conversation_id).first()
    )


def live_note(owner: Any, conversation: Conversation) -> Note | None:
    """The note the live notes box edits: the conversation's first note."""
    return Note.objects.owned_by(owner).filter(conversation=conversation).order_by("id").first()


@transaction.atomic
def save_live_notes(owner: Any, conversation: Conversation, text: str) -> Note | None:
    """Keep the notes box's text as the conversation's note (an emptied box removes the note, so the
    "log your notes" reminder comes back)."""
    note = live_note(owner, conversation)
    if not text.strip():
        if note is not None:
            note.delete()
        return None
    if note is None:
        return Note.objects.create(owner=owner, conversation=conversation, person=conversation.person,
                                   goal=conversation.goal, body=text)
    if note.body != text:
        note.body = text
        note.save(update_fields=["body", "updated_at"])
    return note


def captures(owner: Any, conversation: Conversation) -> Captures:
    """Everything captured in ``conversation`` so far."""
    return Captures(
        referrals=list(Referral.objects.owned_by(owner).filter(conversation=conversation)
                       .select_related("to_person", "to_person__organization").order_by("-id")),
        commitments=list(Task.objects.owned_by(owner).filter(conversation=conversation).order_by("-id")),
        insights=list(Insight.objects.owned_by(owner).filter(conversation=conversation).order_by("-id")),
        notes=list(Note.objects.owned_by(owner).filter(conversation=conversation).order_by("id")),
    )


def read_referral(text: str) -> tuple[str, str]:
    """Name and organisation from a quick capture: "talk to Dana Reyes at the Tribune" gives
    ("Dana Reyes", "The Tribune"); "Sam Park" gives ("Sam Park", "")."""
    text = _LEAD_IN.sub("", " ".join(text.split())).strip(" .,;")
    name, _, organization = text.partition(" at ")
    if not organization:
        name, _, organization = text.partition(" from ")
    organization = organization.strip(" .,;")
    if organization[:4].lower() == "the ":
        organization = "The " + organization[4:]
    return name.strip(" .,;"), organization


@transaction.atomic
def capture_referral(owner: Any, conversation: Conversation, text: str, *, organization: str = "",
                     note: str = "") -> Referral:
    """The person suggested talking to someone: find them in the network (same name, and same organisation
    when one is given) or add them, then record the referral from this conversation."""
    name, said_organization = read_referral(text)
    organization = organization.strip() or said_organization
    if not name:
        raise ValueError("say who they suggested, e.g. “Dana Reyes at the Tribune”")
    people = Person.objects.owned_by(owner).filter(full_name__iexact=name)
    if organization:
        people = people.filter(organization__name__iexact=organization)
    found = list(people[:2])
    if len(found) == 1:
        person = found[0]
    else:
        person = add_person(owner, NewPerson(name, organization=organization, how_known=Person.HowKnown.REFERRAL))
    referral = logbook.log_referral(owner, conversation.person, person, note=note or text.strip())
    if referral.conversation_id != conversation.pk:
        # The logbook ties a referral to the latest *held* conversation; live mode knows which one it is.
        referral.conversation = conversation
        referral.save(update_fields=["conversation", "updated_at"])
    return referral


@transaction.atomic
def capture_commitment(owner: Any, conversation: Conversation, text: str, *, due: date | None = None) -> Task:
    """Something the user promised ("send my clips"): a task about this person, from this conversation."""
    task = logbook.add_task(owner, text, due=due, person=conversation.person)
    task.conversation = conversation
    task.save(update_fields=["conversation", "updated_at"])
    return task


@transaction.atomic
def capture_insight(owner: Any, conversation: Conversation, text: str, *, theme: str = "",
                    skill: str = "") -> Insight:
    """Something learned, tagged by theme and skill, attached to the conversation's goal."""
    text = " ".join(text.split())
    if not text:
        raise ValueError("an insight needs some words")
    return Insight.objects.create(owner=owner, conversation=conversation, person=conversation.person,
                                  goal=conversation.goal, text=text, theme=theme.strip()[:80],
                                  skill=skill.strip()[:80])


@transaction.atomic
def mark_held(owner: Any, conversation: Conversation) -> Conversation:
    """The conversation took place now (through the logbook, so the timeline and stage follow)."""
    if conversation.state == Conversation.State.HELD:
        return conversation
    if logbook.upcoming_conversation(owner, conversation.person) != conversation:
        # Another conversation with them comes first; hold this one without moving the other.
        conversation.state, conversation.held_at = Conversation.State.HELD, now()
        conversation.save(update_fields=["state", "held_at", "updated_at"])
        return conversation
    return logbook.log_held(owner, conversation.person)


@transaction.atomic
def add_note(owner: Any, person: Person, text: str) -> Note:
    """A note on ``person``'s latest conversation (held, or else the next one), or on the person."""
    text = text.strip()
    if not text:
        raise ValueError("a note needs some words")
    held = Conversation.objects.owned_by(owner).filter(person=person, state=Conversation.State.HELD)
    conversation = held.order_by("-held_at", "-id").first() or logbook.upcoming_conversation(owner, person)
    return Note.objects.create(owner=owner, person=person, conversation=conversation,
                               goal=conversation.goal if conversation else None, body=text)


def political_warnings(owner: Any, text: str) -> list[str]:
    """Conflict-of-interest warnings when the user aims at political reporting and ``text`` describes
    campaign or partisan work; empty otherwise."""
    from coffeechat.core.reporting_ethics import conflict_warnings

    goals = Goal.objects.owned_by(owner).filter(archived=False).values_list("field", "title")
    fields = [value for pair in goals for value in pair if value]
    return conflict_warnings(fields, text) if fields else []
