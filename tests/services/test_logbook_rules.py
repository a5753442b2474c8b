"""Dates that cannot be right are refused with a reason; a move keeps its length; confirm and thank-you
timing as the user meets it through the agenda (docs/practice.md §4.4, §4.5, §4.7)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from coffeechat.models import Conversation, Message
from coffeechat.services.agenda import SnoozeError, agenda, snooze
from coffeechat.services.logbook import RefusedDate, log_held, log_meeting, log_reply, log_sent
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from coffeechat.services.scheduling import schedule

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def dana(owner):
    set_setting(owner, "timezone", "UTC")
    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))


@time_machine.travel(NOW, tick=False)
def test_a_reply_before_its_request_is_refused_with_the_dates(owner, dana) -> None:
    log_sent(owner, dana, at=NOW - timedelta(days=2))
    with pytest.raises(RefusedDate) as refused:
        log_reply(owner, dana, at=NOW - timedelta(days=3))
    assert str(refused.value) == (
        "a reply cannot come before its request: your request to Dana Reyes was sent on Mon 30 Nov 2026 15:00, "
        "after the reply time Sun 29 Nov 2026 15:00"
    )
    assert Message.objects.get().replied_at is None
    assert log_reply(owner, dana, at=NOW - timedelta(days=1)).replied_at == NOW - timedelta(days=1)


@time_machine.travel(NOW, tick=False)
def test_a_held_conversation_cannot_be_in_the_future(owner, dana) -> None:
    with pytest.raises(RefusedDate, match="still in the future"):
        log_held(owner, dana, at=NOW + timedelta(minutes=1))
    log_meeting(owner, dana, at=NOW + timedelta(days=1), minutes=30)
    with pytest.raises(RefusedDate, match="is set for Thu 03 Dec 2026 15:00"):
        log_held(owner, dana)
    assert Conversation.objects.get().state == "scheduled"


def test_a_held_conversation_once_it_has_started_is_logged(owner, dana) -> None:
    with time_machine.travel(NOW, tick=False):
        log_meeting(owner, dana, at=NOW + timedelta(hours=1))
    with time_machine.travel(NOW + timedelta(hours=1, minutes=5), tick=False):
        held = log_held(owner, dana)
    assert held.state == "held"


@time_machine.travel(NOW, tick=False)
def test_one_follow_up_and_never_a_second(owner, dana) -> None:
    log_sent(owner, dana, at=NOW - timedelta(days=20))
    log_sent(owner, dana, at=NOW - timedelta(days=10), kind="follow_up")
    with pytest.raises(RefusedDate, match=r"already went out on Sun 22 Nov 2026; the rule is one follow-up and never"):
        log_sent(owner, dana, kind="follow_up")
    assert Message.objects.filter(kind="follow_up").count() == 1
    # A new request starts a new clock, with its own one follow-up.
    log_sent(owner, dana, at=NOW - timedelta(days=1))
    log_sent(owner, dana, kind="follow_up")
    assert Message.objects.filter(kind="follow_up").count() == 2


@time_machine.travel(NOW, tick=False)
def test_moving_a_conversation_keeps_its_length_unless_a_new_one_is_given(owner, dana) -> None:
    first = schedule(owner, dana, "2026-12-10 14:00", tz="UTC", minutes=45)
    assert first.conversation.minutes == 45
    moved = schedule(owner, dana, "2026-12-11 14:00", tz="UTC")
    assert moved.moved and moved.conversation.minutes == 45 and moved.meeting.minutes == 45
    assert moved.meeting.end - moved.meeting.start == timedelta(minutes=45)
    again = log_meeting(owner, dana, at=NOW + timedelta(days=12))
    assert again.minutes == 45
    shorter = schedule(owner, dana, "2026-12-14 14:00", tz="UTC", minutes=30)
    assert shorter.conversation.minutes == 30


@time_machine.travel(NOW, tick=False)
def test_a_new_conversation_takes_the_length_setting(owner, dana) -> None:
    set_setting(owner, "meeting_minutes", "25")
    assert log_meeting(owner, dana, at=NOW + timedelta(days=3)).minutes == 25


@time_machine.travel(NOW, tick=False)
def test_snooze_to_a_day_already_past_is_refused(owner, dana) -> None:
    log_sent(owner, dana, at=NOW - timedelta(days=30))
    key = agenda(owner).actions[0].key
    with pytest.raises(SnoozeError, match="cannot snooze until Tue 01 Dec 2026: that day has passed"):
        snooze(owner, key, date(2026, 12, 1))
    snooze(owner, key, date(2026, 12, 2))  # today is fine: it shows again today
    snooze(owner, key, date(2026, 12, 9))
    assert key not in {a.key for a in agenda(owner).actions}


def test_a_conversation_agreed_30_hours_ahead_is_due_now_not_overdue(owner, dana) -> None:
    with time_machine.travel(NOW, tick=False):
        log_meeting(owner, dana, at=NOW + timedelta(hours=30))
        confirm = next(a for a in agenda(owner).actions if a.kind == "confirm")
        assert (confirm.due, confirm.overdue) == (date(2026, 12, 2), False)
    # Seven hours later fewer than 24 hours remain: overdue now, still dated the day it was agreed.
    with time_machine.travel(NOW + timedelta(hours=7), tick=False):
        confirm = next(a for a in agenda(owner).actions if a.kind == "confirm")
        assert (confirm.due, confirm.overdue) == (date(2026, 12, 2), True)


def test_a_thank_you_30_hours_after_is_late_not_yet_overdue(owner, dana) -> None:
    with time_machine.travel(NOW - timedelta(hours=31), tick=False):
        log_meeting(owner, dana, at=NOW - timedelta(hours=31), minutes=60)
        log_held(owner, dana)
    with time_machine.travel(NOW, tick=False):
        thank = next(a for a in agenda(owner).actions if a.kind == "thank_you")
    assert (thank.late, thank.overdue) == (True, False)
    assert "it is late" in thank.reason
