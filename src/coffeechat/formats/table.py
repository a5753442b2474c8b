"""Reading contact spreadsheets (CSV exports): find the header row, stream the rows, keep line numbers.

Exports put notes above the header (LinkedIn), and files re-saved by a spreadsheet may use tabs
(Excel's "Unicode text") or semicolons (European locales) instead of commas, so the header is found by
scanning the first lines with each delimiter rather than assumed to be line 1.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from os import PathLike
from pathlib import Path

from coffeechat.formats.contact import FormatError
from coffeechat.formats.text import detect_encoding, open_text

HEADER_SCAN_LINES = 20
_DELIMITERS = (",", "\t", ";")

HeaderTest = Callable[[frozenset[str]], bool]
"""Decides from a row's cells (stripped, lower-cased) whether it is the header a reader wants."""


def header_key(cell: str) -> str:
    """A header cell as compared: no byte-order mark, no surrounding spaces or quotes, lower case."""
    return cell.replace("\ufeff", "").strip().strip('"').strip().lower()


@dataclass(frozen=True)
class TableLayout:
    """Where the data sits in one file: its encoding, delimiter and header row."""

    path: Path
    encoding: str
    delimiter: str
    header_line: int
    header: tuple[str, ...]

    def numbered(self, pattern: str) -> tuple[str, ...]:
        """Header names (lower case) matching a regular expression, in file order, e.g. ``e-mail \\d+ - value``."""
        compiled = re.compile(pattern)
        return tuple(name for name in self.header if compiled.fullmatch(name))

    def has(self, name: str) -> bool:
        """Whether the file has a column called ``name`` (any case)."""
        return name.lower() in self.header


@dataclass(frozen=True, slots=True)
class TableRow:
    """One data row: the line where it starts and its cells by lower-cased column name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The stripped value of ``column`` (any case), or "" when the column or the value is absent.

        Line breaks inside a cell come back as "\\n" whichever convention the exporting program used.
        """
        value = (self.cells.get(column.lower()) or "").strip()
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value

    def first(self, *columns: str) -> str:
        """The first non-empty value among ``columns``."""
        for column in columns:
            value = self.get(column)
            if value:
                return value
        return ""


def find_layout(path: str | PathLike[str], is_header: HeaderTest, expected: str) -> TableLayout:
    """Locate the header row that ``is_header`` accepts within the first lines of ``path``.

    Raises FormatError naming the file, what was expected, and what its first line actually holds.
    """
    path = Path(path)
    if path.is_dir():
        raise FormatError(path, f"is a folder; expected {expected}")
    encoding = detect_encoding(path)
    with open_text(path, encoding) as text:
        lines = list(islice(text, HEADER_SCAN_LINES))
    if not any(line.strip() for line in lines):
        raise FormatError(path, f"is empty; expected {expected}")
    for number, line in enumerate(lines, start=1):
        for delimiter in _DELIMITERS:
            if delimiter not in line:
                continue
            cells = next(csv.reader([line], delimiter=delimiter), [])
            keys = tuple(header_key(cell) for cell in cells)
            if is_header(frozenset(keys)):
                return TableLayout(path, encoding, delimiter, number, keys)
    first = next(line.strip() for line in lines if line.strip())
    raise FormatError(
        path,
        f"no header row of {expected} in its first {HEADER_SCAN_LINES} lines; the first line reads {first[:100]!r}",
    )


def read_rows(layout: TableLayout) -> Iterator[TableRow]:
    """Stream the data rows under the header, skipping blank ones; each row knows the line it starts on.

    A quoted cell may hold line breaks, so a record can span several lines: its line is the first one.
    """
    with open_text(layout.path, layout.encoding) as text:
        for _ in range(layout.header_line):
            next(text, None)
        reader = csv.reader(text, delimiter=layout.delimiter)
        header = layout.header
        width = len(header)
        consumed = 0
        for cells in reader:
            line = layout.header_line + consumed + 1
            consumed = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            yield TableRow(line, dict(zip(header, cells)))


def split_cell(value: str, separator: str) -> list[str]:
    """The non-empty, stripped parts of a cell that holds several values."""
    return [part.strip() for part in value.split(separator) if part.strip()]


def columns_present(keys: frozenset[str], *names: str) -> bool:
    """Whether every one of ``names`` (lower case) is a header cell."""
    return all(name in keys for name in names)


def values_of(row: TableRow, columns: Sequence[str], separator: str | None = None) -> list[str]:
    """Every value from ``columns`` in order, splitting cells on ``separator`` when given."""
    found: list[str] = []
    for column in columns:
        value = row.get(column)
        if value:
            found.extend(split_cell(value, separator) if separator else [value])
    return found
