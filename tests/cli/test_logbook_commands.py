"""`coffeechat log …`, `schedule`, `snooze` and `next` as real processes: impossible dates are refused in one
clean line with exit status 1; a late thank-you is marked late in text and JSON; a move keeps its length."""

from __future__ import annotations

import json

from conftest import run_coffeechat


def _run(env: dict[str, str], now: str, *args: str):  # type: ignore[no-untyped-def]
    return run_coffeechat(env, "--now", now, *args)


def _refused(result, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert reason in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_impossible_dates_are_refused_with_the_reason(fresh_data_env) -> None:
    env = fresh_data_env
    now = "2026-12-02 15:00"
    assert run_coffeechat(env, "settings", "set", "timezone", "UTC").returncode == 0
    assert run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune").returncode == 0
    assert _run(env, now, "log", "sent", "dana", "--at", "2026-11-30 10:00").returncode == 0
    _refused(_run(env, now, "log", "reply", "dana", "--at", "2026-11-29 10:00"),
             "a reply cannot come before its request: your request to Dana Reyes was sent on Mon 30 Nov 2026 10:00")
    assert _run(env, now, "log", "reply", "dana", "--at", "2026-12-01 09:00").returncode == 0
    _refused(_run(env, now, "log", "held", "dana", "--at", "2026-12-05 10:00"), "which is still in the future")
    assert _run(env, now, "log", "meeting", "dana", "--at", "2026-12-04 10:00").returncode == 0
    _refused(_run(env, now, "log", "held", "dana"), "your conversation with Dana Reyes is set for Fri 04 Dec 2026 10:00")


def test_a_second_follow_up_is_refused(fresh_data_env) -> None:
    env = fresh_data_env
    now = "2026-12-02 15:00"
    run_coffeechat(env, "add", "Bo Lee", "--org", "Acme")
    assert _run(env, now, "log", "sent", "bo", "--at", "2026-11-10 10:00").returncode == 0
    assert _run(env, now, "log", "sent", "bo", "--follow-up", "--at", "2026-11-20 10:00").returncode == 0
    _refused(_run(env, now, "log", "sent", "bo", "--follow-up"), "the rule is one follow-up and never a second")


def test_snooze_to_the_past_is_refused(fresh_data_env) -> None:
    env = fresh_data_env
    now = "2026-12-02 15:00"
    run_coffeechat(env, "add", "Cy Park", "--org", "Acme")
    _run(env, now, "log", "sent", "cy", "--at", "2026-11-01 10:00")
    key = json.loads(_run(env, now, "next", "--json").stdout)["actions"][0]["id"]
    _refused(_run(env, now, "snooze", key, "--until", "2026-11-30"), "that day has passed")
    assert _run(env, now, "snooze", key, "--until", "2026-12-09").returncode == 0


def test_next_marks_a_late_thank_you_in_text_and_json(fresh_data_env) -> None:
    env = fresh_data_env
    run_coffeechat(env, "settings", "set", "timezone", "UTC")
    run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune")
    assert _run(env, "2026-12-01 09:00", "log", "meeting", "dana", "--at", "2026-12-01 09:00").returncode == 0
    assert _run(env, "2026-12-01 09:30", "log", "held", "dana").returncode == 0
    # 20 hours after: due, not late.
    on_time = json.loads(_run(env, "2026-12-02 05:30", "next", "--json").stdout)["actions"]
    thank = next(a for a in on_time if a["kind"] == "thank_you")
    assert (thank["late"], thank["overdue"]) == (False, False)
    # 30 hours after: late, not yet overdue.
    late = _run(env, "2026-12-02 15:30", "next", "--json")
    thank = next(a for a in json.loads(late.stdout)["actions"] if a["kind"] == "thank_you")
    assert (thank["late"], thank["overdue"]) == (True, False)
    assert "it is late" in thank["reason"]
    text = _run(env, "2026-12-02 15:30", "next").stdout
    assert any(line.startswith("LATE") and "thank you" in line for line in text.splitlines()), text
    # Four days after: overdue (and still late).
    overdue = json.loads(_run(env, "2026-12-05 10:00", "next", "--json").stdout)["actions"]
    thank = next(a for a in overdue if a["kind"] == "thank_you")
    assert (thank["late"], thank["overdue"]) == (True, True)


def test_confirm_is_due_now_for_a_conversation_agreed_30_hours_ahead(fresh_data_env) -> None:
    env = fresh_data_env
    run_coffeechat(env, "settings", "set", "timezone", "UTC")
    run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune")
    assert _run(env, "2026-12-02 08:00", "log", "meeting", "dana", "--at", "2026-12-03 14:00").returncode == 0
    items = json.loads(_run(env, "2026-12-02 08:00", "next", "--json").stdout)["actions"]
    confirm = next(a for a in items if a["kind"] == "confirm")
    assert (confirm["due"], confirm["overdue"]) == ("2026-12-02", False)


def test_a_moved_conversation_keeps_its_length(fresh_data_env) -> None:
    env = fresh_data_env
    now = "2026-12-02 15:00"
    run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune", "--tz", "America/New_York")
    first = _run(env, now, "schedule", "dana", "--at", "2026-12-10 14:00", "--minutes", "45", "--json")
    assert json.loads(first.stdout)["minutes"] == 45
    moved = _run(env, now, "schedule", "dana", "--at", "2026-12-11 14:00")
    assert moved.returncode == 0 and "Moved:" in moved.stdout and "45 minutes" in moved.stdout
    logged = _run(env, now, "log", "meeting", "dana", "--at", "2026-12-12 14:00")
    assert "(45 min)" in logged.stdout
