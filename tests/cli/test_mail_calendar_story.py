"""Issue 16's acceptance story, as a user lives it, on real servers and real folders, each step a separate
`coffeechat` process: a request sent (it is in the Maildir's sent folder), a reply arrives, `mail sync`
records both and `next` stops suggesting a follow-up; times offered from the Radicale calendar avoid a
busy event; the invite Dana accepted on the calendar becomes the scheduled conversation."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mail_folders import ME, Mail, add_mail, make_maildir
from radicale_server import RadicaleServer, radicale_fixture  # noqa: F401 - the `radicale` fixture

pytestmark = pytest.mark.process

NOW = datetime(2026, 11, 12, 15, 0, tzinfo=UTC)  # a Thursday, 10:00 in New York
DANA = "dana@tribune.example"
REQUEST = Mail("req-1@me.example", ME, f"Dana Reyes <{DANA}>", NOW - timedelta(days=12),
               "Twenty minutes about the data desk?")
REPLY = Mail("rep-1@tribune.example", f"Dana Reyes <{DANA}>", ME, NOW - timedelta(hours=3),
             "Re: Twenty minutes about the data desk?", in_reply_to="req-1@me.example")


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "coffeechat", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def as_json(env: dict[str, str], *args: str) -> dict:
    return json.loads(run(env, *args, "--json").stdout)


def dana_actions(env: dict[str, str]) -> set[str]:
    actions = as_json(env, "next", "--until", "+30d")["actions"]
    return {action["kind"] for action in actions if action["person"] == "Dana Reyes"}


def event(uid: str, start: datetime, minutes: int, summary: str, *attendees: str) -> str:
    stamp = "%Y%m%dT%H%M%SZ"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coffeechat story//EN", "BEGIN:VEVENT", f"UID:{uid}",
             "DTSTAMP:20261101T000000Z", f"DTSTART:{start:{stamp}}",
             f"DTEND:{start + timedelta(minutes=minutes):{stamp}}", f"SUMMARY:{summary}"]
    if attendees:
        lines.append(f"ORGANIZER:mailto:{ME}")
        lines += [f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{address}" for address in attendees]
    return "\r\n".join([*lines, "END:VEVENT", "END:VCALENDAR", ""])


def overlaps(slot: dict, start: datetime, minutes: int) -> bool:
    begins, ends = datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])
    return begins < start + timedelta(minutes=minutes) and start < ends


def test_mail_and_calendar_do_the_logging(fresh_data_env: dict[str, str], radicale: RadicaleServer,
                                          tmp_path: Path) -> None:
    env = {**fresh_data_env, "COFFEECHAT_NOW": NOW.isoformat(), "COFFEECHAT_SECRETS": "file", "NO_COLOR": "1"}
    run(env, "settings", "set", "your_email", ME)
    run(env, "settings", "set", "timezone", "America/New_York")
    run(env, "add", "Dana Reyes", "--org", "The Tribune", "--email", DANA, "--tz", "America/Chicago")

    # 1. The request went out from the user's own mail program: it is in the Maildir's sent folder.
    maildir = make_maildir(tmp_path / "Mail", sent=[REQUEST])
    run(env, "mail", "connect", "--maildir", str(maildir))
    first = as_json(env, "mail", "sync")
    assert first["recorded"] == {"request": 1}
    assert "follow_up" in dana_actions(env)  # 12 days and no answer: the 3B7 clock asks for one follow-up

    # 2. Dana answers; the next sync records the reply, and the follow-up is no longer suggested.
    add_mail(maildir, inbox=[REPLY])
    second = as_json(env, "mail", "sync")
    assert second["recorded"] == {"reply": 1}
    assert "follow_up" not in dana_actions(env)
    timeline = as_json(env, "show", "Dana Reyes")["timeline"]
    assert {entry["kind"] for entry in timeline if entry["origin"] == "mail"} >= {"request_sent", "reply"}
    assert as_json(env, "mail", "sync")["recorded"] == {}  # a third sync changes nothing

    # 3. Times offered from the user's own calendar avoid what is busy there.
    calendar = radicale.make_calendar("personal")
    run(env, "calendar", "connect", "--caldav", calendar, "--user", radicale.user, "--password-stdin",
        stdin=radicale.password + "\n")
    before = as_json(env, "slots", "Dana Reyes")["slots"]
    assert len(before) == 3
    busy_start = datetime.fromisoformat(before[0]["start"]).astimezone(UTC)
    radicale.put_event(calendar, "seminar", event("seminar-1", busy_start, 90, "Seminar"))
    run(env, "calendar", "sync")
    after = as_json(env, "slots", "Dana Reyes")
    assert len(after["slots"]) == 3
    assert not any(overlaps(slot, busy_start, 90) for slot in after["slots"])
    assert after["slots"][0]["start"] != before[0]["start"]

    # 4. Dana accepts the invite on the calendar: the next sync makes it the scheduled conversation.
    meeting = datetime.fromisoformat(after["slots"][0]["start"]).astimezone(UTC)
    radicale.put_event(calendar, "coffee", event("coffee-dana", meeting, 20, "Coffee with Dana", ME, DANA))
    run(env, "calendar", "sync")
    picked_up = as_json(env, "calendar", "status")["conversations"]
    assert [(c["person"], datetime.fromisoformat(c["start"])) for c in picked_up] == [("Dana Reyes", meeting)]
    scheduled = [entry for entry in as_json(env, "show", "Dana Reyes")["timeline"] if entry["kind"] == "scheduled"]
    assert [entry["origin"] for entry in scheduled] == ["calendar"]
    # The times offered now leave that conversation free as well.
    assert not any(overlaps(slot, meeting, 20) for slot in as_json(env, "slots", "Dana Reyes")["slots"])
