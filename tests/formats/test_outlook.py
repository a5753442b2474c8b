"""Outlook CSV, desktop and Outlook.com variants: names, emails, phones, categories, dates, encodings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coffeechat.formats.contact import ContactRecord, FormatError
from coffeechat.formats.outlook import outlook_variant_of, read_outlook
from coffeechat.formats.table import find_layout

from .contact_files import FIXTURES, split

OUTLOOK = FIXTURES / "outlook"


def test_desktop_export_in_windows_1252() -> None:
    records, errors = split(read_outlook(OUTLOOK / "outlook_desktop.csv"))
    assert records[0] == ContactRecord(
        line=2, source="outlook", first_name="Zoë", last_name="Ødegaard", full_name="Zoë Ødegaard",
        emails=("zoe.odegaard@example.no",), phones=("+47 400 00 000", "+47 22 00 00 00"),
        linkedin_url="https://www.linkedin.com/in/zoeodegaard", organization="Nordic Data Desk",
        title="Data Journalist", location="Oslo, Norway", tags=("Alumni", "Data journalism"),
        notes="Prefers mornings.\nFollow up about the elections database.", birthday=date(1990, 5, 14),
    )
    francois = records[1]
    assert francois.line == 4  # Zoë's notes take two lines
    assert francois.full_name == "François Xavier Lefèvre Jr."
    assert francois.emails == ("francois@assemblee.example.fr",)  # the Exchange-internal address is dropped
    assert francois.birthday is None  # Outlook writes 0/0/00 for "no birthday"
    # Line 6's impossible birthday is dropped; the contact is kept.
    assert [(e.line, e.field) for e in errors] == [(5, "First Name")]


def test_outlook_com_export_with_bom() -> None:
    records, errors = split(read_outlook(OUTLOOK / "outlook_com.csv"))
    assert errors == []
    assert records[0] == ContactRecord(
        line=2, source="outlook", first_name="Siobhán", last_name="O'Sullivan", full_name="Siobhán O'Sullivan",
        emails=("siobhan@ledger.example",), phones=("+353 87 123 4567",), organization='The "Morning" Ledger',
        title="Senior Editor", location="Cork, Ireland", tags=("Editors", "Mentors"),
        notes="Suggested I talk to Dana, the metro editor.", birthday=date(1979, 11, 3),
    )
    assert records[1].urls == ("https://priya.example.com",)
    assert records[1].title == "Research Associate, Housing"


@pytest.mark.parametrize(("name", "variant"), [("outlook_desktop.csv", "desktop"), ("outlook_com.csv", "outlook.com")])
def test_variants_are_told_apart(name: str, variant: str) -> None:
    layout = find_layout(OUTLOOK / name, lambda keys: outlook_variant_of(keys) is not None, "Outlook")
    assert outlook_variant_of(frozenset(layout.header)) == variant


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("5/14/1990", date(1990, 5, 14)), ("14/5/1990", date(1990, 5, 14)), ("0/0/00", None),
     ("1/1/4501", None), ("", None), ("1990-05-14", date(1990, 5, 14))],
)
def test_birthday_spellings(tmp_path: Path, cell: str, expected: date | None) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(f"First Name,Last Name,E-mail Address,Company,Birthday\nAna,Lima,,,{cell}\n")
    (record,) = read_outlook(path)
    assert isinstance(record, ContactRecord) and record.birthday == expected


def test_google_file_is_not_an_outlook_file() -> None:
    with pytest.raises(FormatError, match="Outlook"):
        read_outlook(FIXTURES / "google" / "contacts.csv")
