"""Taking the network to other tools: Markdown notes (one file per person) and a spreadsheet of people.

Each export reads the owner's rows in a fixed number of queries (prefetching, never one query per
person), hands plain records to a pure writer in ``formats/``, and returns counts for the summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from coffeechat.core.when import WhenError, zone
from coffeechat.formats.markdown_notes import (
    ConversationEntry,
    InsightEntry,
    NoteEntry,
    PersonNotes,
    TimelineEntry,
    note_file_name,
    render_index,
    render_person,
)
from coffeechat.formats.spreadsheet import write_safe_csv
from coffeechat.models import ContactPoint, Conversation, Insight, Note, Person, PlanItem, Touch
from coffeechat.safe_files import open_for_writing, prepare_folder, write_files
from coffeechat.services.clock import now

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from coffeechat.formats.spreadsheet import TextSink

CSV_COLUMNS = (
    "name", "first", "last", "organisation", "title", "emails", "phones", "linkedin", "location", "how known",
    "stage", "tags", "notes",
)


def user_zone(owner: Any) -> tzinfo:
    """The user's time zone (setting ``timezone``), or UTC if it cannot be used."""
    from coffeechat.services.preferences import get_setting

    try:
        return zone(get_setting(owner, "timezone"))
    except WhenError:
        return UTC


def _people(owner: Any) -> Any:
    return (
        Person.objects.owned_by(owner)
        .select_related("organization", "referred_by")
        .prefetch_related("tags", Prefetch("contact_points", queryset=ContactPoint.objects.order_by("id")))
        .order_by("full_name", "id")
    )


def _with_history(query: Any) -> Any:
    conversations = (
        Conversation.objects.select_related("goal")
        .order_by("scheduled_at", "id")
        .prefetch_related(
            Prefetch("plan_items", queryset=PlanItem.objects.order_by("position", "id")),
            Prefetch("note_set", queryset=Note.objects.order_by("created_at", "id")),
            Prefetch("insights", queryset=Insight.objects.select_related("goal").order_by("created_at", "id")),
        )
    )
    return query.prefetch_related(
        Prefetch("conversations", queryset=conversations),
        Prefetch("touches", queryset=Touch.objects.order_by("at", "id")),
        Prefetch("note_set", queryset=Note.objects.filter(conversation__isnull=True).order_by("created_at", "id"),
                 to_attr="own_notes"),
        Prefetch("insights", queryset=Insight.objects.filter(conversation__isnull=True)
                 .select_related("goal").order_by("created_at", "id"), to_attr="own_insights"),
    )


def _insight(insight: Insight) -> InsightEntry:
    return InsightEntry(at=insight.created_at, text=insight.text, theme=insight.theme, skill=insight.skill,
                        goal=insight.goal.title if insight.goal else "")


def _note(note: Note) -> NoteEntry:
    return NoteEntry(at=note.created_at, body=note.body)


def _notes_of(person: Person) -> PersonNotes:
    points = list(person.contact_points.all())
    conversations = tuple(
        ConversationEntry(
            scheduled_at=c.scheduled_at, state=c.state, purpose=c.purpose, channel=c.get_channel_display(),
            minutes=c.minutes, goal=c.goal.title if c.goal else "", notes=c.notes,
            questions=tuple((item.text, item.answered) for item in c.plan_items.all()),
            written=tuple(_note(n) for n in c.note_set.all()),
            insights=tuple(_insight(i) for i in c.insights.all()),
        )
        for c in person.conversations.all()
    )
    return PersonNotes(
        id=person.pk, name=person.full_name, organization=person.organization.name if person.organization else "",
        title=person.title, emails=tuple(p.value for p in points if p.kind == ContactPoint.Kind.EMAIL),
        phones=tuple(p.value for p in points if p.kind == ContactPoint.Kind.PHONE),
        linkedin_url=person.linkedin_url, location=person.location, timezone=person.timezone,
        how_known=person.how_known, stage=person.stage, tags=tuple(sorted(t.name for t in person.tags.all())),
        referred_by=person.referred_by.full_name if person.referred_by else "",
        connected_on=person.connected_on, notes=person.notes, conversations=conversations,
        written=tuple(_note(n) for n in person.own_notes),  # type: ignore[attr-defined]
        insights=tuple(_insight(i) for i in person.own_insights),  # type: ignore[attr-defined]
        timeline=tuple(TimelineEntry(at=t.at, summary=t.summary) for t in person.touches.all()),
    )


def people_notes(owner: Any) -> list[PersonNotes]:
    """Every person of ``owner`` with their conversations, notes, insights and timeline, by name."""
    return [_notes_of(person) for person in _with_history(_people(owner))]


def export_markdown(owner: Any, folder: Path, *, force: bool = False) -> dict[str, int]:
    """Write one Markdown file per person and an index.md into ``folder`` (created 0700 if missing).

    Every target is checked before anything is written (``safe_files.check_targets``): a symbolic link is
    refused, and so is an existing file coffeechat did not write, unless ``force``. Each file is then
    replaced atomically; notes coffeechat wrote earlier are updated and other files are left alone.
    """
    prepare_folder(folder)
    tz = user_zone(owner)
    people = people_notes(owner)
    files: list[tuple[Path, bytes | str]] = [
        (folder / note_file_name(person.id, person.name), render_person(person, tz)) for person in people
    ]
    files.append((folder / "index.md", render_index(people, generated_at=now(), tz=tz)))
    write_files(files, force=force)
    return {
        "people": len(people),
        "conversations": sum(len(p.conversations) for p in people),
        "files": len(people) + 1,
    }


def people_rows(owner: Any) -> Iterable[list[str]]:
    """One spreadsheet row per person, in the order of CSV_COLUMNS."""
    for person in _people(owner).iterator(chunk_size=2000):
        points = list(person.contact_points.all())
        yield [
            person.full_name, person.first_name, person.last_name,
            person.organization.name if person.organization else "", person.title,
            "; ".join(p.value for p in points if p.kind == ContactPoint.Kind.EMAIL),
            "; ".join(p.value for p in points if p.kind == ContactPoint.Kind.PHONE),
            person.linkedin_url, person.location, person.how_known, person.stage,
            "; ".join(sorted(t.name for t in person.tags.all())), person.notes,
        ]


def write_people_csv(owner: User, out: TextSink) -> dict[str, int]:
    """Write the owner's people as a CSV a spreadsheet opens safely (BOM first, no formulas)."""
    count = write_safe_csv(people_rows(owner), CSV_COLUMNS, out)
    return {"people": count}


def export_people_csv(owner: Any, path: Path, *, force: bool = False) -> dict[str, int]:
    """Write the owner's people to a CSV file at ``path`` (UTF-8 with a byte order mark), atomically and
    only over a file coffeechat wrote unless ``force`` (see ``safe_files``)."""
    with open_for_writing(path, force=force) as out:
        return write_people_csv(owner, out)
