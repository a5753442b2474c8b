"""`coffeechat tasks` and `task add|edit|done|reopen|delete`, run as a user runs them."""

from __future__ import annotations

import json

from coffeechat.models import Task
from conftest import run_coffeechat


def test_a_task_from_add_to_delete_as_separate_processes(fresh_data_env) -> None:
    env = {**fresh_data_env, "COFFEECHAT_NOW": "2026-12-04 09:00"}
    assert run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune").returncode == 0
    added = run_coffeechat(env, "task", "add", "Send my clips", "--due", "2026-12-18", "--person", "dana")
    assert added.returncode == 0, added.stderr
    assert "Task added: #1 Send my clips, due Fri 18 Dec 2026, for Dana Reyes" in added.stdout
    # Two weeks away: not due in `next`, but listed by `tasks`.
    assert "Send my clips" not in run_coffeechat(env, "next").stdout
    listed = run_coffeechat(env, "tasks")
    assert "Fri 18 Dec 2026" in listed.stdout and "Send my clips" in listed.stdout and "Dana Reyes" in listed.stdout
    data = json.loads(run_coffeechat(env, "tasks", "--json").stdout)
    assert data["count"] == 1 and data["tasks"][0]["due"] == "2026-12-18" and data["tasks"][0]["person"] == "Dana Reyes"
    edited = run_coffeechat(env, "task", "edit", "1", "--title", "Send three clips", "--due", "2026-12-02")
    assert edited.returncode == 0, edited.stderr
    late = json.loads(run_coffeechat(env, "tasks", "--json").stdout)["tasks"][0]
    assert late["title"] == "Send three clips" and late["overdue"] is True
    assert "OVERDUE" in run_coffeechat(env, "tasks").stdout
    done = run_coffeechat(env, "task", "done", "1")
    assert done.returncode == 0 and "Done: #1 Send three clips" in done.stdout
    assert json.loads(run_coffeechat(env, "tasks", "--json").stdout)["count"] == 0
    everything = json.loads(run_coffeechat(env, "tasks", "--all", "--json").stdout)["tasks"]
    assert everything[0]["done"] is True
    deleted = run_coffeechat(env, "task", "delete", "1")
    assert deleted.returncode == 0 and "Deleted task #1 Send three clips" in deleted.stdout
    again = run_coffeechat(env, "task", "delete", "1")
    assert again.returncode == 1 and "no task #1" in again.stderr and "Traceback" not in again.stderr


def test_edit_clears_and_refuses_clearly(cli, owner) -> None:
    cli("add", "Dana Reyes")
    assert cli("task", "add", "Send clips", "--due", "friday", "--person", "dana").exit_code == 0
    task = Task.objects.get()
    assert cli("task", "edit", str(task.pk), "--due", "none", "--person", "none").exit_code == 0
    task.refresh_from_db()
    assert task.due is None and task.person is None
    assert cli("task", "edit", str(task.pk), expect_exit=2).exit_code == 2
    bad_date = cli("task", "edit", str(task.pk), "--due", "someday", expect_exit=2)
    assert bad_date.exit_code == 2 and "--due" in bad_date.output
    empty = cli("task", "edit", str(task.pk), "--title", "  ", expect_exit=2)
    assert empty.exit_code == 2 and "needs a title" in empty.output
    assert cli("task", "done", f"#{task.pk}").exit_code == 0
    assert "Already done" in cli("task", "done", str(task.pk)).output
    assert "Open again" in cli("task", "reopen", str(task.pk)).output
    assert cli("tasks", "--person", "dana", "--json").exit_code == 0
    # `done` from the daily list closes the same task.
    assert cli("done", f"task:task:{task.pk}").exit_code == 0
    task.refresh_from_db()
    assert task.done_at is not None
