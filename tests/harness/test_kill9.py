"""kill -9 at a random moment: import, restore, merge and a burst of web writes, each stopped dead by SIGKILL.

After every trial the database passes ``PRAGMA integrity_check`` (and FTS5's own check of every search index)
and the operation is whole or absent: the row count of every table equals either the count before the
operation or the count after a run that was left to finish. For web writes, every write the server
acknowledged is stored, and nothing is stored that was never sent.

``make test`` runs a few trials of each; ``COFFEECHAT_TRIALS=100`` (``make harness``) runs the full 400.
Figures land in test-artifacts/harness/kill9-*.json.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import support

pytestmark = [pytest.mark.harness, pytest.mark.sqlite]

QUICK_TRIALS = 10
CONNECTIONS = 3000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "harness"


@dataclass
class Operation:
    """One operation to interrupt: the home it starts from, its command, and the two allowed end states."""

    template: Path
    args: tuple[str, ...]
    before: dict[str, int]
    after: dict[str, int]
    seconds: float


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Template homes made once by the real program: an empty practice, the demo, its backup, a LinkedIn
    export of a few thousand rows."""
    from bench.generate_connections import write_connections

    root = tmp_path_factory.mktemp("kill9")
    empty = root / "empty"
    support.run_ok(empty, "init")
    support.checkpoint(empty)
    demo = support.build_demo(root / "demo")
    backup = root / "demo-backup.json"
    support.run_ok(demo, "backup", str(backup))
    connections = write_connections(root / "Connections.csv", CONNECTIONS)
    return {"root": root, "empty": empty, "demo": demo, "backup": backup, "connections": connections}


def _merge_pair(demo: Path) -> tuple[str, str]:
    """The two people with the most history: merging them moves the most rows."""
    rows = support.query(demo, "SELECT person_id FROM coffeechat_touch GROUP BY person_id "
                               "ORDER BY COUNT(*) DESC, person_id LIMIT 2")
    return str(rows[0][0]), str(rows[1][0])


def _operation(name: str, prepared: dict[str, object]) -> Operation:
    """The operation, with its end state measured by one uninterrupted run in a scratch copy."""
    root = Path(str(prepared["root"]))
    if name == "import":
        template, args = Path(str(prepared["empty"])), ("import", "linkedin", str(prepared["connections"]))
    elif name == "restore":
        template, args = Path(str(prepared["empty"])), ("restore", str(prepared["backup"]))
    else:
        template = Path(str(prepared["demo"]))
        keep, other = _merge_pair(template)
        args = ("merge", keep, other, "--yes")
    reference = support.copy_home(template, root / f"reference-{name}")
    started = time.monotonic()
    support.run_ok(reference, *args)
    seconds = time.monotonic() - started
    before, after = support.table_counts(template), support.table_counts(reference)
    assert before != after, f"{name} changed nothing, so the harness would prove nothing"
    return Operation(template=template, args=args, before=before, after=after, seconds=seconds)


def _seed() -> int:
    return int(os.environ.get("COFFEECHAT_SEED") or random.SystemRandom().randrange(1 << 30))


def _write_figures(name: str, figures: dict[str, object]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"kill9-{name}.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nkill -9 {name}: {json.dumps(figures)}")


@pytest.mark.parametrize("name", ["import", "restore", "merge"])
def test_cli_operation_killed_at_a_random_moment_is_whole_or_absent(
    name: str, prepared: dict[str, object], tmp_path: Path
) -> None:
    operation = _operation(name, prepared)
    seed, count = _seed(), support.trials(QUICK_TRIALS)
    rng = random.Random(seed)
    failures: list[str] = []
    outcomes = {"absent": 0, "whole": 0, "killed_while_running": 0}
    # The reference run may be slow (a cold cache, a busy machine); every run that finishes before its kill
    # shows how long the work really takes, so the estimate only shrinks and the kills move into the work.
    estimate = operation.seconds
    for trial in range(count):
        home = support.copy_home(operation.template, tmp_path / "home")
        process = subprocess.Popen(support.command(*operation.args), env=support.home_env(home),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # From the end of start-up to just after a normal finish: most kills land inside the work.
        delay = rng.uniform(0.3 * estimate, 1.05 * estimate)
        started = time.monotonic()
        try:
            process.wait(timeout=delay)
            estimate = min(estimate, time.monotonic() - started)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            outcomes["killed_while_running"] += 1
        check = support.integrity(home)
        if check != "ok":
            failures.append(f"trial {trial} (kill after {delay:.3f}s): integrity_check: {check}")
            continue
        counts = support.table_counts(home)
        if counts == operation.before:
            outcomes["absent"] += 1
        elif counts == operation.after:
            outcomes["whole"] += 1
        else:
            failures.append(f"trial {trial} (kill after {delay:.3f}s): half-done; differs from before in "
                            f"{support.difference(operation.before, counts)}, from after in "
                            f"{support.difference(operation.after, counts)}")
    _write_figures(name, {"operation": " ".join(operation.args[:1]), "trials": count, "failures": len(failures),
                          "seed": seed, "reference_seconds": round(operation.seconds, 3),
                          "estimate_seconds": round(estimate, 3), **outcomes})
    assert not failures, f"{len(failures)}/{count} trials of {name} (seed {seed}) broke:\n" + "\n".join(failures)
    # The harness must really interrupt the work: a good share of the kills land while the command still runs.
    assert outcomes["killed_while_running"] >= count // 3, outcomes


def _web_trial(template: Path, home: Path, conversation: int, trial: int, rng: random.Random) -> list[str]:
    """Serve a copy of the demo, fire insight captures from four clients, SIGKILL the server mid-burst."""
    support.copy_home(template, home)
    problems: list[str] = []
    acknowledged: list[str] = []
    sent: list[str] = []
    lock = threading.Lock()
    with support.serving(home, threads=4) as server:
        first = support.Browserless(server)
        clients = [first] + [support.Browserless(server, first) for _ in range(3)]
        stop = threading.Event()

        def writer(index: int, client: support.Browserless) -> None:
            number = 0
            while not stop.is_set():
                text = f"kill9 insight {trial}-{index}-{number}"
                number += 1
                with lock:
                    sent.append(text)
                try:
                    status = client.post(f"/conversations/{conversation}/capture/insight", {"text": text}, timeout=10)
                except OSError:
                    return  # the server is gone: this write was never acknowledged
                except Exception as error:  # anything else is the harness's own failure: say so
                    with lock:
                        problems.append(f"{text}: {error!r}")
                    return
                if status in (200, 302):
                    with lock:
                        acknowledged.append(text)
                else:
                    with lock:
                        problems.append(f"{text}: answered {status}")

        threads = [threading.Thread(target=writer, args=(i, c)) for i, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(0.2, 1.5))
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    check = support.integrity(home)
    if check != "ok":
        return [*problems, f"integrity_check: {check}"]
    stored = {str(row[0]) for row in support.query(home, "SELECT text FROM coffeechat_insight WHERE text LIKE 'kill9 %'")}
    lost = [text for text in acknowledged if text not in stored]
    invented = stored - set(sent)
    if lost:
        problems.append(f"{len(lost)} acknowledged writes lost, e.g. {lost[:3]}")
    if invented:
        problems.append(f"stored but never sent: {sorted(invented)[:3]}")
    counts = support.table_counts(home)
    if counts["coffeechat_insight"] != counts.get("coffeechat_insight_fts", counts["coffeechat_insight"]):
        problems.append(f"search index out of step: {counts['coffeechat_insight']} insights, "
                        f"{counts['coffeechat_insight_fts']} indexed")
    if not acknowledged:
        problems.append("no write was acknowledged before the kill (the burst never started)")
    return problems


def test_web_write_burst_killed_at_a_random_moment_keeps_every_acknowledged_write(
    prepared: dict[str, object], tmp_path: Path
) -> None:
    template = Path(str(prepared["demo"]))
    conversation = support.held_conversation(template)
    seed, count = _seed(), support.trials(QUICK_TRIALS)
    rng = random.Random(seed)
    failures: list[str] = []
    for trial in range(count):
        problems = _web_trial(template, tmp_path / "home", conversation, trial, rng)
        failures.extend(f"trial {trial}: {problem}" for problem in problems)
    _write_figures("web", {"operation": "web writes", "trials": count, "failed_trials": len(
        {line.split(":")[0] for line in failures}), "failures": len(failures), "seed": seed})
    assert not failures, f"web burst (seed {seed}) broke:\n" + "\n".join(failures[:40])
