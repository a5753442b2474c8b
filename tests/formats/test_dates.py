"""Date spellings in contact exports, independent of the machine's locale."""

from __future__ import annotations

from datetime import date

import pytest

from coffeechat.formats.dates import parse_day_month_year, parse_iso_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07 Dec 2025", date(2025, 12, 7)), ("7 Dec 2025", date(2025, 12, 7)), ("07 December 2025", date(2025, 12, 7)),
     ("29 Feb 2024", date(2024, 2, 29)), ("2025-12-07", date(2025, 12, 7)), ("", None), ("  ", None)],
)
def test_linkedin_dates(text: str, expected: date | None) -> None:
    assert parse_day_month_year(text) == expected


@pytest.mark.parametrize("text", ["29 Feb 2025", "07 Dez 2025", "12/07/2025", "Dec 7, 2025"])
def test_linkedin_dates_that_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=text.split()[0]):
        parse_day_month_year(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1990-05-14", date(1990, 5, 14)), ("19900514", date(1990, 5, 14)), ("--05-14", None), ("--0514", None),
     ("1604-05-14", None), ("1990-05-14T00:00:00Z", date(1990, 5, 14))],
)
def test_iso_birthdays(text: str, expected: date | None) -> None:
    assert parse_iso_date(text) == expected
