"""CSV that is safe to open in a spreadsheet: no cell can run as a formula, and accents show correctly."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Protocol

# A spreadsheet treats a cell starting with these as a formula (or, for tab and carriage return, may
# strip them and then see one). Contact data comes from other people - a LinkedIn "company" can be
# typed by anyone - so a cell such as =HYPERLINK(...) or @SUM(...) could run, fetch a URL or leak other
# cells when the user opens the export ("CSV injection"). A leading apostrophe makes the
# spreadsheet show the text as text. Full-width forms are included because some spreadsheets fold them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
TEXT_MARKER = "'"
BYTE_ORDER_MARK = "\ufeff"


class TextSink(Protocol):
    """Anything with a ``write(str)`` method: an open text file, io.StringIO, a Django HttpResponse."""

    def write(self, text: str, /) -> object: ...


def safe_cell(value: object) -> str:
    """The text of one cell, with a leading apostrophe if it would otherwise start a formula.

    None becomes "", dates are written ISO (1990-05-14), numbers as they are (a number cannot be a
    formula); everything else is text and is checked.
    """
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    return TEXT_MARKER + text if text.startswith(FORMULA_STARTS) else text


def write_safe_csv(rows: Iterable[Sequence[object]], header: Sequence[str], stream: TextSink) -> int:
    """Write ``header`` then ``rows`` as CSV, every cell made safe; returns the number of data rows.

    Starts with a UTF-8 byte-order mark, without which Excel reads UTF-8 as the local code page and shows
    'JosÃ©' for 'José'. Open a file for it with ``encoding="utf-8", newline=""``.
    """
    stream.write(BYTE_ORDER_MARK)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    count = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        count += 1
    return count
