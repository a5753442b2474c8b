"""A person's timeline: writing entries as the record changes, and reading everything in one list.

``record_touch`` adds one event (every use case that changes the record calls it). ``person_timeline``
reads the whole story of one person, newest first: the events (``Touch`` rows) merged with every piece of
text the user wrote about them — their own note, notes (typed with ``note PERSON``, in live mode, or by
import), the notes of ``log held --notes``, captured insights, referrals and tasks (commitments). Each
source is read with one bounded query, so the cost does not grow with the number of entries shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from coffeechat.models import Conversation, Insight, Message, Note, Person, Referral, Task, Touch
from coffeechat.services.clock import now

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The kinds of written text on a timeline, with the words shown for them; events keep their Touch.Kind
# (added, held, note…), so these names differ from every Touch kind.
TEXT_KINDS: dict[str, str] = {
    "person_note": "Your note on them",
    "note_added": "Note",
    "held_notes": "Conversation notes",
    "insight": "Insight",
    "referral_note": "Referral",
    "task": "Task",
    "commitment": "Commitment",
}


def record_touch(
    owner: User,
    person: Person,
    kind: str,
    summary: str,
    *,
    at: datetime | None = None,
    message: Message | None = None,
    conversation: Conversation | None = None,
    source: str = "",
) -> Touch:
    """Add one entry to ``person``'s timeline (call inside the use case's transaction); ``source``: "mail" or
    "calendar" when the user did not type it."""
    return Touch.objects.create(
        owner=owner,
        person=person,
        kind=kind,
        summary=summary[:500],
        at=at or now(),
        message=message,
        conversation=conversation,
        source=source,
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a person's story: when, what kind, and the full text the user wrote or the app logged.

    ``source`` names the record it comes from (touch, person, note, conversation, insight, referral, task)
    and ``source_id`` its id, so a face can link to it; ``written`` is True for the user's own words.
    ``origin`` says where an event came from when the user did not type it: "mail" or "calendar" (shown as
    "from mail"), empty otherwise.
    """

    at: datetime
    kind: str
    label: str
    text: str
    source: str
    source_id: int
    conversation_id: int | None
    written: bool
    origin: str = ""


def person_timeline(owner: User, person: Person, limit: int = 200) -> list[TimelineEntry]:
    """The newest ``limit`` entries of ``person``'s timeline (events and every text about them), newest
    first. At most seven queries, each cut to ``limit`` rows, whatever the size of the history."""
    limit = max(limit, 0)
    if not limit:
        return []
    entries: list[TimelineEntry] = []
    for touch in Touch.objects.owned_by(owner).filter(person=person).order_by("-at", "-id")[:limit]:
        entries.append(TimelineEntry(touch.at, touch.kind, touch.get_kind_display(), touch.summary, "touch",
                                     touch.pk, touch.conversation_id, touch.kind == Touch.Kind.NOTE, touch.source))
    if person.notes.strip():
        entries.append(TimelineEntry(person.updated_at, "person_note", TEXT_KINDS["person_note"], person.notes,
                                     "person", person.pk, None, True))
    # Every writer sets a note's and an insight's person (live mode from the conversation), so the person's
    # own index answers; matching through the conversation too made SQLite scan all of the owner's notes.
    about = Q(person=person)
    for note in Note.objects.owned_by(owner).filter(about).order_by("-created_at", "-id")[:limit]:
        entries.append(TimelineEntry(note.created_at, "note_added", TEXT_KINDS["note_added"], note.body, "note", note.pk,
                                     note.conversation_id, True))
    talks = (Conversation.objects.owned_by(owner).filter(person=person).exclude(notes="")
             .order_by("-updated_at", "-id")[:limit])
    for talk in talks:
        when = talk.held_at or talk.scheduled_at or talk.updated_at
        entries.append(TimelineEntry(when, "held_notes", TEXT_KINDS["held_notes"], talk.notes,
                                     "conversation", talk.pk, talk.pk, True))
    for insight in Insight.objects.owned_by(owner).filter(about).order_by("-created_at", "-id")[:limit]:
        tags = " · ".join(part for part in (insight.theme, insight.skill) if part)
        entries.append(TimelineEntry(insight.created_at, "insight", TEXT_KINDS["insight"],
                                     insight.text + (f" ({tags})" if tags else ""), "insight", insight.pk,
                                     insight.conversation_id, True))
    referrals = (Referral.objects.owned_by(owner).filter(Q(from_person=person) | Q(to_person=person))
                 .exclude(note="").select_related("from_person", "to_person").order_by("-created_at", "-id")[:limit])
    for referral in referrals:
        if referral.from_person_id == person.pk:
            label = f"Referral to {referral.to_person.full_name}"
        else:
            label = f"Referred by {referral.from_person.full_name}"
        entries.append(TimelineEntry(referral.created_at, "referral_note", label, referral.note, "referral",
                                     referral.pk, referral.conversation_id, True))
    for task in Task.objects.owned_by(owner).filter(person=person).order_by("-created_at", "-id")[:limit]:
        kind = "commitment" if task.conversation_id else "task"
        state = f"done {task.done_at:%Y-%m-%d}" if task.done_at else (f"due {task.due:%Y-%m-%d}" if task.due else "")
        entries.append(TimelineEntry(task.created_at, kind, TEXT_KINDS[kind] + (f" ({state})" if state else ""),
                                     task.title, "task", task.pk, task.conversation_id, True))
    entries.sort(key=lambda entry: (entry.at, entry.source == "touch", entry.source_id), reverse=True)
    return entries[:limit]


def entry_as_json(entry: TimelineEntry) -> dict[str, Any]:
    """The stable JSON shape of a timeline entry (docs/json.md)."""
    first_line = " ".join(entry.text.split())
    return {
        "at": entry.at.isoformat(),
        "kind": entry.kind,
        "label": entry.label,
        "summary": first_line[:200] + ("…" if len(first_line) > 200 else ""),
        "text": entry.text,
        "source": entry.source,
        "source_id": entry.source_id,
        "conversation_id": entry.conversation_id,
        "written": entry.written,
        "origin": entry.origin,
    }
