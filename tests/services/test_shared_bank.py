"""The centre's shared question bank and request templates (issue 15 §5): advisors write them, students copy
them into their own practice and edit their copy, which never follows the shared item (nor the other way)."""

from __future__ import annotations

from typing import Any

import pytest

from centre_fixtures import make_account
from coffeechat.core.errors import NotFound
from coffeechat.models import Note, Question
from coffeechat.models.centre import SharedItem
from coffeechat.services import shared_bank as bank
from coffeechat.services.questions import browse, edit_question, own_key, user_bank


@pytest.fixture
def people(centre: Any) -> dict[str, Any]:
    return {
        "lee": make_account("lee@uni.example", "advisor", name="Lee Park", password=None),
        "boss": make_account("boss@uni.example", "admin", name="Rita Boss", password=None),
        "ana": make_account("ana@uni.example", "student", name="Ana Lima", password=None),
        "omar": make_account("omar@uni.example", "student", name="Omar Diaz", password=None),
        "alum": make_account("alum@uni.example", "alumnus", name="Al Umnus", password=None),
    }


def test_advisors_and_admins_write_the_bank_with_checked_fields(people: dict[str, Any]) -> None:
    question = bank.create_item(people["lee"], "question", "  What surprised you   in your first year ",
                                category="career_path")
    assert question.text == "What surprised you in your first year?" and question.author == people["lee"]
    template = bank.create_item(people["boss"], "template", "Dear {name},\r\nI study at …", title=" To an  alum ")
    assert template.title == "To an alum" and template.text == "Dear {name},\nI study at …" and template.category == ""
    with pytest.raises(bank.SharedBankError, match="category must be one of"):
        bank.create_item(people["lee"], "question", "Why?", category="gossip")
    with pytest.raises(bank.SharedBankError, match="needs a title"):
        bank.create_item(people["lee"], "template", "Hello")
    with pytest.raises(bank.SharedBankError, match="kind must be"):
        bank.create_item(people["lee"], "poem", "Roses")
    edited = bank.edit_item(people["boss"], question.pk, text="What surprised you most", category="culture")
    assert (edited.text, edited.category) == ("What surprised you most?", "culture")
    bank.delete_item(people["lee"], template.pk)
    assert [i.pk for i in bank.shared_items()] == [question.pk]
    with pytest.raises(NotFound):
        bank.edit_item(people["lee"], 999999, text="x")


@pytest.mark.parametrize("who", ["ana", "alum"])
def test_students_and_alumni_cannot_change_the_bank(people: dict[str, Any], who: str) -> None:
    item = bank.create_item(people["lee"], "question", "What would you do differently?", category="advice")
    user = people[who]
    with pytest.raises(bank.NotAWriter):
        bank.create_item(user, "question", "Mine?", category="advice")
    with pytest.raises(bank.NotAWriter):
        bank.edit_item(user, item.pk, text="Changed?")
    with pytest.raises(bank.NotAWriter):
        bank.delete_item(user, item.pk)
    item.refresh_from_db()
    assert item.text == "What would you do differently?"


def test_a_copied_question_is_the_students_own_and_edits_stay_apart(people: dict[str, Any]) -> None:
    ana, lee = people["ana"], people["lee"]
    item = bank.create_item(lee, "question", "What does a good first year look like?", category="career_path")
    copy = bank.copy_item(ana, item.pk)
    assert isinstance(copy, Question) and copy.owner == ana and copy.bank_key == "" and copy.category == "career_path"
    # The planner and the Questions page know it as one of hers.
    assert own_key(copy) in {q.key for q in user_bank(ana).extra}
    assert any(q.text == item.text and not q.built_in for q in browse(ana, category="career_path"))
    # She rewords her copy: the shared item does not change.
    edit_question(ana, own_key(copy), text="What does a great first year look like")
    item.refresh_from_db()
    assert item.text == "What does a good first year look like?"
    # The advisor rewords the shared item: her copy does not change.
    bank.edit_item(lee, item.pk, text="How do people grow here")
    copy.refresh_from_db()
    assert copy.text == "What does a great first year look like?"
    # Deleting the shared item leaves the copy; the other student has nothing.
    bank.delete_item(lee, item.pk)
    assert Question.objects.filter(pk=copy.pk, owner=ana).exists()
    assert not Question.objects.owned_by(people["omar"]).exists()


def test_copying_the_same_question_twice_is_refused(people: dict[str, Any]) -> None:
    item = bank.create_item(people["lee"], "question", "Who else should I talk to?", category="resources")
    bank.copy_item(people["ana"], item.pk)
    with pytest.raises(bank.SharedBankError, match="already have this question"):
        bank.copy_item(people["ana"], item.pk)
    assert Question.objects.owned_by(people["ana"]).count() == 1
    bank.copy_item(people["omar"], item.pk)  # another student has their own copy
    assert Question.objects.owned_by(people["omar"]).count() == 1


def test_a_copied_template_is_the_students_own_text_to_edit(people: dict[str, Any]) -> None:
    ana, omar, lee = people["ana"], people["omar"], people["lee"]
    item = bank.create_item(lee, "template", "Dear NAME,\nAs a fellow alum of the j-school…", title="Alum intro")
    copy = bank.copy_item(ana, item.pk)
    assert isinstance(copy, bank.TemplateCopy) and copy.title == "Alum intro"
    assert copy.text == "Dear NAME,\nAs a fellow alum of the j-school…"
    assert Note.objects.owned_by(ana).count() == 1
    with pytest.raises(bank.SharedBankError, match="already have a copy"):
        bank.copy_item(ana, item.pk)
    changed = bank.edit_template_copy(ana, copy.id, title="My alum intro", text="Hi NAME,\nI am a fellow alum…")
    assert (changed.title, changed.text) == ("My alum intro", "Hi NAME,\nI am a fellow alum…")
    item.refresh_from_db()
    assert item.title == "Alum intro" and item.text.startswith("Dear NAME")
    bank.edit_item(lee, item.pk, text="Hello NAME")
    assert [(c.title, c.text) for c in bank.template_copies(ana)] == [("My alum intro", "Hi NAME,\nI am a fellow alum…")]
    # Someone else's copy is not there for them.
    with pytest.raises(NotFound):
        bank.edit_template_copy(omar, copy.id, title="Mine now", text="x")
    with pytest.raises(NotFound):
        bank.delete_template_copy(omar, copy.id)
    assert bank.template_copies(omar) == []
    bank.delete_template_copy(ana, copy.id)
    assert bank.template_copies(ana) == [] and SharedItem.objects.filter(pk=item.pk).exists()


def test_only_students_copy(people: dict[str, Any]) -> None:
    item = bank.create_item(people["lee"], "question", "What do you read?", category="resources")
    for who in ("lee", "alum", "boss"):
        with pytest.raises(bank.SharedBankError, match="only students"):
            bank.copy_item(people[who], item.pk)
    with pytest.raises(NotFound):
        bank.copy_item(people["ana"], 999999)
