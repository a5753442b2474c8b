"""Reading users' LAMP spreadsheets and writing the ranked list back as spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from coffeechat.core.lamp import Target, rank_targets
from coffeechat.formats.spreadsheet import FORMULA_STARTS, safe_cell
from coffeechat.formats.targets_csv import (
    RowError,
    TargetsCsvError,
    column_for,
    read_targets,
    write_ranked_csv,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "targets"


def _read(name: str):  # type: ignore[no-untyped-def]
    return read_targets((FIXTURES / name).read_bytes())


def test_excel_sheet_with_a_title_row_bom_quotes_and_blank_scores() -> None:
    result = _read("excel_with_title_row.csv")
    assert result.errors == []
    assert result.missing_columns == []
    by_name = {t.name: t for t in result.targets}
    assert list(by_name) == [
        "ProPublica",
        "Smith, Jones & Co",
        "Société Générale",
        "The Marshall Project",
        "Brookings Institution",
        '=HYPERLINK("http://example.invalid")',
    ]
    assert by_name["ProPublica"] == Target(3, "ProPublica", True, 3, 2)
    assert by_name["Société Générale"].advocacy is True  # "x" is a tick
    # A quoted note over two lines: the next row's line number still points at its first line.
    assert by_name["The Marshall Project"].id == 6
    assert by_name["Brookings Institution"] == Target(8, "Brookings Institution", False, 0, 1)


def test_google_sheet_with_letter_headers() -> None:
    result = _read("google_sheets_letters.csv")
    assert result.errors == []
    assert [(t.name, t.advocacy, t.motivation, t.posting) for t in result.targets] == [
        ("Reuters", True, 2, 3),
        ("Axios", False, 2, 3),
        ("Politico", True, 4, 1),
        ("Texas Tribune", True, 0, 2),
        ("Vox Media", False, 1, 1),
    ]
    ranked = rank_targets(result.targets)
    assert ranked[0].target.name == "Politico"  # motivation 4 pulls it to the top


def test_european_excel_semicolons_in_windows_1252() -> None:
    result = _read("excel_semicolon_cp1252.csv")
    assert result.errors == []
    assert [t.name for t in result.targets] == ["Café Müller Verlag", "Süddeutsche Zeitung", "Le Monde"]
    assert result.targets[0].advocacy is True


def test_excel_unicode_text_is_utf16_with_tabs() -> None:
    result = _read("excel_unicode_text_utf16.csv")
    assert [t.name for t in result.targets] == ["NPR", "Ōtaki Research Trust"]


def test_bad_rows_are_reported_with_line_field_and_reason_and_left_out() -> None:
    result = _read("bad_scores.csv")
    # Acme's first row (line 2) is left out, so its second spelling on line 8 is the one kept.
    assert [t.name for t in result.targets] == ["Acme analytics", "Frontier Media"]
    assert [(e.line, e.field) for e in result.errors] == [
        (2, "motivation"),
        (3, "advocacy"),
        (4, "motivation"),
        (5, "motivation"),
        (6, "posting"),
        (7, "name"),
    ]
    reasons = [e.reason for e in result.errors]
    assert "from 0 to 3" in reasons[0]
    assert "'maybe' is not yes or no" in reasons[1]
    assert "not a whole number" in reasons[2]
    assert "'high' is not a number" in reasons[3]
    assert "posting must be 3" in reasons[4]
    assert reasons[5] == "the organisation has no name"
    assert str(result.errors[0]).startswith("line 2, motivation:")


def test_a_second_row_for_the_same_organisation_is_reported() -> None:
    result = read_targets("Company,Motivation\nAcme,2\nACME ,3\n")
    assert [t.name for t in result.targets] == ["Acme"]
    assert result.errors == [RowError(3, "name", "ACME is already on line 2; this row is left out")]


def test_missing_optional_columns_get_the_lowest_score_and_are_named() -> None:
    result = read_targets("Organisation,Motivation\nAcme,2\n")
    assert result.missing_columns == ["advocacy", "posting"]
    assert result.targets == [Target(2, "Acme", False, 2, 1)]


def test_no_header_is_a_clear_error() -> None:
    with pytest.raises(TargetsCsvError, match="Motivation column"):
        read_targets("Company,Notes\nAcme,hi\n")


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Employer/Organization", "name"),
        ("ORGANISATION", "name"),
        ("L", "name"),
        ("List", "name"),
        ("Advocacy/Alumni", "advocacy"),
        ("Alumni (yes/no)", "advocacy"),
        ("A", "advocacy"),
        ("Motivation (0-3)", "motivation"),
        ("m", "motivation"),
        ("Postings", "posting"),
        ("P", "posting"),
        ("Notes", None),
        ("Plan A", None),
    ],
)
def test_header_names_are_flexible(header: str, column: str | None) -> None:
    assert column_for(header) == column


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@me", "'@me"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Acme", "Acme"),
        ("a=b", "a=b"),
        (3, "3"),
        (-1, "-1"),
        (None, ""),
    ],
)
def test_safe_cell(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_ranked_csv_is_safe_and_reads_back() -> None:
    targets = [
        Target(1, "=cmd|' /C calc'!A0", False, 1, 1),
        Target(2, "Zoë's Newsroom", True, 3, 2),
        Target(3, "@Risk Partners", False, 2, 3),
    ]
    text = write_ranked_csv(rank_targets(targets))
    assert text.startswith("\ufeffRank,Organization,Advocacy,Motivation,Posting,First batch,Why\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][:6] == ["1", "Zoë's Newsroom", "yes", "3", "2", "yes"]
    assert rows[2][1] == "'@Risk Partners"
    assert rows[3][1] == "'=cmd|' /C calc'!A0"
    for row in rows[1:]:
        assert not row[1].startswith(("=", "+", "-", "@"))
    back = read_targets(text)
    assert [(t.name, t.motivation, t.posting, t.advocacy) for t in back.targets] == [
        ("Zoë's Newsroom", 3, 2, True),
        ("@Risk Partners", 2, 3, False),
        ("=cmd|' /C calc'!A0", 1, 1, False),
    ]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_ranked_csv_neutralises_every_formula_start_the_people_export_does(start: str) -> None:
    # One cell rule for every export: a target named with a newline or a full-width "=" first is as
    # dangerous as one starting with "=".
    name = f"{start}HYPERLINK(1)"
    text = write_ranked_csv(rank_targets([Target(1, name, False, 1, 1)]))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][1] == "'" + name


def test_ranked_csv_without_byte_order_mark() -> None:
    assert (
        write_ranked_csv([], byte_order_mark=False)
        == "Rank,Organization,Advocacy,Motivation,Posting,First batch,Why\r\n"
    )
