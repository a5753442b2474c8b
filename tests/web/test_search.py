"""Web: the search page behind the search box, escaping and owner scoping."""

from __future__ import annotations

import pytest

from coffeechat.models import Note
from coffeechat.services.people import NewPerson, add_person
from conftest import logged_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_search_box_on_every_page_goes_to_search(owner) -> None:
    body = logged_in(owner).get("/").content.decode()
    assert 'action="/search/"' in body and ">Questions</a>" in body


def test_results_are_marked_escaped_and_linked(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor"))
    Note.objects.create(owner=owner, person=dana, body="<img src=x onerror=alert(1)> send clips to the editor")
    body = logged_in(owner).get("/search/?q=clips+editor").content.decode()
    assert "<mark>clips</mark>" in body and "<img src=x" not in body
    assert f"/people/{dana.pk}/" in body and '<span class="kind">Note</span>' in body and "Dana Reyes</a>" in body


def test_another_users_rows_never_show(owner, outsider) -> None:
    Note.objects.create(owner=outsider, body="their private fellowship note")
    body = logged_in(owner).get("/search/?q=fellowship").content.decode()
    assert "private fellowship" not in body and "Nothing matches" in body


def test_an_empty_search_explains_itself(owner) -> None:
    assert b"Type words" in logged_in(owner).get("/search/").content


def test_the_page_names_the_person_and_the_kind_of_text_like_the_cli(owner) -> None:
    from coffeechat.models import Conversation, Task

    dana = add_person(owner, NewPerson("Dana Reyes"))
    note = Note.objects.create(owner=owner, person=dana, body="zebrafish desk")
    Conversation.objects.create(owner=owner, person=dana, notes="She mentioned the zebrafish beat")
    Task.objects.create(owner=owner, person=dana, title="Read about zebrafish")
    body = logged_in(owner).get("/search/?q=zebrafish").content.decode()
    for label in ('<span class="kind">Note</span>', '<span class="kind">Conversation notes</span>',
                  '<span class="kind">Task</span>'):
        assert label in body
    assert body.count(f'href="/people/{dana.pk}/">Dana Reyes</a>') == 3 and f"(#{note.pk})" not in body


def test_the_page_shows_the_best_fifty_then_every_match(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    Note.objects.bulk_create([Note(owner=owner, person=dana, body=f"clip {n}") for n in range(60)])
    client = logged_in(owner)
    first = client.get("/search/?q=clip").content.decode()
    assert first.count('class="hit hit-note"') == 50 and "Show every match" in first
    every = client.get("/search/?q=clip&all=1").content.decode()
    assert every.count('class="hit hit-note"') == 60 and "Show every match" not in every
