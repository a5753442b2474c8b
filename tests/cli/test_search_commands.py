"""`coffeechat search`: ranked results with marked words, as text and as JSON."""

from __future__ import annotations

import json


def test_search_finds_people_and_notes(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor")
    cli("note", "dana", "Send clips to the metro editor")
    data = json.loads(cli("search", "clips", "editor", "--json").output)
    assert data["query"] == "clips editor" and data["count"] == 1
    assert data["results"][0]["kind"] == "note" and "<mark>clips</mark>" in data["results"][0]["snippet"]
    people = json.loads(cli("search", "tribune", "--kind", "person", "--json").output)
    assert [r["title"] for r in people["results"]] == ["Dana Reyes"]
    text = cli("search", "editor")
    assert "Dana Reyes" in text.output and "*editor*" in text.output


def test_search_with_no_match_says_so(cli) -> None:
    result = cli("search", "zeppelin")
    assert result.exit_code == 0 and "Nothing matches" in result.output


def test_results_name_the_person_and_the_kind_never_a_bare_id(cli) -> None:
    cli("add", "Sam Park")
    cli("add", "Dana Reyes", "--org", "The Tribune")
    cli("note", "dana", "Send clips to the metro editor")
    text = cli("search", "clips").output
    assert "Note  Dana Reyes" in text and "(#" not in text
    data = json.loads(cli("search", "clips", "--json").output)["results"][0]
    assert data["label"] == "Note" and data["person_name"] == "Dana Reyes" and data["at"]


def test_limit_zero_shows_every_match_and_a_negative_limit_is_refused(cli) -> None:
    cli("add", "Dana Reyes")
    for n in range(25):
        cli("note", "dana", f"Clip file number {n}")
    assert json.loads(cli("search", "clip", "--json").output)["count"] == 20
    assert json.loads(cli("search", "clip", "--json", "--limit", "0").output)["count"] == 25
    assert "--limit 0 shows every match" in cli("search", "clip").output
    refused = cli("search", "clip", "--limit", "-1", expect_exit=2)
    assert refused.exit_code == 2 and "--limit" in refused.output


def test_tasks_referrals_and_held_notes_are_found(cli) -> None:
    cli("add", "Dana Reyes")
    cli("log", "meeting", "dana", "--at", "2026-01-05 15:00")
    cli("log", "held", "dana", "--at", "2026-01-05 15:30", "--notes", "Ask about the zebrafish beat")
    found = json.loads(cli("search", "zebrafish", "--json").output)["results"]
    assert [(r["kind"], r["label"], r["person_name"]) for r in found] == [
        ("conversation", "Conversation notes", "Dana Reyes")]
    assert found[0]["at"].startswith("2026-01-05")
