"""Stages, cadence, the mentorship suggestion and who hears about a milestone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coffeechat.core.relationships import (
    ContactHistory,
    check_stage,
    parse_cadence,
    report_back_people,
    suggests_mentorship,
)

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def test_stages_are_checked() -> None:
    assert check_stage(" Mentor ") == "mentor"
    with pytest.raises(ValueError, match="new, contacted, met, ongoing, mentor"):
        check_stage("friend")


@pytest.mark.parametrize(("text", "days"), [("90", 90), ("120d", 120), ("none", None), ("", None), ("0", None),
                                            ("1", 1), ("730", 730)])
def test_cadence_in_days_or_none(text, days) -> None:
    assert parse_cadence(text) == days


@pytest.mark.parametrize("text", ["731", "-5", "often", "3 months"])
def test_cadence_refuses_the_unreadable(text) -> None:
    with pytest.raises(ValueError):
        parse_cadence(text)


def history(held: int = 2, replies: tuple[datetime, ...] = (NOW - timedelta(days=30),), **kw) -> ContactHistory:
    return ContactHistory(person_id=1, stage=kw.pop("stage", "ongoing"), held_conversations=held,
                          update_replies=replies, **kw)


def test_mentorship_after_two_conversations_and_a_recent_reply() -> None:
    assert suggests_mentorship(history(), NOW)


@pytest.mark.parametrize("case", [
    history(held=1),
    history(replies=()),
    history(replies=(NOW - timedelta(days=184),)),
    history(dismissed=True),
    history(stage="mentor"),
])
def test_no_mentorship_suggestion(case) -> None:
    assert not suggests_mentorship(case, NOW)


def test_a_reply_exactly_six_months_ago_still_counts() -> None:
    assert suggests_mentorship(history(replies=(NOW - timedelta(days=183),)), NOW)


def test_milestone_reaches_everyone_up_the_chain() -> None:
    parents = {3: [2], 2: [1], 5: [4, 2], 1: [3]}  # a cycle 1 -> 2 -> 3 -> 1 is harmless
    assert report_back_people([3], parents, helped=[9]) == [1, 2, 3]
    assert report_back_people([5], {5: [4, 2], 2: [1]}, helped=[]) == [1, 2, 4, 5]


def test_milestone_without_people_tells_everyone_who_helped() -> None:
    assert report_back_people([], {}, helped=[4, 2, 4]) == [2, 4]
