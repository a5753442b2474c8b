"""vCard: iPhone 3.0 exports, 4.0 files, vdir folders, broken cards; and writing 4.0 that reads back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from coffeechat.formats.contact import ContactRecord, FormatError
from coffeechat.formats.vcard import CardToWrite, read_vcards, write_vcards
from coffeechat.formats.vcard_write import card_text, fold_line

from .contact_files import FIXTURES, split

VCARD = FIXTURES / "vcard"


def test_iphone_export_with_photo_groups_and_folded_lines() -> None:
    records, errors = split(read_vcards(VCARD / "iphone_export.vcf"))
    # A card without a UID gets one from its content, so importing it again is recognised.
    assert records[0].uid.startswith("coffeechat-fp-")
    assert replace(records[0], uid="") == ContactRecord(
        line=1, source="vcard", first_name="José", last_name="Núñez", full_name="José Antonio Núñez",
        emails=("jose@nunez-ortega.example", "jose.nunez@example.com"), phones=("+34 612 345 678",),
        linkedin_url="https://www.linkedin.com/in/jose-nunez-4a1b2c", urls=("https://nunez.example.es",),
        organization="Núñez, Ortega & Asociados", title="Policy Analyst", location="Madrid, Spain",
        tags=("Alumni", "Housing policy"),
        notes="Met at the housing panel in Madrid. He offered to introduce me to two people at the ministry's "
        "data unit, and asked me to send the zoning report.",
        birthday=date(1988, 3, 9),
    )
    assert records[1].birthday is None  # Apple's 1604 means "no year"
    assert [r.line for r in records] == [1, 2, 4]
    assert [(e.line, e.field) for e in errors] == [(3, "FN")]


def test_vcard_4_with_uid_uri_phone_and_yearless_birthday() -> None:
    records, errors = split(read_vcards(VCARD / "contacts_v4.vcf"))
    assert errors == []
    priya, tomas = records
    assert priya.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert priya.phones == ("+1-202-555-0143",)
    assert priya.linkedin_url == "https://www.linkedin.com/in/priyaraman"
    assert priya.organization == "Center for Civic Futures, Inc."
    assert priya.birthday == date(1991, 6, 22)
    assert priya.notes.endswith("before we talk again.")
    assert (tomas.last_name, tomas.location, tomas.birthday) == ("Ó Briain", "Galway, Ireland", None)


def test_folder_of_single_cards_names_each_file() -> None:
    records, errors = split(read_vcards(VCARD / "vdir"))
    assert errors == []  # the 'displayname' metadata file is not a card and is ignored
    assert [(r.full_name, r.line) for r in records] == [
        ("Hannah Kowalczyk", 1), ("Amara Okafor", 1), ("Lena Fischer", 1),
    ]
    assert records[0].origin == "0b7c1e9a-2f51-4a5e-8c1d-3d9e6f4a2b10.vcf"
    assert records[0].uid == "0b7c1e9a-2f51-4a5e-8c1d-3d9e6f4a2b10"
    assert records[2].linkedin_url == "https://www.linkedin.com/in/lenafischer"


def test_broken_cards_become_errors_and_the_rest_still_read() -> None:
    records, errors = split(read_vcards(VCARD / "broken.vcf"))
    # Rosa's impossible birthday (1990-14-40) is dropped, never the person; card 3 cannot be read at all.
    assert [(r.full_name, r.birthday) for r in records] == [("Rosa Lind", None), ("Kofi Mensah", None)]
    assert [(e.line, e.field) for e in errors] == [(3, "card")]


def test_not_a_vcard_raises_at_once(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="BEGIN:VCARD"):
        read_vcards(FIXTURES / "linkedin" / "expenses.csv")
    with pytest.raises(FormatError, match="no .vcf files"):
        read_vcards(tmp_path)


def test_a_folder_file_that_is_not_a_card_is_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "notes.vcf").write_text("just some text\n")
    (tmp_path / "ok.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEND:VCARD\r\n")
    records, errors = split(read_vcards(tmp_path))
    assert [r.full_name for r in records] == ["Ana Lima"]
    assert (errors[0].origin, errors[0].field) == ("notes.vcf", "file")


FULL = ContactRecord(
    line=1, source="vcard", first_name="José", last_name="Núñez", full_name="José Núñez",
    emails=("jose@example.org", "jnunez@example.es"), phones=("+351 912 345 678",),
    linkedin_url="https://www.linkedin.com/in/jose-nunez", urls=("https://example.org/a",),
    organization='Acme; "Sons", Inc.', title="Policy analyst, housing", location="Lisbon, Portugal",
    tags=("Alumni", "Policy, think tanks"),
    notes="Line one\nLine two; a backslash \\ and a sentence long enough to be folded over several lines: ééééé",
    birthday=date(1990, 5, 14), connected_on=date(2025, 12, 7),
)


@pytest.mark.parametrize(
    "record",
    [FULL, ContactRecord(line=1, source="vcard", first_name="Zoë", full_name="Zoë")],
    ids=["every-field", "first-name-only"],
)
def test_written_cards_read_back_equal(tmp_path: Path, record: ContactRecord) -> None:
    path = tmp_path / "export.vcf"
    with path.open("w", encoding="utf-8", newline="") as stream:
        assert write_vcards([CardToWrite("card-1", record), CardToWrite("card-2", record)], stream) == 2
    records, errors = split(read_vcards(path))
    assert errors == []
    assert records == [replace(record, uid="card-1"), replace(record, uid="card-2", line=2)]


def test_written_card_is_vcard_4_with_stable_uid_and_folded_lines() -> None:
    text = card_text(CardToWrite("abc-123", FULL, revised=datetime(2025, 12, 7, 10, 15, tzinfo=UTC)))
    lines = text.split("\r\n")
    assert lines[:4] == ["BEGIN:VCARD", "VERSION:4.0", "PRODID:-//coffeechat//coffeechat//EN", "UID:abc-123"]
    assert "N:Núñez;José;;;" in lines and "FN:José Núñez" in lines
    assert "REV:20251207T101500Z" in lines and "BDAY:19900514" in lines
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert text.endswith("END:VCARD\r\n")


def test_folding_never_splits_a_character() -> None:
    folded = fold_line("NOTE:" + "é" * 100)
    pieces = folded.removesuffix("\r\n").split("\r\n ")
    assert "".join(pieces) == "NOTE:" + "é" * 100
    assert all(len(p.encode("utf-8")) <= 74 for p in pieces[1:])


