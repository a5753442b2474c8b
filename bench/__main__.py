"""`python -m bench [next|web|import|search|all] [--fresh] [--keep] [--people N,…] [--compare FILE]`.

`python -m bench centre [--students N] [--people-per M] [--regenerate] …` is the career centre on PostgreSQL
under load (bench/centre.py); it runs only when asked, not in `all`.

Runs the benchmarks, prints a summary and saves it (bench/out/summary.json, and a copy named after the commit
and the time); ``--compare`` prints how every ratio moved since an earlier run's summary.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import Summary
from bench.workspace import BENCH_DIR, DEFAULT_PEOPLE, OUT, write_result

BENCHMARKS = ("next", "web", "import", "search")
# Generated data under bench/out/ that --keep keeps for the next run to reuse; results always stay.
# Only the data of the benchmarks that ran is removed (a run of `import` leaves the 100,000-person practice).
GENERATED = {"next": ("practice", "taskwarrior"), "web": ("practice",), "import": ("import",), "search": ("search",)}


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=BENCH_DIR, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    return {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
            "commit": commit, "measured_at": datetime.now(UTC).isoformat(timespec="seconds")}


def people_list(text: str) -> tuple[int, ...]:
    """"10000,100000" -> (10000, 100000); each a multiple of 5, at least 10,000."""
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or any(n < DEFAULT_PEOPLE or n % 5 for n in sizes):
        raise argparse.ArgumentTypeError("each size must be a multiple of 5 and at least 10000")
    return sizes


def flat_ratios(results: dict[str, Any]) -> dict[str, float]:
    """Every ratio of a run as "benchmark:name" -> value (the shape --compare reads)."""
    found: dict[str, float] = {}
    for name, result in results.items():
        if isinstance(result, dict) and isinstance(result.get("ratios"), dict):
            for key, value in result["ratios"].items():
                if isinstance(value, int | float):
                    found[f"{name}:{key}"] = float(value)
    return found


def load_summary(path: Path) -> dict[str, Any]:
    """An earlier run's summary (exits with one clear line when the file cannot be read)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise SystemExit(f"--compare: cannot read {path}: {error}") from None
    if not isinstance(data, dict):
        raise SystemExit(f"--compare: {path} is not a benchmark summary")
    return data


def compare(earlier: dict[str, Any], now: dict[str, Any]) -> str:
    """A table of every ratio measured in both runs: before, now, and the change (lower is faster)."""
    before = earlier.get("ratios") if isinstance(earlier.get("ratios"), dict) else flat_ratios(earlier)
    after = now["ratios"]
    shared = [key for key in after if key in before]
    if not shared:
        return "No ratio of this run was measured in the earlier one."
    width = max(len(key) for key in shared)
    commit = (earlier.get("machine") or {}).get("commit", "?")
    lines = [f"{'ratio':<{width}}  {'before':>8}  {'now':>8}  change   (before: commit {commit})"]
    for key in shared:
        old, new = before[key], after[key]
        change = f"{(new - old) / old:+.0%}" if old else "-"
        lines.append(f"{key:<{width}}  {old:>7.2f}x  {new:>7.2f}x  {change:>6}")
    missing = sorted(set(before) - set(after))
    if missing:
        lines.append(f"(not measured this time: {', '.join(missing)})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; the exit code is 0 even when a peer or a command is missing (said aloud)."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["centre"]:  # only when asked: minutes of PostgreSQL and load (bench/centre.py)
        from bench.centre import main as centre

        return centre(arguments[1:])
    parser = argparse.ArgumentParser(prog="python -m bench", description="coffeechat's benchmarks (see bench/README.md)")
    parser.add_argument("which", nargs="?", default="all", choices=(*BENCHMARKS, "all"))
    parser.add_argument("--fresh", action="store_true", help="regenerate the practice, tasks and CSV files")
    parser.add_argument("--keep", action="store_true", help="keep the generated homes and files for the next run")
    parser.add_argument("--people", type=people_list, default=(DEFAULT_PEOPLE,), metavar="N[,N…]",
                        help="size(s) of the practice for `next`, e.g. 10000,100000 (default 10000)")
    parser.add_argument("--compare", type=Path, metavar="FILE",
                        help="an earlier run's summary.json: print the change of every ratio against it")
    args = parser.parse_args(argv)
    earlier = load_summary(args.compare) if args.compare else None

    OUT.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    chosen = BENCHMARKS if args.which == "all" else (args.which,)
    results: dict[str, object] = {"machine": machine()}
    try:
        for name in chosen:
            module = __import__(f"bench.bench_{name}", fromlist=["run"])
            extra = {"people": args.people} if name == "next" else {}
            results[name] = module.run(summary, fresh=args.fresh, **extra)
    finally:
        if not args.keep:
            for folder in {f for name in chosen for f in GENERATED.get(name, ())}:
                for path in (OUT / folder, *OUT.glob(f"{folder}-*")):  # practice-100000, taskwarrior-100000
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
    results["notes"] = summary.notes
    results["ratios"] = flat_ratios(results)
    path = write_result("summary", results)
    stamp = str(results["machine"]["commit"] or "nocommit")  # type: ignore[index]
    copy = write_result(f"summary-{stamp}-{datetime.now(UTC):%Y%m%dT%H%M%S}", results)
    print("\n== Summary ==")
    print(summary.table())
    if earlier is not None:
        print(f"\n== Change against {args.compare} ==")
        print(compare(earlier, results))
    print(f"\nThis run's summary is also kept as {copy} (for a later --compare).")
    print(f"\nResults: {path} (and one JSON file per benchmark in {OUT})")
    if not args.keep:
        print("Generated homes were removed; run with --keep to reuse them next time.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
