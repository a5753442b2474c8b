"""The request-message checker in both modes, with the acceptance drafts of docs/practice.md §4.3."""

from __future__ import annotations

import pytest

from acceptance_drafts import LONG_DRAFT, REWRITE
from coffeechat.core.message_rules import (
    MessageContext,
    RuleResult,
    all_passed,
    check_message,
)
from coffeechat.core.message_text import count_words

DANA = MessageContext(
    connection="Northwestern",
    recipient_first_name="Dana",
    recipient_organisation="the Tribune",
    goal_narrow="data journalism",
    goal_broad="local news",
)




def _by_id(results: list[RuleResult]) -> dict[str, RuleResult]:
    return {result.rule_id: result for result in results}


def _failed(results: list[RuleResult]) -> set[str]:
    return {result.rule_id for result in results if not result.passed}


def test_the_drafts_have_the_lengths_the_acceptance_test_names() -> None:
    assert count_words(LONG_DRAFT) == 96
    assert count_words(REWRITE) == 68


def test_long_draft_fails_exactly_length_job_connection_and_question() -> None:
    results = check_message(LONG_DRAFT, "6point", DANA)
    assert _failed(results) == {"length", "insight_not_jobs", "connection_first", "question"}
    assert [r.rule_id for r in results] == [
        "length",
        "insight_not_jobs",
        "connection_first",
        "question",
        "narrow_and_broad",
        "about_recipient",
        "no_attachment",
    ]
    reasons = _by_id(results)
    assert "96 words" in reasons["length"].reason
    assert '"job"' in reasons["insight_not_jobs"].reason
    assert "sentence 5" in reasons["connection_first"].reason


def test_rewrite_passes_every_six_point_rule() -> None:
    results = check_message(REWRITE, "6point", DANA)
    assert all_passed(results), [r for r in results if not r.passed]
    assert len(results) == 7


def test_every_result_has_a_label_and_a_reason() -> None:
    for mode in ("5point", "6point"):
        for result in check_message(LONG_DRAFT, mode, DANA):  # type: ignore[arg-type]
            assert result.label and result.reason


def _words(n: int) -> str:
    return " ".join(["word"] * n)


@pytest.mark.parametrize(
    ("mode", "words", "passed"),
    [("6point", 74, True), ("6point", 75, False), ("5point", 99, True), ("5point", 100, False)],
)
def test_length_limit_is_strictly_under(mode: str, words: int, passed: bool) -> None:
    length = _by_id(check_message(_words(words), mode))["length"]  # type: ignore[arg-type]
    assert length.passed is passed


def test_word_limit_is_a_setting() -> None:
    assert _by_id(check_message(_words(80), "6point", word_limit=90))["length"].passed
    with pytest.raises(ValueError, match="word limit"):
        check_message("hi", "6point", word_limit=0)


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="5point, 6point"):
        check_message("hi", "7point")  # type: ignore[arg-type]


FIVE_POINT_GOOD = """Dear Mr. Okafor,

Your fellow Georgetown alumna here: Professor Lin suggested I write to you. I am exploring policy analysis \
and would value your perspective on how you moved from the Hill to the Brookings Institution. Would you have \
20 minutes for a call in the coming weeks? I'll follow up by phone next Thursday if that is easier.

Thank you,
Priya Natarajan"""


def test_five_point_good_message_passes_and_credits_the_sender_follow_up() -> None:
    results = check_message(FIVE_POINT_GOOD, "5point", MessageContext(connection="Georgetown"))
    assert all_passed(results), [r for r in results if not r.passed]
    assert "I'll follow up" in _by_id(results)["sender_keeps_control"].reason


@pytest.mark.parametrize(
    "handing_away",
    [
        "Let me know when you're free.",
        "Reply at your convenience.",
        "I look forward to hearing from you.",
        "Whenever works for you is fine with me.",
    ],
)
def test_five_point_fails_when_the_next_step_is_handed_away(handing_away: str) -> None:
    text = FIVE_POINT_GOOD.replace("I'll follow up by phone next Thursday if that is easier.", handing_away)
    results = check_message(text, "5point", MessageContext(connection="Georgetown"))
    assert _failed(results) == {"sender_keeps_control"}


def test_five_point_general_interest_fails_on_a_named_opening() -> None:
    text = FIVE_POINT_GOOD.replace("I am exploring policy analysis", "I saw the analyst position you posted")
    failed = _failed(check_message(text, "5point", MessageContext(connection="Georgetown")))
    assert {"general_interest", "no_jobs"} <= failed


def test_five_point_has_no_question_rule_but_six_point_does() -> None:
    five = {r.rule_id for r in check_message(FIVE_POINT_GOOD, "5point")}
    six = {r.rule_id for r in check_message(FIVE_POINT_GOOD, "6point")}
    assert "question" not in five and "question" in six
    assert "sender_keeps_control" in five and "sender_keeps_control" not in six


def test_connection_is_found_by_connection_words_without_context() -> None:
    assert _by_id(check_message(FIVE_POINT_GOOD, "5point"))["connection_first"].passed
    cold = "Hi Ana,\n\nYour reporting on water rights is superb. Would you share advice on it?"
    result = _by_id(check_message(cold, "6point"))["connection_first"]
    assert not result.passed and "No sign of a connection" in result.reason


def test_the_referrer_counts_as_the_connection() -> None:
    text = "Hi Jo,\n\nMarcus Webb suggested I reach out to you. Could you share your advice?"
    ctx = MessageContext(referrer_name="Marcus Webb")
    assert _by_id(check_message(text, "6point", ctx))["connection_first"].passed


def test_an_attached_resume_is_flagged_in_both_modes() -> None:
    with_resume = REWRITE.replace("Your advice would mean a great deal.", "My résumé is attached.")
    for mode in ("5point", "6point"):
        assert not _by_id(check_message(with_resume, mode, DANA))["no_attachment"].passed  # type: ignore[arg-type]
    attached = MessageContext(**{**DANA.__dict__, "has_attachment": True})
    assert not _by_id(check_message(REWRITE, "6point", attached))["no_attachment"].passed


def test_insight_rule_wants_an_advice_word() -> None:
    text = REWRITE.replace("insight", "time").replace("Your advice would mean", "It would mean")
    result = _by_id(check_message(text, "6point", DANA))["insight_not_jobs"]
    assert not result.passed and "insight" in result.reason


def test_narrow_and_broad_names_what_is_missing() -> None:
    text = REWRITE.replace("and, more broadly, where you see local news heading", "")
    result = _by_id(check_message(text, "6point", DANA))["narrow_and_broad"]
    assert not result.passed and "broad (local news)" in result.reason


def test_narrow_and_broad_without_context_looks_for_interest_and_widening_phrases() -> None:
    both = "I'm exploring investigative reporting and, more broadly, nonprofit newsrooms. Could you help?"
    only_narrow = "I'm exploring investigative reporting. Could you help?"
    assert _by_id(check_message(both, "6point"))["narrow_and_broad"].passed
    result = _by_id(check_message(only_narrow, "6point"))["narrow_and_broad"]
    assert not result.passed and "wider" in result.reason


def test_a_message_about_the_sender_fails_the_recipient_share() -> None:
    text = (
        "Hi Dana,\n\nI am a Northwestern senior and I love my data classes. I built my own scraper. "
        "Could you share your insight?"
    )
    result = _by_id(check_message(text, "6point", DANA))["about_recipient"]
    assert not result.passed and "about them" in result.reason
