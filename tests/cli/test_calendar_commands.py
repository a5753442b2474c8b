"""`coffeechat calendar …` as a user runs it, each command a separate process: connect a real Radicale
calendar with the password piped in (never in the database in clear), the meeting with Dana picked up,
status, busy times, a stopped server as one clear line, disconnect; an .ics file; usage mistakes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from radicale_server import RadicaleServer, radicale_fixture  # noqa: F401 - the `radicale` fixture

pytestmark = pytest.mark.process

ME = "sam.student@example.edu"
DANA = "dana@tribune.example"


def ok(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "coffeechat", *args], env=env, input=stdin or "",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def fails(env: dict[str, str], *args: str, stdin: str | None = None, code: int = 1) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "coffeechat", *args], env=env, input=stdin or "",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == code, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def meeting(uid: str, start: datetime, minutes: int, summary: str, *people: str) -> str:
    stamp = "%Y%m%dT%H%M%SZ"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coffeechat tests//EN", "BEGIN:VEVENT", f"UID:{uid}",
             "DTSTAMP:20261101T000000Z", f"DTSTART:{start:{stamp}}",
             f"DTEND:{start + timedelta(minutes=minutes):{stamp}}", f"SUMMARY:{summary}"]
    if people:
        lines.append(f"ORGANIZER:mailto:{people[0]}")
        lines += [f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{address}" for address in people]
    return "\n".join([*lines, "END:VEVENT", "END:VCALENDAR", ""])


@pytest.fixture
def env(fresh_data_env: dict[str, str]) -> dict[str, str]:
    fresh_data_env["COFFEECHAT_SECRETS"] = "file"
    fresh_data_env["NO_COLOR"] = "1"
    ok(fresh_data_env, "add", "Dana Reyes", "--org", "The Tribune", "--email", DANA)
    ok(fresh_data_env, "settings", "set", "your_email", ME)
    return fresh_data_env


def test_connect_caldav_sync_status_busy_and_a_stopped_server(env: dict[str, str], radicale: RadicaleServer,
                                                              tmp_path: Path) -> None:
    calendar = radicale.make_calendar("personal")
    start = (datetime.now(UTC) + timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)
    radicale.put_event(calendar, "coffee", meeting("coffee-1", start, 30, "Coffee with Dana", DANA, ME))
    radicale.put_event(calendar, "seminar", meeting("seminar-1", start + timedelta(days=1), 90, "Seminar"))

    connected = ok(env, "calendar", "connect", "--caldav", calendar, "--user", radicale.user, "--password-stdin",
                   stdin=radicale.password + "\n")
    assert f"Connected calendar: {calendar}" in connected.stdout
    assert "Found 2 events" in connected.stdout
    assert "with Dana Reyes" in connected.stdout and "scheduled from your calendar" in connected.stdout
    assert radicale.password not in connected.stdout + connected.stderr
    home = Path(env["COFFEECHAT_HOME"])
    for stored in home.rglob("*.sqlite3*"):  # the database and its WAL: sealed, never in clear
        assert radicale.password.encode() not in stored.read_bytes()

    status = json.loads(ok(env, "calendar", "status", "--json").stdout)
    (source,) = status["calendars"]
    assert source["has_password"] is True and source["events"] == 2 and source["last_error"] == ""
    assert [(item["person"], item["start"]) for item in status["conversations"]] == [("Dana Reyes", start.isoformat())]
    busy = json.loads(ok(env, "calendar", "busy", "--days", "10", "--json").stdout)["busy"]
    assert {"start": start.isoformat(), "end": (start + timedelta(minutes=30)).isoformat()} in busy
    assert any(span["start"] == (start + timedelta(days=1)).isoformat() for span in busy)
    plain = ok(env, "calendar", "busy", "--days", "10").stdout
    assert "busy from" in plain and "Times in " in plain

    again = json.loads(ok(env, "calendar", "sync", "--json").stdout)
    assert again["conversations"] == [] and again["errors"] == []

    radicale.stop()
    failed = fails(env, "calendar", "sync")
    assert "could not read calendar: cannot reach 127.0.0.1:" in failed.stderr
    assert "connection refused" in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
    shown = ok(env, "calendar", "status").stdout
    assert "last error: cannot reach 127.0.0.1:" in shown

    gone = ok(env, "calendar", "disconnect", "calendar")
    assert "Disconnected calendar" in gone.stdout
    assert json.loads(ok(env, "calendar", "status", "--json").stdout)["count"] == 0
    assert "Nothing busy" not in ok(env, "calendar", "busy").stdout  # the conversation itself stays busy


def test_an_ics_file_and_the_mistakes_a_user_can_make(env: dict[str, str], tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "calendar"
    fails(env, "calendar", "connect", code=2)
    fails(env, "calendar", "connect", "--ics-file", str(fixtures / "apple.ics"), "--password-stdin", code=2)
    fails(env, "calendar", "connect", "--caldav", "https://cal.example/dav/", code=2)
    fails(env, "calendar", "connect", "--caldav", "https://cal.example/dav/", "--user", "me", code=2)  # no terminal
    missing = fails(env, "calendar", "connect", "--ics-file", str(tmp_path / "nope.ics"))
    assert "does not exist" in missing.stderr
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nEND:VCALENDAR\n")
    broken = fails(env, "calendar", "connect", "--ics-file", str(bad))
    assert [line for line in broken.stderr.splitlines() if line.startswith("Error")] == [
        "Error: the calendar cannot be read: line 5: END:VCALENDAR closes BEGIN:VEVENT of line 3"]
    fails(env, "calendar", "connect", "--ics-url", "file:///etc/passwd")
    assert json.loads(ok(env, "calendar", "status", "--json").stdout)["count"] == 0

    connected = ok(env, "calendar", "connect", "--ics-file", str(fixtures / "outlook.ics"), "--name", "outlook")
    assert "Connected outlook" in connected.stdout
    report = json.loads(ok(env, "calendar", "sync", "--json").stdout)
    assert report["calendars"][0]["name"] == "outlook" and report["errors"] == []
    assert "No calendar connected" not in ok(env, "calendar", "status").stdout
    fails(env, "calendar", "disconnect", "nothing-by-that-name")
