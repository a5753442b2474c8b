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
