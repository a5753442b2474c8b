"""The peer of `coffeechat next`: Taskwarrior's `task next` over 10,000 (or N) pending tasks with due dates.

The tasks live in a scratch data folder (TASKDATA and TASKRC point there, never to the user's own), and are
loaded in one `task import` of a generated JSON file rather than 10,000 `task add` calls.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from datetime import datetime, timedelta
from pathlib import Path

TASKS = 10_000
PROJECTS = ("outreach", "followups", "prep", "thanks", "reading", "admin")
TAGS = ("call", "email", "read", "write", "urgent")


def taskwarrior_version() -> tuple[int, ...] | None:
    """Taskwarrior's version as numbers, e.g. (2, 6, 2); None when `task` cannot tell."""
    try:
        out = subprocess.run(["task", "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", out)
    return tuple(int(x) for x in found.groups() if x is not None) if found else None


def generated_tasks(now: datetime, count: int = TASKS) -> list[dict[str, object]]:
    """``count`` pending tasks, deterministic: due from a month ago to two months ahead, some with priority."""
    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y%m%dT%H%M%SZ")

    tasks = []
    for i in range(count):
        entry = now - timedelta(days=40 + i % 300, minutes=i)
        task: dict[str, object] = {
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"coffeechat-bench-task-{i}")),
            "status": "pending",
            "description": f"Write to contact number {i} about the {PROJECTS[i % len(PROJECTS)]} list",
            "entry": stamp(entry),
            "modified": stamp(entry),
            "due": stamp(now + timedelta(days=-30 + i % 90, hours=i % 24)),
            "project": PROJECTS[i % len(PROJECTS)],
            "tags": [TAGS[i % len(TAGS)]],
        }
        if i % 4 == 0:
            task["priority"] = "HML"[i % 3]
        tasks.append(task)
    return tasks


def taskwarrior_environment(folder: Path) -> dict[str, str]:
    """TASKRC and TASKDATA for the scratch folder (the rest of the environment is added by the caller)."""
    return {"TASKRC": str(folder / "taskrc"), "TASKDATA": str(folder / "data")}


def prepare_taskwarrior(folder: Path, now: datetime, base_env: dict[str, str], *, fresh: bool,
                        count: int = TASKS) -> dict[str, str]:
    """A scratch Taskwarrior holding ``count`` tasks (imported once, reused later); returns its environment."""
    env = {**base_env, **taskwarrior_environment(folder)}
    marker = folder / "imported"
    if marker.exists() and not fresh and marker.read_text().strip() == str(count):
        return env
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "data").mkdir(parents=True)
    # Everything the peer needs, nothing that asks a question or talks to a server.
    (folder / "taskrc").write_text(
        f"data.location={folder / 'data'}\nconfirmation=off\nhooks=off\nnews.version=99.99.99\n"
    )
    tasks_file = folder / "tasks.json"
    tasks_file.write_text(json.dumps(generated_tasks(now, count)))
    major = (taskwarrior_version() or (2,))[0]
    # 2.x reads a JSON array; 3.x too. Both take rc overrides on the command line.
    subprocess.run(["task", "rc.confirmation=off", "rc.verbose=nothing", "import", str(tasks_file)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    imported = subprocess.run(["task", "rc.verbose=nothing", "status:pending", "count"], env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    if imported != str(count):
        raise RuntimeError(f"Taskwarrior {major}.x imported {imported} pending tasks instead of {count}")
    marker.write_text(imported + "\n")
    return env


def task_next_command() -> list[str]:
    """`task next` as a user runs it (its default report; confirmation off so nothing waits for input)."""
    return ["task", "rc.confirmation=off", "next"]
