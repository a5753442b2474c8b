"""Career conversations and reporting kept apart: conflict warnings and the ground-rules reminder."""

from __future__ import annotations

import pytest

from coffeechat.core.reporting_ethics import (
    conflict_kinds,
    conflict_warnings,
    ground_rules_reminder,
    is_reporting_goal,
)

REPORTER = ["newsroom_politics"]


@pytest.mark.parametrize(
    ("activity", "kind"),
    [
        ("Canvassed in Ward 4 on Saturday", "campaign"),
        ("Two evenings of phone banking", "campaign"),
        ("GOTV shift before the primary", "campaign"),
        ("Volunteer for a candidate for state senate", "campaign"),
        ("Summer intern on the Alvarez re-election campaign", "campaign"),
        ("Field organizer, Alvarez for Senate", "campaign"),
        ("Fundraising for the county Democratic committee", "money"),
        ("Donated $25 to a congressional candidate", "money"),
        ("Research assistant at a super PAC", "pac"),
        ("Elected precinct captain", "party"),
        ("Treasurer of the College Republicans", "party"),
        ("Joined the Green Party", "party"),
        ("Put a yard sign out for the mayor", "support"),
        ("Attended a rally downtown for the governor", "support"),
    ],
)
def test_partisan_activity_is_recognised(activity: str, kind: str) -> None:
    assert kind in conflict_kinds(activity)
    warnings = conflict_warnings(REPORTER, activity)
    assert warnings
    assert "journalism ethics codes" in warnings[0]


@pytest.mark.parametrize(
    "activity",
    [
        "Covered the Alvarez campaign for the student paper",
        "Interviewed campaign volunteers for a story on turnout",
        "Worked on the library's fundraising campaign",
        "Ran an email campaign for the alumni office",
        "Birthday party for my roommate",
        "Shadowed the metro desk for a day",
        "Applied for congress internships",
        "",
    ],
)
def test_coverage_and_non_political_activity_raise_nothing(activity: str) -> None:
    assert conflict_warnings(REPORTER, activity) == []


def test_strong_signals_count_even_in_a_sentence_about_coverage() -> None:
    # writing a story does not cancel a donation made on the side
    assert conflict_kinds("Wrote a story on turnout; also donated to the Alvarez campaign") == [
        "campaign",
        "money",
    ]


def test_no_warning_when_no_goal_is_about_reporting() -> None:
    assert conflict_warnings(["public_policy", "tech"], "Canvassed for the Alvarez campaign") == []
    assert conflict_warnings([], "Canvassed for the Alvarez campaign") == []


def test_goal_titles_about_reporting_count_too() -> None:
    assert is_reporting_goal(["", "Political reporting at a national outlet"])
    assert is_reporting_goal(["data journalism"])
    assert not is_reporting_goal(["finance", "nonprofit"])


def test_one_summary_then_one_piece_of_advice_per_kind() -> None:
    warnings = conflict_warnings(REPORTER, "Canvassed and gave money to the Alvarez campaign; joined a PAC")
    assert len(warnings) == 4  # summary + campaign + money + pac
    assert (
        "campaign work, political fundraising or donations and work or money for a political action"
        in (warnings[0])
    )
    assert "public records" in warnings[2]
    # Two kinds of campaign work are still one kind: the summary and one piece of advice, as for one of them.
    twice = conflict_warnings(REPORTER, "Canvassed twice, phone banked once")
    assert len(twice) == 2 and twice == conflict_warnings(REPORTER, "Canvassed")


def test_ground_rules_cover_every_attribution_term_and_come_before_questions() -> None:
    text = ground_rules_reminder()
    for term in ("On the record", "On background", "Off the record"):
        assert term in text
    assert "Before your first question" in text
    assert "separate conversation" in text
