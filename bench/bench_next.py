"""`coffeechat next --json` over the large practice, against a Python floor and Taskwarrior's `task next`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import datetime
from typing import Any

from bench.measure import missing_command, tail, time_commands
from bench.report import Line, Summary, ms, ratio
from bench.taskwarrior_peer import TASKS, prepare_taskwarrior, task_next_command, taskwarrior_version
from bench.workspace import (
    NOW,
    OUT,
    child_environment,
    coffeechat_command,
    ensure_practice,
    missing_peer,
    write_result,
)

WARMUP, RUNS = 2, 10


def next_command(home: str) -> list[str]:
    """The timed command: the whole `coffeechat next --json` process at the benchmark's fixed now."""
    return [*coffeechat_command(), "--home", home, "--now", NOW, "next", "--json"]


def check_next(command: list[str], expected: list[str], summary: Summary) -> dict[str, Any] | None:
    """Run `coffeechat next --json` once; None (with a clear note) when it does not exist or fails."""
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=child_environment())
    if done.returncode != 0:
        if missing_command(done.stderr):
            summary.say("`coffeechat next` does not exist yet in this tree: its timing is skipped; "
                        "the floor and the peer are still measured.")
        else:
            summary.say(f"`coffeechat next --json` failed (exit {done.returncode}): {tail(done.stderr)}")
        return None
    try:
        actions = json.loads(done.stdout)["actions"]
    except (ValueError, KeyError) as error:
        summary.say(f"`coffeechat next --json` did not print {{\"actions\": [...]}} ({error}); timing it anyway.")
        return {"actions": 0, "by_kind": {}, "missing_kinds": expected}
    kinds = Counter(action.get("kind", "?") for action in actions)
    missing = [kind for kind in expected if kind not in kinds]
    if missing:
        summary.say(f"`coffeechat next` listed no {', '.join(missing)} action although the practice holds them.")
    return {"actions": len(actions), "by_kind": dict(sorted(kinds.items())), "missing_kinds": missing}


def run(summary: Summary, *, fresh: bool) -> dict[str, Any]:
    """Measure, print, save bench/out/next.json and add the lines of the final table."""
    print("\n== coffeechat next over 10,000 people ==", flush=True)
    manifest = ensure_practice(fresh=fresh)
    home, database = manifest["home"], manifest["database"]
    ours = next_command(home)
    listed = check_next(ours, manifest["expected_kinds"], summary)
    if listed:
        print(f"coffeechat next lists {listed['actions']} due actions: "
              + ", ".join(f"{n} {k}" for k, n in listed["by_kind"].items()))

    env = child_environment()
    commands: dict[str, list[str]] = {}
    if listed is not None:
        commands["coffeechat next --json"] = ours
        # Not a floor: how much of the time is the CLI starting up (Click, no Django, no database).
        commands["startup: coffeechat --version"] = [*coffeechat_command(), "--version"]
    commands["floor: python -c pass"] = [sys.executable, "-c", "pass"]
    commands["floor: python + sqlite3 count"] = [
        sys.executable, "-c",
        f"import sqlite3; sqlite3.connect({database!r}).execute('select count(*) from coffeechat_person').fetchall()",
    ]
    timings = {t.name: t for t in time_commands(commands, env=env, export=OUT / "hyperfine-next.json",
                                                warmup=WARMUP, runs=RUNS)}

    peer_note = missing_peer("task", "Taskwarrior's `task next`", "apt-get install taskwarrior")
    peer = None
    version = None
    if peer_note:
        summary.say(peer_note)
    else:
        version = taskwarrior_version()
        print(f"Taskwarrior {'.'.join(map(str, version or ()))}: {TASKS:,} pending tasks in a scratch folder", flush=True)
        task_env = prepare_taskwarrior(OUT / "taskwarrior", datetime.fromisoformat(NOW), env, fresh=fresh)
        peer = time_commands({"peer: task next (Taskwarrior)": task_next_command()}, env=task_env,
                             export=OUT / "hyperfine-task-next.json", warmup=WARMUP, runs=RUNS)[0]
        timings[peer.name] = peer

    print()
    for timing in timings.values():
        print(f"  {timing.name:<34} median {ms(timing.median):>10}   p90 {ms(timing.p90):>10}")
    coffee = timings.get("coffeechat next --json")
    floor = timings["floor: python -c pass"]
    sqlite_floor = timings["floor: python + sqlite3 count"]
    ratios = {
        "coffeechat/python-floor": coffee.median / floor.median if coffee else None,
        "coffeechat/sqlite-floor": coffee.median / sqlite_floor.median if coffee else None,
        "coffeechat/taskwarrior": coffee.median / peer.median if coffee and peer else None,
    }
    for name, value in ratios.items():
        print(f"  {name:<34} {'-' if value is None else f'{value:.2f}x'}")
    summary.add(Line("next", "median, whole process", ms(coffee.median) if coffee else "n/a",
                     floor=ms(floor.median), peer=ms(peer.median) if peer else "-",
                     vs_floor=ratio(coffee.median if coffee else None, floor.median),
                     vs_peer=ratio(coffee.median if coffee else None, peer.median if peer else None),
                     note=f"target: faster than task next (x peer < 1); sqlite floor {ms(sqlite_floor.median)}"))
    result = {
        "benchmark": "next",
        "now": NOW,
        "practice": manifest["counts"],
        "listed": listed,
        "taskwarrior_version": ".".join(map(str, version)) if version else None,
        "timings": {name: t.as_dict() for name, t in timings.items()},
        "ratios": ratios,
    }
    print(f"Saved {write_result('next', result)}")
    return result
