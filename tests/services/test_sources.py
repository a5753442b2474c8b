"""Journalism mode: ground rules before someone becomes a source, and the source book."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from coffeechat.models import Person
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.sources import GroundRulesNeeded, mark_as_career, mark_as_source, source_book


def test_a_source_needs_ground_rules_first(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    with pytest.raises(GroundRulesNeeded, match="ground rules"):
        mark_as_source(owner, dana, "   ")
    dana.refresh_from_db()
    assert not dana.is_source
    mark_as_source(owner, dana, "On background; quotes only with her OK")
    dana.refresh_from_db()
    assert dana.is_source and dana.ground_rules.startswith("On background")
    assert dana.touches.filter(summary__contains="Now a source").exists()
    mark_as_career(owner, dana)
    dana.refresh_from_db()
    assert not dana.is_source and dana.ground_rules  # the rules stay on record


def test_the_source_book_lists_sources_with_their_last_touch(owner, outsider) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    add_person(owner, NewPerson("Sam Park"))
    theirs = add_person(outsider, NewPerson("Private Source"))
    mark_as_source(owner, dana, "On the record")
    mark_as_source(outsider, theirs, "Off the record")
    [entry] = source_book(owner)
    assert entry.person == dana and entry.last_touch is not None
    assert "Now a source" in entry.last_touch_summary


def test_cli_source_and_sources(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune")
    refused = cli("source", "dana", expect_exit=1)
    assert refused.exit_code == 1 and "ground rules" in refused.output
    assert cli("source", "dana", "--ground-rules", "On background").exit_code == 0
    book = json.loads(cli("sources", "--json").output)["sources"]
    assert [(s["name"], s["ground_rules"]) for s in book] == [("Dana Reyes", "On background")]
    assert cli("source", "dana", "--career").exit_code == 0
    assert json.loads(cli("sources", "--json").output)["sources"] == []


def test_web_switch_shows_the_rules_on_the_page(owner, outsider) -> None:
    client = Client()
    client.force_login(owner)
    dana = add_person(owner, NewPerson("Dana Reyes"))
    refused = client.post(f"/people/{dana.pk}/source", {"ground_rules": ""}, follow=True)
    assert b"agree the ground rules" in refused.content
    page = client.post(f"/people/{dana.pk}/source", {"ground_rules": "Off the record <unless> agreed"}, follow=True)
    assert b"Off the record &lt;unless&gt; agreed" in page.content
    assert b"Dana Reyes" in client.get("/sources/").content
    theirs = add_person(outsider, NewPerson("Private Person"))
    assert client.post(f"/people/{theirs.pk}/source", {"ground_rules": "x"}).status_code == 404
    assert not Person.objects.get(pk=theirs.pk).is_source
