"""Issue 15 §8-9: a career centre grows past one machine. Two app servers (`coffeechat serve --workers 2`,
gunicorn) on two ports and two `coffeechat worker` processes share one fresh PostgreSQL database: a write
through one server is read through the other, a session made once is honoured by both, `/healthz` answers
on both, static files come with caching headers, and queued mail reaches the SMTP server exactly once."""

from __future__ import annotations

import http.cookiejar
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from centre_servers import (
    add_cookie,
    browser,
    csrf_token,
    get,
    postgres_server_url,
    scale_database,
    start,
    wait_until_healthy,
)
from smtp_inbox import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.process]

# Run in a separate process against the centre's database: the student, their session, the queued mail.
HELPER = r"""
import json, sys
from coffeechat.bootstrap import start
start()
from django.conf import settings
action = sys.argv[1]
if action == "session":
    from django.contrib.auth.models import User
    from django.test import Client
    from coffeechat.models.centre import Account, Role
    user = User.objects.create_user(username=sys.argv[2], email=sys.argv[2])
    Account.objects.create(user=user, role=Role.STUDENT, display_name="Sam Student")
    client = Client()
    client.force_login(user)
    print(json.dumps({"name": settings.SESSION_COOKIE_NAME,
                      "value": client.cookies[settings.SESSION_COOKIE_NAME].value}))
elif action == "mail":
    from coffeechat.services.queue import enqueue_mail, queued
    assert queued(), "a centre queues its mail"
    for number in range(int(sys.argv[3])):
        enqueue_mail(sys.argv[2], f"Queued mail {number}", f"Body of mail {number}.")
elif action == "workers":
    from django_tasks_db.models import DBTaskResult
    print(json.dumps([row.worker_ids for row in DBTaskResult.objects.all()]))
"""

MAILS = 12


def _helper(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", HELPER, *args], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coffeechat", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def _centre_env(tmp_path: Path, database: str, smtp_port: int) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "COFFEECHAT_HOME": str(tmp_path / "home"),
        "COFFEECHAT_DATABASE_URL": database,
        "COFFEECHAT_MODE": "centre",
        "COFFEECHAT_SECRET_KEY": "a-test-key-shared-by-every-app-server-of-this-centre-0123456789",
        "COFFEECHAT_EMAIL_HOST": "127.0.0.1",
        "COFFEECHAT_EMAIL_PORT": str(smtp_port),
        "COFFEECHAT_FROM_EMAIL": "careers@centre.example",
        "NO_COLOR": "1",
    })
    return env


def test_two_app_servers_and_two_workers_share_one_database(tmp_path: Path, smtp_server: tuple) -> None:
    inbox, smtp_port = smtp_server
    with scale_database() as database:
        env = _centre_env(tmp_path, database, smtp_port)
        ready = _run(env, "init")  # migrates once, before several processes start
        assert ready.returncode == 0, ready.stderr
        ports = [free_port(), free_port()]
        while ports[0] == ports[1]:
            ports[1] = free_port()
        processes = [start(env, tmp_path, f"app{n}", "serve", "--workers", "2", "--port", str(port),
                           "--threads", "2") for n, port in enumerate(ports)]
        processes += [start(env, tmp_path, f"worker{n}", "worker", "--interval", "0.2") for n in range(2)]
        try:
            one, two = (f"http://127.0.0.1:{port}" for port in ports)
            for process, base in zip(processes, (one, two)):
                wait_until_healthy(process, base)

            # /healthz on both: ok after a database round trip, no cookie, never cached.
            for base in (one, two):
                status, headers, text = get(f"{base}/healthz")
                assert (status, text) == (200, "ok\n")
                assert "Set-Cookie" not in headers
                assert "no-store" in headers["Cache-Control"]

            # Static files through WhiteNoise under gunicorn, with caching headers.
            status, headers, text = get(f"{two}/static/coffeechat/app.css")
            assert status == 200 and "max-age=" in headers["Cache-Control"] and "ETag" in headers
            assert text.strip()

            # A student's session, made once in the shared database, is honoured by both servers.
            session = json.loads(_helper(env, "session", "sam@students.example"))
            jar = http.cookiejar.CookieJar()
            add_cookie(jar, session["name"], session["value"])
            student = browser(jar)

            # A write through server one ...
            status, _, form = get(f"{one}/people/new", student)
            assert status == 200, form[:500]
            status, headers, page = get(f"{one}/people/new", student, data={
                "csrfmiddlewaretoken": csrf_token(form), "full_name": "Rosa Delgado Okafor",
                "organization": "The Ledger", "how_known": "cold"})
            assert status == 302, page[:1000]
            # ... is read through server two.
            status, _, listing = get(f"{two}/people/", student)
            assert status == 200 and "Rosa Delgado Okafor" in listing
            # Without the session, server two asks for a login and shows nothing.
            status, headers, page = get(f"{two}/people/")
            assert status == 302 and "Rosa Delgado Okafor" not in page

            # Queued mail: every mail reaches the SMTP server exactly once, with two workers taking turns.
            _helper(env, "mail", "student@students.example", str(MAILS))
            deadline = time.monotonic() + 120
            while True:
                done = _run(env, "worker", "--status", "--json")
                assert done.returncode == 0, done.stderr
                status_now = json.loads(done.stdout)
                if status_now["sent"] == MAILS or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            assert status_now == {"waiting": 0, "retrying": 0, "running": 0, "sent": MAILS, "failed_attempts": 0,
                                  "given_up": [], "in_doubt": []}
            subjects = Counter(message["Subject"] for _, _, message in inbox.received)
            assert subjects == Counter({f"Queued mail {n}": 1 for n in range(MAILS)})
            assert {tuple(rcpt) for _, rcpt, _ in inbox.received} == {("student@students.example",)}
            assert {message["From"] for _, _, message in inbox.received} == {"careers@centre.example"}
            # Each mail was claimed by one worker, once.
            assert all(len(ids) == 1 for ids in json.loads(_helper(env, "workers")))
        finally:
            codes = {process.name: process.stop() for process in processes}
            outputs = {process.name: process.output() for process in processes}
        # SIGTERM stops every process cleanly.
        assert codes == {"app0": 0, "app1": 0, "worker0": 0, "worker1": 0}, outputs


def test_several_workers_need_postgresql_and_one_shared_key(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_") and k != "DJANGO_SETTINGS_MODULE"}
    env["COFFEECHAT_HOME"] = str(tmp_path / "home")
    refused = _run(env, "serve", "--workers", "2", "--port", str(free_port()))
    assert refused.returncode == 1 and "PostgreSQL" in refused.stderr and "Traceback" not in refused.stderr
    with scale_database() as database:
        env["COFFEECHAT_DATABASE_URL"] = database
        refused = _run(env, "serve", "--workers", "2", "--port", str(free_port()))
        assert refused.returncode == 1 and "COFFEECHAT_SECRET_KEY" in refused.stderr
    # The app for one person stays on 127.0.0.1.
    refused = _run(env, "serve", "--host", "0.0.0.0")
    assert refused.returncode == 2 and "127.0.0.1" in refused.stderr


def test_healthz_says_503_when_the_database_is_gone(tmp_path: Path) -> None:
    with scale_database() as database:
        env = _centre_env(tmp_path, database, free_port())
        assert _run(env, "init").returncode == 0
        base_port = free_port()
        server = start(env, tmp_path, "app", "serve", "--workers", "2", "--port", str(base_port))
        try:
            base = f"http://127.0.0.1:{base_port}"
            wait_until_healthy(server, base)
            name = database.rsplit("/", 1)[1]
            with psycopg.connect(postgres_server_url(), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            for _ in range(3):  # every process says so, each time, without a cookie
                status, headers, text = get(f"{base}/healthz")
                assert (status, text) == (503, "database unavailable\n")
                assert "Set-Cookie" not in headers
        finally:
            code = server.stop()
        assert code == 0, server.output()
