"""Timing whole processes (hyperfine when installed, else our own loop) and their peak memory."""

from __future__ import annotations

import json
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of repeated runs of one command."""

    name: str
    command: str
    runs: int
    median: float
    p90: float
    mean: float
    minimum: float
    tool: str  # "hyperfine" or "python loop"
    cpu: float | None = None  # mean user + system seconds: steadier than wall time on a busy machine

    def as_dict(self) -> dict[str, object]:
        """The JSON shape written to bench/out."""
        return asdict(self)


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank, so it is a measured value)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def _timing(name: str, command: list[str], times: list[float], tool: str, cpu: float | None = None) -> Timing:
    return Timing(name=name, command=shlex.join(command), runs=len(times), median=statistics.median(times),
                  p90=percentile(times, 0.9), mean=statistics.fmean(times), minimum=min(times), tool=tool, cpu=cpu)


def time_with_hyperfine(commands: dict[str, list[str]], *, env: dict[str, str], warmup: int, runs: int,
                        export: Path) -> list[Timing]:
    """Time every command with hyperfine (no shell in between) and keep its JSON export in ``export``."""
    args = ["hyperfine", "--warmup", str(warmup), "--runs", str(runs), "--shell=none", "--style", "basic",
            "--export-json", str(export)]
    for name, command in commands.items():
        args += ["--command-name", name, shlex.join(command)]
    subprocess.run(args, check=True, env=env)
    data = json.loads(export.read_text())
    timings = []
    for name, result in zip(commands, data["results"], strict=True):
        cpu = (result.get("user") or 0.0) + (result.get("system") or 0.0)
        timings.append(_timing(name, commands[name], list(result["times"]), "hyperfine", cpu or None))
    return timings


def time_with_loop(commands: dict[str, list[str]], *, env: dict[str, str], warmup: int, runs: int) -> list[Timing]:
    """Time every command by running it ``runs`` times after ``warmup`` untimed runs (perf_counter)."""
    timings = []
    for name, command in commands.items():
        for _ in range(warmup):
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times = []
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
        print(f"  {name}: median {statistics.median(times) * 1000:.1f} ms over {runs} runs", flush=True)
        timings.append(_timing(name, command, times, "python loop", cpu))
    return timings


def time_commands(commands: dict[str, list[str]], *, env: dict[str, str], export: Path, warmup: int = 2,
                  runs: int = 10) -> list[Timing]:
    """Time each command as a whole process: hyperfine when present, else a Python loop (said aloud)."""
    if shutil.which("hyperfine"):
        return time_with_hyperfine(commands, env=env, warmup=warmup, runs=runs, export=export)
    print("hyperfine is not installed (apt-get install hyperfine); timing with a Python loop instead.")
    return time_with_loop(commands, env=env, warmup=warmup, runs=runs)


@dataclass(frozen=True)
class ProcessRun:
    """One run of a command: wall seconds, peak resident memory, exit code and output."""

    seconds: float
    peak_kib: int
    returncode: int
    stdout: str
    stderr: str


_MAX_RSS = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")
# Runs a command in a process of its own and reports the peak memory of its children only.
_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_measured(command: list[str], *, env: dict[str, str], cwd: Path | None = None,
                 prepare: Callable[[], None] | None = None) -> ProcessRun:
    """Run ``command`` once, after ``prepare``; measure wall time and peak RSS (/usr/bin/time -v if present)."""
    if prepare is not None:
        prepare()
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "time.txt"
        if os.path.exists("/usr/bin/time"):
            wrapped = ["/usr/bin/time", "-v", "-o", str(report), *command]
        else:
            wrapped = [sys.executable, "-c", _RUSAGE_WRAPPER, *command]
        started = time.perf_counter()
        done = subprocess.run(wrapped, check=False, env=env, cwd=cwd, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        stderr = done.stderr
        if report.exists():
            match = _MAX_RSS.search(report.read_text())
            peak = int(match.group(1)) if match else 0
        else:
            *rest, last = stderr.rstrip("\n").split("\n") or [""]
            peak = int(last) if last.strip().isdigit() else 0
            stderr = "\n".join(rest)
    # ru_maxrss and /usr/bin/time both report KiB on Linux.
    return ProcessRun(seconds=seconds, peak_kib=peak, returncode=done.returncode, stdout=done.stdout, stderr=stderr)


def missing_command(stderr: str) -> bool:
    """True when Click said the (sub)command does not exist yet."""
    return "No such command" in stderr


def tail(text: str, lines: int = 6) -> str:
    """The last lines of a program's output, for an error report."""
    return "\n".join(text.strip().splitlines()[-lines:])
