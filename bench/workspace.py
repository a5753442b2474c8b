"""Where the benchmarks keep their generated homes and results, and how they find the programs they time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
OUT = BENCH_DIR / "out"
# The benchmark's fixed "now": a Monday afternoon. Every coffeechat call gets it through --now.
NOW = "2026-11-16T15:00:00+00:00"
PRACTICE_HOME = OUT / "practice"
DEFAULT_PEOPLE = 10_000
MANIFEST_NAME = "bench-practice.json"


def coffeechat_command() -> list[str]:
    """The ``coffeechat`` console script of this interpreter's environment (or ``python -m coffeechat``)."""
    script = Path(sys.executable).with_name("coffeechat")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "coffeechat"]


# Compiled bytecode of the timed programs, kept here rather than beside the sources.
PYCACHE = OUT / "pycache"
IGNORED_VARIABLES = ("COFFEECHAT_HOME", "COFFEECHAT_NOW", "COFFEECHAT_DATABASE_URL", "PYTHONDONTWRITEBYTECODE")


def child_environment(**extra: str) -> dict[str, str]:
    """The environment for timed programs: ours, without a stray COFFEECHAT_HOME/NOW, plus ``extra``.

    Python caches compiled modules as an installed program does (a shell with PYTHONDONTWRITEBYTECODE would
    otherwise make every timed run compile coffeechat from source); the cache lives in bench/out/pycache.
    """
    env = {k: v for k, v in os.environ.items() if k not in IGNORED_VARIABLES}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.update(extra)
    return env


def missing_peer(binary: str, what: str, install: str) -> str | None:
    """None when ``binary`` is on the PATH; otherwise a sentence saying what is skipped and how to install it."""
    if shutil.which(binary):
        return None
    return f"{binary} is not installed, so the comparison with {what} is skipped. Install it with: {install}"


def practice_manifest(home: Path = PRACTICE_HOME) -> dict[str, Any] | None:
    """What the practice generator wrote about the home it built, or None when there is no finished home."""
    path = home / MANIFEST_NAME
    if not path.exists():
        return None
    return json.loads(path.read_text())


def practice_home(people: int = DEFAULT_PEOPLE) -> Path:
    """Where the practice of ``people`` people lives: bench/out/practice (10,000) or practice-N."""
    return PRACTICE_HOME if people == DEFAULT_PEOPLE else OUT / f"practice-{people}"


def ensure_practice(*, fresh: bool, people: int = DEFAULT_PEOPLE) -> dict[str, Any]:
    """The large practice home, generated now unless a finished one of the current generator is there."""
    from bench.practice_generator import GENERATOR_VERSION

    home = practice_home(people)
    manifest = practice_manifest(home)
    if (manifest and not fresh and manifest.get("generator_version") == GENERATOR_VERSION
            and manifest.get("people", DEFAULT_PEOPLE) == people):
        print(f"Reusing the practice in {home} (--fresh regenerates it).")
        return manifest
    if home.exists():
        shutil.rmtree(home)
    print(f"Generating the large practice of {people:,} people in {home} …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "bench.practice_generator", "--home", str(home), "--now", NOW,
         "--people", str(people)],
        check=True, cwd=BENCH_DIR.parent, env=child_environment(),
    )
    manifest = practice_manifest(home)
    if manifest is None:
        raise RuntimeError(f"the practice generator finished without writing {home / MANIFEST_NAME}")
    return manifest


def write_result(name: str, result: dict[str, Any]) -> Path:
    """Save one benchmark's results as ``bench/out/<name>.json``."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return path
