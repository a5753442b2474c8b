"""`coffeechat centre alumni-tick` as a separate process on a centre's database: one reminder to the alumnus
after 7 days, expiry after 14, and nothing more when run again; a clear word in local mode."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from centre_fixtures import centre_env
from conftest import run_coffeechat

SEED = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from datetime import timedelta
    from coffeechat.bootstrap import start
    start()
    from centre_fixtures import make_account
    from coffeechat.services import alumni
    from coffeechat.services.clock import now
    al = make_account("al@alumni.example", "alumnus", name="Al Umnus", password=None)
    alumni.save_offer(al, "Radio", 5)
    body = "Hi Al, could I ask you about radio for 20 minutes?"
    for email, days in (("ana@uni.example", 8), ("omar@uni.example", 15), ("ivy@uni.example", 1)):
        student = make_account(email, "student", password=None)
        alumni.request_alumnus(student, al, "Radio", body, at=now() - timedelta(days=days))
""")


@pytest.mark.process
def test_alumni_tick_reminds_once_and_expires(fresh_data_env: dict[str, str], smtp_server: Any) -> None:
    inbox, port = smtp_server
    env = centre_env(fresh_data_env, port)
    tests = str(Path(__file__).resolve().parents[1])
    seeded = subprocess.run([sys.executable, "-c", SEED.format(tests=tests)], env=env, capture_output=True,
                            text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr
    assert len(inbox.received) == 3  # each request told the alumnus
    first = run_coffeechat(env, "centre", "alumni-tick", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"reminded": 1, "expired": 1, "failed": []}
    again = run_coffeechat(env, "centre", "alumni-tick")
    assert again.returncode == 0, again.stderr
    assert "Reminded 0 alumni; 0 requests expired." in again.stdout
    subjects = [(rcpt, str(message["Subject"])) for _, rcpt, message in inbox.received[3:]]
    reminders = [s for rcpt, s in subjects if rcpt == ["al@alumni.example"]]
    assert len(reminders) == 1 and reminders[0].startswith("Reminder:")
    assert (["omar@uni.example"], "Your request to Al Umnus expired") in subjects
    assert len(subjects) == 2


@pytest.mark.process
def test_the_worker_runs_the_alumni_round_too(fresh_data_env: dict[str, str], smtp_server: Any) -> None:
    """A centre's worker reminds and expires by itself; nobody has to remember `centre alumni-tick`."""
    inbox, port = smtp_server
    env = centre_env(fresh_data_env, port)
    tests = str(Path(__file__).resolve().parents[1])
    seeded = subprocess.run([sys.executable, "-c", SEED.format(tests=tests)], env=env, capture_output=True,
                            text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr
    done = run_coffeechat(env, "worker", "--once")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    subjects = [(rcpt, str(message["Subject"])) for _, rcpt, message in inbox.received[3:]]
    assert next(s for rcpt, s in subjects if rcpt == ["al@alumni.example"]).startswith("Reminder:")
    assert (["omar@uni.example"], "Your request to Al Umnus expired") in subjects


@pytest.mark.process
def test_alumni_tick_says_what_it_needs_in_local_mode(fresh_data_env: dict[str, str]) -> None:
    done = run_coffeechat(fresh_data_env, "centre", "alumni-tick")
    assert done.returncode == 1 and "for a career centre server" in done.stderr and "Traceback" not in done.stderr
