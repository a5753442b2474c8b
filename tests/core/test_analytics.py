"""The practice numbers, each checked on a small hand-made record."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coffeechat.core.analytics import (
    NO_TEMPLATE,
    ConversationRecord,
    PracticeRecord,
    bar_lengths,
    compute_stats,
    iso_week,
    request_results,
)
from coffeechat.core.practice import MessageFact, PersonFact, RuleSettings

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)  # a Friday
SETTINGS = RuleSettings(timezone="UTC")


def person(pk: int, how: str = "cold", stage: str = "contacted") -> PersonFact:
    return PersonFact(id=pk, name=f"P{pk}", organization_id=None, organization_name="", title="", how_known=how,
                      stage=stage, cadence_days=None)


def msg(pk: int, person_id: int, sent: datetime, kind: str = "request", replied: datetime | None = None) -> MessageFact:
    return MessageFact(id=pk, person_id=person_id, organization_id=None, kind=kind, sent_at=sent, replied_at=replied)


MON = datetime(2026, 11, 2, 10, tzinfo=UTC)  # Monday of ISO week 45


@pytest.fixture
def record() -> PracticeRecord:
    return PracticeRecord(
        people=(person(1, "alumni", "met"), person(2, "cold", "ongoing"), person(3, "cold"), person(4, "referral", "mentor")),
        messages=(
            msg(1, 1, MON, replied=MON + timedelta(days=1)),  # replied Tuesday: 1 business day
            msg(2, 2, MON),  # no reply to the request...
            msg(3, 2, MON + timedelta(days=11), kind="follow_up", replied=MON + timedelta(days=14)),  # ...but to the follow-up
            msg(4, 3, MON + timedelta(days=2)),  # never answered
            msg(5, 4, MON + timedelta(days=7), replied=MON + timedelta(days=8)),
            msg(6, 1, MON + timedelta(days=3), kind="thank_you"),
        ),
        templates={1: "alumni-short", 5: "alumni-short"},
        conversations=(
            ConversationRecord(1, 1, goal_id=10, state="held", held_at=MON + timedelta(days=3),
                               thanked_at=MON + timedelta(days=3, hours=5), confidence_before=2, confidence_after=4),
            ConversationRecord(2, 2, goal_id=10, state="held", held_at=MON + timedelta(days=15),
                               thanked_at=MON + timedelta(days=17)),
            ConversationRecord(3, 4, goal_id=11, state="held", held_at=MON + timedelta(days=9), thanked_at=None,
                               confidence_after=3),
            ConversationRecord(4, 3, goal_id=11, state="cancelled", held_at=None, thanked_at=None),
        ),
        referral_count=2,
        goals=((10, "Data journalism"), (11, "Policy")),
    )


def test_funnel_counts_each_step(record) -> None:
    stats = compute_stats(record, NOW, SETTINGS)
    f = stats.funnel
    assert (f.requests, f.replies, f.conversations, f.thank_yous, f.ongoing, f.mentors) == (4, 3, 3, 2, 2, 1)


def test_a_reply_to_the_follow_up_counts_for_its_request(record) -> None:
    replies = {r.message.id: r.replied_at for r in request_results(record, NOW)}
    assert replies[2] == MON + timedelta(days=14)
    assert replies[4] is None


def test_replies_after_now_are_not_known_yet(record) -> None:
    early = MON + timedelta(days=1, hours=-1)  # before the first reply
    stats = compute_stats(record, early, SETTINGS)
    assert stats.funnel.replies == 0 and stats.funnel.requests == 2


def test_weeks_count_events_in_the_week_they_happened(record) -> None:
    weeks = {w.week: w for w in compute_stats(record, NOW, SETTINGS).weeks}
    assert list(weeks) == ["2026-W45", "2026-W46", "2026-W47"]
    w45, w46, w47 = weeks.values()
    assert (w45.requests, w45.replies, w45.conversations, w45.thank_yous) == (3, 1, 1, 1)
    assert (w46.requests, w46.replies, w46.conversations, w46.thank_yous) == (1, 1, 1, 0)
    # The follow-up's reply lands on Monday 16 November, so in week 47.
    assert (w47.requests, w47.replies, w47.conversations, w47.thank_yous) == (0, 1, 1, 1)


def test_quiet_weeks_are_listed_up_to_this_week(record) -> None:
    later = NOW + timedelta(days=14)
    weeks = [w.week for w in compute_stats(record, later, SETTINGS).weeks]
    assert weeks[-1] == iso_week(later.date()) and len(weeks) == 5


def test_per_goal_funnel_follows_the_people_of_the_goal(record) -> None:
    goals = {g.goal_id: g.funnel for g in compute_stats(record, NOW, SETTINGS).goals}
    data = goals[10]
    assert (data.requests, data.replies, data.conversations, data.thank_yous, data.ongoing, data.mentors) == (2, 2, 2, 2, 1, 0)
    policy = goals[11]
    # The cancelled conversation brings person 3 into the goal, but is not a conversation held.
    assert (policy.requests, policy.replies, policy.conversations, policy.thank_yous, policy.mentors) == (2, 1, 1, 0, 1)


def test_reply_rates_by_how_known_and_by_template(record) -> None:
    stats = compute_stats(record, NOW, SETTINGS)
    rates = {r.label: (r.sent, r.replied) for r in stats.by_how_known}
    assert rates == {"alumni": (1, 1), "cold": (2, 1), "referral": (1, 1)}
    assert stats.by_how_known[0].label == "cold"  # most requests first
    templates = {r.label: (r.sent, r.replied, r.rate) for r in stats.by_template}
    assert templates == {"alumni-short": (2, 2, 1.0), NO_TEMPLATE: (2, 1, 0.5)}


def test_median_business_days_skips_weekends_and_holidays(record) -> None:
    stats = compute_stats(record, NOW, SETTINGS)
    # 1 (Mon→Tue), 10 (Mon→Mon two weeks on, via the follow-up), 1 (Mon→Tue)
    assert stats.median_business_days_to_reply == 1.0 and stats.replies_timed == 3
    one = PracticeRecord(people=(person(1),), messages=(
        msg(1, 1, datetime(2026, 11, 25, 10, tzinfo=UTC), replied=datetime(2026, 11, 27, 10, tzinfo=UTC)),))
    assert compute_stats(one, NOW + timedelta(days=10), SETTINGS).median_business_days_to_reply == 2.0
    us = RuleSettings(timezone="UTC", country="US")  # Thanksgiving, 26 Nov 2026, is not a business day
    assert compute_stats(one, NOW + timedelta(days=10), us).median_business_days_to_reply == 1.0


def test_median_of_nothing_is_none() -> None:
    stats = compute_stats(PracticeRecord(), NOW, SETTINGS)
    assert stats.median_business_days_to_reply is None and stats.referrals_per_conversation is None
    assert stats.weeks == [] and stats.funnel.requests == 0


def test_boosters_obligates_curmudgeons(record) -> None:
    r = compute_stats(record, NOW, SETTINGS).responsiveness
    # 1 and 4 answered within 3 business days; 2 only after the follow-up; 3 never, window over.
    assert r == {"booster": 2, "obligate": 1, "curmudgeon": 1, "unknown": 0}


def test_referrals_per_held_conversation(record) -> None:
    stats = compute_stats(record, NOW, SETTINGS)
    assert stats.referrals == 2 and stats.referrals_per_conversation == pytest.approx(2 / 3)


def test_thank_yous_on_time_late_and_missing(record) -> None:
    stats = compute_stats(record, NOW, SETTINGS)
    assert (stats.thank_you_on_time, stats.thank_you_late, stats.thank_you_missing) == (1, 1, 1)
    roomy = RuleSettings(timezone="UTC", thank_you_due_hours=48, thank_you_overdue_hours=72)
    assert compute_stats(record, NOW, roomy).thank_you_on_time == 2  # exactly 48 hours is still on time


def test_confidence_points_in_date_order(record) -> None:
    points = compute_stats(record, NOW, SETTINGS).confidence
    assert [(p.conversation_id, p.before, p.after) for p in points] == [(1, 2, 4), (3, None, 3)]
    assert points[0].day == date(2026, 11, 5)


def test_weeks_follow_the_users_zone() -> None:
    late_sunday = datetime(2026, 11, 9, 3, tzinfo=UTC)  # Sunday evening in Chicago, Monday in UTC
    rec = PracticeRecord(people=(person(1),), messages=(msg(1, 1, late_sunday),))
    assert compute_stats(rec, NOW, RuleSettings(timezone="America/Chicago")).weeks[0].week == "2026-W45"
    assert compute_stats(rec, NOW, SETTINGS).weeks[0].week == "2026-W46"


@pytest.mark.parametrize(("values", "expected"), [
    ([], []), ([0, 0], [0, 0]), ([10, 5, 0], [100, 50, 0]), ([1000, 1], [100, 1]), ([3], [100]),
])
def test_bar_lengths(values, expected) -> None:
    assert bar_lengths(values, 100) == expected
