"""Helpers for the contact-file tests: where the fixture corpus lives, and splitting reader output."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coffeechat.formats.contact import ContactRecord, ReadItem, RowError, RowWarning

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def split(items: Iterable[ReadItem]) -> tuple[list[ContactRecord], list[RowError]]:
    """Records and errors from a reader, each in file order (warnings left out: see ``warnings_of``)."""
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    for item in items:
        if isinstance(item, RowError):
            errors.append(item)
        elif isinstance(item, RowWarning):
            continue
        else:
            records.append(item)
    return records, errors


def warnings_of(items: Iterable[ReadItem]) -> list[RowWarning]:
    """The warnings a reader gave, in file order."""
    return [item for item in items if isinstance(item, RowWarning)]
