"""Google Contacts CSV ("Google CSV" export), in the current layout and the legacy one.

Current: ``First Name,Middle Name,Last Name,…,Organization Name,Organization Title,…,Labels,
E-mail 1 - Label,E-mail 1 - Value,…``. Legacy: ``Name,Given Name,Additional Name,Family Name,…,
Group Membership,E-mail 1 - Type,E-mail 1 - Value,…,Organization 1 - Name,Organization 1 - Title,…``.
A cell with several values joins them with `` ::: ``; labels starting with ``* `` (``* myContacts``,
``* starred``) are Google's own and are not the user's tags.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from typing import Literal

from coffeechat.core.matching import normalise_email, normalise_linkedin_url
from coffeechat.formats.contact import ContactRecord, ReadItem, RowError, full_name_of, unique
from coffeechat.formats.dates import parse_iso_date, readable_birthday
from coffeechat.formats.table import (
    TableLayout,
    TableRow,
    columns_present,
    find_layout,
    read_rows,
    split_cell,
    values_of,
)

MULTI_VALUE_SEPARATOR = " ::: "
SYSTEM_LABEL_PREFIX = "* "
EXPECTED = "a Google Contacts CSV (columns such as First Name, Last Name, Labels, E-mail 1 - Value)"
GoogleLayout = Literal["current", "legacy"]


def google_layout_of(keys: frozenset[str]) -> GoogleLayout | None:
    """Which Google layout a header row is, or None when it is not Google's."""
    if columns_present(keys, "given name", "family name") and (
        "group membership" in keys or "e-mail 1 - value" in keys
    ):
        return "legacy"
    if columns_present(keys, "first name", "last name") and (
        "labels" in keys or "e-mail 1 - label" in keys or "organization name" in keys
    ):
        return "current"
    return None


def is_google_header(keys: frozenset[str]) -> bool:
    """Whether a header row is a Google Contacts one (either layout)."""
    return google_layout_of(keys) is not None


def read_google(path: str | PathLike[str]) -> Iterator[ReadItem]:
    """Stream the contacts in a Google CSV: a ContactRecord per person, a RowError per skipped row.

    Raises FormatError at once when ``path`` is not a Google Contacts export.
    """
    layout = find_layout(path, is_google_header, EXPECTED)
    columns = _Columns(layout)
    return (columns.record(row) if isinstance(row, TableRow) else row for row in read_rows(layout))


def labels_to_tags(cell: str) -> tuple[str, ...]:
    """'* myContacts ::: Alumni ::: * starred' -> ('Alumni',)."""
    labels = split_cell(cell, MULTI_VALUE_SEPARATOR.strip())
    return unique([label for label in labels if not label.startswith(SYSTEM_LABEL_PREFIX.strip())])


class _Columns:
    """The column names one file uses for each field, worked out once from its header."""

    def __init__(self, layout: TableLayout) -> None:
        legacy = google_layout_of(frozenset(layout.header)) == "legacy"
        self.legacy = legacy
        self.emails = layout.numbered(r"e-mail \d+ - value")
        self.phones = layout.numbered(r"phone \d+ - value")
        self.websites = layout.numbered(r"website \d+ - value")
        self.organization = "Organization 1 - Name" if legacy else "Organization Name"
        self.title = "Organization 1 - Title" if legacy else "Organization Title"
        self.labels = "Group Membership" if legacy else "Labels"

    def record(self, row: TableRow) -> ReadItem:
        if self.legacy:
            first, middle, last = row.get("Given Name"), row.get("Additional Name"), row.get("Family Name")
            full = row.get("Name") or full_name_of(first, middle, last)
        else:
            first, middle, last = row.get("First Name"), row.get("Middle Name"), row.get("Last Name")
            full = full_name_of(first, middle, last) or row.first("File As", "Nickname")
        if not full:
            return RowError(row.line, "Name", "the contact has no name")
        birthday = readable_birthday(parse_iso_date, row.get("Birthday"))
        separator = MULTI_VALUE_SEPARATOR.strip()
        websites = values_of(row, self.websites, separator)
        linkedin = [url for url in websites if "linkedin.com/" in url.lower()]
        return ContactRecord(
            line=row.line,
            source="google",
            first_name=first,
            last_name=last,
            full_name=full,
            emails=unique([e for e in values_of(row, self.emails, separator) if normalise_email(e)]),
            phones=unique(values_of(row, self.phones, separator)),
            linkedin_url=normalise_linkedin_url(linkedin[0]) if linkedin else "",
            urls=unique([url for url in websites if url not in linkedin]),
            organization=_first_value(row.get(self.organization)),
            title=_first_value(row.get(self.title)),
            location=_location(row),
            tags=labels_to_tags(row.get(self.labels)),
            notes=row.get("Notes"),
            birthday=birthday,
        )


def _first_value(cell: str) -> str:
    values = split_cell(cell, MULTI_VALUE_SEPARATOR.strip())
    return values[0] if values else ""


def _location(row: TableRow) -> str:
    parts = [
        _first_value(row.get(f"Address 1 - {part}")) for part in ("City", "Region", "Country")
    ]
    return ", ".join(part for part in parts if part)
