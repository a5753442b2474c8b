"""Encodings people's files arrive in are detected, and line numbers survive multi-line cells."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from coffeechat.formats.contact import FormatError
from coffeechat.formats.table import find_layout, read_rows
from coffeechat.formats.text import detect_encoding, open_text

TEXT = "First Name,Last Name\r\nJosé,Núñez\r\nZoë,Ødegaard\r\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf16-le-no-bom", "windows-1252"],
)
def test_each_encoding_reads_back_the_same_text(tmp_path: Path, raw: bytes, encoding: str) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(raw)
    assert detect_encoding(path) == encoding
    with open_text(path) as text:
        assert text.read() == TEXT


def test_invalid_utf8_late_in_a_large_file_still_falls_back(tmp_path: Path) -> None:
    # The first 64 KiB are plain ASCII; only the last line shows the file is not UTF-8.
    path = tmp_path / "people.csv"
    path.write_bytes(b"a,b\r\n" * 20_000 + "Zoë,Ødegaard\r\n".encode("cp1252"))
    assert detect_encoding(path) == "cp1252"


def test_bytes_that_are_not_windows_1252_are_left_to_the_guesser(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("Имя,Фамилия\r\nЮлия,Смирнова\r\n".encode("koi8-r") + b"\x81")
    encoding = detect_encoding(path)
    assert encoding not in {"utf-8", "cp1252"}
    with open_text(path) as text:
        text.read()  # no crash


def test_binary_files_are_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x02\x00\x00\x01")
    with pytest.raises(FormatError, match="photo.jpg.*binary"):
        detect_encoding(path)


def test_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot be opened"):
        detect_encoding(tmp_path / "nope.csv")


def test_row_lines_count_line_breaks_inside_quoted_cells_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        'preamble\nFirst Name,Last Name,Notes\nAna,Lima,"one\ntwo\r\nthree"\n\nBo,Berg,\rCy,Diaz,x\n',
        encoding="utf-8", newline="",
    )
    layout = find_layout(path, lambda keys: "first name" in keys, "people")
    assert layout.header_line == 2
    rows = list(read_rows(layout))
    assert [(row.line, row.get("first name")) for row in rows] == [(3, "Ana"), (7, "Bo"), (8, "Cy")]
    assert rows[0].get("Notes") == "one\ntwo\nthree"
    assert rows[1].get("Notes") == "" and rows[1].get("No Such Column") == ""


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_spreadsheet_delimiters_are_recognised(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "people.csv"
    path.write_text(f"First Name{delimiter}Last Name\nAna{delimiter}Lima, PhD\n", encoding="utf-8")
    layout = find_layout(path, lambda keys: {"first name", "last name"} <= keys, "people")
    *warnings, row = read_rows(layout)
    assert [type(w).__name__ for w in warnings] == (["RowWarning"] if delimiter == "," else [])
    assert (layout.delimiter, row.get("Last Name")) == (delimiter, "Lima, PhD" if delimiter != "," else "Lima")
