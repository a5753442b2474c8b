"""Grouping a goal's insights and matching its questions to what was answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coffeechat.core.synthesis import AnsweredItem, InsightFact, QuestionFact, group_insights, question_status

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def insight(pk: int, conversation: int | None, skill: str = "", theme: str = "", person: str = "Dana") -> InsightFact:
    return InsightFact(id=pk, text=f"insight {pk}", theme=theme, skill=skill, conversation_id=conversation,
                       person_id=pk * 10, person_name=person, created_at=T0 + timedelta(hours=pk))


def test_counts_distinct_conversations_not_insights() -> None:
    mentions = group_insights([insight(1, 7, "SQL"), insight(2, 7, "sql"), insight(3, 8, " SQL "), insight(4, 9, "SQL")],
                              "skill")
    assert len(mentions) == 1
    sql = mentions[0]
    assert sql.name == "SQL" and sql.conversations == 3
    assert [i.id for i in sql.insights] == [1, 2, 3, 4]


def test_insights_outside_a_conversation_count_one_each() -> None:
    [mention] = group_insights([insight(1, None, "memo writing"), insight(2, None, "Memo  writing")], "skill")
    assert mention.conversations == 2 and mention.name == "memo writing"


def test_most_mentioned_first_then_by_name_and_untagged_left_out() -> None:
    mentions = group_insights([insight(1, 1, "b"), insight(2, 2, "a"), insight(3, 3, "c"), insight(4, 4, "c"),
                               insight(5, 5, "")], "skill")
    assert [(m.name, m.conversations) for m in mentions] == [("c", 2), ("a", 1), ("b", 1)]


def test_themes_group_separately_from_skills() -> None:
    items = [insight(1, 1, skill="SQL", theme="getting in"), insight(2, 2, skill="SQL", theme="hiring")]
    assert [m.name for m in group_insights(items, "theme")] == ["getting in", "hiring"]
    with pytest.raises(ValueError):
        group_insights(items, "person")


def test_questions_answered_by_key_or_by_same_words() -> None:
    questions = [QuestionFact(1, "How did you get your first job?", frozenset({"own-1"})),
                 QuestionFact(2, "What does a typical day look like?", frozenset({"own-2", "day-001"})),
                 QuestionFact(3, "Which skills matter most?", frozenset({"own-3"}))]
    answered = [AnsweredItem("how did you get your  FIRST job?", "", 5, 50, "Dana"),
                AnsweredItem("A reworded day question", "day-001", 6, 60, "Sam"),
                AnsweredItem("Unrelated", "own-9", 7, 70, "Lee")]
    result = question_status(questions, answered)
    assert [s.question.id for s in result] == [3, 1, 2]  # open first, then answered in the order given
    by_id = {s.question.id: s for s in result}
    assert by_id[3].open
    assert [a.person_name for a in by_id[1].answered_by] == ["Dana"]
    assert [a.person_name for a in by_id[2].answered_by] == ["Sam"]


def test_an_empty_key_never_matches_everything() -> None:
    [status] = question_status([QuestionFact(1, "Q?", frozenset({"own-1"}))], [AnsweredItem("Other", "", 1, 1, "A")])
    assert status.open
