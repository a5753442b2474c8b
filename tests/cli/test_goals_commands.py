"""`coffeechat goals`, `goal` and `reflect`; and the relationship commands: stage, cadence, losing-touch,
milestone."""

from __future__ import annotations

import json

import pytest

from coffeechat.models import Conversation, Goal, Insight, Person, Task


@pytest.fixture
def learned(cli, owner) -> Goal:
    goal = Goal.objects.create(owner=owner, title="Data journalism")
    for name in ("Dana Reyes", "Sam Park", "Lee Chen"):
        cli("add", name)
        person = Person.objects.get(full_name=name)
        talk = Conversation.objects.create(owner=owner, person=person, goal=goal, state="held")
        Insight.objects.create(owner=owner, conversation=talk, person=person, goal=goal, text="Learn SQL", skill="SQL")
    return goal


def test_goals_and_one_goal(cli, learned) -> None:
    listed = json.loads(cli("goals", "--json").output)["goals"]
    assert listed == [{"id": learned.pk, "title": "Data journalism", "archived": False, "conversations": 3,
                       "insights": 3, "questions": 0}]
    data = json.loads(cli("goal", "journalism", "--json").output)
    assert data["skills"][0]["name"] == "SQL" and data["skills"][0]["conversations"] == 3
    assert "SQL — 3 conversations" in cli("goal", str(learned.pk)).output
    missing = cli("goal", "astronomy")
    assert missing.exit_code != 0 and "no goal matches" in missing.output


def test_reflect_keeps_versions(cli, learned) -> None:
    assert cli("--now", "2026-09-01", "reflect", "journalism", "Any newsroom").exit_code == 0
    out = json.loads(cli("--now", "2026-11-01", "reflect", "journalism", "Data desks", "--json").output)
    assert out["body"] == "Data desks" and out["at"].startswith("2026-11-01")
    versions = json.loads(cli("goal", "journalism", "--json").output)["reflections"]
    assert [v["body"] for v in versions] == ["Data desks", "Any newsroom"]


def test_stage_and_cadence(cli, learned) -> None:
    assert "now at stage Mentor" in cli("stage", "dana", "mentor").output
    assert Person.objects.get(full_name="Dana Reyes").stage == "mentor"
    assert cli("stage", "dana", "bestie").exit_code != 0
    assert "every 120 days" in cli("cadence", "sam", "120").output
    assert Person.objects.get(full_name="Sam Park").cadence_days == 120
    assert "No cadence" in cli("cadence", "sam", "none").output
    assert cli("cadence", "sam", "often").exit_code != 0


def test_losing_touch_lists_keep_in_touch_only(cli, learned) -> None:
    cli("stage", "dana", "mentor")
    data = json.loads(cli("losing-touch", "--json").output)
    assert [a["person"] for a in data["actions"]] == ["Dana Reyes"]
    assert {a["kind"] for a in data["actions"]} == {"keep_in_touch"}


def test_milestone_adds_report_back_tasks_shown_in_next(cli, learned) -> None:
    cli("add", "Ana Diaz")  # never talked with: not told
    out = json.loads(cli("milestone", "got the internship", "--json").output)
    assert len(out["tasks"]) == 3  # everyone talked with (held conversations)
    assert Person.objects.get(full_name="Ana Diaz").pk not in {t["person_id"] for t in out["tasks"]}
    assert Task.objects.count() == 3
    upcoming = json.loads(cli("next", "--until", "+8d", "--json").output)["actions"]
    assert sum(1 for a in upcoming if a["kind"] == "task" and "got the internship" in a["reason"]) == 3
