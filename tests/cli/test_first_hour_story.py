"""A new user's first hour through the CLI, every step a separate `coffeechat` process on an empty home:
make a goal, add a person, fix their title, schedule a conversation, hold it with notes, find a word of
the notes with `search` (text and --json) and read the note on `show PERSON` (text and --json)."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta

from conftest import run_coffeechat


def _ok(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run one command; it must succeed without a traceback."""
    result = run_coffeechat(env, *args)
    assert result.returncode == 0, f"coffeechat {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_first_hour_story_through_the_cli(fresh_data_env: dict[str, str]) -> None:
    env = fresh_data_env
    notes = "Learn SQL before another charting tool; ask Marisol about the statehouse beat"

    goal = _ok(env, "goal", "add", "Data journalism", "--field", "newsroom_politics", "--role", "data reporter")
    assert "Added goal #1: Data journalism" in goal.stdout
    goals = json.loads(_ok(env, "goals", "--json").stdout)["goals"]
    assert [(g["title"], g["conversations"]) for g in goals] == [("Data journalism", 0)]

    added = _ok(env, "add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor")
    assert "Added #1 Dana Reyes, Politics editor at The Tribune." in added.stdout

    edited = _ok(env, "edit", "dana", "--title", "Managing editor")
    assert "Managing editor" in edited.stdout
    assert "Politics editor" in edited.stdout, "the edit should say what the title was before"
    person = json.loads(_ok(env, "show", "dana", "--json").stdout)["person"]
    assert person["title"] == "Managing editor"

    # Yesterday afternoon in their zone: a conversation that has happened, so it can be held now.
    when = (datetime.now() - timedelta(days=1)).strftime("%Y-%m-%d") + " 14:00"
    scheduled = _ok(env, "schedule", "dana", "--at", when, "--tz", "America/Chicago")
    assert "Scheduled: conversation #1 with Dana Reyes, 20 minutes." in scheduled.stdout
    assert "America/Chicago" in scheduled.stdout

    held = _ok(env, "log", "held", "dana", "--notes", notes)
    assert "Logged: you talked with Dana Reyes." in held.stdout

    # The one goal gathers the conversation.
    goals = json.loads(_ok(env, "goals", "--json").stdout)["goals"]
    assert [(g["title"], g["conversations"]) for g in goals] == [("Data journalism", 1)]

    found = _ok(env, "search", "statehouse")
    assert "Dana Reyes" in found.stdout
    assert "statehouse" in found.stdout.lower()
    assert "No results" not in found.stdout
    data = json.loads(_ok(env, "search", "statehouse", "--json").stdout)
    assert data["count"] >= 1
    hit = data["results"][0]
    assert hit["person_name"] == "Dana Reyes"
    assert hit["conversation_id"] == 1
    assert "statehouse" in hit["snippet"]

    shown = _ok(env, "show", "dana")
    assert "Managing editor" in shown.stdout
    assert "Learn SQL before another charting tool" in shown.stdout
    assert "Talked with Dana Reyes" in shown.stdout
    timeline = json.loads(_ok(env, "show", "dana", "--json").stdout)["timeline"]
    written = [entry for entry in timeline if entry["written"]]
    assert [entry["text"] for entry in written] == [notes]
    assert written[0]["conversation_id"] == 1
    kinds = {entry["kind"] for entry in timeline}
    assert {"held", "held_notes", "scheduled"} <= kinds


def test_holding_a_conversation_logged_days_later_says_the_same_as_next(fresh_data_env: dict[str, str]) -> None:
    """Logged as held three days after it was set: the conversation took place when it was set, so `log held`,
    the timeline and `next` all say the thank-you is late — never "within 24 hours" beside "late"."""
    env = dict(fresh_data_env, COFFEECHAT_NOW="2026-03-01 09:00")
    _ok(env, "settings", "set", "timezone", "America/Chicago")
    _ok(env, "add", "Dana Reyes", "--org", "The Tribune")
    _ok(env, "schedule", "dana", "--at", "2026-02-25 14:00", "--tz", "America/Chicago")
    held = _ok(env, "log", "held", "dana", "--notes", "Learn SQL first")
    assert "within 24 hours" not in held.stdout
    assert "late" in held.stdout
    agenda = _ok(env, "next")
    assert "it is late (more than 72 hours since you talked)" in agenda.stdout
    timeline = json.loads(_ok(env, "show", "dana", "--json").stdout)["timeline"]
    talked = next(entry for entry in timeline if entry["kind"] == "held")
    assert talked["at"].startswith("2026-02-25T20:00"), talked

    # Held the day it took place, the thank-you is still on time, and the record says so.
    env = dict(env, COFFEECHAT_NOW="2026-03-02 15:00")
    _ok(env, "schedule", "dana", "--at", "2026-03-02 14:00", "--tz", "America/Chicago")
    on_time = _ok(env, "log", "held", "dana")
    assert "Send a thank-you within 24 hours." in on_time.stdout
