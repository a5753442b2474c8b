"""add, people and show, as a user types them."""

from __future__ import annotations

import json
import subprocess
import sys

from coffeechat.models import Person, Touch
from conftest import run_coffeechat


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
    result = cli("show", "dana", expect_exit=1)
    assert result.exit_code == 1
    assert "matches several people" in result.output
    assert "Dana Reyes" in result.output and "Dana Okafor" in result.output


def test_unknown_person_says_so(cli) -> None:
    result = cli("show", "nobody", expect_exit=1)
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
    result = cli("--now", "someday", "people", expect_exit=2)
    assert result.exit_code == 2
    assert "--now" in result.output and "try" in result.output


def test_bad_time_zone_is_refused(cli) -> None:
    result = cli("add", "Dana Reyes", "--tz", "Mars/Olympus", expect_exit=2)
    assert result.exit_code == 2
    assert "Mars/Olympus" in result.output
    assert not Person.objects.exists()


# -- edit, delete, twins and finding, as separate processes (the way a user runs them) -------------------

def test_the_whole_story_of_one_person_as_processes(fresh_data_env) -> None:
    env = fresh_data_env
    added = run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune", "--title", "Reporter")
    assert added.returncode == 0, added.stderr
    assert "Added #" in added.stdout
    pk = added.stdout.split("#", 1)[1].split()[0]

    twin = run_coffeechat(env, "add", "dana reyes", "--org", "the tribune")
    assert twin.returncode == 1
    assert f"already in your network as #{pk}" in twin.stderr and "--force" in twin.stderr
    assert "Traceback" not in twin.stderr

    edited = run_coffeechat(env, "edit", "dana", "--title", "Politics editor", "--tz", "America/Chicago",
                            "--tag", "alumni")
    assert edited.returncode == 0, edited.stderr
    assert "Title changed from “Reporter” to “Politics editor”" in edited.stdout

    shown = json.loads(run_coffeechat(env, "show", pk, "--json").stdout)
    assert shown["person"]["title"] == "Politics editor"
    assert shown["person"]["timezone"] == "America/Chicago" and shown["person"]["tags"] == ["alumni"]
    assert shown["timeline"][0]["kind"] == "updated"

    refused = run_coffeechat(env, "edit", pk, "--cadence", "30")
    assert refused.returncode == 2 and "at least 90 days" in refused.stderr

    asked = subprocess.run([sys.executable, "-m", "coffeechat", "delete", pk], env=env, input="n\n",
                           capture_output=True, text=True, timeout=120)
    assert asked.returncode == 1
    assert "also deletes 2 timeline entries" in asked.stdout and "Nothing deleted" in asked.stderr

    deleted = run_coffeechat(env, "delete", f"#{pk}", "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert "Deleted #" in deleted.stdout and "Dana Reyes" in deleted.stdout

    gone = run_coffeechat(env, "show", pk)
    assert gone.returncode == 1 and f"no person with id {pk}" in gone.stderr


def test_names_are_found_without_accents_and_a_number_is_an_id_as_processes(fresh_data_env) -> None:
    env = fresh_data_env
    assert run_coffeechat(env, "add", "José Núñez", "--org", "Acme").returncode == 0
    assert run_coffeechat(env, "add", "Chloé Martin").returncode == 0
    nunez = json.loads(run_coffeechat(env, "show", "nunez", "--json").stdout)["person"]
    assert nunez["name"] == "José Núñez"
    assert json.loads(run_coffeechat(env, "show", "chloe", "--json").stdout)["person"]["name"] == "Chloé Martin"
    by_hash = json.loads(run_coffeechat(env, "show", f"#{nunez['id']}", "--json").stdout)["person"]
    by_number = json.loads(run_coffeechat(env, "show", str(nunez["id"]), "--json").stdout)["person"]
    assert by_hash == by_number == nunez
    listed = json.loads(run_coffeechat(env, "people", "NUNEZ", "--json").stdout)
    assert [p["name"] for p in listed["people"]] == ["José Núñez"]


def test_people_refuses_a_negative_limit_and_a_flood_of_words_cleanly(fresh_data_env) -> None:
    env = fresh_data_env
    negative = run_coffeechat(env, "people", "--limit", "-1")
    assert negative.returncode == 2 and "--limit" in negative.stderr and "Traceback" not in negative.stderr
    flood = run_coffeechat(env, "people", *[f"word{i}" for i in range(500)])
    assert flood.returncode == 2 and "at most 20 words" in flood.stderr and "Traceback" not in flood.stderr


def test_show_lists_links_and_only_web_links_are_accepted(cli) -> None:
    added = cli("add", "Dana Reyes", "--link", "dana.example/portfolio")
    assert added.exit_code == 0, added.output
    assert "Links:        https://dana.example/portfolio" in cli("show", "dana").output
    refused = cli("edit", "dana", "--link", "javascript:alert(1)", expect_exit=2)
    assert refused.exit_code == 2 and "http:// or https://" in refused.output
    assert "javascript" not in cli("show", "dana").output


def test_edit_with_nothing_to_change_says_how(cli) -> None:
    cli("add", "Dana Reyes")
    result = cli("edit", "dana", expect_exit=2)
    assert result.exit_code == 2 and "say what to change" in result.output


def test_add_force_makes_a_second_person_on_purpose(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune")
    assert cli("add", "Dana Reyes", "--org", "The Tribune", expect_exit=1).exit_code == 1
    forced = cli("add", "Dana Reyes", "--org", "The Tribune", "--force")
    assert forced.exit_code == 0
    assert Person.objects.count() == 2


def test_delete_json_needs_yes_and_says_what_went(cli) -> None:
    cli("add", "Dana Reyes", "--email", "dana@tribune.example")
    assert cli("delete", "dana", "--json", expect_exit=2).exit_code == 2
    done = json.loads(cli("delete", "dana", "--yes", "--json").output)
    assert done["name"] == "Dana Reyes"
    assert done["removed"] == {"timeline entry": 1, "email address": 1} and done["kept"] == {}
    assert not Person.objects.exists()
