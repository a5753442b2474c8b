"""Exported CSV never starts a formula in any cell, and opens with accents intact (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from coffeechat.formats.spreadsheet import safe_cell, write_safe_csv


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("José = Núñez", "José = Núñez"),
        ("", ""),
        (None, ""),
        (-5, "-5"),
        (2.5, "2.5"),
        (date(2025, 12, 7), "2025-12-07"),
    ],
)
def test_cells(value: object, written: str) -> None:
    assert safe_cell(value) == written


def test_file_has_bom_header_and_neutralised_cells(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        count = write_safe_csv(
            [["Zoë Ødegaard", "=cmd|' /C calc'!A0", date(2025, 11, 14)], ["Siobhán", 'The "Morning" Ledger', None]],
            ["Name", "Company", "Connected on"],
            stream,
        )
    assert count == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfName,Company,Connected on\r\n")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1] == ["Zoë Ødegaard", "'=cmd|' /C calc'!A0", "2025-11-14"]
    assert rows[2] == ["Siobhán", 'The "Morning" Ledger', ""]


def test_header_cells_are_neutralised_too() -> None:
    buffer = io.StringIO()
    write_safe_csv([], ["=1+1"], buffer)
    assert buffer.getvalue() == "\ufeff'=1+1\r\n"
