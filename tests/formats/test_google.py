"""Google Contacts CSV, current and legacy layouts: multi-value cells, labels, names, birthdays."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coffeechat.formats.contact import ContactRecord, FormatError
from coffeechat.formats.google import labels_to_tags, read_google

from .contact_files import FIXTURES, split

GOOGLE = FIXTURES / "google"


def test_current_layout_reads_multi_value_cells_and_user_labels() -> None:
    records, errors = split(read_google(GOOGLE / "contacts.csv"))
    assert records[0] == ContactRecord(
        line=2, source="google", first_name="José", last_name="Núñez", full_name="José Antonio Núñez",
        emails=("jose@nunez-ortega.example", "jnunez@example.es", "jose.nunez@example.com"),
        phones=("+34 612 345 678",), linkedin_url="https://www.linkedin.com/in/jose-nunez-4a1b2c",
        urls=("https://nunez.example.es",), organization="Núñez, Ortega & Asociados", title="Policy Analyst",
        location="Madrid, Spain", tags=("Alumni",), notes="Met at the housing panel.\nAsk about the zoning report.",
        birthday=date(1988, 3, 9),
    )
    zoe = records[1]
    # José's notes and address span four lines, so Zoë starts on line 6.
    assert zoe.line == 6
    assert zoe.phones == ("+47 22 00 00 00", "+47 400 00 000", "+47 400 00 001")
    assert zoe.tags == ("Data journalism", "Conference 2025")
    assert zoe.birthday is None  # '--05-14' has no year
    assert [(e.line, e.field) for e in errors] == [(7, "Name")]


def test_nickname_stands_in_when_there_are_no_name_fields() -> None:
    records, _ = split(read_google(GOOGLE / "contacts.csv"))
    assert (records[2].full_name, records[2].first_name, records[2].line) == ("Siobhán", "", 8)


def test_legacy_layout_in_utf16() -> None:
    records, errors = split(read_google(GOOGLE / "contacts_legacy.csv"))
    assert errors == []
    assert records[0] == ContactRecord(
        line=2, source="google", first_name="Siobhán", last_name="O'Sullivan", full_name="Siobhán O'Sullivan",
        emails=("siobhan@ledger.example",), phones=("+353 87 123 4567",), urls=("https://siobhan.example.ie",),
        organization='The "Morning" Ledger', title="Senior Editor", location="Cork, Ireland", tags=("Editors",),
        birthday=date(1979, 11, 3),
    )
    assert records[1].emails == ("marcus.bell@house.example.gov", "mbell@example.net")
    assert records[1].notes == 'Staffer; said "call after recess".'


@pytest.mark.parametrize(
    ("cell", "tags"),
    [
        ("* myContacts ::: Alumni ::: * starred", ("Alumni",)),
        ("", ()),
        ("* myContacts", ()),
        ("Alumni ::: alumni ::: Think tanks", ("Alumni", "Think tanks")),
    ],
)
def test_system_labels_are_dropped_and_user_labels_kept_once(cell: str, tags: tuple[str, ...]) -> None:
    assert labels_to_tags(cell) == tags


def test_a_bad_birthday_never_costs_the_contact(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("First Name,Last Name,Birthday,Labels\nAna,Lima,1990-02-30,\nBo,Berg,,\n", encoding="utf-8")
    records = list(read_google(path))
    assert [(r.full_name, r.birthday) for r in records] == [("Ana Lima", None), ("Bo Berg", None)]


def test_linkedin_export_is_not_a_google_file() -> None:
    with pytest.raises(FormatError, match="Google Contacts"):
        read_google(FIXTURES / "linkedin" / "Connections.csv")
