"""Importing a 30,000-row LinkedIn Connections.csv: time and peak memory of whole processes.

coffeechat (`import linkedin FILE --json`) against the peer `sqlite-utils insert DB connections FILE --csv`
and a bare-Python floor (csv + sqlite3 executemany into one table). Sizes 10,000 and 30,000 show whether
memory stays flat as the file grows. Every run starts from an empty, already-created database.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.generate_connections import write_connections
from bench.measure import ProcessRun, missing_command, run_measured, tail
from bench.report import Line, Summary, mib, ratio
from bench.workspace import NOW, OUT, child_environment, coffeechat_command, write_result

SIZES = (10_000, 30_000)
RUNS = 3
SLOW_SECONDS = 20.0  # a program this slow is timed once per size, not RUNS times
FOLDER = OUT / "import"
FLOOR_SCRIPT = (
    "import csv, sqlite3, sys\n"
    "source, target = sys.argv[1], sys.argv[2]\n"
    "with open(source, newline='', encoding='utf-8-sig') as handle:\n"
    "    for line in handle:  # skip the Notes preamble up to the header\n"
    "        if line.startswith('First Name,'):\n"
    "            break\n"
    "    rows = csv.reader(handle)\n"
    "    db = sqlite3.connect(target)\n"
    "    db.execute('create table connections (first_name, last_name, url, email, company, position, connected_on)')\n"
    "    db.executemany('insert into connections values (?, ?, ?, ?, ?, ?, ?)', rows)\n"
    "    db.commit()\n"
)


def prepare_files(fresh: bool) -> dict[int, tuple[Path, Path]]:
    """For each size: the export as LinkedIn writes it, and the same without the Notes preamble (for the peer)."""
    files = {}
    for size in SIZES:
        full, bare = FOLDER / f"Connections-{size}.csv", FOLDER / f"Connections-{size}-no-preamble.csv"
        if fresh or not full.exists():
            write_connections(full, size)
        if fresh or not bare.exists():
            write_connections(bare, size, preamble=False)
        files[size] = (full, bare)
    return files


def empty_home() -> Path:
    """A created, empty coffeechat home to copy before each run (so creating tables is not timed)."""
    template = FOLDER / "empty-home"
    if not (template / "coffeechat.sqlite3").exists():
        template.mkdir(parents=True, exist_ok=True)
        subprocess.run([*coffeechat_command(), "--home", str(template), "init"], check=True,
                       env=child_environment(), stdout=subprocess.DEVNULL)
    return template


def _reset(path: Path, template: Path | None = None) -> Any:
    def prepare() -> None:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        if template is not None:
            shutil.copytree(template, path)
    return prepare


def measure(name: str, command: list[str], prepare: Any, summary: Summary) -> list[ProcessRun] | None:
    """Up to RUNS runs; None (and a note) if the program fails."""
    runs: list[ProcessRun] = []
    for _ in range(RUNS):
        done = run_measured(command, env=child_environment(), prepare=prepare)
        if done.returncode != 0:
            summary.say(f"import: {name} failed (exit {done.returncode}): {tail(done.stderr or done.stdout)}")
            return None
        runs.append(done)
        if done.seconds > SLOW_SECONDS:
            break
    return runs


def _stats(runs: list[ProcessRun]) -> dict[str, Any]:
    return {"runs": len(runs), "median_seconds": statistics.median(r.seconds for r in runs),
            "seconds": [round(r.seconds, 4) for r in runs], "peak_kib": max(r.peak_kib for r in runs)}


def coffeechat_available(summary: Summary) -> bool:
    """Whether `coffeechat import linkedin` exists in this tree (said aloud when not)."""
    done = subprocess.run([*coffeechat_command(), "import", "linkedin", "--help"], check=False,
                          capture_output=True, text=True, env=child_environment())
    if done.returncode == 0:
        return True
    if missing_command(done.stderr):
        summary.say("`coffeechat import linkedin` does not exist yet in this tree: its timing is skipped; "
                    "the floor and the peer are still measured.")
    else:
        summary.say(f"`coffeechat import linkedin --help` failed: {tail(done.stderr)}")
    return False


def run(summary: Summary, *, fresh: bool) -> dict[str, Any]:
    """Measure, print, save bench/out/import.json and add the lines of the final table."""
    print("\n== importing LinkedIn Connections.csv ==", flush=True)
    files = prepare_files(fresh)
    ours_ok = coffeechat_available(summary)
    sqlite_utils = Path(sys.executable).with_name("sqlite-utils")
    peer_ok = sqlite_utils.exists() or shutil.which("sqlite-utils") is not None
    if not peer_ok:
        summary.say("sqlite-utils is not installed, so the comparison with it is skipped. "
                    "Install it with: .venv/bin/pip install sqlite-utils")
    peer_bin = str(sqlite_utils) if sqlite_utils.exists() else "sqlite-utils"
    summary.say("import: sqlite-utils reads the 'Notes:' line of LinkedIn's export as the header and builds a "
                "one-column table of junk, so the peer gets the same rows with the preamble stripped; coffeechat "
                "and the floor read the real file.")
    template = empty_home() if ours_ok else None
    result: dict[str, Any] = {"benchmark": "import", "sizes": list(SIZES), "programs": {}}
    for size in SIZES:
        full, bare = files[size]
        print(f"-- {size:,} rows ({full.stat().st_size / 1e6:.1f} MB)", flush=True)
        programs: dict[str, tuple[list[str], Any]] = {}
        if ours_ok and template is not None:
            home = FOLDER / "run-home"
            programs["coffeechat import linkedin"] = (
                [*coffeechat_command(), "--home", str(home), "--now", NOW, "import", "linkedin", str(full), "--json"],
                _reset(home, template))
        db = FOLDER / "floor.sqlite3"
        programs["floor: csv + sqlite3"] = ([sys.executable, "-c", FLOOR_SCRIPT, str(full), str(db)], _reset(db))
        if peer_ok:
            peer_db = FOLDER / "peer.sqlite3"
            programs["peer: sqlite-utils insert"] = (
                [peer_bin, "insert", str(peer_db), "connections", str(bare), "--csv"], _reset(peer_db))
        for name, (command, prepare) in programs.items():
            runs = measure(name, command, prepare, summary)
            if runs is None:
                continue
            stats = _stats(runs)
            if name.startswith("coffeechat"):
                stats["output"] = _counts(runs[-1].stdout)
                again = run_measured(command, env=child_environment())  # the same file again: nothing new
                stats["reimport_seconds"] = round(again.seconds, 4) if again.returncode == 0 else None
                stats["reimport_output"] = _counts(again.stdout)
                print(f"  coffeechat said: {stats['output']}; the same file again took "
                      f"{again.seconds:.2f} s: {stats['reimport_output']}", flush=True)
            result["programs"].setdefault(name, {})[str(size)] = stats
            print(f"  {name:<28} median {stats['median_seconds']:>7.2f} s   peak {mib(stats['peak_kib']):>8}"
                  f"   ({stats['runs']} runs)", flush=True)
    _conclude(result, summary)
    print(f"Saved {write_result('import', result)}")
    return result


def _conclude(result: dict[str, Any], summary: Summary) -> None:
    programs = result["programs"]
    big, small = str(SIZES[-1]), str(SIZES[0])

    def at(name: str, size: str, key: str) -> Any:
        return programs.get(name, {}).get(size, {}).get(key)

    ours, floor, peer = "coffeechat import linkedin", "floor: csv + sqlite3", "peer: sqlite-utils insert"
    growth = {name: (at(name, big, "peak_kib") / at(name, small, "peak_kib"))
              for name in programs if at(name, big, "peak_kib") and at(name, small, "peak_kib")}
    result["ratios"] = {
        "coffeechat/floor (time, 30k)": _divide(at(ours, big, "median_seconds"), at(floor, big, "median_seconds")),
        "coffeechat/sqlite-utils (time, 30k)": _divide(at(ours, big, "median_seconds"), at(peer, big, "median_seconds")),
        "peak memory 30k/10k": growth,
    }
    for name, factor in growth.items():
        print(f"  peak memory 30k/10k {name:<28} {factor:.2f}x (1.00x = flat in file size)")
    seconds = at(ours, big, "median_seconds")
    summary.add(Line("import", "30,000 rows, median", f"{seconds:.2f} s" if seconds else "n/a",
                     floor=f"{at(floor, big, 'median_seconds'):.2f} s" if at(floor, big, "median_seconds") else "-",
                     peer=f"{at(peer, big, 'median_seconds'):.2f} s" if at(peer, big, "median_seconds") else "-",
                     vs_floor=ratio(seconds, at(floor, big, "median_seconds")),
                     vs_peer=ratio(seconds, at(peer, big, "median_seconds")), note="target: seconds"))
    peak = at(ours, big, "peak_kib")
    summary.add(Line("import", "30,000 rows, peak memory", mib(peak) if peak else "n/a",
                     floor=mib(at(floor, big, "peak_kib")), peer=mib(at(peer, big, "peak_kib")),
                     vs_floor=ratio(peak, at(floor, big, "peak_kib")), vs_peer=ratio(peak, at(peer, big, "peak_kib")),
                     note="30k/10k: " + ", ".join(f"{n.split(':')[0].split()[0]} {f:.2f}x" for n, f in growth.items())))


def _counts(stdout: str) -> dict[str, Any] | str:
    """The numbers of coffeechat's --json answer (lists shown by their length, to keep the results short)."""
    try:
        answer = json.loads(stdout)
    except ValueError:
        return stdout[-300:]
    if not isinstance(answer, dict):
        return str(answer)[:300]
    return {key: len(value) if isinstance(value, list | dict) else value for key, value in answer.items()}


def _divide(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None
