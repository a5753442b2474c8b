"""Reading contact spreadsheets (CSV exports): find the header row, stream the rows, keep line numbers.

Exports put notes above the header (LinkedIn), and files re-saved by a spreadsheet may use tabs
(Excel's "Unicode text") or semicolons (European locales) instead of commas, so the header is found by
scanning the first lines with each delimiter rather than assumed to be line 1.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from os import PathLike
from pathlib import Path

from coffeechat.formats.contact import FormatError, RowError, RowWarning
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


MAX_CELL_CHARS = 128 * 1024
"""The largest cell read (Python's csv limit): a longer one makes its row an error, never a crash."""
MAX_RECORD_LINES = 1000
"""A quoted cell spanning more lines than this is taken as a quote that never closes."""
SHORT_RECORD_LINES = 5
"""The same for formats whose cells are one-line values (names, jobs): a line break there is rare."""

RowItem = TableRow | RowError | RowWarning
"""What read_rows yields: a row to use, a row it had to skip, or a warning about a row it used."""


def _quote_state(line: str, delimiter: str, inside: bool) -> tuple[bool, bool]:
    """Whether a quoted cell is still open at the end of ``line`` (given whether one was open at its start),
    and whether a quoted cell closed badly on it (a closing quote followed by text, not a delimiter).

    Follows the csv module's reading: a quote opens a cell only as the cell's first character, a doubled
    quote inside a quoted cell is a literal quote, and any other quote inside it closes it. Only the
    quotes are visited, so a long line costs little.
    """
    if not inside and '"' not in line:
        return False, False
    ends = (delimiter, "\n", "\r")
    malformed = False
    length = len(line)
    position = 0
    while True:
        if inside:
            close = line.find('"', position)
            if close < 0:
                return True, malformed
            if close + 1 < length and line[close + 1] == '"':
                position = close + 2  # a doubled quote: a literal one
                continue
            inside = False
            if close + 1 < length and line[close + 1] not in ends:
                malformed = True
            position = close + 1
        else:
            quote = line.find('"', position)
            if quote < 0:
                return False, malformed
            if quote == 0 or line[quote - 1] in ends:
                inside = True  # a quote opening a cell
            position = quote + 1


def _parse_record(text: str, delimiter: str) -> list[str]:
    """The cells of one record (which may span lines); raises csv.Error for a cell over the size limit."""
    return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])


def read_rows(layout: TableLayout, *, max_record_lines: int = MAX_RECORD_LINES, origin: str = "") -> Iterator[RowItem]:
    """Stream the data rows under the header, skipping blank ones; each row knows the line it starts on.

    A quoted cell may hold line breaks, so a record can span several lines (at most ``max_record_lines``;
    formats whose cells hold one line of text pass a small number): its line is the first one. Damage is found and reported, never passed on silently:

    - a quote that opens and never closes (the cell would swallow every row after it) makes its row a
      RowError, and reading starts again on the next line, so the rows after it still import;
    - a row with fewer cells than the header is used with what it has, plus a RowWarning naming the
      missing columns; one with more cells gets a RowWarning that the extra ones were ignored;
    - a cell over 128 KB makes its row a RowError; bytes that are not text in the file's encoding and
      NUL characters are reported as a RowWarning for their line (and left out of the cells).
    """
    header = layout.header
    width = len(header)
    delimiter = layout.delimiter
    with open_text(layout.path, layout.encoding) as text:
        lines = enumerate(text, start=1)
        for number, _ in lines:
            if number >= layout.header_line:
                break
        replay: deque[tuple[int, str]] = deque()

        def next_line() -> tuple[int, str] | None:
            return replay.popleft() if replay else next(lines, None)

        while (first := next_line()) is not None:
            start, line = first
            record = [line]
            inside, _ = _quote_state(line, delimiter, False)
            broken = ""
            while inside:
                if len(record) >= max_record_lines:
                    broken = (f"a quote opens a cell and does not close within {max_record_lines} lines"
                              if max_record_lines > 1 else "a quote opens a cell and never closes on its line")
                    break
                following = next_line()
                if following is None:
                    broken = "a quote opens a cell and the file ends before it closes"
                    break
                record.append(following[1])
                inside, malformed = _quote_state(following[1], delimiter, True)
                if malformed:
                    # Real line breaks sit inside a cell that closes cleanly; text glued to the closing
                    # quote means the quote was the next row's opening one.
                    broken = "a quote opens a cell and never closes where the cell should end"
                    break
            joined = "".join(record)
            if not broken:
                if not joined.strip(" \t\r\n" + delimiter):
                    continue
                try:
                    cells = _parse_record(joined.replace("\x00", ""), delimiter)
                except csv.Error:
                    yield RowError(start, "row", f"a cell is larger than {MAX_CELL_CHARS // 1024} KB; the row "
                                   "was skipped", origin)
                    continue
                if len(record) > 1 and len(cells) != width:
                    broken = (f"a quoted cell runs over {len(record)} lines and leaves {len(cells)} cells "
                              f"where the header has {width}")
            if broken:
                # Start again on the line after this row's first: the rows the open quote took are read anew.
                yield RowError(start, "row", f"{broken}; the row was skipped, the rows after it were read", origin)
                replay.extendleft(reversed([(start + offset, piece) for offset, piece in enumerate(record) if offset]))
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if "\ufffd" in joined:
                yield RowWarning(start, "text", f"holds bytes that are not {layout.encoding} text; they show as "
                                 "\ufffd (save the file as UTF-8 and import it again to fix them)", origin)
            if "\x00" in joined:
                yield RowWarning(start, "text", "holds NUL characters (\\0); they were left out", origin)
            if len(cells) < width:
                missing = [name for name in header[len(cells):] if name]
                if missing:
                    yield RowWarning(start, "row", f"has {len(cells)} of the header's {width} columns; missing "
                                     f"{', '.join(missing)} (imported with what it has)", origin)
                cells = cells + [""] * (width - len(cells))
            elif len(cells) > width and any(cell.strip() for cell in cells[width:]):
                yield RowWarning(start, "row", f"has {len(cells)} cells where the header has {width}; the extra "
                                 "ones were ignored (an unquoted delimiter inside a cell?)", origin)
            yield TableRow(start, dict(zip(header, cells)))


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
