"""The question plan: its size for the slot, its three phases, TIARA order, the referral, the goal's
questions first, answered questions ranked down, the user's own questions, and determinism."""

from __future__ import annotations

import pytest

from coffeechat.core.question_bank import TIARA, TIARA_STAGE, BankQuestion, load_bank
from coffeechat.core.question_plan import (
    FALLBACK_REFERRAL,
    Plan,
    phase_sizes,
    plan_questions,
    planned_count,
)

BANK = load_bank()
GOAL = (
    "Do local newsrooms hire data reporters straight out of school?",
    "How much do clips from a student paper count?",
)


def _stage_order(plan: Plan) -> list[int]:
    """The TIARA position of each bank question of the middle phase, in plan order."""
    return [TIARA.index(TIARA_STAGE[item.category]) for item in plan.in_phase("questions") if item.key]


@pytest.mark.parametrize(("minutes", "expected"), [(15, 6), (20, 8), (30, 12), (45, 18), (60, 24)])
def test_plan_size_follows_one_question_per_two_and_a_half_minutes(minutes: int, expected: int) -> None:
    plan = plan_questions(BANK, minutes, field="tech")
    assert plan.planned == expected
    assert len(plan.items) == expected


def test_twenty_minutes_gives_seven_to_ten_questions_with_any_pace_in_the_range() -> None:
    assert 7 <= planned_count(20, 3.0) <= planned_count(20, 2.0) <= 10


def test_formula_rounds_half_up_and_never_plans_fewer_than_three() -> None:
    assert planned_count(25) == 10  # 10.0 exactly
    assert planned_count(16) == 6  # 6.4
    assert planned_count(17) == 7  # 6.8
    assert planned_count(5, 2) == 3  # 2.5 rounds up, not to even
    assert planned_count(1) == 3
    assert planned_count(30, minutes_per_question=3) == 10


@pytest.mark.parametrize("bad", [0, -5])
def test_formula_refuses_an_empty_slot(bad: int) -> None:
    with pytest.raises(ValueError):
        planned_count(bad)
    with pytest.raises(ValueError):
        planned_count(20, minutes_per_question=bad)


def test_phase_sizes_grow_the_ends_only_for_long_plans() -> None:
    assert phase_sizes(8) == (1, 6, 1)
    assert phase_sizes(19) == (1, 17, 1)
    assert phase_sizes(20) == (2, 16, 2)
    assert phase_sizes(3) == (1, 1, 1)


@pytest.mark.parametrize("minutes", [5, 15, 20, 30, 45, 60])
def test_phases_come_in_order_small_talk_questions_next_steps(minutes: int) -> None:
    plan = plan_questions(BANK, minutes, field="newsroom_politics", goal_open_questions=GOAL)
    phases = [item.phase for item in plan.items]
    assert phases == sorted(phases, key=["small_talk", "questions", "next_steps"].index)
    assert plan.items[0].category == "small_talk"
    assert plan.items[-1].category == "closing"


@pytest.mark.parametrize("minutes", [15, 20, 30, 60])
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_middle_phase_follows_tiara_order(minutes: int, seed: int) -> None:
    plan = plan_questions(BANK, minutes, field="public_policy", seed=seed)
    order = _stage_order(plan)
    assert order == sorted(order)


def test_a_thirty_minute_plan_touches_every_tiara_stage() -> None:
    plan = plan_questions(BANK, 30, field="finance")
    assert sorted(set(_stage_order(plan))) == list(range(len(TIARA)))


@pytest.mark.parametrize("minutes", [1, 15, 20, 30, 60])
@pytest.mark.parametrize("field", [None, "newsroom_politics", "tech"])
def test_exactly_one_referral_question_in_every_plan(minutes: int, field: str | None) -> None:
    plan = plan_questions(BANK, minutes, field=field, goal_open_questions=GOAL * 5)
    referrals = [item for item in plan.items if item.key and "referral" in _tags(item.key)]
    assert len(referrals) == 1
    assert referrals[0].phase == "questions"


def test_referral_survives_when_every_variant_is_hidden() -> None:
    referral_keys = [q.key for q in BANK if q.is_referral]
    plan = plan_questions(BANK, 20, hidden_keys=referral_keys)
    assert sum(1 for item in plan.items if item.key in referral_keys) == 1
    # and with a bank that has no referral question at all, a fixed wording stands in
    bare = [q for q in BANK if not q.is_referral]
    plan = plan_questions(bare, 20)
    assert [item.text for item in plan.items if item.text == FALLBACK_REFERRAL] == [FALLBACK_REFERRAL]


def test_referral_prefers_the_users_own_wording() -> None:
    mine = BankQuestion(
        "user-7", "Who should I meet next, and can I say you sent me?", "resources", tags=("referral",)
    )
    plan = plan_questions(BANK, 20, extra=[mine])
    assert "user-7" in plan.keys
    assert sum(1 for q in BANK if q.key in plan.keys and q.is_referral) == 0


def test_goal_questions_open_the_middle_phase_in_the_users_order() -> None:
    plan = plan_questions(BANK, 20, field="newsroom_politics", goal_open_questions=GOAL)
    middle = plan.in_phase("questions")
    assert [item.text for item in middle[:2]] == list(GOAL)
    assert all(item.key is None and item.category == "goal" for item in middle[:2])
    assert all(item.key is not None for item in middle[2:])
    assert len(plan.items) == 8


def test_goal_questions_are_cleaned_of_blanks_and_repeats() -> None:
    plan = plan_questions(BANK, 20, goal_open_questions=["  ", GOAL[0], GOAL[0].upper(), f" {GOAL[1]}  "])
    assert [item.text for item in plan.in_phase("questions") if item.key is None] == list(GOAL)


def test_too_many_goal_questions_leave_room_for_the_referral_and_report_the_rest() -> None:
    many = [f"Open question number {n}?" for n in range(10)]
    plan = plan_questions(BANK, 15, goal_open_questions=many)  # 6 planned: 1 + 4 middle + 1
    middle = plan.in_phase("questions")
    assert [item.text for item in middle[:3]] == many[:3]
    assert middle[3].key is not None and _is_referral(middle[3].key)
    assert plan.left_out == tuple(many[3:])


def test_questions_answered_well_elsewhere_are_ranked_down() -> None:
    first = plan_questions(BANK, 20, field="tech", seed=4)
    answered = {key: 2 for key in first.keys}
    second = plan_questions(BANK, 20, field="tech", seed=4, answered_elsewhere=answered)
    repeated = set(first.keys) & set(second.keys)
    # only the referral may come back: its variants are few and one is always asked
    assert all(_is_referral(key) for key in repeated)
    assert len(second.items) == len(first.items)


def test_an_answered_question_returns_when_nothing_fresher_is_left() -> None:
    small = [
        BankQuestion("t-1", "Where is it going?", "trends"),
        BankQuestion("t-2", "What is changing?", "trends"),
        BankQuestion("r-1", "Who else, and may I mention you?", "resources", tags=("referral",)),
    ]
    plan = plan_questions(small, 10, answered_elsewhere={"t-1": 3})  # 4 planned, 2 middle slots
    assert [item.key for item in plan.in_phase("questions")] == ["t-2", "r-1"]
    plan = plan_questions(small, 15, answered_elsewhere={"t-1": 3})
    keys = [item.key for item in plan.in_phase("questions")]
    assert keys[:2] == ["t-2", "t-1"]
    assert "Answered well in 3 earlier conversations" in plan.in_phase("questions")[1].reason


def test_field_pack_questions_are_mixed_in_only_for_that_field() -> None:
    plan = plan_questions(BANK, 30, field="newsroom_politics")
    fields = {_field(key) for key in plan.keys}
    assert "newsroom_politics" in fields and None in fields
    assert fields <= {"newsroom_politics", None}
    general_plan = plan_questions(BANK, 60, field=None)
    assert {_field(key) for key in general_plan.keys} == {None}


def test_the_same_inputs_give_the_same_plan_and_seeds_vary_it() -> None:
    args = {"field": "nonprofit", "goal_open_questions": GOAL, "answered_elsewhere": {"trends-001": 1}}
    assert plan_questions(BANK, 30, seed=11, **args) == plan_questions(BANK, 30, seed=11, **args)
    plans = {plan_questions(BANK, 30, seed=seed, **args).keys for seed in range(6)}
    assert len(plans) > 1


def test_adding_a_question_does_not_reshuffle_the_rest() -> None:
    before = plan_questions(BANK, 30, seed=2)
    extra = BankQuestion("user-1", "What would you never do again?", "insights")
    after = plan_questions(BANK, 30, seed=2, extra=[extra])
    assert "user-1" in after.keys  # the user's own question comes before the bank's
    assert len(set(before.keys) - set(after.keys)) == 1


def test_hidden_and_excluded_questions_stay_out() -> None:
    first = plan_questions(BANK, 30, field="tech")
    drop = [key for key in first.keys if not _is_referral(key)]
    hidden, excluded = drop[: len(drop) // 2], drop[len(drop) // 2 :]
    second = plan_questions(BANK, 30, field="tech", hidden_keys=hidden, excluded_keys=excluded)
    assert not set(drop) & set(second.keys)
    assert len(second.items) == len(first.items)


def test_a_user_question_with_a_bank_key_replaces_the_bank_wording() -> None:
    plain = plan_questions(BANK, 20, seed=5)
    target = next(item for item in plain.items if item.category == "small_talk")
    reworded = BankQuestion(target.key or "", "How has your week been?", "small_talk")
    plan = plan_questions(BANK, 20, seed=5, extra=[reworded])
    assert plan.items[0].text == "How has your week been?"


def test_situational_questions_need_the_situation() -> None:
    alumni = [q.key for q in BANK if "alumni" in q.tags]
    assert alumni
    for seed in range(10):
        assert not set(alumni) & set(plan_questions(BANK, 60, seed=seed).keys)
    only_alumni_small_talk = [q for q in BANK if q.category != "small_talk" or "alumni" in q.tags]
    plan = plan_questions(only_alumni_small_talk, 20, situation={"alumni"})
    assert plan.items[0].key in alumni


def test_every_item_says_why_it_is_there() -> None:
    plan = plan_questions(BANK, 45, field="finance", goal_open_questions=GOAL, extra=[])
    assert all(item.reason for item in plan.items)
    assert any("finance pack" in item.reason for item in plan.items)


def test_a_tiny_bank_gives_a_short_plan_rather_than_failing() -> None:
    plan = plan_questions([], 30)
    assert plan.planned == 12
    assert [item.text for item in plan.items] == [FALLBACK_REFERRAL]


def _tags(key: str) -> tuple[str, ...]:
    return next(q.tags for q in BANK if q.key == key)


def _is_referral(key: str) -> bool:
    return "referral" in _tags(key)


def _field(key: str) -> str | None:
    return next(q.field for q in BANK if q.key == key)
