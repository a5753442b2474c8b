"""The date spellings contact exports use, read without depending on the machine's locale."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4})$")
_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
# Apple writes a birthday without a year as 1604-MM-DD; Outlook writes "no date" as 0/0/00 or 1/1/4501.
_PLACEHOLDER_YEARS = frozenset({1604, 4501})


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a real date ({error})") from error


def parse_day_month_year(text: str) -> date | None:
    """LinkedIn's '07 Dec 2025' (English month names, as LinkedIn writes them); ISO dates too; "" -> None."""
    text = text.strip()
    if not text:
        return None
    if match := _DAY_MONTH_YEAR.match(text):
        month = _MONTHS.get(match.group(2).lower())
        if month:
            return _make(int(match.group(3)), month, int(match.group(1)), text)
    if match := _ISO.match(text):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
    raise ValueError(f"{text!r} is not a date like '07 Dec 2025'")


def parse_iso_date(text: str) -> date | None:
    """'1990-05-14' or '19900514' -> a date; a date without a year ('--05-14', 1604-…) or "" -> None.

    A birthday with no year cannot be a ``date``; it is dropped rather than given an invented year.
    """
    text = text.strip()
    if not text or _NO_YEAR.match(text):
        return None
    if match := _ISO.match(text):
        year = int(match.group(1))
        if year in _PLACEHOLDER_YEARS:
            return None
        return _make(year, int(match.group(2)), int(match.group(3)), text)
    raise ValueError(f"{text!r} is not a date like 1990-05-14")


def parse_slashed_date(text: str) -> date | None:
    """Outlook's '5/14/1990' (month first, as Outlook writes it; day first when the month would exceed 12).

    Outlook's empty markers ('0/0/00', '1/1/4501') and "" give None; ISO dates are accepted too.
    """
    text = text.strip()
    if not text:
        return None
    if match := _SLASHED.match(text):
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if first == 0 or second == 0 or year in _PLACEHOLDER_YEARS:
            return None
        if year < 100:
            year += 2000 if year < 50 else 1900
        month, day = (second, first) if first > 12 else (first, second)
        return _make(year, month, day, text)
    if _ISO.match(text) or _NO_YEAR.match(text):
        return parse_iso_date(text)
    raise ValueError(f"{text!r} is not a date like 5/14/1990")


def readable_birthday(parse: Callable[[str], date | None], text: str) -> date | None:
    """A birthday if it can be read, else None.

    A birthday is a nicety coffeechat does not keep: an unreadable one must never cost the user the
    whole contact, so it is dropped instead of skipping the row.
    """
    try:
        return parse(text)
    except ValueError:
        return None
