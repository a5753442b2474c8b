"""Damaged spreadsheets: a quote that never closes, short rows, bad bytes, huge cells — reported, never silent."""

from __future__ import annotations

from pathlib import Path

from coffeechat.formats.contact import RowError, RowWarning
from coffeechat.formats.google import read_google
from coffeechat.formats.linkedin import read_linkedin
from coffeechat.formats.outlook import read_outlook
from tests.formats.contact_files import FIXTURES, split, warnings_of

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_an_unclosed_quote_loses_only_its_own_row() -> None:
    items = list(read_linkedin(FIXTURES / "linkedin" / "Connections_unclosed_quote.csv"))
    records, errors = split(items)
    # 20 rows; line 10 opens a quote that never closes. The 19 others all import.
    assert len(records) == 19
    assert [r.full_name for r in records][:6] == [f"Person{i} Surname{i}" for i in (1, 2, 3, 4, 5, 7)]
    assert records[-1].full_name == "Person20 Surname20"
    assert records[10].organization == "Beta, LLC"
    assert [(e.line, e.field) for e in errors] == [(10, "row")]
    assert "quote opens a cell" in errors[0].reason
    assert [r.line for r in records][4:6] == [9, 11]


def test_an_unclosed_quote_in_a_notes_column_is_found_by_the_cell_count(tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    rows = [f'Ann{i},Lee{i},Org,"note {i}",\n' for i in range(6)]
    rows[1] = 'Bad,Row,Org,"this note never closes,\n'
    rows[4] = 'Ann4,Lee4,Org,"a note, with a comma",\n'
    path.write_text("First Name,Last Name,Organization Name,Notes,Labels\n" + "".join(rows), encoding="utf-8")
    records, errors = split(read_google(path))
    assert [r.first_name for r in records] == ["Ann0", "Ann2", "Ann3", "Ann4", "Ann5"]
    assert [(e.line, e.field) for e in errors] == [(3, "row")]


def test_a_quote_open_to_the_end_of_the_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "outlook.csv"
    path.write_text('First Name,Last Name,E-mail Address,Job Title,Notes\n'
                    'Ana,Lima,ana@example.com,Editor,"open\nBo,Berg,bo@example.com,Writer,\n', encoding="utf-8")
    records, errors = split(read_outlook(path))
    assert [r.first_name for r in records] == ["Bo"]
    assert errors[0].line == 2 and "file ends" in errors[0].reason


def test_a_short_row_is_imported_with_a_warning_naming_the_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN_HEADER + "Ana,Lima,https://www.linkedin.com/in/ana,,Acme\n"
                    "Bo,Berg,,,Beta,Writer,01 Jan 2025\n", encoding="utf-8")
    items = list(read_linkedin(path))
    records, errors = split(items)
    assert errors == [] and [r.first_name for r in records] == ["Ana", "Bo"]
    (warning,) = warnings_of(items)
    assert warning.line == 2
    assert "missing position, connected on" in warning.reason
    assert str(warning).startswith("line 2, row: has 5 of the header's 7 columns")


def test_undecodable_bytes_become_a_warning_with_the_line_not_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    body = (LINKEDIN_HEADER + "José,Núñez,,,Café Político,Editor,01 Jan 2025\n").encode("utf-8")
    body += b"Zo\xeb,Berg,,,Acme,Writer,01 Jan 2025\n"  # one Windows-1252 byte in a UTF-8 file
    path.write_bytes(body)
    items = list(read_linkedin(path))
    records, _ = split(items)
    assert records[0].full_name == "José Núñez" and records[0].organization == "Café Político"
    (warning,) = warnings_of(items)
    assert warning.line == 3 and "not utf-8" in warning.reason


def test_a_cell_over_128_kb_skips_its_row_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    path.write_text("First Name,Last Name,Notes,Labels\n"
                    f'Ana,Lima,"{"x" * 200_000}",\nBo,Berg,short,\n', encoding="utf-8")
    items = list(read_google(path))
    records, errors = split(items)
    assert [r.first_name for r in records] == ["Bo"]
    assert errors[0].line == 2 and "128 KB" in errors[0].reason


def test_nul_characters_are_left_out_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(LINKEDIN_HEADER.encode() + b"A" * 70_000 + b",x\n" + b"Ana,Li\x00ma,,,Acme,Editor,01 Jan 2025\n")
    items = list(read_linkedin(path))
    records, _ = split(items)
    assert records[-1].last_name == "Lima"
    assert any(isinstance(w, RowWarning) and w.line == 3 and "NUL" in w.reason for w in items)
    assert not any(isinstance(e, RowError) and e.line == 3 for e in items)
