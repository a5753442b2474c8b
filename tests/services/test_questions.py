"""The user's question bank: built-in questions, their own, changes, hiding, and a goal's questions."""

from __future__ import annotations

import pytest

from coffeechat.core.question_bank import load_bank
from coffeechat.models import Goal, Question
from coffeechat.services.questions import (
    QuestionError,
    add_question,
    browse,
    edit_question,
    goal_questions,
    set_hidden,
    user_bank,
)


def test_own_question_joins_the_bank_and_the_planner_pool(owner) -> None:
    row = add_question(owner, "  What does a  fellowship year look like ", "career_path", tags="Fellowship, alumni")
    assert row.text == "What does a fellowship year look like?"
    assert row.tags == "fellowship alumni"
    shown = browse(owner, category="career_path")
    mine = [q for q in shown if not q.built_in]
    assert [q.key for q in mine] == [f"own-{row.pk}"]
    assert [q.key for q in user_bank(owner).extra] == [f"own-{row.pk}"]


def test_a_question_needs_words_and_a_known_category(owner) -> None:
    with pytest.raises(QuestionError):
        add_question(owner, "   ", "trends")
    with pytest.raises(QuestionError):
        add_question(owner, "Why?", "gossip")
    with pytest.raises(QuestionError):
        add_question(owner, "Why?", "trends", field="astrology")


def test_hiding_a_built_in_question_keeps_it_out_of_browsing_and_plans(owner) -> None:
    first = load_bank()[0]
    set_hidden(owner, first.key)
    assert first.key not in {q.key for q in browse(owner)}
    assert first.key in {q.key for q in browse(owner, show_hidden=True)}
    assert first.key in user_bank(owner).hidden_keys
    set_hidden(owner, first.key, hidden=False)
    assert first.key in {q.key for q in browse(owner)}
    assert Question.objects.owned_by(owner).filter(bank_key=first.key).count() == 1


def test_rewording_a_built_in_question_overrides_it(owner) -> None:
    first = load_bank()[0]
    edit_question(owner, first.key, text="How has your week been", tags="warm-up")
    shown = next(q for q in browse(owner) if q.key == first.key)
    assert shown.text == "How has your week been?" and shown.changed and shown.tags == ("warm-up",)
    override = next(q for q in user_bank(owner).extra if q.key == first.key)
    assert override.text == "How has your week been?"


def test_browse_by_field_pack_and_general(owner) -> None:
    tech = browse(owner, field="tech")
    assert tech and all(q.field == "tech" for q in tech)
    general = browse(owner, field="general")
    assert general and all(q.field is None for q in general)


def test_goal_questions_belong_to_their_goal_only(owner, outsider) -> None:
    goal = Goal.objects.create(owner=owner, title="Data journalism")
    other = Goal.objects.create(owner=outsider, title="Theirs")
    add_question(owner, "Which tools do data desks use", "skills_education", goal=goal)
    with pytest.raises(QuestionError):
        add_question(owner, "Sneaky?", "trends", goal=other)
    assert [q.text for q in goal_questions(owner, goal)] == ["Which tools do data desks use?"]
    assert goal_questions(owner, None) == []
    # A goal's question is planned as the goal's, not mixed into the bank pool.
    assert user_bank(owner).extra == ()


def test_editing_someone_elses_question_fails(owner, outsider) -> None:
    theirs = add_question(outsider, "Private?", "trends")
    with pytest.raises(QuestionError):
        edit_question(owner, f"own-{theirs.pk}", text="Mine now?")
