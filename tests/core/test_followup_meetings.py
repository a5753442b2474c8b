"""Reminders around a conversation: confirm, prepare, log_notes, thank_you."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.followup import DueAction, due_actions
from coffeechat.core.practice import ConversationFact, OrganizationFact, PersonFact, Practice, RuleSettings

NY = ZoneInfo("America/New_York")
SETTINGS = RuleSettings(timezone="America/New_York")
ANA = PersonFact(7, "Ana Diaz", 1, "Acme Institute", "Research Associate", "cold", "contacted", None)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


# Thursday 3 December 2026, 14:00 to 14:20 in New York.
MEETING = ConversationFact(
    id=5,
    person_id=7,
    organization_id=1,
    state="scheduled",
    scheduled_at=at(12, 3, 14),
    minutes=20,
    has_notes=False,
    plan_finished=False,
    thanked_at=None,
)
END = at(12, 3, 14, 20)


def actions(now: datetime, *conversations: ConversationFact) -> dict[str, DueAction]:
    practice = Practice(
        people=(ANA,), organizations=(OrganizationFact(1, "Acme Institute"),), conversations=conversations
    )
    return {a.kind: a for a in due_actions(practice, now, SETTINGS)}


def test_confirm_is_due_48_hours_before_and_not_a_minute_earlier() -> None:
    # Thursday 3 December 14:00: 48 hours before is Tuesday 1 December 14:00.
    assert "confirm" not in actions(at(12, 1, 13, 59), MEETING)  # 48 h 01 min ahead
    confirm = actions(at(12, 1, 14, 0), MEETING)["confirm"]  # 48 h ahead
    assert (confirm.due, confirm.overdue, confirm.late) == (date(2026, 12, 1), False, False)
    assert confirm.key == "confirm:conversation:5@2026-12-03"
    assert confirm.refers_to == ("conversation", 5)
    assert "Ana Diaz at Acme Institute" in confirm.reason
    assert "Thursday 3 December at 14:00" in confirm.reason
    assert not actions(at(12, 1, 14, 1), MEETING)["confirm"].overdue  # 47 h 59 min ahead


def test_confirm_is_overdue_only_when_fewer_than_24_hours_remain() -> None:
    exactly_24 = actions(at(12, 2, 14, 0), MEETING)["confirm"]
    assert not exactly_24.overdue
    assert "less than 24 hours" not in exactly_24.reason
    under_24 = actions(at(12, 2, 14, 1), MEETING)["confirm"]  # 23 h 59 min ahead
    assert under_24.overdue
    assert under_24.due == date(2026, 12, 1)
    assert "less than 24 hours away" in under_24.reason


def test_a_conversation_agreed_30_hours_ahead_is_due_now_not_overdue() -> None:
    # Agreed on Wednesday 2 December 08:00 for Thursday 14:00: the 48-hour mark had already passed.
    agreed = replace(MEETING, agreed_at=at(12, 2, 8))
    confirm = actions(at(12, 2, 8), agreed)["confirm"]
    assert (confirm.due, confirm.overdue) == (date(2026, 12, 2), False)
    # Never a due date before it was agreed, even once it turns overdue.
    later = actions(at(12, 2, 14, 1), agreed)["confirm"]
    assert (later.due, later.overdue) == (date(2026, 12, 2), True)


def test_an_agreement_made_before_the_48_hour_mark_changes_nothing() -> None:
    early = replace(MEETING, agreed_at=at(11, 20))
    assert "confirm" not in actions(at(12, 1, 13, 59), early)
    assert actions(at(12, 1, 14), early)["confirm"].due == date(2026, 12, 1)


def test_confirm_shows_ahead_on_a_longer_horizon() -> None:
    practice = Practice(people=(ANA,), conversations=(MEETING,))
    ahead = [a for a in due_actions(practice, at(11, 30, 9), SETTINGS, horizon_days=1) if a.kind == "confirm"]
    assert [(a.due, a.overdue) for a in ahead] == [(date(2026, 12, 1), False)]


def test_confirm_lasts_until_the_meeting_starts() -> None:
    assert "confirm" in actions(at(12, 3, 13, 59), MEETING)
    assert "confirm" not in actions(at(12, 3, 14, 0), MEETING)


def test_a_confirmed_meeting_needs_no_confirm() -> None:
    assert "confirm" not in actions(at(12, 2), replace(MEETING, confirmed_at=at(12, 1, 9)))


def test_a_moved_meeting_asks_again_under_a_new_key() -> None:
    moved = replace(MEETING, scheduled_at=at(12, 10, 9))
    assert actions(at(12, 8), moved)["confirm"].key == "confirm:conversation:5@2026-12-10"


def test_confirm_days_follow_the_setting() -> None:
    practice = Practice(people=(ANA,), conversations=(MEETING,))
    one_day = RuleSettings(timezone="America/New_York", confirm_days_before=1)
    assert not [a for a in due_actions(practice, at(12, 2, 13, 59), one_day) if a.kind == "confirm"]
    assert [a for a in due_actions(practice, at(12, 2, 14), one_day) if a.kind == "confirm"]


def test_prepare_is_due_the_day_before_when_the_plan_is_unfinished() -> None:
    assert "prepare" not in actions(at(12, 1, 23, 59), MEETING)
    prepare = actions(at(12, 2), MEETING)["prepare"]
    assert (prepare.due, prepare.overdue) == (date(2026, 12, 2), False)
    assert "20 minutes" in prepare.reason
    assert actions(at(12, 3, 9), MEETING)["prepare"].overdue
    assert "prepare" not in actions(at(12, 2), replace(MEETING, plan_finished=True))
    assert "prepare" not in actions(at(12, 3, 14, 1), MEETING)


def test_proposed_and_cancelled_meetings_ask_for_nothing() -> None:
    for state in ("proposed", "cancelled"):
        conversation = replace(MEETING, state=state)
        for moment in (at(12, 2), END + timedelta(hours=1), at(12, 10)):
            assert actions(moment, conversation) == {}, (state, moment)


def test_log_notes_once_the_end_has_passed() -> None:
    assert "log_notes" not in actions(END, MEETING)
    notes = actions(END + timedelta(minutes=1), MEETING)["log_notes"]
    assert (notes.due, notes.overdue) == (date(2026, 12, 3), False)
    assert actions(at(12, 4), MEETING)["log_notes"].overdue
    assert "log_notes" not in actions(at(12, 4), replace(MEETING, has_notes=True))
    assert "log_notes" not in actions(at(12, 4), replace(MEETING, state="held", has_notes=True))


def test_thank_you_shows_at_the_end_and_is_due_a_day_later() -> None:
    thank = actions(END + timedelta(minutes=1), MEETING)["thank_you"]
    assert (thank.due, thank.overdue) == (date(2026, 12, 4), False)
    assert thank.key == "thank_you:conversation:5"
    assert "Ana Diaz at Acme Institute" in thank.reason


@pytest.mark.parametrize(
    ("after", "overdue"),
    [
        (timedelta(hours=24), False),
        (timedelta(hours=25), False),  # late, but not yet overdue
        (timedelta(hours=72), False),
        (timedelta(hours=72, minutes=1), True),
    ],
)
def test_thank_you_is_overdue_only_after_72_hours(after: timedelta, overdue: bool) -> None:
    assert actions(END + after, MEETING)["thank_you"].overdue is overdue


def test_a_thanked_conversation_needs_no_thank_you() -> None:
    assert "thank_you" not in actions(at(12, 5), replace(MEETING, thanked_at=END + timedelta(hours=2)))


def test_held_without_a_time_counts_as_ending_now() -> None:
    held = replace(MEETING, state="held", scheduled_at=None)
    listed = actions(at(12, 5, 16), held)
    assert listed["log_notes"].due == date(2026, 12, 5)
    assert listed["thank_you"].due == date(2026, 12, 6)
    assert not listed["thank_you"].overdue


def test_held_before_its_planned_end_is_thanked_from_now() -> None:
    early = replace(MEETING, state="held")
    listed = actions(at(12, 3, 14, 10), early)
    assert set(listed) == {"log_notes", "thank_you"}
    assert listed["thank_you"].due == date(2026, 12, 4)


def test_thank_you_due_counts_real_hours_across_the_november_dst_change() -> None:
    # Ends 00:30 EDT on Sunday 1 November; 24 real hours later it is 23:30 EST the same Sunday.
    night = replace(MEETING, scheduled_at=datetime(2026, 11, 1, 0, 10, tzinfo=NY))
    assert actions(datetime(2026, 11, 1, 9, tzinfo=NY), night)["thank_you"].due == date(2026, 11, 1)


def test_thank_you_due_counts_real_hours_across_the_march_dst_change() -> None:
    # Ends 23:30 EST on Saturday 7 March; 24 real hours later it is 00:30 EDT on Monday 9 March.
    night = replace(MEETING, scheduled_at=datetime(2026, 3, 7, 23, 10, tzinfo=NY))
    end = datetime(2026, 3, 8, 4, 30, tzinfo=UTC)  # real hours are added in UTC
    listed = actions(datetime(2026, 3, 8, 12, tzinfo=NY), night)
    assert listed["thank_you"].due == date(2026, 3, 9)
    assert not actions(end + timedelta(hours=72), night)["thank_you"].overdue
    assert actions(end + timedelta(hours=72, seconds=1), night)["thank_you"].overdue


def test_confirm_across_the_november_dst_change() -> None:
    # Meeting Monday 2 November 09:00 EST (14:00 UTC): 48 real hours before is Saturday 31 October 14:00 UTC,
    # 10:00 EDT, across the change.
    monday = replace(MEETING, scheduled_at=datetime(2026, 11, 2, 9, tzinfo=NY))
    assert "confirm" not in actions(datetime(2026, 10, 31, 13, 59, tzinfo=UTC), monday)
    assert actions(datetime(2026, 10, 31, 14, 0, tzinfo=UTC), monday)["confirm"].due == date(2026, 10, 31)


def test_the_meeting_day_is_the_users_local_day() -> None:
    # 01:00 UTC on Friday 4 December is Thursday 3 December, 20:00, in New York.
    evening = replace(MEETING, scheduled_at=datetime(2026, 12, 4, 1, 0, tzinfo=UTC))
    assert actions(at(12, 2), evening)["confirm"].key == "confirm:conversation:5@2026-12-03"


def test_a_late_thank_you_still_encourages_a_note() -> None:
    on_time = actions(END + timedelta(hours=23, minutes=59), MEETING)["thank_you"]
    assert (on_time.late, on_time.overdue) == (False, False)
    assert "within 24 hours" in on_time.reason
    at_24 = actions(END + timedelta(hours=24), MEETING)["thank_you"]
    assert (at_24.late, at_24.overdue) == (False, False)
    late = actions(END + timedelta(hours=30), MEETING)["thank_you"]
    assert (late.late, late.overdue) == (True, False)
    assert "within 24 hours" not in late.reason
    assert "it is late (more than 24 hours since you talked)" in late.reason
    at_72 = actions(END + timedelta(hours=72), MEETING)["thank_you"]
    assert (at_72.late, at_72.overdue) == (True, False)
    very_late = actions(END + timedelta(hours=80), MEETING)["thank_you"]
    assert (very_late.late, very_late.overdue) == (True, True)
    assert "it is late (more than 72 hours since you talked)" in very_late.reason


def test_thank_you_hours_from_settings_read_as_words() -> None:
    practice = Practice(people=(ANA,), conversations=(MEETING,))
    one_hour = RuleSettings(timezone="America/New_York", thank_you_due_hours=1, thank_you_overdue_hours=1)
    due = next(a for a in due_actions(practice, END + timedelta(minutes=1), one_hour) if a.kind == "thank_you")
    assert "within 1 hour:" in due.reason
    late = next(a for a in due_actions(practice, END + timedelta(hours=2), one_hour) if a.kind == "thank_you")
    assert "more than 1 hour since you talked" in late.reason
