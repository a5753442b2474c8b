"""`coffeechat import linkedin` twice, as separate programs: a new job of someone you know is on `next`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import run_coffeechat

MERGE = Path(__file__).resolve().parents[1] / "fixtures" / "merge"


def run(env: dict[str, str], now: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_coffeechat(env, "--now", now, *args)
    assert result.returncode == 0, result.stderr
    return result


def congratulations(env: dict[str, str], now: str) -> list[dict[str, object]]:
    actions = json.loads(run(env, now, "next", "--json").stdout)["actions"]
    return [action for action in actions if action["kind"] == "congratulate"]


def test_reimport_a_new_job_congratulate_once_then_done(fresh_data_env) -> None:
    env = fresh_data_env
    run(env, "2026-11-02 09:00", "import", "linkedin", str(MERGE / "linkedin_before.csv"))
    run(env, "2026-11-02 09:05", "edit", "Dana Reyes", "--how", "colleague")
    run(env, "2026-12-03 09:00", "import", "linkedin", str(MERGE / "linkedin_after.csv"))

    (action,) = congratulations(env, "2026-12-03 10:00")
    assert action["person"] == "Dana Reyes" and action["organization"] == "Metro Public Radio"
    assert "Managing Editor at Metro Public Radio" in str(action["reason"])
    assert str(action["id"]).startswith("congratulate:touch:")
    plain = run(env, "2026-12-03 10:00", "next").stdout
    assert "congratulate" in plain and str(action["id"]) in plain

    assert f"Done: {action['id']}" in run(env, "2026-12-03 10:05", "done", str(action["id"])).stdout
    assert congratulations(env, "2026-12-03 10:10") == []
    # The same file again changes nothing and brings nothing back.
    again = run(env, "2026-12-04 09:00", "import", "linkedin", str(MERGE / "linkedin_after.csv"), "--json")
    assert json.loads(again.stdout)["updated"] == 0
    assert congratulations(env, "2026-12-04 10:00") == []
