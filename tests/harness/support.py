"""What the harnesses share: coffeechat as real processes in their own homes, the database seen from outside
(integrity and row counts through Python's own sqlite3), and an HTTP client logged in to a real server.

Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import http.cookiejar
import os
import queue
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DATABASE = "coffeechat.sqlite3"
# Tables whose rows are the user's practice (Django's own bookkeeping is left out).
SKIPPED_TABLES = {"django_migrations", "django_session", "sqlite_sequence", "django_content_type",
                  "auth_permission", "coffeechat_logintoken"}
# Full-text indexes keep their own shadow tables, whose row counts follow segment merges, not the practice.
SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")


def trials(default: int) -> int:
    """How many trials a harness runs: COFFEECHAT_TRIALS for the full run, else a quick default."""
    return int(os.environ.get("COFFEECHAT_TRIALS") or default)


def soak_seconds(default: float) -> float:
    """How long the soak runs: COFFEECHAT_SOAK_SECONDS for the full run, else a short default."""
    return float(os.environ.get("COFFEECHAT_SOAK_SECONDS") or default)


def home_env(home: Path) -> dict[str, str]:
    """An environment for a coffeechat process using ``home`` (SQLite), free of the caller's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_") and k != "DJANGO_SETTINGS_MODULE"}
    env["COFFEECHAT_HOME"] = str(home)
    env["NO_COLOR"] = "1"
    return env


def command(*args: str) -> list[str]:
    """The argument list that runs the real program."""
    return [sys.executable, "-m", "coffeechat", *args]


def run(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``coffeechat ARGS`` in ``home`` and return what it did (no check of the exit code)."""
    return subprocess.run(command(*args), env=home_env(home), capture_output=True, text=True, timeout=timeout)


def run_ok(home: Path, *args: str, timeout: float = 300) -> str:
    """Run ``coffeechat ARGS`` and insist that it succeeded; return its output."""
    done = run(home, *args, timeout=timeout)
    assert done.returncode == 0, f"coffeechat {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def copy_home(template: Path, target: Path) -> Path:
    """A fresh copy of a prepared home (the database with its WAL, the key file)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target)
    return target


def database_of(home: Path) -> Path:
    return home / DATABASE


def checkpoint(home: Path) -> None:
    """Fold the WAL into the database file, so a copied home is one self-contained file."""
    with sqlite3.connect(database_of(home)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def integrity(home: Path) -> str:
    """``PRAGMA integrity_check`` of the home's database, opened fresh (so a left-over WAL is recovered),
    plus FTS5's own integrity check of every search index: "ok" when all hold."""
    conn = sqlite3.connect(database_of(home), timeout=30)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        problems = [str(row[0]) for row in rows if row[0] != "ok"]
        indexes = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")]
        for name in indexes:
            try:
                conn.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'integrity-check\')')
            except sqlite3.DatabaseError as error:
                problems.append(f"{name}: {error}")
        conn.rollback()
        return "; ".join(problems) or "ok"
    finally:
        conn.close()


def table_counts(home: Path) -> dict[str, int]:
    """Rows per table of the practice: the fingerprint by which a whole or an absent operation is told."""
    conn = sqlite3.connect(database_of(home), timeout=30)
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
                for name in sorted(names)
                if name not in SKIPPED_TABLES and not name.endswith(SHADOW_SUFFIXES)}
    finally:
        conn.close()


def query(home: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(database_of(home), timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def difference(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The tables whose counts differ, with both counts."""
    return {name: (before.get(name, 0), after.get(name, 0))
            for name in sorted(set(before) | set(after)) if before.get(name, 0) != after.get(name, 0)}


@dataclass
class Server:
    """A running ``coffeechat serve``: the process, its address and its one-time login link."""

    process: subprocess.Popen[str]
    base_url: str
    login_link: str
    output: list[str] = field(default_factory=list)


@contextmanager
def serving(home: Path, threads: int = 8) -> Iterator[Server]:
    """Start ``coffeechat serve`` on a free 127.0.0.1 port and wait for its login link; stop it after."""
    process = subprocess.Popen(command("serve", "--port", "0", "--no-open", "--threads", str(threads)),
                               env=home_env(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []

    def pump() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line)
            seen.append(line)

    threading.Thread(target=pump, daemon=True).start()
    link = base = None
    deadline = time.monotonic() + 90
    try:
        while link is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                if process.poll() is not None:
                    break
                continue
            found = re.search(r"(http://127\.0\.0\.1:\d+)/login\?token=\S+", line)
            if found:
                link, base = found.group(0), found.group(1)
        if link is None:
            raise AssertionError("the server never printed its login link:\n" + "".join(seen))
        yield Server(process=process, base_url=str(base), login_link=str(link), output=seen)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Keep a 302 as the answer: for a form POST, the redirect *is* the acknowledgement."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browserless:
    """A logged-in HTTP client for a coffeechat server (cookies, CSRF token), loopback only."""

    def __init__(self, server: Server, session: Browserless | None = None) -> None:
        """Log in with the server's one-time link, or share the session of another client."""
        assert server.base_url.startswith("http://127.0.0.1:"), server.base_url
        self.base = server.base_url
        self.jar = session.jar if session else http.cookiejar.CookieJar()
        cookies = urllib.request.HTTPCookieProcessor(self.jar)
        self.opener = urllib.request.build_opener(cookies)
        self.plain = urllib.request.build_opener(cookies, NoRedirect())
        if session is None:
            with self.opener.open(server.login_link, timeout=30) as answer:
                answer.read()
            self.get("/")  # sets the CSRF cookie

    def _csrf_token(self) -> str:
        """The CSRF cookie's value, whatever the server names it (it names its cookies per server)."""
        for cookie in self.jar:
            if "csrf" in cookie.name:
                return str(cookie.value)
        raise AssertionError(f"no CSRF cookie after logging in: {[c.name for c in self.jar]}")

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")

    def post(self, path: str, data: dict[str, str], timeout: float = 60) -> int:
        """POST a form the way the page does; the status code (302 and 200 both mean done)."""
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST", headers={
            "X-CSRFToken": self._csrf_token(), "Origin": self.base, "Referer": self.base + "/",
        })
        try:
            with self.plain.open(request, timeout=timeout) as answer:
                answer.read()
                return int(answer.status)
        except urllib.error.HTTPError as error:
            error.read()
            return int(error.code)


def build_demo(home: Path) -> Path:
    """The demo practice, built by the real program into ``home``, checkpointed so it copies cleanly."""
    run_ok(home, "demo", "--no-serve")
    checkpoint(home)
    return home


def held_conversation(home: Path) -> int:
    """The id of a conversation that has taken place (the live page and its captures work on it)."""
    rows = query(home, "SELECT id FROM coffeechat_conversation WHERE state = 'held' ORDER BY id LIMIT 1")
    assert rows, "the demo has no held conversation"
    return int(rows[0][0])  # type: ignore[arg-type]
