"""LinkedIn's Connections.csv, from the official data export ("Get a copy of your data").

Recent exports start with a few lines of notes, then the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; older ones have no notes and no
URL column. Most email cells are blank because members choose whether connections may download them.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike

from coffeechat.core.matching import normalise_linkedin_url
from coffeechat.formats.contact import ContactRecord, ReadItem, RowError, full_name_of
from coffeechat.formats.dates import parse_day_month_year
from coffeechat.formats.table import (
    SHORT_RECORD_LINES,
    TableLayout,
    TableRow,
    columns_present,
    find_layout,
    read_rows,
)

EXPECTED = "a LinkedIn Connections.csv (columns First Name, Last Name, Company, Position, Connected On)"


def is_linkedin_header(keys: frozenset[str]) -> bool:
    """Whether a header row is LinkedIn's: names plus Position or Connected On, and none of Outlook's."""
    if not columns_present(keys, "first name", "last name"):
        return False
    return ("connected on" in keys or columns_present(keys, "company", "position")) and "job title" not in keys


def linkedin_layout(path: str | PathLike[str]) -> TableLayout:
    """Find the header of a LinkedIn export (raises FormatError if ``path`` is not one)."""
    return find_layout(path, is_linkedin_header, EXPECTED)


def read_linkedin(path: str | PathLike[str]) -> Iterator[ReadItem]:
    """Stream the connections in ``path``: a ContactRecord per person, a RowError per skipped row.

    The file is checked at once (a FormatError is raised before iteration starts); rows are read lazily.
    """
    layout = linkedin_layout(path)
    return (_record(row) if isinstance(row, TableRow) else row
            for row in read_rows(layout, max_record_lines=SHORT_RECORD_LINES))


def _record(row: TableRow) -> ReadItem:
    first, last = row.get("First Name"), row.get("Last Name")
    if not first and not last:
        return RowError(row.line, "First Name", "the row has neither a first nor a last name")
    try:
        connected_on = parse_day_month_year(row.get("Connected On"))
    except ValueError as error:
        return RowError(row.line, "Connected On", str(error))
    email = row.get("Email Address")
    return ContactRecord(
        line=row.line,
        source="linkedin",
        first_name=first,
        last_name=last,
        full_name=full_name_of(first, last),
        emails=(email,) if email else (),
        linkedin_url=normalise_linkedin_url(row.get("URL")),
        organization=row.get("Company"),
        title=row.get("Position"),
        connected_on=connected_on,
    )
