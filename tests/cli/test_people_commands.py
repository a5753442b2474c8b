"""add, people and show, as a user types them."""

from __future__ import annotations

import json

from coffeechat.models import Person, Touch


def test_add_then_list_as_json(cli) -> None:
    added = cli("add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor",
                "--email", "Dana@Tribune.example", "--tag", "journalism", "--how", "alumni")
    assert added.exit_code == 0, added.output
    assert "Added #" in added.output and "Politics editor at The Tribune" in added.output
    listed = cli("people", "--json")
    data = json.loads(listed.output)
    assert data["count"] == 1
    dana = data["people"][0]
    assert dana["name"] == "Dana Reyes"
    assert dana["organization"] == "The Tribune"
    assert dana["title"] == "Politics editor"
    assert dana["emails"] == ["dana@tribune.example"]
    assert dana["how_known"] == "alumni"
    assert dana["tags"] == ["journalism"]
    assert set(dana) >= {"id", "name", "organization", "title", "emails", "phones", "linkedin_url", "tags", "stage"}


def test_show_finds_a_person_by_a_piece_of_the_name(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune")
    cli("add", "Marcus Okafor", "--org", "Harbor Policy Institute")
    shown = cli("show", "rey", "--json")
    data = json.loads(shown.output)
    assert data["person"]["name"] == "Dana Reyes"
    assert data["timeline"][0]["kind"] == "added"


def test_show_by_email_id_and_linkedin_url(cli) -> None:
    cli("add", "Dana Reyes", "--email", "dana@tribune.example", "--linkedin", "linkedin.com/in/Dana-Reyes/")
    person = Person.objects.get()
    for reference in ("dana@tribune.example", str(person.pk), f"#{person.pk}", "https://www.linkedin.com/in/dana-reyes"):
        result = cli("show", reference, "--json")
        assert result.exit_code == 0, (reference, result.output)
        assert json.loads(result.output)["person"]["id"] == person.pk


def test_ambiguous_name_lists_the_candidates(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune")
    cli("add", "Dana Okafor", "--org", "Metro Public Radio")
    result = cli("show", "dana")
    assert result.exit_code == 1
    assert "matches several people" in result.output
    assert "Dana Reyes" in result.output and "Dana Okafor" in result.output


def test_unknown_person_says_so(cli) -> None:
    result = cli("show", "nobody")
    assert result.exit_code == 1
    assert "nobody in your network matches 'nobody'" in result.output


def test_people_filters_by_text_tag_and_organisation(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor", "--tag", "journalism")
    cli("add", "Marcus Okafor", "--org", "Harbor Policy Institute", "--title", "Policy analyst")
    names = lambda *args: [p["name"] for p in json.loads(cli("people", *args, "--json").output)["people"]]
    assert names("editor") == ["Dana Reyes"]
    assert names("--tag", "journalism") == ["Dana Reyes"]
    assert names("--org", "harbor") == ["Marcus Okafor"]
    assert names("policy", "analyst") == ["Marcus Okafor"]
    assert names() == ["Dana Reyes", "Marcus Okafor"]


def test_empty_network_says_how_to_start(cli) -> None:
    result = cli("people")
    assert "Your network is empty" in result.output


def test_now_option_dates_what_is_recorded(cli) -> None:
    cli("--now", "2026-03-04 09:30", "add", "Dana Reyes")
    touch = Touch.objects.get()
    assert touch.at.date().isoformat() == "2026-03-04"


def test_bad_now_is_refused_with_the_forms_that_work(cli) -> None:
    result = cli("--now", "someday", "people")
    assert result.exit_code == 2
    assert "--now" in result.output and "try" in result.output


def test_bad_time_zone_is_refused(cli) -> None:
    result = cli("add", "Dana Reyes", "--tz", "Mars/Olympus")
    assert result.exit_code == 2
    assert "Mars/Olympus" in result.output
    assert not Person.objects.exists()
