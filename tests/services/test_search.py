"""Full-text search: every kind, ranking, marked snippets, escaping, owner scoping, triggers in step."""

from __future__ import annotations

import pytest
from django.db import connection

from coffeechat.models import Conversation, Insight, Message, Note, Organization
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.search import marked_html, query_words, search

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dana(owner):
    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor",
                                       notes="Runs the statehouse bureau"))


def kinds(hits) -> list[tuple[str, str]]:
    return [(hit.kind, hit.title) for hit in hits]


def test_a_person_matches_across_their_fields_and_their_organisation(owner, dana) -> None:
    add_person(owner, NewPerson("Sam Park", organization="Harbor Policy Institute", title="Analyst"))
    hits = search(owner, "tribune editor")
    assert kinds(hits) == [("person", "Dana Reyes")]
    assert "<mark>editor</mark>" in hits[0].snippet.lower() or "<mark>Editor</mark>" in hits[0].snippet
    assert "<mark>Tribune</mark>" in hits[0].snippet
    assert search(owner, "statehouse")[0].id == dana.pk
    assert search(owner, "Rey")[0].id == dana.pk  # the last word is a prefix
    assert search(owner, "tribune analyst") == []


def test_notes_insights_and_messages_are_found_with_their_person(owner, dana) -> None:
    conversation = Conversation.objects.create(owner=owner, person=dana)
    note = Note.objects.create(owner=owner, person=dana, conversation=conversation,
                               body="She said to send my clips to the metro editor by Friday.")
    Insight.objects.create(owner=owner, person=dana, conversation=conversation, text="Editors read clips first",
                           theme="hiring", skill="clips")
    Message.objects.create(owner=owner, person=dana, kind="thank_you", subject="Thank you",
                           body="Thanks for the advice about my clips.")
    hits = search(owner, "clips")
    assert {hit.kind for hit in hits} == {"note", "insight", "message"}
    found_note = next(hit for hit in hits if hit.kind == "note")
    assert found_note.id == note.pk and found_note.person_id == dana.pk
    assert found_note.conversation_id == conversation.pk and found_note.title == "Note on Dana Reyes"
    assert "<mark>clips</mark>" in found_note.snippet
    assert next(hit for hit in hits if hit.kind == "message").title == "Thank-you to Dana Reyes"
    assert [hit.kind for hit in search(owner, "clips editor", kinds=("note",))] == ["note"]


def test_stemming_finds_other_forms_of_a_word(owner, dana) -> None:
    Note.objects.create(owner=owner, person=dana, body="Bring one clip to the meeting")
    assert [hit.kind for hit in search(owner, "clips")] == ["note"]


def test_the_best_match_comes_first(owner, dana) -> None:
    weak = Note.objects.create(owner=owner, body="budget " + "filler words here " * 30)
    strong = Note.objects.create(owner=owner, body="budget budget budget")
    hits = search(owner, "budget")
    assert [hit.id for hit in hits] == [strong.pk, weak.pk]
    assert hits[0].score > hits[1].score
    assert len(search(owner, "budget", limit=1)) == 1


def test_snippets_escape_user_text_but_keep_the_marks(owner) -> None:
    Note.objects.create(owner=owner, body="<script>alert('x')</script> editor & <b>friends</b>")
    snippet = search(owner, "editor")[0].snippet
    # SQLite shows the tags escaped; PostgreSQL's headline drops them. Neither lets one through.
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet or connection.vendor == "postgresql"
    assert "<mark>editor</mark>" in snippet and "&amp;" in snippet


def test_marked_html_is_always_balanced() -> None:
    assert marked_html("a \ue000b\ue000 c") == "a <mark>b c</mark>"
    assert marked_html("\ue001x<y") == "x&lt;y"
    assert marked_html("") == ""


def test_query_words_ignore_search_syntax() -> None:
    assert query_words('"clips" AND NEAR(editor*) -x') == ["clips", "and", "near", "editor", "x"]
    assert query_words("  ¿?  ") == []


def test_nobody_finds_another_users_rows(owner, outsider, dana) -> None:
    Note.objects.create(owner=owner, body="secret statehouse source")
    theirs = add_person(outsider, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor"))
    Note.objects.create(owner=outsider, person=theirs, body="outsider statehouse note")
    mine = search(owner, "statehouse")
    assert {hit.kind for hit in mine} == {"person", "note"}
    assert all(hit.id != theirs.pk for hit in mine if hit.kind == "person")
    assert [hit.kind for hit in search(outsider, "statehouse")] == ["note"]
    assert "outsider" in search(outsider, "statehouse")[0].snippet


def test_the_index_follows_edits_renames_and_deletes(owner, dana) -> None:
    note = Note.objects.create(owner=owner, person=dana, body="first draft about budgets")
    note.body = "rewritten about fellowships"
    note.save()
    assert search(owner, "budgets") == [] and search(owner, "fellowships")[0].id == note.pk
    Organization.objects.filter(owner=owner, name="The Tribune").update(name="Chicago Herald")
    assert search(owner, "herald editor")[0].id == dana.pk and search(owner, "tribune") == []
    dana.delete()
    assert search(owner, "fellowships") == [] and search(owner, "editor") == []


def test_empty_queries_find_nothing(owner, dana) -> None:
    assert search(owner, "") == [] and search(owner, "!!") == []
    assert len(search(owner, "editor", limit=0)) == 1  # 0 is "no limit" (docs/cli.md)


@pytest.mark.sqlite  # the FTS5 triggers exist only on SQLite
def test_lost_triggers_are_recreated_and_the_index_rebuilt(owner, dana) -> None:
    from coffeechat.services import search as search_module

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER coffeechat_note_fts_ai")
    Note.objects.create(owner=owner, body="written while the trigger was gone")
    search_module._checked_sqlite.clear()
    assert [hit.kind for hit in search(owner, "trigger")] == ["note"]
    Note.objects.create(owner=owner, body="and another trigger note after the repair")
    assert len(search(owner, "trigger")) == 2


def test_text_without_a_full_text_index_is_found_too(owner, dana) -> None:
    from coffeechat.models import Goal, GoalReflection, Referral, Task

    talk = Conversation.objects.create(owner=owner, person=dana, notes="Asked about the Zebrafish beat")
    sam = add_person(owner, NewPerson("Sam Park"))
    Task.objects.create(owner=owner, person=dana, conversation=talk, title="Send zebrafish clips")
    Referral.objects.create(owner=owner, from_person=dana, to_person=sam, note="talk to Sam about zebrafish")
    goal = Goal.objects.create(owner=owner, title="Science desk")
    GoalReflection.objects.create(owner=owner, goal=goal, body="Zebrafish stories excite me")
    hits = search(owner, "zebrafish")
    found = {(hit.kind, hit.label, hit.person_name) for hit in hits}
    assert found == {("conversation", "Conversation notes", "Dana Reyes"), ("task", "Task", "Dana Reyes"),
                     ("referral", "Referral", "Dana Reyes"), ("reflection", "Reflection on Science desk", None)}
    task = next(hit for hit in hits if hit.kind == "task")
    assert task.snippet == "Send <mark>zebrafish</mark> clips" and task.conversation_id == talk.pk
    assert search(owner, "zebrafish beat", kinds=("conversation",))[0].id == talk.pk
    assert search(owner, "zebrafish nowhere") == []


def test_a_full_text_match_ranks_above_a_plain_one(owner, dana) -> None:
    from coffeechat.models import Task

    Task.objects.create(owner=owner, person=dana, title="Read the fellowship page")
    Note.objects.create(owner=owner, person=dana, body="The fellowship is how most people start")
    assert [hit.kind for hit in search(owner, "fellowship")] == ["note", "task"]


def test_a_limit_of_zero_is_every_match_and_a_negative_one_is_refused(owner, dana) -> None:
    Note.objects.bulk_create([Note(owner=owner, person=dana, body=f"clip number {n}") for n in range(700)])
    assert len(search(owner, "clip", 20)) == 20
    assert len(search(owner, "clip", 0)) == 700  # more than one chunk of snippets
    with pytest.raises(ValueError):
        search(owner, "clip", -1)
