"""The real program on a real data folder: the flow from the README, in separate processes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import testenv
from conftest import run_coffeechat


def test_add_people_show_in_a_fresh_home(fresh_data_env: dict[str, str]) -> None:
    added = run_coffeechat(fresh_data_env, "add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor")
    assert added.returncode == 0, added.stderr
    listed = run_coffeechat(fresh_data_env, "people", "--json")
    assert listed.returncode == 0, listed.stderr
    people = json.loads(listed.stdout)["people"]
    assert [(p["name"], p["organization"], p["title"]) for p in people] == [("Dana Reyes", "The Tribune", "Politics editor")]
    shown = run_coffeechat(fresh_data_env, "show", "reyes")
    assert shown.returncode == 0, shown.stderr
    assert "Dana Reyes" in shown.stdout and "Timeline" in shown.stdout


def test_init_reports_where_the_data_lives(fresh_data_env: dict[str, str]) -> None:
    result = run_coffeechat(fresh_data_env, "init", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["home"] == fresh_data_env["COFFEECHAT_HOME"]
    if testenv.BACKEND == "sqlite":
        database = Path(fresh_data_env["COFFEECHAT_HOME"]) / "coffeechat.sqlite3"
        assert str(database) in data["storage"]
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"coffeechat_person", "coffeechat_conversation", "coffeechat_referral"} <= tables
    else:
        assert "PostgreSQL" in data["storage"]
