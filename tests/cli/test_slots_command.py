"""`coffeechat slots`, as a separate program: free times in both zones, clear of a scheduled conversation,
shaped by the working-hours settings, and next to the request draft (never inside it)."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import run_coffeechat

pytestmark = pytest.mark.process

NOW = "2026-11-12 15:00"  # a Thursday afternoon in London


def run(env: dict[str, str], *args: str, status: int = 0) -> subprocess.CompletedProcess[str]:
    result = run_coffeechat(env, "--now", NOW, *args)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    return result


def test_slots_in_both_zones_avoid_a_scheduled_conversation(fresh_data_env) -> None:
    env = fresh_data_env
    run(env, "settings", "set", "timezone", "Europe/London")
    run(env, "add", "Noor Haddad", "--tz", "Asia/Riyadh", "--location", "Riyadh, Saudi Arabia")
    run(env, "add", "Lee Park", "--tz", "Europe/London")
    run(env, "schedule", "Lee Park", "--at", "2026-11-15 09:00", "--minutes", "120")  # a Sunday: no effect
    run(env, "schedule", "Lee Park", "--at", "2026-11-16 09:00", "--minutes", "120")  # moves it to Monday

    data = json.loads(run(env, "slots", "Noor", "--json").stdout)
    assert data["their_zone"] == "Asia/Riyadh" and data["your_zone"] == "Europe/London"
    assert data["their_country"] == "SA" and data["minutes"] == 20
    starts = [slot["start"] for slot in data["slots"]]
    # Friday 13th is their weekend; Monday is taken until 11:00 London time.
    assert starts == ["2026-11-16T11:00:00+00:00", "2026-11-17T09:00:00+00:00", "2026-11-18T09:00:00+00:00"]
    assert data["slots"][0]["for_them"] == "Mon 16 Nov 2026 14:00-14:20 +03"
    assert data["slots"][0]["for_you"] == "Mon 16 Nov 2026 11:00-11:20 GMT"
    assert any(note.startswith("No calendar connected") for note in data["notes"])

    plain = run(env, "slots", "Noor").stdout
    assert "Three times that suit you both (20 minutes):" in plain
    assert "- Mon 16 Nov 2026 14:00-14:20 +03 your time (Mon 16 Nov 2026 11:00-11:20 GMT mine)" in plain


def test_working_hours_settings_shape_the_times_and_bad_ones_are_refused(fresh_data_env) -> None:
    env = fresh_data_env
    run(env, "settings", "set", "timezone", "Europe/London")
    run(env, "add", "Dana Reyes")
    run(env, "settings", "set", "work_hours", "13:30-16:00")
    run(env, "settings", "set", "work_days", "tue,thu")
    refused = run(env, "settings", "set", "work_hours", "17:00-09:00", status=1)
    assert "start before it ends" in refused.stderr + refused.stdout
    refused = run(env, "settings", "set", "work_days", "weekdays", status=1)
    assert "mon-fri" in refused.stderr + refused.stdout

    data = json.loads(run(env, "slots", "dana", "--minutes", "30", "--json").stdout)
    assert [slot["start"] for slot in data["slots"]] == [
        "2026-11-17T13:30:00+00:00", "2026-11-19T13:30:00+00:00", "2026-11-24T13:30:00+00:00"]
    assert data["their_zone"] is None
    assert any("in your time only" in note for note in data["notes"])
    assert "in your time only" in run(env, "slots", "dana").stdout


def test_the_request_draft_shows_the_times_beside_the_message(fresh_data_env) -> None:
    env = fresh_data_env
    run(env, "settings", "set", "timezone", "Europe/London")
    run(env, "add", "Kenji Sato", "--tz", "Asia/Tokyo", "--org", "Nikkei")
    draft = json.loads(run(env, "outreach", "draft", "Kenji", "--json").stdout)
    assert draft["passed"] is True  # the request still keeps its word limit
    assert "2026" not in draft["body"]  # the times are not in the message
    assert len(draft["slots"]["slots"]) == 3 and draft["slots"]["their_zone"] == "Asia/Tokyo"
    plain = run(env, "outreach", "draft", "Kenji").stdout
    message, _, block = plain.partition("free times to suggest")
    assert "JST" not in message and "JST" in block
    assert "free times" not in run(env, "outreach", "draft", "Kenji", "--no-slots").stdout


def test_an_unknown_person_is_one_clear_line(fresh_data_env) -> None:
    result = run(fresh_data_env, "slots", "nobody", status=1)
    assert result.stderr.strip().count("\n") == 0 and "nobody" in result.stderr
