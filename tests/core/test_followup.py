"""The whole "what's next" list: order, done and snoozed actions, the horizon, and speed."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.followup import KINDS, DueAction, apply_states, due_actions, urgency
from coffeechat.core.practice import (
    ConversationFact,
    MessageFact,
    OrganizationFact,
    PersonFact,
    Practice,
    ReferralFact,
    RuleSettings,
    TaskFact,
)

NY = ZoneInfo("America/New_York")
US = RuleSettings(country="US", timezone="America/New_York", target_role="policy analyst")


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


def person(
    id: int,
    name: str,
    org: int,
    title: str = "Analyst",
    stage: str = "new",
    last_touch_at: datetime | None = None,
) -> PersonFact:
    return PersonFact(id, name, org, "", title, "cold", stage, None, last_touch_at=last_touch_at)


# A lived-in practice on Wednesday 2 December 2026.
NOW = at(12, 2, 9)
PRACTICE = Practice(
    people=(
        person(1, "Ana Diaz", 1, stage="contacted"),
        person(2, "Bo Lee", 1, "Senior Policy Analyst"),
        person(3, "Cy Park", 2, stage="met"),
        person(4, "Dana Ruiz", 3),
        person(5, "Eve Stone", 2, stage="mentor", last_touch_at=at(8, 1)),
    ),
    organizations=(
        OrganizationFact(1, "Acme Institute"),
        OrganizationFact(2, "Globex News"),
        OrganizationFact(3, "Initech"),
    ),
    messages=(MessageFact(10, 1, 1, "request", at(11, 20), None),),
    conversations=(
        ConversationFact(20, 3, 2, "scheduled", at(12, 4, 9), 20, False, False, None),
        ConversationFact(21, 3, 2, "held", at(11, 27, 12), 30, True, True, None),
    ),
    referrals=(ReferralFact(30, 3, 4, at(11, 27, 13), None, None),),
    tasks=(
        TaskFact(40, "Send Cy the paper", date(2026, 12, 1), 3, False),
        TaskFact(41, "Update CV", None, None, False),
    ),
)


def test_a_lived_in_practice_lists_every_kind_of_rule() -> None:
    actions = due_actions(PRACTICE, NOW, US)
    assert [(a.kind, a.key) for a in actions] == [
        # Overdue first, earliest due first: Eve, a mentor last seen 1 August (90 days: 30 October)...
        ("keep_in_touch", "keep_in_touch:person:5@2026-10-30"),
        # ...the 3rd business day after Ana's request of Friday 20 November...
        ("next_contact", "next_contact:message:10"),
        # ...the thank-you for Friday 27 November (due the 28th, 72 hours passed on the 30th)...
        ("thank_you", "thank_you:conversation:21"),
        ("task", "task:task:40"),
        # Then today's, in kind order: confirm (meeting on Friday), the 7th business day after Ana's
        # request (Thanksgiving skipped), the referral noted on the 27th, a task without a date. (Friday's
            # meeting is at 09:00, exactly 48 hours from now.)
        ("confirm", "confirm:conversation:20@2026-12-04"),
        ("follow_up", "follow_up:message:10"),
        ("referral", "referral:referral:30"),
        ("task", "task:task:41"),
    ]
    by_kind = {a.kind: a for a in actions}
    assert by_kind["next_contact"].suggested_person_id == 2
    assert {a.kind for a in actions} <= KINDS


def test_the_order_is_overdue_then_due_then_kind_then_key() -> None:
    def action(key: str, kind: str, due: date, overdue: bool) -> DueAction:
        return DueAction(key, kind, due, overdue, None, None, "", ("task", 1))

    shuffled = [
        action("b", "task", date(2026, 12, 2), False),
        action("a", "task", date(2026, 12, 2), False),
        action("z", "keep_in_touch", date(2026, 12, 2), False),
        action("c", "confirm", date(2026, 12, 2), False),
        action("y", "task", date(2026, 12, 1), False),  # a late thank-you is "not overdue" with an old date
        action("x", "task", date(2026, 11, 30), True),
        action("w", "keep_in_touch", date(2026, 11, 1), True),
    ]
    assert [a.key for a in sorted(shuffled, key=urgency)] == ["w", "x", "y", "c", "a", "b", "z"]


def test_keys_are_unique_and_stable_between_runs() -> None:
    first = due_actions(PRACTICE, NOW, US)
    assert len({a.key for a in first}) == len(first)
    assert due_actions(PRACTICE, NOW + timedelta(hours=1), US) == first


def test_apply_states_drops_done_and_hides_snoozed_until_their_date() -> None:
    actions = due_actions(PRACTICE, NOW, US)
    today = date(2026, 12, 2)
    kept = apply_states(
        actions,
        done_keys={"task:task:40", "not-a-key"},
        snoozed={
            "follow_up:message:10": date(2026, 12, 3),  # hidden until tomorrow
            "referral:referral:30": today,  # snoozed until today: back now
            "thank_you:conversation:21": date(2026, 12, 1),  # past snooze
        },
        today=today,
    )
    keys = [a.key for a in kept]
    assert "task:task:40" not in keys
    assert "follow_up:message:10" not in keys
    assert "referral:referral:30" in keys
    assert "thank_you:conversation:21" in keys
    assert keys == [a.key for a in actions if a.key in keys]  # the order is kept
    tomorrow = apply_states(actions, set(), {"follow_up:message:10": date(2026, 12, 3)}, date(2026, 12, 3))
    assert "follow_up:message:10" in [a.key for a in tomorrow]


def test_the_horizon_lists_what_comes_next_without_calling_it_late() -> None:
    ahead = {a.key: a for a in due_actions(PRACTICE, NOW, US, horizon_days=2)}
    prepare = ahead["prepare:conversation:20@2026-12-04"]
    assert (prepare.due, prepare.overdue) == (date(2026, 12, 3), False)
    assert "prepare:conversation:20@2026-12-04" not in {a.key for a in due_actions(PRACTICE, NOW, US)}


def test_now_must_know_its_time_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_actions(PRACTICE, datetime(2026, 12, 2, 9), US)
    with pytest.raises(ValueError, match="horizon"):
        due_actions(PRACTICE, NOW, US, horizon_days=-1)


def test_settings_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="follow_up_business_days"):
        RuleSettings(follow_up_business_days=-1)
    with pytest.raises(ValueError, match="thank_you_overdue_hours"):
        RuleSettings(thank_you_due_hours=48, thank_you_overdue_hours=24)


def test_an_unknown_country_is_reported_by_name() -> None:
    with pytest.raises(ValueError, match="'XX'"):
        due_actions(PRACTICE, NOW, replace(US, country="XX"))


def test_an_empty_practice_has_nothing_to_do() -> None:
    assert due_actions(Practice(), NOW, US) == []


def test_lists_given_to_a_practice_are_kept_as_tuples() -> None:
    practice = Practice(people=[person(1, "Ana Diaz", 1)])  # type: ignore[arg-type]
    assert isinstance(practice.people, tuple)
    assert practice.people_at(1)[0].name == "Ana Diaz"
    assert practice.people_at(None) == ()
    assert practice.person(99) is None


def test_ten_thousand_people_are_all_considered() -> None:
    people, messages, conversations = [], [], []
    start = at(9, 1)
    for i in range(10_000):
        people.append(person(i, f"Person {i:05d}", i // 5, "Data Analyst" if i % 3 else "Manager"))
        if i % 2 == 0:
            replied = start + timedelta(days=i % 40 + 2) if i % 10 == 0 else None
            messages.append(MessageFact(i, i, i // 5, "request", start + timedelta(days=i % 90), replied))
        if i % 20 == 0:
            conversations.append(
                ConversationFact(i, i, i // 5, "held", start + timedelta(days=i % 80), 20, False, False, None)
            )
    practice = Practice(people=tuple(people), messages=tuple(messages), conversations=tuple(conversations))
    actions = due_actions(practice, NOW, US)
    assert len(actions) > 1000
    assert len({a.key for a in actions}) == len(actions)  # every action has its own key
