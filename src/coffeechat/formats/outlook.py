"""Outlook contacts CSV, from the desktop Import/Export wizard and from Outlook.com / the new Outlook.

Desktop: ``Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,…,
E-mail Address,…,Notes,…,Categories,…``. Outlook.com: ``First Name,Middle Name,Last Name,Title,Suffix,
Nickname,Given Yomi,Surname Yomi,E-mail Address,…``. Both name their columns alike, so one reader
serves both; "Title" is the courtesy title (Ms, Dr) and "Job Title" the position.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from typing import Literal

from coffeechat.core.matching import normalise_email, normalise_linkedin_url
from coffeechat.formats.contact import ContactRecord, ReadItem, RowError, full_name_of, unique
from coffeechat.formats.dates import parse_slashed_date, readable_birthday
from coffeechat.formats.table import TableRow, columns_present, find_layout, read_rows, split_cell

CATEGORY_SEPARATOR = ";"
EXPECTED = "an Outlook contacts CSV (columns such as First Name, Last Name, E-mail Address, Job Title)"
OutlookVariant = Literal["desktop", "outlook.com"]

_EMAIL_COLUMNS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_PHONE_COLUMNS = (
    "Mobile Phone", "Business Phone", "Business Phone 2", "Home Phone", "Home Phone 2", "Primary Phone",
    "Company Main Phone", "Other Phone", "Car Phone",
)
_WEB_COLUMNS = ("Web Page", "Personal Web Page")


def outlook_variant_of(keys: frozenset[str]) -> OutlookVariant | None:
    """Which Outlook export a header row is, or None when it is not Outlook's."""
    if not columns_present(keys, "first name", "last name", "e-mail address"):
        return None
    if not ("job title" in keys or "company" in keys):
        return None
    return "outlook.com" if "given yomi" in keys or "surname yomi" in keys else "desktop"


def is_outlook_header(keys: frozenset[str]) -> bool:
    """Whether a header row is an Outlook contacts export (either variant)."""
    return outlook_variant_of(keys) is not None


def read_outlook(path: str | PathLike[str]) -> Iterator[ReadItem]:
    """Stream the contacts in an Outlook CSV: a ContactRecord per person, a RowError per skipped row.

    Raises FormatError at once when ``path`` is not an Outlook contacts export.
    """
    layout = find_layout(path, is_outlook_header, EXPECTED)
    return (_record(row) if isinstance(row, TableRow) else row for row in read_rows(layout))


def _record(row: TableRow) -> ReadItem:
    first, middle, last = row.get("First Name"), row.get("Middle Name"), row.get("Last Name")
    full = full_name_of(first, middle, last, row.get("Suffix")) or row.get("Nickname")
    if not full:
        return RowError(row.line, "First Name", "the contact has no name")
    birthday = readable_birthday(parse_slashed_date, row.get("Birthday"))
    websites = [row.get(column) for column in _WEB_COLUMNS if row.get(column)]
    linkedin = [url for url in websites if "linkedin.com/" in url.lower()]
    # Exchange entries may carry an internal address ("/o=ExchangeLabs/…") instead of an email.
    emails = [row.get(column) for column in _EMAIL_COLUMNS if normalise_email(row.get(column))]
    return ContactRecord(
        line=row.line,
        source="outlook",
        first_name=first,
        last_name=last,
        full_name=full,
        emails=unique(emails),
        phones=unique([row.get(column) for column in _PHONE_COLUMNS]),
        linkedin_url=normalise_linkedin_url(linkedin[0]) if linkedin else "",
        urls=unique([url for url in websites if url not in linkedin]),
        organization=row.get("Company"),
        title=row.get("Job Title"),
        location=_location(row),
        tags=unique(split_cell(row.get("Categories"), CATEGORY_SEPARATOR)),
        notes=row.get("Notes"),
        birthday=birthday,
    )


def _location(row: TableRow) -> str:
    for place in ("Business", "Home", "Other"):
        parts = [row.get(f"{place} City"), row.get(f"{place} State"), row.get(f"{place} Country/Region")]
        if any(parts):
            return ", ".join(part for part in parts if part)
    return row.get("Location")
