"""`python -m bench [next|web|import|search|all] [--fresh] [--keep]`: run the benchmarks and print a summary."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from datetime import UTC, datetime

from bench.report import Summary
from bench.workspace import BENCH_DIR, OUT, write_result

BENCHMARKS = ("next", "web", "import", "search")
# Generated data under bench/out/ that --keep keeps for the next run to reuse; results always stay.
GENERATED = ("practice", "taskwarrior", "import", "search")


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=BENCH_DIR, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    return {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
            "commit": commit, "measured_at": datetime.now(UTC).isoformat(timespec="seconds")}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; the exit code is 0 even when a peer or a command is missing (said aloud)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="coffeechat's benchmarks (see bench/README.md)")
    parser.add_argument("which", nargs="?", default="all", choices=(*BENCHMARKS, "all"))
    parser.add_argument("--fresh", action="store_true", help="regenerate the practice, tasks and CSV files")
    parser.add_argument("--keep", action="store_true", help="keep the generated homes and files for the next run")
    args = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    chosen = BENCHMARKS if args.which == "all" else (args.which,)
    results: dict[str, object] = {"machine": machine()}
    try:
        for name in chosen:
            module = __import__(f"bench.bench_{name}", fromlist=["run"])
            results[name] = module.run(summary, fresh=args.fresh)
    finally:
        if not args.keep:
            for folder in GENERATED:
                shutil.rmtree(OUT / folder, ignore_errors=True)
    results["notes"] = summary.notes
    path = write_result("summary", results)
    print("\n== Summary ==")
    print(summary.table())
    print(f"\nResults: {path} (and one JSON file per benchmark in {OUT})")
    if not args.keep:
        print("Generated homes were removed; run with --keep to reuse them next time.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
