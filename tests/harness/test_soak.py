"""Soak: CLI writers (separate `coffeechat note` and `coffeechat log` processes) and web writers (HTTP POSTs to
a running `coffeechat serve`) hammer one practice together.

Figure: 0 "database is locked" (in any process's output or any answer), 0 lost writes (writes made, i.e.
exit 0 or a 302/200 answer, against rows stored afterwards). ``make test`` soaks for a few seconds;
``COFFEECHAT_SOAK_SECONDS=60`` (``make harness``) for a minute. Figures: test-artifacts/harness/soak.json.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from harness import support

pytestmark = [pytest.mark.harness, pytest.mark.sqlite]

QUICK_SECONDS = 10
WEB_WRITERS = 4
NOTE_WRITERS = 2
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "harness"
LOCKED = "database is locked"


def _people(home: Path) -> tuple[int, int]:
    """Two people of the demo: one to take notes on, one (with the least history) to log updates to."""
    with_history = support.query(home, "SELECT person_id FROM coffeechat_touch GROUP BY person_id "
                                       "ORDER BY COUNT(*) DESC, person_id LIMIT 1")
    quiet = support.query(home, "SELECT id FROM coffeechat_person ORDER BY (SELECT COUNT(*) FROM coffeechat_touch "
                                "WHERE person_id = coffeechat_person.id), id LIMIT 1")
    return int(with_history[0][0]), int(quiet[0][0])  # type: ignore[arg-type]


def test_cli_and_web_writers_together_lose_nothing_and_never_see_a_locked_database(tmp_path: Path) -> None:
    home = support.build_demo(tmp_path / "home")
    conversation = support.held_conversation(home)
    note_person, log_person = _people(home)
    touches_before = support.query(home, "SELECT COUNT(*) FROM coffeechat_touch WHERE person_id = ?", log_person)[0][0]
    seconds = support.soak_seconds(QUICK_SECONDS)
    made: Counter[str] = Counter()
    locked: list[str] = []
    errors: list[str] = []
    web_texts: list[str] = []
    cli_texts: list[str] = []
    lock = threading.Lock()

    with support.serving(home) as server:
        first = support.Browserless(server)
        clients = [first] + [support.Browserless(server, first) for _ in range(WEB_WRITERS - 1)]
        deadline = time.monotonic() + seconds

        def web_writer(index: int, client: support.Browserless) -> None:
            number = 0
            while time.monotonic() < deadline:
                text = f"soak web {index}-{number}"
                number += 1
                try:
                    status = client.post(f"/conversations/{conversation}/capture/insight", {"text": text}, timeout=120)
                except Exception as error:  # a writer that dies must be counted, not lost in its thread
                    with lock:
                        errors.append(f"web write {text!r} failed: {error!r}")
                    return
                with lock:
                    if status in (200, 302):
                        made["web"] += 1
                        web_texts.append(text)
                    else:
                        errors.append(f"web write {text!r} answered {status}")

        def cli_writer(index: int) -> None:
            number = 0
            while time.monotonic() < deadline:
                if index < NOTE_WRITERS:
                    text = f"soak cli {index}-{number}"
                    args: tuple[str, ...] = ("note", str(note_person), text)
                else:
                    text, args = "", ("log", "sent", str(log_person), "--update")
                number += 1
                try:
                    done = support.run(home, *args, timeout=300)
                except Exception as error:
                    with lock:
                        errors.append(f"coffeechat {' '.join(args)} failed: {error!r}")
                    return
                output = done.stdout + done.stderr
                with lock:
                    if LOCKED in output:
                        locked.append(f"coffeechat {' '.join(args)}: {output.strip().splitlines()[-1]}")
                    if done.returncode == 0:
                        made["note" if text else "log"] += 1
                        if text:
                            cli_texts.append(text)
                    else:
                        errors.append(f"coffeechat {' '.join(args)} exited {done.returncode}: {output.strip()[-400:]}")

        threads = [threading.Thread(target=web_writer, args=(i, c)) for i, c in enumerate(clients)]
        threads += [threading.Thread(target=cli_writer, args=(i,)) for i in range(NOTE_WRITERS + 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 600)
        server_output = "".join(server.output)
    if LOCKED in server_output:
        locked.append("the server logged: " + next(line for line in server_output.splitlines() if LOCKED in line))

    assert support.integrity(home) == "ok"
    stored_web = {str(r[0]) for r in support.query(home, "SELECT text FROM coffeechat_insight WHERE text LIKE 'soak web %'")}
    stored_notes = {str(r[0]) for r in support.query(home, "SELECT body FROM coffeechat_note WHERE body LIKE 'soak cli %'")}
    touches = support.query(home, "SELECT COUNT(*) FROM coffeechat_touch WHERE person_id = ?", log_person)[0][0]
    lost = [t for t in web_texts if t not in stored_web] + [t for t in cli_texts if t not in stored_notes]
    stored_logs = int(touches) - int(touches_before)  # type: ignore[call-overload]
    figures = {
        "seconds": seconds, "web_writes": made["web"], "cli_notes": made["note"], "cli_logs": made["log"],
        "stored_web": len(stored_web), "stored_notes": len(stored_notes), "stored_logs": stored_logs,
        "database_is_locked": len(locked), "lost_writes": len(lost) + max(0, made["log"] - stored_logs),
        "other_errors": len(errors),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "soak.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nsoak: {json.dumps(figures)}")
    assert not locked, f'{len(locked)} "database is locked":\n' + "\n".join(locked[:20])
    assert not errors, f"{len(errors)} failed writes:\n" + "\n".join(errors[:20])
    assert made["web"] and made["note"] and made["log"], f"some writer never wrote: {figures}"
    assert not lost, f"{len(lost)} acknowledged writes missing, e.g. {lost[:5]}"
    assert stored_logs == made["log"], f"{made['log']} updates logged, {stored_logs} stored"
    assert len(stored_web) == made["web"] and len(stored_notes) == made["note"], figures

