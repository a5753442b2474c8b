"""What a message read from mail is taken for: every rule of core/mail_log.py, and the thread it belongs to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coffeechat.core.mail_log import (
    ADDENDUM,
    KINDS,
    PersonState,
    allowed_kinds,
    classify,
    thread_root,
)

AT = datetime(2026, 11, 12, 15, 0, tzinfo=UTC)
LONG_AGO = AT - timedelta(days=10)


def kind(direction, *, thread=False, **state):
    return classify(direction, AT, earlier_in_thread=thread, state=PersonState(**state)).kind


def test_a_first_message_to_someone_is_a_request() -> None:
    assert kind("sent") == "request"


def test_a_later_message_in_a_thread_with_them_is_not_a_new_request() -> None:
    # They wrote first (an introduction answered), or you already wrote and they answered.
    assert kind("sent", thread=True) == "other"


@pytest.mark.parametrize("state", [{"talked_before": True}, {"answered_before": True}])
def test_a_new_thread_with_someone_already_in_touch_is_not_a_request(state) -> None:
    assert kind("sent", **state) == "other"


def test_old_mail_read_late_never_starts_a_clock_behind_the_record() -> None:
    decision = classify("sent", AT, earlier_in_thread=False, state=PersonState(later_on_record=True))
    assert decision.kind == "other"
    assert "older than" in decision.reason


@pytest.mark.parametrize("thread", [True, False])
def test_a_message_while_the_request_waits_is_the_follow_up(thread) -> None:
    assert kind("sent", thread=thread, waiting_since=LONG_AGO) == "follow_up"


def test_a_message_right_after_the_request_is_an_addendum_not_the_follow_up() -> None:
    assert kind("sent", thread=True, waiting_since=AT - ADDENDUM + timedelta(minutes=1)) == "other"
    assert kind("sent", thread=True, waiting_since=AT - ADDENDUM) == "follow_up"


@pytest.mark.parametrize("thread", [True, False])
@pytest.mark.parametrize("waiting_since", [None, LONG_AGO, AT])
def test_after_a_held_conversation_your_next_message_is_the_thank_you(thread, waiting_since) -> None:
    # Whatever else is true: in its thread or a new one, with a request waiting or not, however late.
    state = {"thank_you_due": True, "talked_before": True, "waiting_since": waiting_since, "later_on_record": True}
    assert kind("sent", thread=thread, **state) == "thank_you"


@pytest.mark.parametrize("thread", [True, False])
def test_their_first_message_after_your_request_is_the_reply(thread) -> None:
    assert kind("received", thread=thread, waiting_since=LONG_AGO) == "reply"
    assert kind("received", thread=thread, waiting_since=AT) == "reply"  # the same minute


@pytest.mark.parametrize("thread", [True, False])
@pytest.mark.parametrize("state", [{}, {"answered_before": True}, {"talked_before": True, "thank_you_due": True},
                                   {"later_on_record": True}])
def test_any_other_message_from_them_is_other(thread, state) -> None:
    # A later message in the thread, a message with nothing waiting, one after a meeting: never a reply.
    assert kind("received", thread=thread, **state) == "other"


def test_every_combination_gives_a_kind_the_direction_allows() -> None:
    seen = set()
    for direction in ("sent", "received"):
        for thread in (True, False):
            for due in (True, False):
                for waiting in (None, LONG_AGO, AT):
                    for talked in (True, False):
                        for answered in (True, False):
                            for later in (True, False):
                                state = PersonState(due, waiting, talked, answered, later)
                                decision = classify(direction, AT, earlier_in_thread=thread, state=state)
                                assert decision.kind in allowed_kinds(direction)
                                assert decision.reason
                                seen.add(decision.kind)
    assert seen == set(KINDS)


def test_the_kinds_each_direction_allows() -> None:
    assert allowed_kinds("received") == {"reply", "other"}
    assert allowed_kinds("sent") == {"request", "follow_up", "thank_you", "other"}


def test_a_thread_begins_with_its_oldest_reference() -> None:
    assert thread_root("c@x", "b@x", ("a@x", "b@x"), {}) == "a@x"


def test_without_references_the_parent_is_the_root() -> None:
    assert thread_root("c@x", "b@x", (), {}) == "b@x"


def test_a_message_with_no_parent_begins_its_own_thread() -> None:
    assert thread_root("c@x", "", (), {}) == "c@x"


def test_a_recorded_parent_gives_its_own_root() -> None:
    # The parent was recorded in a thread that began earlier than this message's (cut) references say.
    assert thread_root("d@x", "c@x", ("b@x", "c@x"), {"c@x": "a@x"}) == "a@x"
    # The nearest recorded parent wins over an older one.
    assert thread_root("d@x", "", ("b@x", "c@x"), {"b@x": "old@x", "c@x": "a@x"}) == "a@x"
    # An unrelated recorded message is not a parent.
    assert thread_root("d@x", "c@x", (), {"z@x": "z@x"}) == "c@x"
