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
    missing = cli("goal", "astronomy", expect_exit=1)
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
    assert cli("stage", "dana", "bestie", expect_exit=2).exit_code != 0
    assert "every 120 days" in cli("cadence", "sam", "120").output
    assert Person.objects.get(full_name="Sam Park").cadence_days == 120
    assert "No cadence" in cli("cadence", "sam", "none").output
    assert cli("cadence", "sam", "often", expect_exit=2).exit_code != 0


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


def test_goal_add_edit_list_archive_as_separate_processes(fresh_data_env) -> None:
    from conftest import run_coffeechat

    env = fresh_data_env
    added = run_coffeechat(env, "goal", "add", "Data journalism", "--field", "newsroom_politics",
                           "--question", "Which tools did you learn first?")
    assert added.returncode == 0, added.stderr
    assert "Added goal #1: Data journalism" in added.stdout and "Newsrooms and politics" in added.stdout
    edited = run_coffeechat(env, "goal", "edit", "data", "--title", "Data and graphics journalism",
                            "--role", "data reporter", "--interests", "How desks pick stories", "--json")
    assert edited.returncode == 0, edited.stderr
    data = json.loads(edited.stdout)
    assert data["title"] == "Data and graphics journalism" and data["target_role"] == "data reporter"
    listed = run_coffeechat(env, "goal", "list")
    assert "Data and graphics journalism" in listed.stdout
    shown = run_coffeechat(env, "goal", "graphics")  # the old form still shows the synthesis
    assert shown.returncode == 0 and "Target role: data reporter" in shown.stdout
    assert "[open] Which tools did you learn first?" in shown.stdout
    bad = run_coffeechat(env, "goal", "edit", "1", "--field", "astrology")
    assert bad.returncode == 2 and "--field" in bad.stderr and "Traceback" not in bad.stderr
    archived = run_coffeechat(env, "goal", "archive", "1")
    assert archived.returncode == 0 and "Archived goal #1" in archived.stdout
    after = run_coffeechat(env, "goals", "--json")
    assert json.loads(after.stdout) == {"goals": []}
    assert "(archived)" in run_coffeechat(env, "goal", "list", "--all").stdout
    assert run_coffeechat(env, "goal", "unarchive", "1").returncode == 0
    assert [g["title"] for g in json.loads(run_coffeechat(env, "goals", "--json").stdout)["goals"]] == [
        "Data and graphics journalism"]


def test_goal_edit_adds_and_removes_questions_and_refuses_twins(cli, owner) -> None:
    assert cli("goal", "add", "Policy", "--question", "Why this institute?").exit_code == 0
    question = Goal.objects.get(title="Policy").questions.get()
    result = cli("goal", "edit", "policy", "--add-question", "Who funds you?", "--remove-question", str(question.pk))
    assert result.exit_code == 0, result.output
    assert list(Goal.objects.get(title="Policy").questions.values_list("text", flat=True)) == ["Who funds you?"]
    twin = cli("goal", "add", "policy", expect_exit=2)
    assert twin.exit_code == 2 and "already have a goal called 'Policy'" in twin.output
    nothing = cli("goal", "edit", "policy", expect_exit=2)
    assert nothing.exit_code == 2 and "say what to change" in nothing.output
    assert cli("goal", "show", "policy", "--json").exit_code == 0


def test_goal_assign_gives_the_persons_conversation_to_the_goal(cli, owner) -> None:
    cli("goal", "add", "Data journalism")
    cli("goal", "add", "Policy")
    cli("add", "Dana Reyes")
    missing = cli("goal", "assign", "policy", "dana", expect_exit=1)
    assert missing.exit_code == 1 and "no conversation with Dana Reyes yet" in missing.output
    assert cli("log", "held", "dana", "--at", "2026-12-01 10:00").exit_code == 0
    assert Conversation.objects.get().goal is None  # two active goals: nothing is guessed
    done = cli("goal", "assign", "policy", "dana")
    assert done.exit_code == 0 and "is now for “Policy”" in done.output
    assert Conversation.objects.get().goal == Goal.objects.get(title="Policy")
