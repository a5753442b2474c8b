"""The built-in question bank: size, coverage, wording rules, validation and filters."""

from __future__ import annotations

from collections import Counter

import pytest

from coffeechat.core.question_bank import (
    CATEGORIES,
    FIELDS,
    TIARA,
    BankError,
    BankQuestion,
    load_bank,
    parse_bank,
    validate_bank,
)


def test_bank_has_at_least_180_questions() -> None:
    assert len(load_bank()) >= 180


def test_bank_is_read_once_and_cached() -> None:
    assert load_bank() is load_bank()


def test_every_category_is_populated() -> None:
    counts = Counter(question.category for question in load_bank())
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 5


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_pack_has_at_least_12_questions_across_tiara(field: str) -> None:
    pack = [question for question in load_bank() if question.field == field]
    assert len(pack) >= 12
    # a pack must be able to contribute to every stage of the middle phase
    assert {question.stage for question in pack} >= set(TIARA)


def test_keys_are_unique() -> None:
    keys = [question.key for question in load_bank()]
    assert len(keys) == len(set(keys))


def test_every_question_ends_with_a_question_mark() -> None:
    # Decision: small talk too is phrased as a question; statements belong in the introduction.
    assert [q.key for q in load_bank() if not q.text.endswith("?")] == []


def test_phases_follow_the_three_part_conversation() -> None:
    phases = {question.category: question.phase for question in load_bank()}
    assert phases["small_talk"] == "small_talk"
    assert phases["closing"] == "next_steps"
    assert {phases[category] for category in TIARA} == {"questions"}


def test_several_referral_variants_all_in_resources() -> None:
    referrals = [question for question in load_bank() if "referral" in question.tags]
    assert len(referrals) >= 3
    assert {question.category for question in referrals} == {"resources"}
    assert all(question.is_referral and question.field is None for question in referrals)


def test_no_question_is_repeated_word_for_word() -> None:
    texts = [question.text.casefold() for question in load_bank()]
    assert len(texts) == len(set(texts))


def test_validation_reports_every_problem() -> None:
    questions = [
        BankQuestion("trends-001", "Where is it heading?", "trends"),
        BankQuestion("trends-001", "Twice the same key?", "trends"),
        BankQuestion("gossip-001", "Who is leaving?", "gossip"),
        BankQuestion("tech-999", "Which stack?", "advice", field="crypto"),
        BankQuestion("advice-999", "Tell me about yourself.", "advice"),
        BankQuestion("Bad Key", "Is this fine?", "advice"),
    ]
    with pytest.raises(BankError) as caught:
        validate_bank(questions)
    problems = " | ".join(caught.value.problems)
    assert "trends-001: the key is used twice" in problems
    assert "unknown category 'gossip'" in problems
    assert "unknown field pack 'crypto'" in problems
    assert "advice-999: the text does not end with '?'" in problems
    assert "Bad Key: a key is lower-case" in problems
    assert len(caught.value.problems) == 5


def test_a_valid_bank_passes_validation() -> None:
    bank = load_bank()
    validate_bank(bank)  # raises BankError, listing every problem, if the shipped file breaks a rule
    with pytest.raises(BankError):
        validate_bank([*bank, bank[0]])  # and the same check refuses the bank with one question twice


def test_parse_bank_reads_toml_and_fills_the_phase() -> None:
    text = """
[[question]]
key = "mine-1"
category = "closing"
text = "  Anything else?  "
tags = ["short"]

[[question]]
key = "mine-2"
category = "advice"
field = "tech"
phase = "next_steps"
text = "What would you learn first?"
"""
    first, second = parse_bank(text)
    assert first == BankQuestion("mine-1", "Anything else?", "closing", "next_steps", None, ("short",))
    assert second.phase == "next_steps" and second.field == "tech"


def test_parse_bank_rejects_duplicate_keys_and_bad_toml() -> None:
    duplicate = '[[question]]\nkey="a"\ncategory="trends"\ntext="A?"\n' * 2
    with pytest.raises(BankError, match="used twice"):
        parse_bank(duplicate)
    with pytest.raises(BankError, match="not valid TOML"):
        parse_bank("[[question]\nkey=")
    with pytest.raises(BankError, match="unknown entries"):
        parse_bank('[[question]]\nkey="a"\ncategory="trends"\ntext="A?"\nlevel=3\n')


