"""Helpers for the contact-file tests: where the fixture corpus lives, and splitting reader output."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coffeechat.formats.contact import ContactRecord, ReadItem, RowError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def split(items: Iterable[ReadItem]) -> tuple[list[ContactRecord], list[RowError]]:
    """Records and errors from a reader, each in file order."""
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    for item in items:
        if isinstance(item, RowError):
            errors.append(item)
        else:
            records.append(item)
    return records, errors
