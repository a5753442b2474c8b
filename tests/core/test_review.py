"""The weekly review's one suggestion: each rule, and which one wins."""

from __future__ import annotations

from datetime import UTC, datetime

from coffeechat.core.practice import MessageFact, RuleSettings
from coffeechat.core.responsiveness import RequestOutcome
from coffeechat.core.review import (
    OrganisationRequests,
    ReviewFacts,
    cold_requests_by_organisation,
    suggestion,
    waited_out,
)

SILENT = OrganisationRequests("The Tribune", cold_sent=3, cold_replied=0, cold_waited_out=3)


def test_an_owed_thank_you_comes_first() -> None:
    said = suggestion(ReviewFacts(thank_yous_overdue=2, organisations=[SILENT]))
    assert said.rule == "thank_you_missing" and "2 conversations still wait" in said.text
    assert "1 conversation still waits" in suggestion(ReviewFacts(thank_yous_overdue=1)).text


def test_silent_organisation_points_to_the_next_one() -> None:
    said = suggestion(ReviewFacts(organisations=[SILENT], next_organisations=["the tribune", "Civic Data Lab"]))
    assert said.rule == "cold_org_silent"
    assert said.text == ("Every request to cold contacts at The Tribune went unanswered — try Civic Data Lab, "
                         "next on your list.")
    assert "the next organisation on your list" in suggestion(ReviewFacts(organisations=[SILENT])).text


def test_an_organisation_still_waiting_or_answered_is_not_silent() -> None:
    for org in (OrganisationRequests("A", 3, 0, 2), OrganisationRequests("B", 3, 1, 2), OrganisationRequests("C", 1, 0, 1)):
        assert suggestion(ReviewFacts(organisations=[org], requests_this_week=1)).rule != "cold_org_silent"


def test_warm_beats_cold_needs_enough_cold_requests() -> None:
    rates = {"cold": (10, 1), "alumni": (4, 2)}
    said = suggestion(ReviewFacts(replies_by_how_known=rates, requests_this_week=1))
    assert said.rule == "warm_beats_cold" and "50%" in said.text and "10%" in said.text
    few = {"cold": (4, 0), "alumni": (4, 2)}
    assert suggestion(ReviewFacts(replies_by_how_known=few, requests_this_week=1)).rule == "keep_going"
    close = {"cold": (10, 3), "alumni": (10, 5)}
    assert suggestion(ReviewFacts(replies_by_how_known=close, requests_this_week=1)).rule == "keep_going"


def test_no_requests_then_praise_then_keep_going() -> None:
    assert suggestion(ReviewFacts()).rule == "no_requests"
    assert suggestion(ReviewFacts(requests_this_week=2, thank_yous_on_time_this_week=1)).rule == "thank_yous_on_time"
    late = ReviewFacts(requests_this_week=1, thank_yous_on_time_this_week=1, thank_yous_late_this_week=1)
    said = suggestion(late)
    assert said.rule == "keep_going" and said.text.startswith("1 request and 0 conversations")


UTC_SETTINGS = RuleSettings(timezone="UTC")


def test_waited_out_after_the_follow_up_window() -> None:
    sent = datetime(2026, 11, 2, 10, tzinfo=UTC)  # Monday; +7 business days is Wednesday 11th
    assert not waited_out(sent, None, None, datetime(2026, 11, 11, 20, tzinfo=UTC), UTC_SETTINGS)
    assert waited_out(sent, None, None, datetime(2026, 11, 12, 9, tzinfo=UTC), UTC_SETTINGS)
    follow_up = datetime(2026, 11, 12, 9, tzinfo=UTC)  # the window restarts from the follow-up
    assert not waited_out(sent, None, follow_up, datetime(2026, 11, 13, 9, tzinfo=UTC), UTC_SETTINGS)


def test_cold_requests_grouped_by_organisation() -> None:
    def outcome(pk: int, replied: bool) -> RequestOutcome:
        sent = datetime(2026, 10, 1, tzinfo=UTC)
        return RequestOutcome(MessageFact(pk, pk, None, "request", sent, None), None,
                              datetime(2026, 10, 2, tzinfo=UTC) if replied else None)

    rows = cold_requests_by_organisation(
        [(1, "cold", outcome(1, False)), (1, "cold", outcome(2, False)), (2, "cold", outcome(3, True)),
         (2, "alumni", outcome(4, False)), (None, "cold", outcome(5, False))],
        {1: "The Tribune", 2: "Civic Data Lab"}, datetime(2026, 11, 20, tzinfo=UTC), UTC_SETTINGS)
    assert rows == [OrganisationRequests("The Tribune", 2, 0, 2), OrganisationRequests("Civic Data Lab", 1, 1, 0)]
