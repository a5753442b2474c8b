"""A career centre on this machine, for tests: a fresh PostgreSQL database, app servers started with
`coffeechat serve --workers N` and `coffeechat worker` processes, all on 127.0.0.1, all stopped at the end."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_server_url() -> str:
    return os.environ.get("COFFEECHAT_TEST_DATABASE_URL") or DEFAULT_SERVER


@contextmanager
def scale_database() -> Iterator[str]:
    """A new, empty database ``coffeechat_scale_<random>`` on the test server; dropped afterwards."""
    import psycopg

    server = postgres_server_url()
    name = f"coffeechat_scale_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(server)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Process:
    """A coffeechat process started by the test, its output kept in a file."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes] = field(repr=False)

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM (as systemd stops it), then wait; SIGKILL only if it does not stop in ``timeout``."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(10)
        self.log.close()
        return int(self.popen.returncode)


def start(env: dict[str, str], folder: Path, name: str, *args: str) -> Process:
    log_path = folder / f"{name}.log"
    log = log_path.open("wb")
    popen = subprocess.Popen([sys.executable, "-m", "coffeechat", *args], env=env, stdout=log,
                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return Process(name, popen, log_path, log)


def get(url: str, opener: urllib.request.OpenerDirector | None = None,
        data: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """Status, headers and text of one request; an HTTP error status is returned, not raised."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)
    try:
        with (opener or urllib.request.build_opener(NoRedirect)).open(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read().decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def browser(cookie_jar: http.cookiejar.CookieJar) -> urllib.request.OpenerDirector:
    """An opener that keeps cookies (for 127.0.0.1, whatever the port, as browsers do) and follows no redirect."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookie_jar), NoRedirect)


def wait_until_healthy(process: Process, base: str, deadline_seconds: float = 90) -> None:
    """Wait for ``/healthz`` to answer 200; fail with the server's output if it died or never answered."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise AssertionError(f"{process.name} exited with {process.popen.returncode}:\n{process.output()}")
        try:
            status, _, _ = get(f"{base}/healthz")
        except OSError:
            status = 0
        if status == 200:
            return
        time.sleep(0.2)
    raise AssertionError(f"{process.name} never answered {base}/healthz:\n{process.output()}")


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def add_cookie(jar: http.cookiejar.CookieJar, name: str, value: str) -> None:
    jar.set_cookie(http.cookiejar.Cookie(
        version=0, name=name, value=value, port=None, port_specified=False, domain="127.0.0.1",
        domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False,
        expires=None, discard=True, comment=None, comment_url=None, rest={"HttpOnly": ""}))
