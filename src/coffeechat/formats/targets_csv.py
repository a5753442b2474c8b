"""The LAMP spreadsheet as CSV: read the list a user already keeps, write the ranked list back out.

Reading is forgiving about layout and strict about scores:

* The header is found in the first few lines (a title row above it is fine), with a comma, semicolon or
  tab between cells, in any case. A column is recognised by a word of its header: Employer, Organization,
  Organisation, Company, Target or List for the name; Advocacy, Alumni or Alum for A; Motivation for M;
  Posting(s) for P; the bare letters L, A, M and P work too. "Motivation (0-3)" is read as Motivation.
* Name and Motivation columns are required. Without an Advocacy column every row counts as "no", without
  a Posting column every row counts as 1 (no openings); ``TargetsRead.missing_columns`` says so.
* A blank score is not scored yet and counts as the lowest (motivation 0, posting 1, advocacy no).
* Advocacy reads yes/no, y/n, 1/0, x (a tick), true/false.
* A row with a bad score, or a second row for the same organisation, is left out and reported as a
  ``RowError`` with its line number, so the user can fix the sheet and read it again.

Each target's id is the line its row starts on, which is stable for a given file and easy to point at.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coffeechat.core.lamp import RankedTarget, Target, validate_motivation, validate_posting
from coffeechat.formats.spreadsheet import FORMULA_STARTS, safe_cell, write_safe_csv

HEADER_SCAN_LINES = 10
_DELIMITERS = (",", ";", "\t")
YES = frozenset({"yes", "y", "1", "x", "true", "✓", "✔"})
NO = frozenset({"no", "n", "0", "false", ""})

_COLUMN_WORDS: dict[str, frozenset[str]] = {
    "name": frozenset(
        {
            "employer",
            "employers",
            "organization",
            "organisation",
            "organizations",
            "organisations",
            "company",
            "target",
            "list",
            "l",
        }
    ),
    "advocacy": frozenset({"advocacy", "alumni", "alum", "a"}),
    "motivation": frozenset({"motivation", "m"}),
    "posting": frozenset({"posting", "postings", "p"}),
}
_LETTER_ONLY = frozenset({"l", "a", "m", "p"})
RANKED_HEADER = ("Rank", "Organization", "Advocacy", "Motivation", "Posting", "First batch", "Why")


class TargetsCsvError(ValueError):
    """The file cannot be read as a LAMP list at all (no header found, a required column missing)."""


@dataclass(frozen=True)
class RowError:
    """One row left out: the line it starts on, the column at fault and why."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.reason}"


@dataclass
class TargetsRead:
    """What came out of a LAMP CSV: the targets read, the rows left out, and the columns not found."""

    targets: list[Target] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """Text from the bytes of a CSV: UTF-8 (with or without a mark), UTF-16 with a mark, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A damaged or cut-off UTF-16 file (an odd last byte, a lone surrogate) keeps its readable rows.
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _header_words(cell: str) -> list[str]:
    cleaned = re.sub(r"\(.*?\)", " ", cell.replace("\ufeff", "").casefold())
    return re.findall(r"[^\W_]+", cleaned)


def column_for(header_cell: str) -> str | None:
    """Which LAMP column a header cell names ("name", "advocacy", "motivation", "posting"), if any."""
    words = _header_words(header_cell)
    for column, names in _COLUMN_WORDS.items():
        # A bare letter counts only as the whole header: the "a" of "Employer a" is not the A column.
        if len(words) == 1 and words[0] in names:
            return column
        if any(word in names and word not in _LETTER_ONLY for word in words):
            return column
    return None


def _columns(row: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        column = column_for(cell)
        if column is not None and column not in found:
            found[column] = index
    return found


def _find_header(text: str) -> tuple[str, int, dict[str, int]]:
    """The delimiter, the index of the header line and its column positions."""
    lines = text.splitlines()[:HEADER_SCAN_LINES]
    for index, line in enumerate(lines):
        for delimiter in _DELIMITERS:
            cells = next(csv.reader([line], delimiter=delimiter), [])
            columns = _columns(cells)
            if "name" in columns and "motivation" in columns:
                return delimiter, index, columns
    raise TargetsCsvError(
        "no LAMP header found in the first lines: the sheet needs a name column (Employer, "
        "Organization or Company) and a Motivation column"
    )


def _score(raw: str, column: str, blank: int) -> int:
    text = raw.strip()
    if not text:
        return blank
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not number.is_integer():
        raise ValueError(f"{text!r} is not a whole number")
    value = int(number)
    return validate_motivation(value) if column == "motivation" else validate_posting(value)


def _advocacy(raw: str) -> bool:
    text = raw.strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{raw.strip()!r} is not yes or no (write yes/no, y/n, 1/0 or x)")


def _unprotect(text: str) -> str:
    # Our own export marks formula-like names with a leading apostrophe; reading it back removes the mark.
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def read_targets(data: str | bytes) -> TargetsRead:
    """Read a LAMP list from CSV text (or its bytes); see the module docstring for what is accepted."""
    text = decode(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    delimiter, header_index, columns = _find_header(text)
    result = TargetsRead(missing_columns=[name for name in ("advocacy", "posting") if name not in columns])
    body = "\n".join(text.splitlines()[header_index + 1 :])
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    first_line_of: dict[str, int] = {}
    previous_end = 0
    for row in reader:
        line = header_index + 2 + previous_end
        previous_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue

        def cell(column: str, row: list[str] = row) -> str:
            index = columns.get(column)
            return row[index] if index is not None and index < len(row) else ""

        name = " ".join(_unprotect(cell("name")).split())
        if not name:
            result.errors.append(RowError(line, "name", "the organisation has no name"))
            continue
        try:
            advocacy = _advocacy(cell("advocacy"))
        except ValueError as error:
            result.errors.append(RowError(line, "advocacy", str(error)))
            continue
        scores: dict[str, int] = {}
        for column, blank in (("motivation", 0), ("posting", 1)):
            try:
                scores[column] = _score(cell(column), column, blank)
            except ValueError as error:
                result.errors.append(RowError(line, column, str(error)))
                break
        if len(scores) < 2:
            continue
        key = name.casefold()
        if key in first_line_of:
            reason = f"{name} is already on line {first_line_of[key]}; this row is left out"
            result.errors.append(RowError(line, "name", reason))
            continue
        first_line_of[key] = line
        result.targets.append(Target(line, name, advocacy, scores["motivation"], scores["posting"]))
    return result


def ranked_rows(ranked: Iterable[RankedTarget]) -> list[list[str]]:
    """The ranked list as spreadsheet rows (header not included), every cell made safe."""
    return [
        [
            safe_cell(row.rank),
            safe_cell(row.target.name),
            "yes" if row.target.advocacy else "no",
            safe_cell(row.target.motivation),
            safe_cell(row.target.posting),
            "yes" if row.in_batch else "no",
            safe_cell(row.explanation),
        ]
        for row in ranked
    ]


def write_ranked_csv(ranked: Iterable[RankedTarget], *, byte_order_mark: bool = True) -> str:
    """The ranked list as CSV text that opens safely in a spreadsheet.

    Starts with a UTF-8 byte-order mark by default, which Excel needs to show accents correctly; encode
    the text as UTF-8 when writing it to a file.
    """
    out = io.StringIO()
    if byte_order_mark:
        write_safe_csv(ranked_rows(ranked), RANKED_HEADER, out)
        return out.getvalue()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in RANKED_HEADER])
    writer.writerows(ranked_rows(ranked))
    return out.getvalue()
