"""During and right after a conversation: notes saved as they are typed, one-tap captures, "it was held".

Captures turn into the practice's own records at once: a referral ("talk to Dana Reyes at the Tribune")
becomes a person marked "referred by" with a ``Referral``; a commitment ("send my clips") becomes a
``Task``; an insight attaches to the conversation's goal. For a user aiming at political reporting, text
that mentions campaign work comes back with the conflict-of-interest warnings (docs/practice.md §4.9).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from coffeechat.core.matching import fold_name, fold_organization
from coffeechat.models import Conversation, Goal, Insight, Note, Organization, Person, Referral, Task
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
    """The note the live notes box starts with when the page opens: the conversation's first note. From
    then on the page edits that note by id (``save_live_notes``), whatever is added meanwhile."""
    return Note.objects.owned_by(owner).filter(conversation=conversation).order_by("id").first()


def note_version(body: str) -> str:
    """A short fingerprint of a note's text: the version a page last saw, to detect a change made elsewhere."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class NotesConflict(Exception):
    """The note changed elsewhere (another tab, the CLI) since the page last saw it; nothing was written."""

    def __init__(self, note: Note) -> None:
        super().__init__("this note was changed elsewhere since this page loaded it")
        self.note = note
        self.version = note_version(note.body)


@dataclass(frozen=True)
class LiveSave:
    """What a save of the notes box did: the note now held (None after emptying), its version, and how."""

    note: Note | None
    version: str
    outcome: str  # "created", "updated", "unchanged", "deleted", "empty"


@transaction.atomic
def save_live_notes(owner: Any, conversation: Conversation, text: str, *, note_id: int | None = None,
                    version: str = "") -> LiveSave:
    """Save the notes box into its own note: ``note_id`` (None: create one on the first save), only if
    that note still has the text the page last saw (``version``, from ``note_version``); otherwise raise
    ``NotesConflict`` and write nothing. No other note is ever changed or removed. Emptying the box removes
    its own note (so the "log your notes" reminder comes back); a note removed elsewhere is written anew."""
    text = text.replace("\x00", "")
    note = None
    if note_id is not None:
        note = Note.objects.owned_by(owner).select_for_update().filter(pk=note_id, conversation=conversation).first()
    if note is None:
        if not text.strip():
            return LiveSave(None, "", "empty")
        created = Note.objects.create(owner=owner, conversation=conversation, person=conversation.person,
                                      goal=conversation.goal, body=text)
        return LiveSave(created, note_version(text), "created")
    if note.body == text:
        return LiveSave(note, note_version(text), "unchanged")
    if version != note_version(note.body):
        raise NotesConflict(note)
    if not text.strip():
        note.delete()
        return LiveSave(None, "", "deleted")
    note.body = text
    note.save(update_fields=["body", "updated_at"])
    return LiveSave(note, note_version(text), "updated")


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


class ReferralUnsure(ValueError):
    """More than one person (or a near match) could be the one suggested: the user picks, or says "new"."""

    def __init__(self, name: str, organization: str, candidates: list[Person]) -> None:
        super().__init__(f"{name} could be someone you know: pick them, or add a new person")
        self.name, self.organization, self.candidates = name, organization, candidates


MOST_CANDIDATES = 6


def referral_candidates(owner: Any, name: str, organization: str = "") -> tuple[list[Person], bool]:
    """The people ``name`` (and ``organization``, when given) could mean, and whether the match is sure.

    Names compare folded (accents, case and punctuation ignored: "jose nunez" is José Núñez). Sure means
    exactly one person has that name — and, when an organisation was typed, works there."""
    folded = fold_name(name)
    if not folded:
        return [], False
    mine = Person.objects.owned_by(owner).select_related("organization")
    same_name = list(mine.filter(folded_name=folded).order_by("id")[:MOST_CANDIDATES])
    if organization and same_name:
        where = fold_organization(organization)
        same_place = [p for p in same_name if p.organization and fold_organization(p.organization.name) == where]
        if len(same_place) == 1:
            return same_place, True
        return same_place or same_name, False
    if len(same_name) == 1:
        return same_name, True
    if same_name:
        return same_name, False
    # No one by that exact name: someone whose name holds every typed word ("Dana" for Dana Reyes).
    near = mine
    for word in folded.split():
        near = near.filter(folded_name__contains=word)
    return list(near.order_by("id")[:MOST_CANDIDATES]), False


def _organization_like(owner: Any, organization: str) -> str:
    """The name of the owner's organisation that ``organization`` means ("the tribune" → "The Tribune"),
    so a referral never makes a twin organisation; the typed name when there is none."""
    where = fold_organization(organization)
    if not where:
        return organization
    longest = max(where.split(), key=len)
    for known in Organization.objects.owned_by(owner).filter(name__icontains=longest).values_list("name", flat=True):
        if fold_organization(known) == where:
            return known
    return organization


@transaction.atomic
def capture_referral(owner: Any, conversation: Conversation, text: str, *, organization: str = "",
                     note: str = "", person_id: int | None = None, new_person: bool = False) -> Referral:
    """The person suggested talking to someone: link the person the user knows by that name (and
    organisation, when one is given), or add them, then record the referral from this conversation.

    ``person_id`` is the user's own pick among the candidates; ``new_person`` says it is someone new.
    When neither is given and the match is not sure, raise ``ReferralUnsure`` with the candidates and write
    nothing: coffeechat never guesses, and never makes a twin of someone the user already knows."""
    name, said_organization = read_referral(text)
    organization = organization.strip() or said_organization
    if not name:
        raise ValueError("say who they suggested, e.g. “Dana Reyes at the Tribune”")
    if person_id is not None:
        person = Person.objects.owned_by(owner).filter(pk=person_id).first()
        if person is None:
            raise ValueError(f"no person with id {person_id} in your network")
    else:
        candidates, sure = referral_candidates(owner, name, organization)
        if sure:
            person = candidates[0]
        elif candidates and not new_person:
            raise ReferralUnsure(name, organization, candidates)
        else:
            person = add_person(owner, NewPerson(name, organization=_organization_like(owner, organization),
                                                 how_known=Person.HowKnown.REFERRAL))
    if person.pk == conversation.person_id:
        raise ValueError(f"{person.full_name} is the person you are talking with; who did they suggest?")
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
    if conversation.scheduled_at is not None and conversation.scheduled_at > now():
        # Ended in live mode before its booked time: it took place earlier than agreed, so it starts now.
        conversation.scheduled_at = now()
        conversation.save(update_fields=["scheduled_at", "updated_at"])
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
