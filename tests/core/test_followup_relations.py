"""Referrals, report-backs, keeping in touch (with and without a cadence, mentors) and tasks."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from coffeechat.core.followup import DueAction, due_actions
from coffeechat.core.practice import (
    ConversationFact,
    MessageFact,
    PersonFact,
    Practice,
    ReferralFact,
    RuleSettings,
    TaskFact,
)

NY = ZoneInfo("America/New_York")
US = RuleSettings(country="US", timezone="America/New_York")


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=NY)


ANA = PersonFact(7, "Ana Diaz", 1, "Acme Institute", "Research Associate", "cold", "met", None)
DANA = PersonFact(8, "Dana Ruiz", 2, "Globex News", "Editor", "referral", "new", None)
# Ana suggested Dana on Monday 16 November 2026.
REFERRAL = ReferralFact(
    3, from_person_id=7, to_person_id=8, created_at=at(11, 16), contacted_at=None, reported_back_at=None
)


def listed(
    now: datetime,
    *,
    people: tuple[PersonFact, ...] = (ANA, DANA),
    referrals: tuple[ReferralFact, ...] = (),
    messages: tuple[MessageFact, ...] = (),
    conversations: tuple[ConversationFact, ...] = (),
    tasks: tuple[TaskFact, ...] = (),
    settings: RuleSettings = US,
    horizon_days: int = 0,
) -> dict[str, DueAction]:
    practice = Practice(
        people=people, referrals=referrals, messages=messages, conversations=conversations, tasks=tasks
    )
    return {a.key: a for a in due_actions(practice, now, settings, horizon_days=horizon_days)}


def test_a_new_referral_shows_at_once_and_is_due_in_three_business_days() -> None:
    assert listed(at(11, 15), referrals=(REFERRAL,)) == {}
    action = listed(at(11, 16, 11), referrals=(REFERRAL,))["referral:referral:3"]
    assert (action.due, action.overdue) == (date(2026, 11, 19), False)
    assert (action.person_id, action.organization_id, action.refers_to) == (8, 2, ("referral", 3))
    assert "Dana Ruiz at Globex News" in action.reason
    assert "Ana Diaz" in action.reason
    assert not listed(at(11, 19), referrals=(REFERRAL,))["referral:referral:3"].overdue
    assert listed(at(11, 20), referrals=(REFERRAL,))["referral:referral:3"].overdue


def test_a_referral_noted_before_thanksgiving_skips_it() -> None:
    wednesday = replace(REFERRAL, created_at=at(11, 25))  # Friday 27th, Monday 30th, Tuesday 1 December
    assert listed(at(11, 30), referrals=(wednesday,))["referral:referral:3"].due == date(2026, 12, 1)


def test_a_message_to_the_referral_counts_as_contacting_them() -> None:
    wrote = MessageFact(1, 8, 2, "request", at(11, 17), None)
    result = listed(at(11, 20), referrals=(REFERRAL,), messages=(wrote,))
    assert "referral:referral:3" not in result
    # ...and so the report-back clock starts from that message: due Friday 20th.
    assert result["report_back:referral:3"].due == date(2026, 11, 20)


def test_report_back_is_due_three_business_days_after_the_contact() -> None:
    contacted = replace(REFERRAL, contacted_at=at(11, 19))  # Fri 20th, Mon 23rd, Tue 24th
    assert "report_back:referral:3" not in listed(at(11, 23), referrals=(contacted,))
    action = listed(at(11, 24), referrals=(contacted,))["report_back:referral:3"]
    assert (action.due, action.overdue, action.person_id) == (date(2026, 11, 24), False, 7)
    assert "Ana Diaz at Acme Institute" in action.reason
    assert "Dana Ruiz" in action.reason
    assert listed(at(11, 25), referrals=(contacted,))["report_back:referral:3"].overdue


def test_report_back_ends_when_reported_or_a_report_back_was_sent() -> None:
    contacted = replace(REFERRAL, contacted_at=at(11, 19))
    assert listed(at(12, 1), referrals=(replace(contacted, reported_back_at=at(11, 30)),)) == {}
    told = MessageFact(2, 7, 1, "report_back", at(11, 23), None)
    assert listed(at(12, 1), referrals=(contacted,), messages=(told,)) == {}
    draft = MessageFact(2, 7, 1, "report_back", None, None)
    assert "report_back:referral:3" in listed(at(12, 1), referrals=(contacted,), messages=(draft,))


JULY_FIRST = at(7, 1)


def keeper(cadence: int | None, stage: str = "ongoing", last: datetime | None = JULY_FIRST) -> PersonFact:
    return replace(ANA, cadence_days=cadence, stage=stage, last_touch_at=last)


def test_keep_in_touch_with_a_cadence() -> None:
    person = keeper(120)  # last touch 1 July: due 29 October
    assert listed(at(10, 28), people=(person,)) == {}
    action = listed(at(10, 29), people=(person,))["keep_in_touch:person:7@2026-10-29"]
    assert (action.due, action.overdue, action.refers_to) == (date(2026, 10, 29), False, ("person", 7))
    assert "Ana Diaz at Acme Institute" in action.reason
    assert "120 days" in action.reason
    assert listed(at(10, 30), people=(person,))["keep_in_touch:person:7@2026-10-29"].overdue


def test_no_cadence_no_keep_in_touch() -> None:
    assert listed(at(12, 30, year=2027), people=(keeper(None),)) == {}


def test_a_cadence_is_never_shorter_than_about_a_season() -> None:
    person = keeper(14)  # clamped to 90 days: 29 September
    assert listed(at(9, 28), people=(person,)) == {}
    assert listed(at(9, 29), people=(person,))["keep_in_touch:person:7@2026-09-29"].due == date(2026, 9, 29)


def test_mentors_get_the_default_cadence() -> None:
    mentor = keeper(None, stage="mentor")
    assert listed(at(9, 28), people=(mentor,)) == {}
    action = listed(at(9, 29), people=(mentor,))["keep_in_touch:person:7@2026-09-29"]
    assert "your mentor" in action.reason
    slower = RuleSettings(timezone="America/New_York", keep_in_touch_days=180)
    assert listed(at(12, 27), people=(mentor,), settings=slower) == {}
    assert "keep_in_touch:person:7@2026-12-28" in listed(at(12, 28), people=(mentor,), settings=slower)


def test_a_mentors_own_cadence_wins() -> None:
    assert "keep_in_touch:person:7@2026-10-29" in listed(at(10, 29), people=(keeper(120, stage="mentor"),))


def test_any_later_message_or_conversation_is_a_touch() -> None:
    person = keeper(120)
    note = MessageFact(1, 7, 1, "update", at(9, 1), None)
    assert listed(at(10, 29), people=(person,), messages=(note,)) == {}
    assert "keep_in_touch:person:7@2026-12-30" in listed(at(12, 30), people=(person,), messages=(note,))
    coffee = ConversationFact(5, 7, 1, "held", at(9, 1), 20, True, True, at(9, 1, 18))
    assert listed(at(10, 29), people=(person,), conversations=(coffee,)) == {}


def test_a_conversation_ahead_means_already_in_touch() -> None:
    ahead = ConversationFact(5, 7, 1, "scheduled", at(11, 20), 20, False, True, None)
    assert not [k for k in listed(at(11, 2), people=(keeper(120),), conversations=(ahead,)) if "keep" in k]
    cancelled = replace(ahead, state="cancelled")
    assert "keep_in_touch:person:7@2026-10-29" in listed(
        at(11, 2), people=(keeper(120),), conversations=(cancelled,)
    )


def test_no_touch_on_record_is_due_today_under_a_steady_key() -> None:
    never = keeper(120, last=None)
    for day in (3, 4):
        action = listed(at(12, day), people=(never,))["keep_in_touch:person:7@first"]
        assert (action.due, action.overdue) == (date(2026, 12, day), False)


def test_tasks_are_due_on_their_date() -> None:
    tasks = (
        TaskFact(1, "Send Ana the article", date(2026, 12, 2), 7, False),
        TaskFact(2, "Update the CV", date(2026, 12, 3), None, False),
        TaskFact(3, "Read the annual report", date(2026, 12, 4), None, False),
        TaskFact(4, "Already done", date(2026, 12, 1), None, True),
        TaskFact(5, "Someday", None, None, False),
    )
    result = listed(at(12, 3), tasks=tasks)
    assert set(result) == {"task:task:1", "task:task:2", "task:task:5"}
    assert result["task:task:1"].overdue
    assert result["task:task:1"].reason == "Send Ana the article (for Ana Diaz at Acme Institute)"
    assert (result["task:task:1"].person_id, result["task:task:1"].organization_id) == (7, 1)
    assert not result["task:task:2"].overdue
    assert (result["task:task:5"].due, result["task:task:5"].overdue) == (date(2026, 12, 3), False)
    assert result["task:task:2"].reason == "Update the CV"
    assert "task:task:3" in listed(at(12, 3), tasks=tasks, horizon_days=1)


def test_a_task_without_a_date_never_becomes_overdue() -> None:
    someday = TaskFact(5, "Someday", None, None, False)
    later = listed(at(12, 3) + timedelta(days=400), tasks=(someday,))["task:task:5"]
    assert not later.overdue
