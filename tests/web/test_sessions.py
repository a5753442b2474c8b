"""Sessions and login links: short-lived, one at a time, per server, gone when the server stops; "Log out"
says how to come back (`coffeechat login-link`), and `next` never leads off-site."""

from __future__ import annotations

import http.client
import json
import queue
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from coffeechat.services.login import LINK_LIFETIME, issue_login_token, redeem_login_token
from conftest import run_coffeechat


def test_after_login_next_stays_on_this_server(client, owner) -> None:
    for evil in ("//evil.example/x", "https://evil.example/x", "http:\\\\evil.example", "/\\evil.example",
                 "javascript:alert(1)"):
        answer = Client().get("/login", {"token": issue_login_token(owner), "next": evil})
        assert answer.status_code == 302
        assert answer["Location"] == "/", (evil, answer["Location"])
    inside = client.get("/login", {"token": issue_login_token(owner), "next": "/people/?q=dana"})
    assert inside["Location"] == "/people/?q=dana"


def test_a_new_link_retires_the_unused_earlier_one(owner) -> None:
    first, second = issue_login_token(owner), issue_login_token(owner)
    assert redeem_login_token(first) is None
    assert redeem_login_token(second) == owner


def test_links_last_minutes_not_hours(owner) -> None:
    assert LINK_LIFETIME <= timedelta(minutes=15)
    with time_machine.travel("2026-12-01 09:00 +0000", tick=False):
        token = issue_login_token(owner)
    with time_machine.travel("2026-12-01 09:09 +0000", tick=False):
        fresh = issue_login_token(owner)
    with time_machine.travel("2026-12-01 09:20 +0000", tick=False):
        assert redeem_login_token(token) is None
        assert redeem_login_token(fresh) is None  # 11 minutes old


def test_sessions_are_short_and_end_with_the_browser(client, owner) -> None:
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    answer = client.get("/login", {"token": issue_login_token(owner)})
    cookie = answer.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_logged_out_page_says_how_to_get_back_in(owner) -> None:
    client = Client(enforce_csrf_checks=False)
    client.force_login(owner)
    page = client.post("/logout").content.decode()
    assert "You are logged out" in page and "coffeechat login-link" in page
    assert "Ctrl+C" not in page  # no longer "restart the server to get back in"


# --- the real server, as a process -------------------------------------------------------------------


@dataclass
class Served:
    base: str
    link: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(urlsplit(self.base).port or 0)


@contextmanager
def serving(env: dict[str, str], port: int = 0) -> Iterator[Served]:
    process = subprocess.Popen([sys.executable, "-m", "coffeechat", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    seen: list[str] = []
    deadline = time.monotonic() + 90
    found = None
    while found is None and time.monotonic() < deadline and process.poll() is None:
        try:
            seen.append(lines.get(timeout=1))
        except queue.Empty:
            continue
        found = re.search(r"(http://127\.0\.0\.1:\d+)/login\?token=\S+", seen[-1])
    if found is None:
        process.kill()
        raise AssertionError("no login link:\n" + "".join(seen))
    served = Served(base=found.group(1), link=found.group(0), process=process, output=seen)
    try:
        yield served
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        while not lines.empty():
            seen.append(lines.get())


def fetch(url: str, cookies: dict[str, str] | None = None, *, method: str = "GET",
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], dict[str, str], str]:
    """One request to 127.0.0.1: status, headers, cookies set (name → full Set-Cookie line), body."""
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1"
    connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=30)
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=sent)
    answer = connection.getresponse()
    body = answer.read().decode("utf-8", "replace")
    set_cookies = {line.split("=", 1)[0]: line for line in answer.headers.get_all("Set-Cookie") or []}
    connection.close()
    return answer.status, dict(answer.headers), set_cookies, body


def _value(set_cookie_line: str) -> str:
    return set_cookie_line.split("=", 1)[1].split(";", 1)[0]


def _log_in(link: str) -> tuple[str, str]:
    status, headers, cookies, _ = fetch(link)
    assert status == 302 and headers["Location"] == "/", (status, headers)
    (name, line), = ((k, v) for k, v in cookies.items() if k.startswith("coffeechat_session"))
    assert "expires" not in line.lower() and "max-age" not in line.lower()
    return name, _value(line)


@pytest.mark.sqlite  # sessions are rows of the database; one pass proves the server's behaviour
def test_log_out_then_back_in_with_login_link_and_sessions_end_when_serve_stops(fresh_data_env) -> None:
    env = fresh_data_env
    home = Path(env["COFFEECHAT_HOME"])
    with serving(env) as server:
        name, session = _log_in(server.link)
        assert str(server.port) in name  # named per server: another port's coffeechat has its own cookie
        assert stat.S_IMODE((home / "server.json").stat().st_mode) == 0o600
        assert json.loads((home / "server.json").read_text())["url"] == server.base
        for suffix in ("", "-wal", "-shm"):
            assert stat.S_IMODE((home / f"coffeechat.sqlite3{suffix}").stat().st_mode) == 0o600, suffix

        status, _, cookies, page = fetch(server.base + "/", {name: session})
        assert status == 200
        (csrf_name, csrf_line), = ((k, v) for k, v in cookies.items() if k.startswith("coffeechat_csrf"))
        assert str(server.port) in csrf_name
        csrf = _value(csrf_line)
        status, _, _, page = fetch(server.base + "/logout", {name: session, csrf_name: csrf}, method="POST",
                                  headers={"X-CSRFToken": csrf, "Origin": server.base, "Referer": server.base + "/"})
        assert status == 200 and "coffeechat" in page and "login-link" in page
        status, headers, _, _ = fetch(server.base + "/", {name: session})
        assert status == 302 and headers["Location"].startswith("/login")

        again = run_coffeechat(env, "login-link")
        assert again.returncode == 0, again.stderr
        link = re.search(r"http://127\.0\.0\.1:\d+/login\?token=\S+", again.stdout)
        assert link and link.group(0).startswith(server.base + "/login?token=")
        assert fetch(server.link)[0] == 403  # the first link was used
        name, session = _log_in(link.group(0))
        assert fetch(server.base + "/", {name: session})[0] == 200
        port = server.port

    assert not (home / "server.json").exists()
    stopped = run_coffeechat(env, "login-link")
    assert stopped.returncode == 1 and "no coffeechat server is running" in stopped.stderr
    assert "Stopped" in "".join(server.output)

    with serving(env, port) as restarted:  # same port, same cookie name, yet the old session is over
        status, headers, _, _ = fetch(restarted.base + "/", {name: session})
        assert status == 302 and headers["Location"].startswith("/login")


@pytest.mark.sqlite
def test_two_servers_on_this_computer_use_different_cookies(fresh_data_env, tmp_path) -> None:
    other = {**fresh_data_env, "COFFEECHAT_HOME": str(tmp_path / "other-home")}
    with serving(fresh_data_env) as first, serving(other) as second:
        one, _ = _log_in(first.link)
        two, session_two = _log_in(second.link)
        assert one != two
        # The second server's cookie means nothing to the first.
        assert fetch(first.base + "/", {two: session_two})[0] == 302
