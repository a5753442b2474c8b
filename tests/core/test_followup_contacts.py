"""congratulate: a new job of someone you know, found by a re-import, once, while it is news."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from coffeechat.core.followup import DueAction, apply_states, due_actions
from coffeechat.core.followup_contacts import role_words
from coffeechat.core.practice import (
    ConversationFact,
    JobChangeFact,
    MessageFact,
    PersonFact,
    Practice,
    RuleSettings,
)

SETTINGS = RuleSettings(timezone="Europe/Berlin")
IMPORTED = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)  # Friday 4 December in Berlin
# Dana, a colleague, is now Managing Editor at Metro Public Radio; Marcus was only imported (cold, new).
DANA = PersonFact(7, "Dana Reyes", 3, "Metro Public Radio", "Managing Editor", "colleague", "new", None)
MARCUS = PersonFact(8, "Marcus Okafor", 4, "Harbor Policy Institute", "Policy Analyst", "cold", "new", None)
DANA_MOVED = JobChangeFact(21, person_id=7, at=IMPORTED)
MARCUS_MOVED = JobChangeFact(22, person_id=8, at=IMPORTED)


def congratulations(now: datetime, *, people: tuple[PersonFact, ...] = (DANA, MARCUS),
                    changes: tuple[JobChangeFact, ...] = (DANA_MOVED, MARCUS_MOVED),
                    messages: tuple[MessageFact, ...] = (), conversations: tuple[ConversationFact, ...] = (),
                    horizon_days: int = 0) -> dict[str, DueAction]:
    practice = Practice(people=people, job_changes=changes, messages=messages, conversations=conversations)
    return {a.key: a for a in due_actions(practice, now, SETTINGS, horizon_days=horizon_days)
            if a.kind == "congratulate"}


def test_a_new_job_of_someone_you_know_is_one_congratulation_naming_the_new_role() -> None:
    found = congratulations(IMPORTED + timedelta(hours=1))
    assert list(found) == ["congratulate:touch:21"]  # Marcus: only imported, never in touch
    action = found["congratulate:touch:21"]
    assert (action.due, action.overdue, action.late) == (date(2026, 12, 4), False, False)
    assert (action.person_id, action.organization_id, action.refers_to) == (7, 3, ("touch", 21))
    assert action.reason == ("Dana Reyes has a new role on record since your import of Friday 4 December: "
                             "Managing Editor at Metro Public Radio. Send a short note to congratulate them.")


def test_it_never_shows_before_the_import_and_never_turns_overdue() -> None:
    assert congratulations(IMPORTED - timedelta(minutes=1)) == {}
    later = congratulations(IMPORTED + timedelta(days=20))["congratulate:touch:21"]
    assert (later.due, later.overdue) == (date(2026, 12, 4), False)


def test_it_leaves_the_list_thirty_days_after_the_import() -> None:
    assert "congratulate:touch:21" in congratulations(IMPORTED + timedelta(days=30))
    assert congratulations(IMPORTED + timedelta(days=30, seconds=1)) == {}
    shorter = replace(SETTINGS, congratulate_days=7)
    practice = Practice(people=(DANA,), job_changes=(DANA_MOVED,))
    assert [a for a in due_actions(practice, IMPORTED + timedelta(days=8), shorter) if a.kind == "congratulate"] == []


@pytest.mark.parametrize(
    ("marcus", "why"),
    [
        (replace(MARCUS, stage="contacted"), "a stage past new"),
        (replace(MARCUS, how_known="alumni"), "known another way than cold"),
    ],
)
def test_anyone_known_by_stage_or_how_known_is_congratulated(marcus: PersonFact, why: str) -> None:
    assert "congratulate:touch:22" in congratulations(IMPORTED + timedelta(hours=1), people=(DANA, marcus)), why


def test_a_message_or_a_conversation_makes_a_cold_contact_someone_you_know() -> None:
    wrote = MessageFact(1, 8, 4, "request", IMPORTED - timedelta(days=40), None)
    talked = ConversationFact(2, 8, 4, "cancelled", None, 20, False, False, None)
    soon = IMPORTED + timedelta(hours=1)
    assert "congratulate:touch:22" in congratulations(soon, messages=(wrote,))
    assert "congratulate:touch:22" in congratulations(soon, conversations=(talked,))


def test_only_the_latest_change_is_news_and_each_change_has_its_own_key() -> None:
    again = JobChangeFact(30, person_id=7, at=IMPORTED + timedelta(days=5))
    found = congratulations(IMPORTED + timedelta(days=6), changes=(again, DANA_MOVED))
    assert list(found) == ["congratulate:touch:30"]
    # Marking the first change done does not silence the second one.
    practice = Practice(people=(DANA,), job_changes=(DANA_MOVED, again))
    now = IMPORTED + timedelta(days=6)
    left = apply_states(due_actions(practice, now, SETTINGS), {"congratulate:touch:21"}, {}, date(2026, 12, 9))
    assert [a.key for a in left if a.kind == "congratulate"] == ["congratulate:touch:30"]
    # A change recorded later than now is not yet known.
    assert list(congratulations(IMPORTED + timedelta(days=1), changes=(DANA_MOVED, again))) == \
        ["congratulate:touch:21"]


def test_marked_done_it_is_gone() -> None:
    practice = Practice(people=(DANA,), job_changes=(DANA_MOVED,))
    actions = due_actions(practice, IMPORTED + timedelta(days=1), SETTINGS)
    assert apply_states(actions, {"congratulate:touch:21"}, {}, date(2026, 12, 5)) == \
        [a for a in actions if a.kind != "congratulate"]


def test_someone_not_in_the_facts_or_with_no_role_gets_nothing() -> None:
    assert congratulations(IMPORTED + timedelta(hours=1), people=(MARCUS,)) == {}
    bare = replace(DANA, title=" ", organization_name="")
    assert congratulations(IMPORTED + timedelta(hours=1), people=(bare,)) == {}


@pytest.mark.parametrize(
    ("title", "organization", "words"),
    [
        ("Managing Editor", "Metro Public Radio", "Managing Editor at Metro Public Radio"),
        ("Managing  Editor ", "", "Managing Editor"),
        ("", "Metro Public Radio", "a role at Metro Public Radio"),
        ("", "", ""),
    ],
)
def test_the_role_is_named_as_the_record_has_it(title: str, organization: str, words: str) -> None:
    assert role_words(replace(DANA, title=title, organization_name=organization)) == words


def test_a_congratulation_ranks_after_a_referral_and_before_a_report_back_on_the_same_day() -> None:
    from coffeechat.core.vocabulary import ACTION_KINDS

    assert ACTION_KINDS.index("referral") < ACTION_KINDS.index("congratulate") < ACTION_KINDS.index("report_back")


def test_a_negative_window_is_refused() -> None:
    with pytest.raises(ValueError, match="congratulate_days"):
        RuleSettings(congratulate_days=-1)
