from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.practice import MessageFact, PersonFact, Practice, RuleSettings
from coffeechat.core.responsiveness import (
    BOOSTER,
    CURMUDGEON,
    OBLIGATE,
    classify,
    classify_reply,
    request_outcomes,
)

NY = ZoneInfo("America/New_York")
US = RuleSettings(country="US", timezone="America/New_York")
# Request sent Monday 16 November 2026. +3 business days: Thursday the 19th.
SENT = date(2026, 11, 16)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=NY)


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        (date(2026, 11, 16), BOOSTER),
        (date(2026, 11, 19), BOOSTER),  # the 3rd business day still counts as quick
        (date(2026, 11, 20), OBLIGATE),  # the day after
        (date(2026, 11, 24), OBLIGATE),
    ],
)
def test_reply_speed(reply: date, verdict: str) -> None:
    assert classify_reply(SENT, reply, date(2026, 12, 30), country="US") == verdict


def test_weekends_do_not_count_against_a_quick_reply() -> None:
    # Sent Thursday: Friday, Monday, Tuesday are the three business days.
    assert classify_reply(date(2026, 11, 19), date(2026, 11, 24), date(2026, 12, 1)) == BOOSTER
    assert classify_reply(date(2026, 11, 19), date(2026, 11, 25), date(2026, 12, 1)) == OBLIGATE


def test_a_holiday_stretches_the_quick_window() -> None:
    # Sent Tuesday 24th: Wednesday, (Thanksgiving skipped) Friday, Monday 30th.
    assert classify_reply(date(2026, 11, 24), date(2026, 11, 30), date(2026, 12, 9), country="US") == BOOSTER
    assert classify_reply(date(2026, 11, 24), date(2026, 11, 30), date(2026, 12, 9)) == OBLIGATE


@pytest.mark.parametrize(
    ("country", "today", "verdict"),
    [
        # Sent Wednesday 18th; +7 business days is Friday 27th, or Monday 30th with Thanksgiving skipped.
        (None, date(2026, 11, 27), None),
        (None, date(2026, 11, 28), CURMUDGEON),
        ("US", date(2026, 11, 27), None),
        ("US", date(2026, 11, 30), None),
        ("US", date(2026, 12, 1), CURMUDGEON),
    ],
)
def test_silence_becomes_curmudgeon_after_the_seventh_business_day(
    country: str | None, today: date, verdict: str | None
) -> None:
    assert classify_reply(date(2026, 11, 18), None, today, country=country) == verdict


def test_the_window_restarts_at_the_follow_up() -> None:
    follow_up = date(2026, 11, 30)  # +7 business days: Wednesday 9 December
    assert classify_reply(SENT, None, date(2026, 12, 9), follow_up_day=follow_up, country="US") is None
    assert classify_reply(SENT, None, date(2026, 12, 10), follow_up_day=follow_up, country="US") == CURMUDGEON


def test_windows_follow_the_settings() -> None:
    assert classify_reply(SENT, date(2026, 11, 17), date(2026, 12, 1), booster_business_days=0) == OBLIGATE
    assert classify_reply(SENT, None, date(2026, 11, 18), follow_up_business_days=1) == CURMUDGEON


def message(id: int, kind: str, sent: datetime | None, replied: datetime | None = None) -> MessageFact:
    return MessageFact(id=id, person_id=7, organization_id=1, kind=kind, sent_at=sent, replied_at=replied)


def practice(*messages: MessageFact) -> Practice:
    ana = PersonFact(7, "Ana Diaz", 1, "Acme", "Analyst", "cold", "contacted", None)
    return Practice(people=(ana,), messages=messages)


def test_classify_a_person_from_their_messages() -> None:
    quick = practice(message(1, "request", at(SENT), at(date(2026, 11, 18))))
    assert classify(7, quick, at(date(2026, 12, 1)), US) == BOOSTER
    # Before the reply came in, nothing was known yet.
    assert classify(7, quick, at(date(2026, 11, 17)), US) is None


def test_a_reply_to_the_follow_up_makes_an_obligate() -> None:
    record = practice(
        message(1, "request", at(SENT)),
        message(2, "follow_up", at(date(2026, 11, 30)), at(date(2026, 12, 1))),
    )
    assert classify(7, record, at(date(2026, 12, 2)), US) == OBLIGATE
    outcome = request_outcomes(7, record, at(date(2026, 12, 2)))[0]
    assert outcome.follow_up_at == at(date(2026, 11, 30))
    assert outcome.replied_at == at(date(2026, 12, 1))


def test_no_reply_after_the_follow_up_window_makes_a_curmudgeon() -> None:
    record = practice(message(1, "request", at(SENT)), message(2, "follow_up", at(date(2026, 11, 30))))
    assert classify(7, record, at(date(2026, 12, 9)), US) is None
    assert classify(7, record, at(date(2026, 12, 10)), US) == CURMUDGEON


def test_drafts_are_not_requests() -> None:
    assert classify(7, practice(message(1, "request", None)), at(date(2027, 1, 1)), US) is None
    assert classify(7, practice(), at(date(2027, 1, 1)), US) is None


def test_the_latest_request_with_a_verdict_decides() -> None:
    record = practice(
        message(1, "request", at(date(2026, 3, 2))),
        message(2, "request", at(SENT), at(date(2026, 11, 17))),
    )
    assert classify(7, record, at(date(2026, 12, 1)), US) == BOOSTER
    # A new request still waiting does not erase what the older one taught.
    pending = practice(message(1, "request", at(date(2026, 3, 2))), message(2, "request", at(SENT)))
    assert classify(7, pending, at(date(2026, 11, 18)), US) == CURMUDGEON


def test_reply_time_is_read_as_a_local_date() -> None:
    # 01:30 UTC on Friday 20th is still Thursday 19th, the 3rd business day, in New York.
    utc_reply = datetime(2026, 11, 20, 1, 30, tzinfo=ZoneInfo("UTC"))
    record = practice(message(1, "request", at(SENT), utc_reply))
    assert classify(7, record, at(date(2026, 12, 1)), US) == BOOSTER
    assert classify(7, record, at(date(2026, 12, 1)), RuleSettings(country="US", timezone="UTC")) == OBLIGATE
