"""LinkedIn Connections.csv: every export shape people bring, row errors with the right line, streaming."""

from __future__ import annotations

import csv
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from coffeechat.formats.contact import ContactRecord, FormatError
from coffeechat.formats.linkedin import read_linkedin

from .contact_files import FIXTURES, split

LINKEDIN = FIXTURES / "linkedin"
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]

JOSE = ContactRecord(
    line=5, source="linkedin", first_name="José", last_name="Núñez", full_name="José Núñez",
    linkedin_url="https://www.linkedin.com/in/jose-nunez-4a1b2c", organization="Núñez, Ortega & Asociados",
    title="Policy Analyst", connected_on=date(2025, 12, 7),
)
ZOE = ContactRecord(
    line=6, source="linkedin", first_name="Zoë", last_name="Ødegaard", full_name="Zoë Ødegaard",
    emails=("zoe.odegaard@example.no",), linkedin_url="https://www.linkedin.com/in/zoeodegaard",
    organization="Nordic Data Desk", title="Data Journalist", connected_on=date(2025, 11, 14),
)
SIOBHAN = ContactRecord(
    line=7, source="linkedin", first_name="Siobhán", last_name="O'Sullivan", full_name="Siobhán O'Sullivan",
    linkedin_url="https://www.linkedin.com/in/siobhan-osullivan", organization='The "Morning" Ledger',
    title="Senior Editor", connected_on=date(2024, 3, 2),
)


def test_current_export_with_notes_preamble_reads_every_field() -> None:
    records, errors = split(read_linkedin(LINKEDIN / "Connections.csv"))
    assert errors == []
    assert records[:3] == [JOSE, ZOE, SIOBHAN]
    priya = records[3]
    assert (priya.organization, priya.title) == ("Center for Civic Futures, Inc.", "Research Associate, Housing")
    assert [r.line for r in records] == [5, 6, 7, 8, 9]
    assert [r.emails for r in records].count(()) == 3  # most LinkedIn emails are blank


def test_old_export_without_url_column_or_preamble() -> None:
    records, errors = split(read_linkedin(LINKEDIN / "Connections_2019.csv"))
    assert errors == []
    assert records[1] == ContactRecord(
        line=3, source="linkedin", first_name="Tomás", last_name="Ó Briain", full_name="Tomás Ó Briain",
        organization='Briain & Daughters, "Consultants"', title="Founder", connected_on=date(2018, 2, 3),
    )
    assert records[0].emails == ("hannah.k@example.org",)
    assert all(r.linkedin_url == "" for r in records)


def test_same_person_twice_gets_one_normalised_profile_url() -> None:
    records, _ = split(read_linkedin(LINKEDIN / "Connections_duplicate.csv"))
    first, second = records[0], records[2]
    assert first.linkedin_url == second.linkedin_url == "https://www.linkedin.com/in/jose-nunez-4a1b2c"
    assert second.emails == ("jose.nunez@example.es",)


@pytest.mark.parametrize(
    "name", ["Connections_bom.csv", "Connections_excel_unicode.txt"], ids=["utf8-bom", "utf16-tabs"]
)
def test_re_encoded_exports_read_the_same(name: str) -> None:
    records, errors = split(read_linkedin(LINKEDIN / name))
    assert errors == []
    assert records == [JOSE, ZOE, SIOBHAN]


def test_windows_1252_export_keeps_accents_and_dashes() -> None:
    records, _ = split(read_linkedin(LINKEDIN / "Connections_windows1252.csv"))
    assert [r.full_name for r in records] == ["Zoë Ødegaard", "Siobhán O'Sullivan", "François Lefèvre"]
    assert records[1].organization == "Café Político"
    assert records[2].title == "Producer – Podcasts"
    assert records[0].line == 2


def test_bad_rows_are_skipped_with_the_line_they_start_on() -> None:
    records, errors = split(read_linkedin(LINKEDIN / "Connections_bad_rows.csv"))
    # Line 5's Position spans two lines, so the rows after it start one line later than their index.
    assert [(r.line, r.full_name) for r in records] == [(5, "Ines Duarte"), (10, "Rosa Lind")]
    assert records[0].title == "Head of Research\nand Events"
    assert [(e.line, e.field) for e in errors] == [
        (7, "Connected On"), (8, "First Name"), (9, "Connected On"),
    ]
    assert "31 Foo 2024" in errors[0].reason
    assert "31 Feb 2024" in errors[2].reason
    assert str(errors[1]) == "line 8, First Name: the row has neither a first nor a last name"


def test_a_file_that_is_not_connections_raises_at_once_naming_it() -> None:
    with pytest.raises(FormatError) as raised:
        read_linkedin(LINKEDIN / "expenses.csv")  # not iterated: the check happens on the call
    message = str(raised.value)
    assert "expenses.csv" in message and "LinkedIn" in message
    assert "Date,Description,Amount,Category" in message


def test_other_contact_exports_are_not_mistaken_for_linkedin() -> None:
    with pytest.raises(FormatError):
        read_linkedin(FIXTURES / "outlook" / "outlook_com.csv")


def test_empty_file_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "Connections.csv"
    empty.write_text("\n\n")
    with pytest.raises(FormatError, match="is empty"):
        read_linkedin(empty)


def test_header_beyond_the_scanned_lines_is_not_found(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("Notes:\n" * 20 + ",".join(HEADER) + "\nAna,Lima,,,,,07 Dec 2025\n")
    with pytest.raises(FormatError):
        read_linkedin(path)
    path.write_text("Notes:\n" * 19 + ",".join(HEADER) + "\nAna,Lima,,,,,07 Dec 2025\n")
    assert [r.line for r in read_linkedin(path)] == [21]


def _big_export(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write('Notes:\r\n"Sample."\r\n\r\n')
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow([f"Zoë{i}", f"Núñez{i}", f"https://www.linkedin.com/in/person-{i}", "",
                             f"Org {i % 500}, Inc.", "Analyst", "07 Dec 2025"])


def test_thirty_thousand_rows_stream_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    _big_export(path, 30_000)
    items = read_linkedin(path)
    assert isinstance(items, Iterator)
    tracemalloc.start()
    try:
        count, last = 0, None
        for item in items:
            count += 1
            last = item
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 30_000
    assert isinstance(last, ContactRecord) and last.line == 30_004
    # Holding 30,000 records would take well over 10 MB; streaming keeps one row at a time.
    assert peak < 2_000_000

