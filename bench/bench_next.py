"""`coffeechat next --json` over the large practice, against a Python floor and Taskwarrior's `task next`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import datetime
from typing import Any

from bench.measure import Timing, missing_command, tail, time_commands
from bench.report import Line, Summary, ms, ratio
from bench.taskwarrior_peer import TASKS, prepare_taskwarrior, task_next_command, taskwarrior_version
from bench.workspace import (
    DEFAULT_PEOPLE,
    NOW,
    OUT,
    child_environment,
    coffeechat_command,
    ensure_practice,
    missing_peer,
    write_result,
)

WARMUP, RUNS = 2, 10
CLICK = "click: python -c 'import click'"


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


# The ordinary (Django) path of the same list, to check the fast path against it on the large practice.
DJANGO_PATH = (
    "import json\n"
    "from coffeechat.bootstrap import start; start()\n"
    "from coffeechat.services.accounts import local_owner\n"
    "from coffeechat.services.agenda import agenda\n"
    "from coffeechat.services.agenda_view import agenda_as_json\n"
    "print(json.dumps(agenda_as_json(agenda(local_owner()))))\n"
)


def check_same_as_django(command: list[str], home: str, summary: Summary) -> bool | None:
    """True when `next --json` (the fast path) prints exactly what the Django path computes; None if unknown."""
    env = child_environment()
    fast = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
    slow = subprocess.run([sys.executable, "-c", DJANGO_PATH], check=False, capture_output=True, text=True,
                          env=child_environment(COFFEECHAT_HOME=home, COFFEECHAT_NOW=NOW))
    if fast.returncode or slow.returncode:
        summary.say(f"could not compare the fast path with Django's: {tail(fast.stderr or slow.stderr)}")
        return None
    same = json.loads(fast.stdout) == json.loads(slow.stdout)
    if not same:
        summary.say(f"`coffeechat next --json` differs from the Django path's list over {home}!")
    return same


def run(summary: Summary, *, fresh: bool, people: tuple[int, ...] = (DEFAULT_PEOPLE,)) -> dict[str, Any]:
    """Measure each size, print, save bench/out/next.json and add the lines of the final table."""
    results = {str(n): run_one(summary, fresh=fresh, people=n, first=i == 0) for i, n in enumerate(people)}
    if len(results) == 1:
        result = next(iter(results.values()))
    else:
        result = {"benchmark": "next", "by_people": results,
                  "ratios": {f"{n}:{k}": v for n, r in results.items() for k, v in r["ratios"].items()}}
    print(f"Saved {write_result('next', result)}")
    return result


def run_one(summary: Summary, *, fresh: bool, people: int, first: bool = True) -> dict[str, Any]:
    """Measure `next` over a practice of ``people`` people against a Taskwarrior of as many tasks."""
    print(f"\n== coffeechat next over {people:,} people ==", flush=True)
    manifest = ensure_practice(fresh=fresh, people=people)
    home, database = manifest["home"], manifest["database"]
    ours = next_command(home)
    listed = check_next(ours, manifest["expected_kinds"], summary)
    same = None
    if listed:
        print(f"coffeechat next lists {listed['actions']} due actions: "
              + ", ".join(f"{n} {k}" for k, n in listed["by_kind"].items()))
        same = check_same_as_django(ours, home, summary)
        print(f"Same list as the Django path: {same}")

    env = child_environment()
    commands: dict[str, list[str]] = {}
    if listed is not None:
        commands["coffeechat next --json"] = ours
        # Not a floor: how much of the time is the CLI starting up (Click, no Django, no database).
        commands["startup: coffeechat --version"] = [*coffeechat_command(), "--version"]
        commands["startup: coffeechat --help"] = [*coffeechat_command(), "--help"]
    # Not a floor either: what importing Click alone costs, the least a Click program pays.
    commands[CLICK] = [sys.executable, "-c", "import click"]
    commands["floor: python -c pass"] = [sys.executable, "-c", "pass"]
    commands["floor: python + sqlite3 count"] = [
        sys.executable, "-c",
        f"import sqlite3; sqlite3.connect({database!r}).execute('select count(*) from coffeechat_person').fetchall()",
    ]
    timings = {t.name: t for t in time_commands(commands, env=env, export=OUT / f"hyperfine-next-{people}.json",
                                                warmup=WARMUP, runs=RUNS)}

    peer_note = missing_peer("task", "Taskwarrior's `task next`", "apt-get install taskwarrior")
    peer = None
    version = None
    if peer_note:
        summary.say(peer_note)
    else:
        version = taskwarrior_version()
        tasks = people if people != DEFAULT_PEOPLE else TASKS
        print(f"Taskwarrior {'.'.join(map(str, version or ()))}: {tasks:,} pending tasks in a scratch folder", flush=True)
        folder = OUT / ("taskwarrior" if tasks == TASKS else f"taskwarrior-{tasks}")
        task_env = prepare_taskwarrior(folder, datetime.fromisoformat(NOW), env, fresh=fresh, count=tasks)
        peer = time_commands({"peer: task next (Taskwarrior)": task_next_command()}, env=task_env,
                             export=OUT / f"hyperfine-task-next-{tasks}.json", warmup=WARMUP, runs=RUNS)[0]
        timings[peer.name] = peer

    print()
    for timing in timings.values():
        print(f"  {timing.name:<34} median {ms(timing.median):>10}   p90 {ms(timing.p90):>10}   cpu {ms(timing.cpu):>10}")
    coffee = timings.get("coffeechat next --json")
    floor = timings["floor: python -c pass"]
    sqlite_floor = timings["floor: python + sqlite3 count"]
    helped = timings.get("startup: coffeechat --help")
    ratios = {
        "help/python-floor": helped.median / floor.median if helped else None,
        "cpu help/python-floor": cpu_ratio(helped, floor),
        "coffeechat/python-floor": coffee.median / floor.median if coffee else None,
        "coffeechat/sqlite-floor": coffee.median / sqlite_floor.median if coffee else None,
        "coffeechat/taskwarrior": coffee.median / peer.median if coffee and peer else None,
        # CPU seconds (user + system): what the work costs when the machine is shared with other loads.
        "cpu coffeechat/python-floor": cpu_ratio(coffee, floor),
        "cpu coffeechat/taskwarrior": cpu_ratio(coffee, peer),
    }
    for name, value in ratios.items():
        print(f"  {name:<34} {'-' if value is None else f'{value:.2f}x'}")
    summary.add(Line("next", f"median, {people:,} people", ms(coffee.median) if coffee else "n/a",
                     floor=ms(floor.median), peer=ms(peer.median) if peer else "-",
                     vs_floor=ratio(coffee.median if coffee else None, floor.median),
                     vs_peer=ratio(coffee.median if coffee else None, peer.median if peer else None),
                     note=f"goal: x peer <= {1.0 if people <= DEFAULT_PEOPLE else 0.3}; sqlite floor "
                          f"{ms(sqlite_floor.median)}; cpu x peer {ratio(coffee and coffee.cpu, peer and peer.cpu)}"))
    if helped and first:
        summary.add(Line("help", "coffeechat --help", ms(helped.median), floor=ms(floor.median),
                         vs_floor=ratio(helped.median, floor.median),
                         note=f"goal: x floor <= 3; cpu x floor {ratio(helped.cpu, floor.cpu)}; import click alone "
                              f"{ratio(timings[CLICK].median, floor.median)}"))
    result = {
        "benchmark": "next",
        "now": NOW,
        "people": people,
        "practice": manifest["counts"],
        "listed": listed,
        "same_as_django_path": same,
        "taskwarrior_version": ".".join(map(str, version)) if version else None,
        "timings": {name: t.as_dict() for name, t in timings.items()},
        "ratios": ratios,
    }
    return result


def cpu_ratio(ours: Timing | None, theirs: Timing | None) -> float | None:
    """Our CPU seconds over theirs, when both are known."""
    if not ours or not theirs or not ours.cpu or not theirs.cpu:
        return None
    return ours.cpu / theirs.cpu
