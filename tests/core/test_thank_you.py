"""Thank-you, report-back and good-news drafts, and the thank-you clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from coffeechat.core.thank_you import (
    SPECIFIC_PLACEHOLDER,
    CapturedReferral,
    ThankYouContext,
    draft_thank_you,
    spoken_date,
    thank_you_due,
    thank_you_state,
)

HELD = datetime(2025, 10, 14, 15, 20, tzinfo=UTC)
FULL = ThankYouContext(
    user_name="Sam Rivera",
    recipient_first_name="Dana",
    organisation="the Tribune",
    conversation_date=date(2025, 10, 14),
    goal="data journalism at a metro paper",
    insights=("most new data reporters start on the metro desk", "Editors read the first two clips only."),
    advice=("build a small portfolio of records-based stories",),
    referrals=(CapturedReferral("Luis Ortega", contacted=True), CapturedReferral("Ada Kim")),
    commitments=("File a records request with the city this week",),
)


def test_thank_you_names_every_captured_specific() -> None:
    body = draft_thank_you(FULL).body
    assert "most new data reporters start on the metro desk" in body.lower()
    assert "Editors read the first two clips only." in body
    assert "build a small portfolio of records-based stories" in body
    assert "Tuesday, 14 October, about data journalism at a metro paper" in body
    assert "the Tribune" in body
    assert SPECIFIC_PLACEHOLDER not in body


def test_thank_you_says_how_the_advice_will_be_used() -> None:
    body = draft_thank_you(FULL).body
    assert "I will file a records request with the city this week." in body
    advice_only = ThankYouContext("Sam", "Dana", advice=("Learn SQL before applying.",))
    assert "I'll put it into practice" in draft_thank_you(advice_only).body
    promise_only = ThankYouContext("Sam", "Dana", commitments=("I'll send you my clips",))
    assert "As a next step, I'll send you my clips." in draft_thank_you(promise_only).body


def test_referrals_followed_up_and_still_to_do_are_told_apart() -> None:
    body = draft_thank_you(FULL).body
    assert "suggesting I speak with Luis Ortega and Ada Kim" in body
    assert "already written to Luis Ortega" in body
    assert "reach out to Ada Kim this week" in body
    no_referral = draft_thank_you(ThankYouContext("Sam", "Dana", insights=("x",))).body
    assert "suggesting I speak with" not in no_referral


def test_resume_sentence_only_when_the_field_expects_one() -> None:
    without = draft_thank_you(FULL).body
    with_resume = draft_thank_you(
        ThankYouContext(**{**FULL.__dict__, "include_resume": True})  # Capitol Hill goal
    ).body
    assert "résumé" not in without
    assert "attached my résumé" in with_resume
    assert (
        with_resume.replace("I've attached my résumé in case it is useful to have on hand. ", "") == without
    )


def test_nothing_captured_leaves_a_visible_placeholder_to_fill_in() -> None:
    draft = draft_thank_you(ThankYouContext("Sam Rivera", "Dana"))
    assert SPECIFIC_PLACEHOLDER in draft.body
    assert draft.subject == "Thank you, Dana"
    assert draft.body.startswith("Hi Dana,\n\n")
    assert draft.body.endswith("Best,\nSam Rivera")


def test_long_lists_are_cut_to_two_items_each() -> None:
    ctx = ThankYouContext("Sam", "Dana", insights=("one", "two", "three"), advice=("a1", "a2", "a3"))
    body = draft_thank_you(ctx).body
    assert "Two." in body and "three" not in body.lower()
    assert "A2." in body and "a3" not in body.lower()


def test_drafts_are_deterministic() -> None:
    # an equal context built anew gives the very same letter (nothing random, no clock)
    again = draft_thank_you(replace(FULL))
    assert again.body == draft_thank_you(FULL).body and again.subject == f"Thank you, {FULL.recipient_first_name}"


def test_commitments_read_as_what_the_user_will_do() -> None:
    ctx = ThankYouContext(
        "Sam", "Dana", commitments=("Ask NICAR about its data bootcamp", "I'm going to pitch Luis")
    )
    body = draft_thank_you(ctx).body
    assert "I will ask NICAR about its data bootcamp and I'm going to pitch Luis." in body
    acronym_first = ThankYouContext("Sam", "Dana", commitments=("SQL practice every morning",))
    assert "I will SQL practice every morning." in draft_thank_you(acronym_first).body


def test_thank_you_is_due_24_hours_after_the_conversation() -> None:
    assert thank_you_due(HELD) == HELD + timedelta(hours=24)
    assert thank_you_due(HELD, hours=48) == HELD + timedelta(hours=48)


@pytest.mark.parametrize(
    ("hours_later", "state"),
    [(1, "due"), (24, "due"), (25, "late"), (72, "late"), (73, "very_late")],
)
def test_thank_you_state_over_time(hours_later: int, state: str) -> None:
    assert thank_you_state(HELD, HELD + timedelta(hours=hours_later)) == state


def test_a_sent_thank_you_is_never_late() -> None:
    now = HELD + timedelta(days=10)
    assert thank_you_state(HELD, now, thanked_at=HELD + timedelta(days=5)) == "sent"


def test_spoken_date_does_not_depend_on_the_locale() -> None:
    assert spoken_date(date(2026, 1, 5)) == "Monday, 5 January"
