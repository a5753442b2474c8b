"""Full-text search over 100,000 notes: coffeechat's `search()` and `coffeechat search`, against a bare
FTS5 query (the floor) and `sqlite-utils search` over the same notes (the peer), in the same run."""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.measure import time_commands
from bench.report import Line, Summary, ms, ratio
from bench.workspace import OUT, child_environment, coffeechat_command, write_result

HOME = OUT / "search"
QUERY = "clips editor"
REPEATS = 50

IN_PROCESS = f"""
import json, statistics, sys, time
from coffeechat.bootstrap import start
start()
from coffeechat.services.accounts import local_owner
from coffeechat.services.search import search
owner = local_owner()
search(owner, {QUERY!r}, 20)
times = []
for _ in range({REPEATS}):
    started = time.perf_counter()
    hits = search(owner, {QUERY!r}, 20)
    times.append(time.perf_counter() - started)
print(json.dumps({{"median": statistics.median(times), "hits": len(hits)}}))
"""


def ensure_notes(fresh: bool) -> Path:
    """The home with 100,000 notes, generated unless it is already there."""
    database = HOME / "coffeechat.sqlite3"
    if database.exists() and not fresh:
        print(f"Reusing the notes in {HOME} (--fresh regenerates them).")
        return database
    shutil.rmtree(HOME, ignore_errors=True)
    HOME.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "bench.search_generator", "--home", str(HOME)], check=True,
                   env=child_environment())
    return database


def floor_seconds(database: Path) -> float:
    """Median time of the bare FTS5 query (ranked, 20 rows) on the same index, in this process."""
    connection = sqlite3.connect(database)
    sql = ("SELECT rowid, snippet(coffeechat_note_fts, 0, '[', ']', '…', 12) FROM coffeechat_note_fts "
           "WHERE coffeechat_note_fts MATCH ? ORDER BY rank LIMIT 20")
    match = " ".join(f'"{word}"*' for word in QUERY.split())
    connection.execute(sql, (match,)).fetchall()
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        connection.execute(sql, (match,)).fetchall()
        times.append(time.perf_counter() - started)
    connection.close()
    return statistics.median(times)


def peer_database(database: Path) -> Path | None:
    """A copy of the notes in their own database with sqlite-utils' FTS, or None without sqlite-utils."""
    tool = shutil.which("sqlite-utils") or str(Path(sys.executable).with_name("sqlite-utils"))
    if not Path(tool).exists():
        return None
    copy = HOME / "peer.db"
    if not copy.exists():
        with sqlite3.connect(copy) as target:
            target.execute(f"ATTACH DATABASE '{database}' AS source")
            target.execute("CREATE TABLE notes AS SELECT id, body FROM source.coffeechat_note")
        subprocess.run([tool, "enable-fts", str(copy), "notes", "body", "--fts5"], check=True)
    return copy


def run(summary: Summary, *, fresh: bool = False) -> dict[str, Any]:
    """Measure, print and return the search results."""
    print("\n== full-text search over 100,000 notes ==", flush=True)
    database = ensure_notes(fresh)
    env = child_environment(COFFEECHAT_HOME=str(HOME))
    done = subprocess.run([sys.executable, "-c", IN_PROCESS], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        summary.say(f"coffeechat's search() could not be timed: {done.stderr.strip()[-300:]}")
        return {}
    ours = json.loads(done.stdout)
    floor = floor_seconds(database)
    summary.add(Line("search", f"search() '{QUERY}', in process", ms(ours["median"]), ms(floor), "-",
                     ratio(ours["median"], floor), "-", f"{ours['hits']} hits; floor: bare FTS5 query"))
    commands = {"coffeechat search": [*coffeechat_command(), "--home", str(HOME), "search", QUERY, "--json"]}
    copy = peer_database(database)
    tool = shutil.which("sqlite-utils") or str(Path(sys.executable).with_name("sqlite-utils"))
    if copy is not None:
        commands["sqlite-utils search"] = [tool, "search", str(copy), "notes", QUERY, "--limit", "20"]
    else:
        summary.say("sqlite-utils is not installed (pip install sqlite-utils): the peer is skipped.")
    commands["python -c pass"] = [sys.executable, "-c", "pass"]
    timings = {t.name: t for t in time_commands(commands, env=env, export=OUT / "hyperfine-search.json")}
    whole = timings["coffeechat search"].median
    peer = timings["sqlite-utils search"].median if "sqlite-utils search" in timings else None
    bare = timings["python -c pass"].median
    summary.add(Line("search", f"coffeechat search '{QUERY}' (process)", ms(whole), ms(bare),
                     ms(peer) if peer else "-", ratio(whole, bare), ratio(whole, peer) if peer else "-",
                     "peer: sqlite-utils search on a copy of the notes"))
    result = {"in_process": {"median_seconds": ours["median"], "hits": ours["hits"], "floor_fts5_seconds": floor},
              "process": {name: t.as_dict() for name, t in timings.items()}}
    write_result("search", result)
    return result
