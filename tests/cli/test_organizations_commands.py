"""`coffeechat org list|show|rename|merge`, run as a user runs them."""

from __future__ import annotations

import json

from conftest import run_coffeechat


def test_rename_and_merge_move_the_people(fresh_data_env) -> None:
    env = fresh_data_env
    for name, org in (("Dana Reyes", "The New York Times"), ("Sam Park", "NYT"), ("Lee Chen", "New York Times Co")):
        assert run_coffeechat(env, "add", name, "--org", org).returncode == 0
    listed = json.loads(run_coffeechat(env, "org", "list", "--json").stdout)
    ids = {o["name"]: o["id"] for o in listed["organizations"]}
    assert listed["count"] == 3
    taken = run_coffeechat(env, "org", "rename", "NYT", "the new york times")
    assert taken.returncode == 1 and f"coffeechat org merge {ids['The New York Times']} {ids['NYT']}" in taken.stderr
    renamed = run_coffeechat(env, "org", "rename", "co", "NY Times Company")
    assert renamed.returncode == 0 and "Renamed" in renamed.stdout and "to NY Times Company" in renamed.stdout
    merged = run_coffeechat(env, "org", "merge", "The New York Times", "NYT")
    assert merged.returncode == 0, merged.stderr
    assert "Merged NYT into The New York Times" in merged.stdout and "1 person" in merged.stdout
    merged = run_coffeechat(env, "org", "merge", str(ids["The New York Times"]), "NY Times Company", "--json")
    assert json.loads(merged.stdout)["people_moved"] == 1
    shown = json.loads(run_coffeechat(env, "org", "show", "times", "--json").stdout)
    assert [p["name"] for p in shown["people"]] == ["Dana Reyes", "Lee Chen", "Sam Park"]
    assert "Organisation NYT merged into The New York Times" in run_coffeechat(env, "show", "sam").stdout
    text = run_coffeechat(env, "org", "show", "times").stdout
    assert "Sam Park" in text and "People (3)" in text
    assert run_coffeechat(env, "org", "show", "nowhere").returncode == 1
