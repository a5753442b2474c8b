"""`coffeechat mail …` as a user runs it, each command a separate process: connect a Maildir, sync, `next`
moves, a second sync records nothing new, correct a kind, block and allow, disconnect; an IMAP account on a
real Dovecot with the password piped in; and the server syncing by itself while it runs."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import run_coffeechat
from mail_folders import ME, Mail, add_mail, make_maildir
from mail_server import dovecot_fixture  # noqa: F401 (the dovecot fixture)

pytestmark = pytest.mark.process

NOW = datetime(2026, 11, 12, 15, 0, tzinfo=UTC)  # a Thursday
DANA = "dana@tribune.example"
REQUEST = Mail("req-1@me.example", ME, f"Dana Reyes <{DANA}>", NOW - timedelta(days=10),
               "Three questions about the data desk")
REPLY = Mail("rep-1@tribune.example", f"Dana <{DANA.upper()}>", ME, NOW - timedelta(days=1),
             "Re: Three questions about the data desk", in_reply_to="req-1@me.example")
NEWSLETTER = Mail("deal-1@shop.example", "deals@shop.example", ME, NOW - timedelta(days=9), "This week's deals")


def ok(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    if stdin is None:
        done = run_coffeechat(env, *args)
    else:
        done = subprocess.run([sys.executable, "-m", "coffeechat", *args], env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def fails(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = run_coffeechat(env, *args)
    assert done.returncode in (1, 2), (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def dana_actions(env: dict[str, str]) -> list[str]:
    actions = json.loads(ok(env, "next", "--until", "+30d", "--json").stdout)["actions"]
    return sorted(action["kind"] for action in actions if action["person"] == "Dana Reyes")


@pytest.fixture
def env(fresh_data_env: dict[str, str]) -> dict[str, str]:
    fresh_data_env["COFFEECHAT_NOW"] = NOW.isoformat()
    fresh_data_env["COFFEECHAT_SECRETS"] = "file"
    ok(fresh_data_env, "add", "Dana Reyes", "--org", "The Tribune", "--email", DANA)
    return fresh_data_env


def test_a_maildir_is_connected_synced_corrected_and_disconnected(env: dict[str, str], tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir", inbox=[NEWSLETTER], sent=[REQUEST])
    fails(env, "mail", "sync")  # nothing connected yet: says how
    said = fails(env, "mail", "connect", "--maildir", str(tmp_path / "nowhere"))
    assert "does not exist" in said.stderr and "--maildir" in said.stderr
    fails(env, "mail", "connect", "--maildir", str(root), "--user", "me")  # --user is for IMAP only
    connected = ok(env, "mail", "connect", "--maildir", str(root))
    assert f"Sent mail: {root / '.Sent'}" in connected.stdout
    assert dana_actions(env) == []  # nothing on the record yet

    first = ok(env, "mail", "sync")
    assert ("Read 2 messages: 1 request recorded; 1 not about anyone in your network (not stored)."
            in first.stdout)
    assert "follow_up" in dana_actions(env)  # the request started the 3B7 clock, and is long unanswered

    add_mail(root, inbox=[REPLY])
    second = json.loads(ok(env, "mail", "sync", "--json").stdout)
    # Read from two days before the last sync on: only the new reply (the older mail was read already).
    assert (second["read"], second["recorded"]) == (1, {"reply": 1})
    assert "follow_up" not in dana_actions(env)  # she answered: no follow-up any more
    third = json.loads(ok(env, "mail", "sync", "--json").stdout)
    assert (third["read"], third["recorded"], third["already_seen"]) == (1, {}, 1)

    log = json.loads(ok(env, "mail", "log", "--json").stdout)["messages"]
    assert [(m["recorded"], m["person"]["name"]) for m in log] == [("reply", "Dana Reyes"), ("request", "Dana Reyes")]
    assert "Three questions" in ok(env, "mail", "log").stdout
    reply_id = str(log[0]["id"])
    corrected = ok(env, "mail", "correct", reply_id, "--as", "other")
    assert "is now: Other message" in corrected.stdout
    assert "follow_up" in dana_actions(env)  # not a reply after all: the follow-up is due again
    ok(env, "mail", "correct", reply_id, "--as", "reply")
    assert "follow_up" not in dana_actions(env)
    fails(env, "mail", "correct", "999", "--as", "reply")

    status = json.loads(ok(env, "mail", "status", "--json").stdout)["accounts"]
    assert [(a["name"], a["kind"], a["last_error"]) for a in status] == [("mail", "maildir", "")]
    assert status[0]["last_synced_at"].startswith("2026-11-12")
    assert "last sync: Thu 12 Nov 2026" in ok(env, "mail", "status").stdout

    ok(env, "mail", "disconnect", "mail")
    assert json.loads(ok(env, "mail", "status", "--json").stdout)["count"] == 0
    assert len(json.loads(ok(env, "mail", "log", "--json").stdout)["messages"]) == 2  # the record stays
    fails(env, "mail", "disconnect", "mail")


def test_the_allowlist_and_its_switches(env: dict[str, str]) -> None:
    listed = json.loads(ok(env, "mail", "allowlist", "--json").stdout)["people"]
    assert [(p["person"]["name"], p["addresses"], p["allowed"], p["bodies"]) for p in listed] == [
        ("Dana Reyes", [DANA], True, False)]
    ok(env, "mail", "block", "Dana Reyes")
    assert "BLOCKED" in ok(env, "mail", "allowlist").stdout
    ok(env, "mail", "bodies", "dana", "on")
    listed = json.loads(ok(env, "mail", "allowlist", "--json").stdout)["people"]
    assert (listed[0]["allowed"], listed[0]["bodies"]) == (True, True)
    ok(env, "mail", "bodies", "dana", "off")
    ok(env, "mail", "allow", "Dana Reyes")
    listed = json.loads(ok(env, "mail", "allowlist", "--json").stdout)["people"]
    assert (listed[0]["allowed"], listed[0]["bodies"]) == (True, False)
    fails(env, "mail", "block", "Nobody Here")


def test_a_blocked_person_is_not_read(env: dict[str, str], tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir", sent=[REQUEST])
    ok(env, "mail", "connect", "--maildir", str(root), "--sent", "Sent")
    ok(env, "mail", "block", "Dana Reyes")
    report = json.loads(ok(env, "mail", "sync", "--json").stdout)
    assert (report["recorded"], report["not_in_network"]) == ({}, 1)


def test_an_imap_password_is_never_taken_from_the_arguments(env: dict[str, str]) -> None:
    said = fails(env, "mail", "connect", "--imap", "imap.gmail.com", "--user", "me@gmail.com")
    assert "--password-stdin" in said.stderr  # no terminal to ask at
    said = fails(env, "mail", "connect", "--imap", "imap.gmail.com", "--user", "me@gmail.com", "--security",
                 "none", "--password-stdin")
    assert "TLS is required" in said.stderr


def test_an_imap_account_on_a_real_dovecot(env: dict[str, str], dovecot: Any) -> None:
    dovecot.deliver(REQUEST.message().as_bytes(), folder="sent")
    dovecot.deliver(REPLY.message().as_bytes())
    env = {**env, "SSL_CERT_FILE": str(dovecot.ca_file)}
    ok(env, "mail", "connect", "--imap", "127.0.0.1", "--port", str(dovecot.imaps_port), "--user", dovecot.user,
       "--password-stdin", stdin=dovecot.password + "\n")
    status = json.loads(ok(env, "mail", "status", "--json").stdout)["accounts"][0]
    assert status["password_stored"] and dovecot.password not in json.dumps(status)
    report = json.loads(ok(env, "mail", "sync", "--json").stdout)
    assert report["recorded"] == {"request": 1, "reply": 1}
    # A wrong password: the sync fails in one line, and the error is kept on the account.
    ok(env, "mail", "connect", "--imap", "127.0.0.1", "--port", str(dovecot.imaps_port), "--user", dovecot.user,
       "--password-stdin", stdin="wrong\n")
    failed = fails(env, "mail", "sync")
    status = json.loads(ok(env, "mail", "status", "--json").stdout)["accounts"][0]
    assert status["last_error"] and status["last_error"] in failed.stderr


def test_the_server_syncs_by_itself_while_it_runs(env: dict[str, str], tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir", sent=[REQUEST])
    ok(env, "mail", "connect", "--maildir", str(root))
    server = subprocess.Popen([sys.executable, "-m", "coffeechat", "serve", "--port", "0"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        recorded: list[Any] = []
        while not recorded and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)
            recorded = json.loads(ok(env, "mail", "log", "--json").stdout)["messages"]
        assert [m["recorded"] for m in recorded] == ["request"], "the server did not sync the mail by itself"
        status = json.loads(ok(env, "mail", "status", "--json").stdout)["accounts"][0]
        assert status["last_synced_at"] and not status["last_error"]
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert "Traceback" not in err, err
    assert "Stopped" in out


def test_at_a_terminal_the_imap_password_is_asked_for_and_not_echoed(env: dict[str, str]) -> None:
    import os
    import pty
    import select
    import termios

    password = "abcd-efgh-ijkl-mnop"
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "coffeechat", "mail", "connect", "--imap", "imap.gmail.com",
                                "--user", "me@gmail.com"], env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    seen = b""

    def read_for(marker: bytes, seconds: float) -> None:
        nonlocal seen
        deadline = time.monotonic() + seconds
        while marker not in seen and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.5)[0]:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    return

    read_for(b"not shown", 60)
    for _ in range(20):  # type once echo is off; a hidden prompt may discard what was typed too early
        ready = time.monotonic() + 10
        while termios.tcgetattr(leader)[3] & termios.ECHO and time.monotonic() < ready:
            time.sleep(0.05)
        os.write(leader, password.encode() + b"\n")
        read_for(b"Connected", 3)
        if b"Connected" in seen:
            break
    read_for(b"mail sync", 30)
    assert process.wait(timeout=60) == 0, seen
    os.close(leader)
    assert password.encode() not in seen
    assert b"Connected mail: me@gmail.com at imap.gmail.com:993" in seen
    assert json.loads(ok(env, "mail", "status", "--json").stdout)["accounts"][0]["password_stored"]
    database = Path(env["COFFEECHAT_HOME"]) / "coffeechat.sqlite3"
    if database.exists():  # the SQLite pass: the password is nowhere in the file
        assert password.encode() not in database.read_bytes()
