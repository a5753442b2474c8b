"""The 3B7 clock: next_contact at +3 business days, follow_up at +7, and what stops them."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from coffeechat.core.followup import DueAction, due_actions
from coffeechat.core.practice import (
    ConversationFact,
    MessageFact,
    OrganizationFact,
    PersonFact,
    Practice,
    RuleSettings,
)

NY = ZoneInfo("America/New_York")
US = RuleSettings(country="US", timezone="America/New_York", target_role="policy analyst")
ACME = OrganizationFact(1, "Acme Institute")


def person(id: int, name: str, title: str, *, org: int | None = 1, stage: str = "new") -> PersonFact:
    return PersonFact(id, name, org, "Acme Institute" if org else "", title, "cold", stage, None)


ANA = person(7, "Ana Diaz", "Research Associate", stage="contacted")
BO = person(8, "Bo Lee", "Senior Policy Analyst")
CY = person(9, "Cy Park", "Office Coordinator")


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


def sent(
    id: int, person_id: int, when: datetime | None, replied: datetime | None = None, kind: str = "request"
) -> MessageFact:
    return MessageFact(id, person_id, 1, kind, when, replied)


def actions(
    now: datetime,
    *messages: MessageFact,
    people: tuple[PersonFact, ...] = (ANA, BO, CY),
    conversations: tuple[ConversationFact, ...] = (),
    settings: RuleSettings = US,
) -> dict[str, DueAction]:
    practice = Practice(people=people, organizations=(ACME,), messages=messages, conversations=conversations)
    return {a.key: a for a in due_actions(practice, now, settings)}


# Ana's request goes out on Monday 16 November 2026: +3 business days is Thursday 19th, +7 Wednesday 25th.
REQUEST = sent(1, 7, at(11, 16))


def test_next_contact_appears_on_the_third_business_day() -> None:
    assert "next_contact:message:1" not in actions(at(11, 18, 23, 59), REQUEST)
    on_time = actions(at(11, 19, 0, 0), REQUEST)["next_contact:message:1"]
    assert (on_time.due, on_time.overdue) == (at(11, 19).date(), False)
    assert actions(at(11, 20), REQUEST)["next_contact:message:1"].overdue


def test_next_contact_names_the_best_candidate_at_the_organisation() -> None:
    action = actions(at(11, 19), REQUEST)["next_contact:message:1"]
    assert action.person_id == 7
    assert action.organization_id == 1
    assert action.refers_to == ("message", 1)
    assert action.suggested_person_id == 8  # Bo does the job the user wants
    assert "Ana Diaz at Acme Institute" in action.reason
    assert "Bo Lee" in action.reason
    assert "does the work you want" in action.reason


def test_with_nobody_else_at_the_organisation_the_reason_says_to_add_someone() -> None:
    action = actions(at(11, 19), REQUEST, people=(ANA,))["next_contact:message:1"]
    assert action.suggested_person_id is None
    assert "add someone" in action.reason


def test_people_already_contacted_are_not_suggested() -> None:
    met_bo = person(8, "Bo Lee", "Senior Policy Analyst", stage="met")
    assert (
        actions(at(11, 19), REQUEST, people=(ANA, met_bo, CY))["next_contact:message:1"].suggested_person_id
        == 9
    )


def test_follow_up_appears_on_the_seventh_business_day() -> None:
    assert "follow_up:message:1" not in actions(at(11, 24, 23, 59), REQUEST)
    on_time = actions(at(11, 25, 8), REQUEST)["follow_up:message:1"]
    assert (on_time.due, on_time.overdue, on_time.person_id) == (at(11, 25).date(), False, 7)
    assert "Ana Diaz at Acme Institute" in on_time.reason
    assert actions(at(11, 26), REQUEST)["follow_up:message:1"].overdue


def test_weekends_are_skipped() -> None:
    thursday = sent(1, 7, at(11, 19))  # Friday, Monday, Tuesday: due Tuesday 24th
    assert "next_contact:message:1" not in actions(at(11, 22), thursday)
    assert "next_contact:message:1" not in actions(at(11, 23), thursday)
    assert actions(at(11, 24), thursday)["next_contact:message:1"].due == at(11, 24).date()


def test_thanksgiving_inside_the_window_moves_both_reminders() -> None:
    monday = sent(1, 7, at(11, 23))
    assert "next_contact:message:1" not in actions(at(11, 26), monday)
    assert actions(at(11, 27), monday)["next_contact:message:1"].due == at(11, 27).date()
    assert actions(at(12, 3), monday)["follow_up:message:1"].due == at(12, 3).date()
    # Without a country only weekends count: Thursday 26th and Wednesday 2 December.
    weekends_only = RuleSettings(timezone="America/New_York")
    assert (
        actions(at(11, 26), monday, settings=weekends_only)["next_contact:message:1"].due == at(11, 26).date()
    )
    assert actions(at(12, 2), monday, settings=weekends_only)["follow_up:message:1"].due == at(12, 2).date()


def test_a_reply_between_the_third_and_seventh_business_day_stops_the_follow_up() -> None:
    answered = sent(1, 7, at(11, 16), replied=at(11, 23, 9))
    # Before the reply arrived, the next_contact nudge was there.
    assert "next_contact:message:1" in actions(at(11, 20), answered)
    after = actions(at(11, 25), answered)
    assert "next_contact:message:1" not in after
    assert "follow_up:message:1" not in after


def test_writing_to_a_second_person_settles_next_contact_and_starts_their_own_clock() -> None:
    to_bo = sent(2, 8, at(11, 19, 15))
    later = actions(at(11, 24), REQUEST, to_bo)
    assert "next_contact:message:1" not in later
    # Bo's request (Thursday) reaches +3 on Tuesday 24th: try a third person, Cy.
    assert later["next_contact:message:2"].suggested_person_id == 9
    assert "follow_up:message:1" in actions(at(11, 25), REQUEST, to_bo)


def test_a_reply_from_the_second_person_stops_everything_at_the_organisation() -> None:
    to_bo = sent(2, 8, at(11, 19, 15), replied=at(11, 20, 9))
    for day in (11, 25), (12, 2), (12, 15):
        listed = actions(at(*day), REQUEST, to_bo)
        assert not [key for key in listed if key.startswith(("next_contact", "follow_up"))], day


def test_a_conversation_scheduled_there_counts_as_a_reply() -> None:
    with_bo = ConversationFact(5, 8, 1, "scheduled", at(12, 10), 20, False, True, None)
    listed = actions(at(11, 25), REQUEST, conversations=(with_bo,))
    assert "follow_up:message:1" not in listed
    assert "next_contact:message:1" not in listed


def test_never_a_second_follow_up() -> None:
    follow_up = sent(2, 7, at(11, 25, 16), kind="follow_up")
    for day in (11, 25, 17), (12, 4), (12, 30), (3, 1, 10, 0, 2027):
        assert "follow_up:message:1" not in actions(at(*day), REQUEST, follow_up), day


def test_a_draft_follow_up_does_not_count() -> None:
    draft = sent(2, 7, None, kind="follow_up")
    assert "follow_up:message:1" in actions(at(11, 26), REQUEST, draft)


def test_draft_requests_start_no_clock() -> None:
    assert actions(at(12, 30), sent(1, 7, None)) == {}


def test_only_the_latest_request_to_a_person_runs_a_clock() -> None:
    older = sent(1, 7, at(3, 2))
    newer = sent(2, 7, at(11, 16))
    listed = actions(at(11, 19), older, newer)
    assert [key for key in listed if "message:1" in key] == []
    assert "next_contact:message:2" in listed


def test_two_starters_written_the_same_day_settle_each_other() -> None:
    to_bo = sent(2, 8, at(11, 16, 11))
    listed = actions(at(11, 25), REQUEST, to_bo)
    assert not [key for key in listed if key.startswith("next_contact")]
    assert {"follow_up:message:1", "follow_up:message:2"} <= set(listed)


def test_a_person_without_an_organisation_gets_a_follow_up_but_no_next_contact() -> None:
    loner = person(20, "Dee Fox", "Freelance Writer", org=None)
    request = MessageFact(1, 20, None, "request", at(11, 16), None)
    listed = actions(at(11, 25), request, people=(loner,))
    assert set(listed) == {"follow_up:message:1"}
    assert listed["follow_up:message:1"].organization_id is None
    assert "Dee Fox" in listed["follow_up:message:1"].reason


def test_the_organisation_comes_from_the_person_when_the_message_has_none() -> None:
    request = MessageFact(1, 7, None, "request", at(11, 16), None)
    assert actions(at(11, 19), request)["next_contact:message:1"].organization_id == 1


def test_the_clock_reads_dates_across_the_november_dst_change() -> None:
    # Friday 30 October, 23:30 in New York (03:30 UTC on the 31st): +3 business days is Wednesday 4 November,
    # and after the clocks fall back that day starts at 05:00 UTC.
    late_friday = sent(1, 7, at(10, 30, 23, 30))
    assert "next_contact:message:1" not in actions(datetime(2026, 11, 4, 4, 59, tzinfo=UTC), late_friday)
    assert "next_contact:message:1" in actions(datetime(2026, 11, 4, 5, 0, tzinfo=UTC), late_friday)


def test_the_clock_reads_dates_across_the_march_dst_change() -> None:
    # Friday 6 March, 23:30 EST: +3 business days is Wednesday 11 March, which starts at 04:00 UTC (EDT).
    late_friday = sent(1, 7, at(3, 6, 23, 30))
    assert "next_contact:message:1" not in actions(datetime(2026, 3, 11, 3, 59, tzinfo=UTC), late_friday)
    assert "next_contact:message:1" in actions(datetime(2026, 3, 11, 4, 0, tzinfo=UTC), late_friday)


def test_custom_windows_come_from_the_settings() -> None:
    quick = RuleSettings(
        country="US", timezone="America/New_York", next_contact_business_days=1, follow_up_business_days=2
    )
    listed = actions(at(11, 18), REQUEST, settings=quick)
    assert listed["next_contact:message:1"].due == at(11, 17).date()
    assert listed["follow_up:message:1"].due == at(11, 18).date()
