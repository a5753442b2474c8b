"""`coffeechat prep`: the brief and the plan, as text and as JSON."""

from __future__ import annotations

import json

from coffeechat.models import Conversation, PlanItem


def test_prep_prints_the_brief_and_a_plan_sized_to_the_slot(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor", "--how", "alumni")
    cli("settings", "set", "your_name", "Alex Kim")
    cli("log", "meeting", "dana", "--at", "2030-12-03 15:00", "--minutes", "20")
    result = cli("prep", "dana")
    assert result.exit_code == 0, result.output
    assert "Brief: Dana Reyes" in result.output and "Politics editor at The Tribune" in result.output
    assert "I'm Alex Kim" in result.output and "Question plan" in result.output
    assert PlanItem.objects.count() == 8
    again = json.loads(cli("prep", "dana", "--json").output)
    assert [item["position"] for item in again["plan"]] == list(range(1, 9))
    assert again["person"]["name"] == "Dana Reyes" and again["conversation"]["minutes"] == 20
    assert again["ground_rules"] is None
    # The saved plan is kept until asked for a new one.
    assert PlanItem.objects.count() == 8
    ids = {item["id"] for item in again["plan"]}
    fresh = json.loads(cli("prep", "dana", "--new-plan", "--json").output)
    assert not ids & {item["id"] for item in fresh["plan"]}


def test_prep_without_a_conversation_proposes_one(cli) -> None:
    cli("add", "Sam Park")
    result = cli("prep", "sam", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["conversation"]["state"] == "proposed"
    assert Conversation.objects.count() == 1


def test_prep_of_a_reporting_conversation_shows_the_ground_rules(cli) -> None:
    cli("add", "Ana Ruiz")
    cli("log", "meeting", "ana", "--at", "2030-12-03 15:00", "--reporting")
    result = cli("prep", "ana")
    assert "Ground rules" in result.output and "On the record" in result.output


def test_prep_of_nobody_fails_cleanly(cli) -> None:
    result = cli("prep", "nobody", expect_exit=1)
    assert result.exit_code != 0 and "nobody in your network" in result.output


def test_the_role_line_reads_right_whatever_is_on_record(cli) -> None:
    cli("add", "Ada One", "--org", "Acme", "--title", "Data editor")
    cli("add", "Bo Two", "--title", "Data editor")
    cli("add", "Cy Three", "--org", "Acme")
    cli("add", "Di Four")
    expected = {
        "ada": "Role:         Data editor at Acme",
        "bo": "Role:         Data editor",
        "cy": "Organisation: Acme",
        "di": "Role:         not on record",
    }
    for who, line in expected.items():
        output = cli("prep", who).output
        assert line in output, output
        assert "Role:         Acme" not in output


def test_the_introduction_uses_the_real_name_or_one_placeholder_form(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor")
    output = cli("prep", "dana").output
    assert "I'm [your name]" in output and "(your name)" not in output
    # The title typed "Politics editor" reads lower-case mid-sentence, with the article it sounds like.
    assert "your work as a politics editor at The Tribune" in output
    cli("settings", "set", "your_name", "Alex Kim")
    assert "I'm Alex Kim" in cli("prep", "dana").output
