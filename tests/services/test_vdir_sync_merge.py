"""A vCard folder kept in step with a server: a card synced back under another name is written over in
place (no second card), what the server added stays, and an import of the folder matches by UID."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.models import ContactPoint, Person
from coffeechat.safe_files import TargetRefused
from coffeechat.services.imports import import_contacts
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.vcard_export import cards_in_folder, export_vdir


@pytest.fixture
def dana(owner) -> Person:
    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics Editor",
                                       emails=("dana@tribune.example",), tags=("journalism",),
                                       notes="Met at the press club"))


def synced_back(folder: Path, uid: str, name: str, edit: dict[str, str], extra: list[str]) -> Path:
    """What vdirsyncer leaves after a server edit: the card under the server's name, changed there."""
    (mine,) = folder.iterdir()
    lines = mine.read_text(encoding="utf-8").splitlines()
    for key, value in edit.items():
        lines = [f"{key}:{value}" if line.startswith(f"{key}:") else line for line in lines]
    lines[-1:-1] = extra
    mine.unlink()
    path = folder / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    assert cards_in_folder(folder) == {uid: path}
    return path


def test_a_card_renamed_and_edited_by_the_sync_comes_back_and_is_written_over_in_place(owner, dana, tmp_path) -> None:
    folder = tmp_path / "book"
    export_vdir(owner, folder)
    dana.refresh_from_db()
    card = synced_back(folder, dana.vcard_uid, "5b0e7c1a-random-name.vcf", {"TITLE": "Managing Editor"},
                       ["NICKNAME:Dee", "TEL;TYPE=cell:+1 312 555 0100", "BDAY:1988-04-02"])

    report = import_contacts(owner, folder, "vcard")
    assert (report.created, report.updated) == (0, 1)
    dana.refresh_from_db()
    assert dana.title == "Managing Editor" and dana.notes == "Met at the press club"
    assert [t.name for t in dana.tags.all()] == ["journalism"]
    assert list(dana.contact_points.filter(kind=ContactPoint.Kind.PHONE).values_list("value", flat=True)) == [
        "+1 312-555-0100"]

    export_vdir(owner, folder)
    assert [p.name for p in folder.iterdir()] == [card.name]  # written in place, no twin
    text = card.read_text(encoding="utf-8")
    for kept in ("NICKNAME:Dee", "BDAY:1988-04-02", "TEL;TYPE=cell:+1 312 555 0100", "TITLE:Managing Editor",
                 "CATEGORIES:journalism", "NOTE:Met at the press club"):
        assert kept in text
    before = card.stat().st_mtime_ns, text
    export_vdir(owner, folder)
    assert (card.stat().st_mtime_ns, card.read_text(encoding="utf-8")) == before  # nothing to write
    again = import_contacts(owner, folder, "vcard")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Person.objects.owned_by(owner).count() == 1


def test_a_link_in_place_of_the_synced_card_is_refused(owner, dana, tmp_path) -> None:
    folder = tmp_path / "book"
    export_vdir(owner, folder)
    dana.refresh_from_db()
    card = synced_back(folder, dana.vcard_uid, "server-name.vcf", {}, [])
    outside = tmp_path / "outside.vcf"
    outside.write_bytes(card.read_bytes())
    card.unlink()
    (folder / "server-name.vcf").symlink_to(outside)
    # A link is never read as the person's card: the canonical name is written, the link left alone.
    assert cards_in_folder(folder) == {}
    (folder / f"{dana.vcard_uid}.vcf").symlink_to(outside)
    with pytest.raises(TargetRefused, match="symbolic link"):
        export_vdir(owner, folder)
