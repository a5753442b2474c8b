"""Business days and the user's local calendar day: the units every follow-up rule counts in.

A business day is a Monday to Friday that is not a public holiday of the user's country (docs/practice.md §4.4).
Holidays come from the ``holidays`` package, including the "observed" days a country moves a weekend
holiday to (the US Independence Day on a Saturday is observed on the Friday before).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from coffeechat.core.when import zone

SATURDAY = 5


@lru_cache(maxsize=512)
def _holidays_in(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    # Building a calendar runs every holiday rule of the country for the year, which is slow next to a date
    # comparison, and `coffeechat next` asks about the same few years thousands of times. A frozenset per
    # year is immutable, so the cache is also safe to share between the web server's threads.
    import holidays  # only users with a holiday country pay for loading the calendars

    try:
        calendar = holidays.country_holidays(country, subdiv=subdiv, years=year)
    except NotImplementedError as error:
        if subdiv is not None and _is_known_country(country):
            raise ValueError(f"unknown subdivision {subdiv!r} of country {country!r}") from error
        raise ValueError(
            f"unknown country code {country!r}: use a two-letter ISO code such as US, GB or DE"
        ) from error
    return frozenset(calendar.keys())


def _is_known_country(country: str) -> bool:
    from coffeechat.core.countries import canonical_country  # the one country check

    return canonical_country(country) is not None


def _normal_country(country: str | None) -> str | None:
    if country is None:
        return None
    code = country.strip().upper()
    return code or None


def is_holiday(day: date, country: str | None, subdiv: str | None = None) -> bool:
    """Whether ``day`` is a public holiday (or an observed one) in ``country``; always False for None."""
    code = _normal_country(country)
    if code is None:
        return False
    return day in _holidays_in(code, subdiv, day.year)


def is_business_day(day: date, country: str | None, subdiv: str | None = None) -> bool:
    """Whether ``day`` is a Monday to Friday that is not a public holiday of ``country``."""
    return day.weekday() < SATURDAY and not is_holiday(day, country, subdiv)


def business_days_after(start: date, n: int, country: str | None, subdiv: str | None = None) -> date:
    """The date ``n`` business days after ``start``; ``start`` itself is never counted.

    A request sent on Friday is "+1 business day" on Monday; one sent on Saturday also reaches +1 on
    Monday. ``n == 0`` gives ``start`` back; a negative ``n`` counts backwards the same way.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_business_day(day, country, subdiv):
            remaining -= 1
    return day


def _weekdays_through(end: date) -> int:
    # Monday..Friday from a fixed Monday (0001-01-01 is a Monday) up to and including ``end``.
    days = (end - date(1, 1, 1)).days + 1
    full_weeks, rest = divmod(days, 7)
    return full_weeks * 5 + min(rest, 5)


def business_days_between(start: date, end: date, country: str | None, subdiv: str | None = None) -> int:
    """How many business days lie after ``start`` up to and including ``end`` (negative if end < start).

    It is the inverse of :func:`business_days_after`: ``business_days_between(s, business_days_after(s, n,
    c), c) == n``. Counted by arithmetic, not day by day, so long spans stay cheap.
    """
    if end < start:
        return -business_days_between(end, start, country, subdiv)
    count = _weekdays_through(end) - _weekdays_through(start)
    code = _normal_country(country)
    if code is not None:
        for year in range(start.year, end.year + 1):
            count -= sum(
                1
                for day in _holidays_in(code, subdiv, year)
                if start < day <= end and day.weekday() < SATURDAY
            )
    return count


def local_date(moment: datetime, tz_name: str) -> date:
    """The calendar date the user sees on their own clock at ``moment`` in the IANA zone ``tz_name``.

    ``moment`` must be timezone-aware: a naive time is ambiguous, so it is refused with ValueError.
    """
    return local_datetime(moment, tz_name).date()


def local_datetime(moment: datetime, tz_name: str) -> datetime:
    """``moment`` shown in the IANA zone ``tz_name`` (ValueError for a naive time or an unknown zone)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time without a time zone cannot be placed on the user's calendar: {moment!r}")
    return moment.astimezone(zone(tz_name))
