"""Exporting the network as vCard 4.0: one .vcf file, or a folder of one card per file (khard, vdirsyncer).

Each person keeps one UID for good (``Person.vcard_uid``): a person without one gets a new uuid4 the first
time they are exported, saved before anything is written, so the next export rewrites the same cards
instead of adding copies on the user's phone, and a card re-imported keeps its UID.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Prefetch

from coffeechat.formats.contact import ContactRecord
from coffeechat.formats.spreadsheet import TextSink
from coffeechat.formats.vcard_write import (
    CardToWrite,
    card_file_name,
    card_text,
    content_lines,
    merged_card_text,
    unescape_text,
    write_vcards,
)
from coffeechat.models import ContactPoint, Person
from coffeechat.safe_files import TargetRefused, open_for_writing, prepare_folder, refusal, write_file

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_CHUNK = 2000


def ensure_vcard_uids(owner: User) -> int:
    """Give every person of the owner a UID of their own, in one transaction; returns how many were new.

    A UID two people share (two cards imported with the same UID, say) stays with the first and the other
    gets a new one: in a vCard folder the UID names the file, and one file would otherwise hide the other.
    """
    with transaction.atomic():
        seen: set[str] = set()
        changed: list[Person] = []
        rows = Person.objects.owned_by(owner).order_by("id").values_list("id", "vcard_uid")
        for pk, uid in rows:
            if uid and uid not in seen:
                seen.add(uid)
                continue
            fresh = str(uuid.uuid4())
            seen.add(fresh)
            changed.append(Person(pk=pk, vcard_uid=fresh))
        Person.objects.bulk_update(changed, ["vcard_uid"], batch_size=500)
    return len(changed)


def _record(person: Person, index: int) -> ContactRecord:
    points = list(person.contact_points.all())
    # Emails and phones sorted, as the importer stores them, so an export re-imported elsewhere and
    # exported again gives the very same cards.
    return ContactRecord(
        line=index,
        source="vcard",
        first_name=person.first_name,
        last_name=person.last_name,
        full_name=person.full_name,
        emails=tuple(sorted(p.value for p in points if p.kind == ContactPoint.Kind.EMAIL)),
        phones=tuple(sorted(p.value for p in points if p.kind == ContactPoint.Kind.PHONE)),
        linkedin_url=person.linkedin_url,
        urls=tuple(p.value for p in points if p.kind == ContactPoint.Kind.URL and p.value != person.linkedin_url),
        organization=person.organization.name if person.organization else "",
        title=person.title,
        location=person.location,
        tags=tuple(sorted((t.name for t in person.tags.all()), key=str.casefold)),
        notes=person.notes,
        connected_on=person.connected_on,
    )


def cards_to_write(owner: User) -> Iterator[CardToWrite]:
    """Every person of the owner as a card, in name order; a fixed number of queries per 2,000 people.

    Call ``ensure_vcard_uids`` first: a person without a UID is skipped here rather than given one that
    would not be saved.
    """
    people = (
        Person.objects.owned_by(owner).exclude(vcard_uid="")
        .select_related("organization")
        .prefetch_related("tags", Prefetch("contact_points", queryset=ContactPoint.objects.order_by("id")))
        .order_by("full_name", "id")
    )
    for index, person in enumerate(people.iterator(chunk_size=_CHUNK), start=1):
        yield CardToWrite(uid=person.vcard_uid, contact=_record(person, index))


def write_vcard_stream(owner: User, out: TextSink) -> dict[str, int]:
    """Write every person as one vCard 4.0 stream (open files with ``newline=""`` to keep CRLF)."""
    new_uids = ensure_vcard_uids(owner)
    return {"people": write_vcards(cards_to_write(owner), out), "new_uids": new_uids}


def export_vcard_file(owner: User, path: Path, *, force: bool = False) -> dict[str, int]:
    """Write every person to one .vcf file, atomically, never through a symbolic link, and over an existing
    file only if coffeechat wrote it or ``force`` (see ``safe_files``)."""
    with open_for_writing(path, force=force) as out:
        return write_vcard_stream(owner, out)


def cards_in_folder(folder: Path) -> dict[str, Path]:
    """The card file of each UID already in ``folder`` (``.vcf`` / ``.vcard`` files; links are not followed).

    A sync tool names the cards it brings in its own way (vdirsyncer gives a card whose UID is not
    file-safe a random name), so a card is found by the UID it holds, not by its file name; where two files
    hold one UID, the one named as coffeechat names it wins.
    """
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".vcf", ".vcard") or path.is_symlink() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        uid = next((unescape_text(line.value).strip() for line in content_lines(text) if line.name == "UID"), "")
        if uid and (uid not in found or path.name == card_file_name(uid)):
            found[uid] = path
    return found


def export_vdir(owner: User, folder: Path) -> dict[str, int]:
    """Write one ``<uid>.vcf`` per person into ``folder``, as khard and vdirsyncer keep an address book.

    Each card is replaced atomically; cards whose text has not changed are left untouched, and files of
    other cards are left alone. A card already in the folder with the person's UID (written by coffeechat,
    or synced back by a tool under a name of its own) is written over in place, and keeps what coffeechat
    does not hold: its photo, nickname, birthday, labels and types, an email or phone added elsewhere
    (``formats.vcard_write.merged_card_text``). So a folder kept in step with a server by vdirsyncer loses
    nothing on either side. A symbolic link, as the folder or as a card, is refused before anything is
    written.
    """
    new_uids = ensure_vcard_uids(owner)
    prepare_folder(folder)
    existing = cards_in_folder(folder)
    uids = Person.objects.owned_by(owner).exclude(vcard_uid="").values_list("vcard_uid", flat=True)
    for uid in uids.iterator(chunk_size=_CHUNK):
        reason = refusal(existing.get(uid) or folder / card_file_name(uid))
        if reason:
            raise TargetRefused(reason)
    count = 0
    for entry in cards_to_write(owner):
        target = existing.get(entry.uid) or folder / card_file_name(entry.uid)
        old = target.read_bytes() if target.is_file() else b""
        text = merged_card_text(entry, old.decode("utf-8", errors="replace")) if old else card_text(entry)
        data = text.encode("utf-8")
        if data != old:
            write_file(target, data, checked=True, record=False)
        count += 1
    return {"people": count, "new_uids": new_uids}
