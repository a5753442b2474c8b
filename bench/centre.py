"""The career centre under load (issue 15 §10): many students on one PostgreSQL server, two app processes.

    python -m bench centre                                  # 1,000 students x 500 people, 32 sessions
    python -m bench centre --students 50 --people-per 200   # a smoke run
    python -m bench centre --regenerate --seconds 20        # rebuild the centre, load each page for 20 s

**The centre.** A fresh PostgreSQL database (``coffeechat_bench_centre`` on ``--server``, migrated by
coffeechat itself) holds ``--students`` student accounts in cohorts of 100, one advisor per cohort and an
admin. The first student's practice is the real demo (``services/demo.py``: 200 people with requests,
replies, conversations, notes, referrals, tasks, questions) plus quiet imported connections up to
``--people-per`` people; every other student gets a copy of it made inside PostgreSQL
(``INSERT … SELECT`` over a map of students, ids shifted per student, foreign keys shifted with them), so
generating 500,000 people takes minutes. Every student grants their cohort's advisor a level (counts,
timeline, everything in turn); advisors have looked and commented a little. A database of the right size
is reused; ``--regenerate`` rebuilds it.

**The load.** ``coffeechat serve --workers 2`` (gunicorn, gthread) in centre mode on 127.0.0.1, all with the
same fixed "now" as the generation. Sessions are made directly in the database (Django's own session store,
with the same keys a password login writes), one per student for 32 different students (and one per
advisor for the advisors' pages): hashing 1,000 Argon2 passwords would cost minutes and measure nothing
about pages. wrk (from Debian) loads each page with 32 connections for ``--seconds``; a Lua script hands
every request the next student's cookie (and that student's own person, for the person page), so the
32 concurrent requests belong to different students. wrk rather than a Python client because a Python client
would take one of the machine's two cores away from the server it measures.

**Floors, measured in the same run.** Serving: gunicorn with the same workers and threads answering a
one-line WSGI app. SQL: every page is also rendered once in this process with its queries captured; the
same SELECTs run again through a bare psycopg connection give what the page's rows cost with no Django, no
template and no HTTP. The heaviest query of the page with the worst p99 is EXPLAINed (ANALYZE, BUFFERS)
into ``bench/out/centre-slowest-plan.txt``. Figures go to ``bench/out/centre.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bench_web import parse_wrk
from bench.workspace import NOW, OUT, child_environment, coffeechat_command, write_result

SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "coffeechat_bench_centre"
GENERATOR_VERSION = 1
COHORT_SIZE = 100
DEMO_PEOPLE = 200  # the demo's own story; quiet imported connections make up the rest
TARGET_P99_MS = 100.0
# A page slower than this alone misses the goal whatever the load (p99 >= its time alone): it is not loaded,
# since 32 connections would only queue minutes of work behind it.
TOO_SLOW_MS = 10 * TARGET_P99_MS
WORKERS = 2
THREADS = 8  # per process, `coffeechat serve`'s default
SESSIONS = 32
SECRET = "bench-centre-not-a-secret-" + "x" * 40
HOME = OUT / "centre-home"
LEVELS = ("counts", "timeline", "everything")


def _say(text: str) -> None:
    print(text, flush=True)


def _environment(url: str) -> dict[str, str]:
    """What the generator, the server and the in-process renders share: database, mode, key and "now"."""
    return {"COFFEECHAT_DATABASE_URL": url, "COFFEECHAT_MODE": "centre", "COFFEECHAT_SECRET_KEY": SECRET,
            "COFFEECHAT_NOW": NOW, "COFFEECHAT_HOME": str(HOME), "COFFEECHAT_QUEUE": "immediate",
            "COFFEECHAT_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


def _admin_connection(server: str) -> Any:
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


def _manifest(server: str) -> dict[str, Any] | None:
    """What the generator recorded in the database, or None when there is no finished centre there."""
    import psycopg

    with _admin_connection(server) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            return None
    try:
        with psycopg.connect(f"{server}/{DATABASE}") as connection:
            row = connection.execute("SELECT data FROM bench_centre_manifest").fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


# --- generating the centre ------------------------------------------------------------------------------


def _start_django(url: str) -> None:
    os.environ.update(_environment(url))
    HOME.mkdir(parents=True, exist_ok=True)
    from coffeechat.bootstrap import start

    start()


def _quiet_connections(owner: Any, count: int) -> None:
    """``count`` more people at the demo's organisations: imported LinkedIn connections, one touch each."""
    from coffeechat.models import ContactPoint, Organization, Person, Touch
    from coffeechat.services.clock import now

    moment = now()
    organisations = list(Organization.objects.owned_by(owner).order_by("id"))
    firsts = ("Ana", "Ben", "Chloé", "Dev", "Eun-ji", "Farah", "Gus", "Hana", "Ivo", "Jo", "Kofi", "Lena", "Mei")
    lasts = ("Okafor", "Nakamura", "Silva", "Kowalski", "Haddad", "Jensen", "Moreau", "Patel", "Reyes", "Byrne")
    people = []
    for i in range(count):
        first, last = firsts[i % len(firsts)], lasts[(i // len(firsts)) % len(lasts)]
        connected = (moment - timedelta(days=40 + (i * 37) % 2000)).date()
        people.append(Person(owner=owner, full_name=f"{first} {last} {i}", first_name=first, last_name=f"{last} {i}",
                             organization=organisations[i % len(organisations)], title="Reporter", location="Berlin",
                             how_known="cold", linkedin_url=f"https://www.linkedin.com/in/bench-{i}",
                             connected_on=connected))
    Person.objects.bulk_create(people, batch_size=2000)
    ContactPoint.objects.bulk_create(
        [ContactPoint(owner=owner, person=p, kind="email", value=f"bench.{i}@example.org")
         for i, p in enumerate(people) if i % 10 < 7], batch_size=2000)
    Touch.objects.bulk_create(
        [Touch(owner=owner, person=p, kind="imported", summary=f"Connected on LinkedIn ({p.organization.name})",
               at=datetime.combine(p.connected_on, datetime.min.time(), tzinfo=UTC)) for p in people],
        batch_size=2000)


def _owned_tables() -> list[tuple[str, list[str], dict[str, str]]]:
    """Every table of coffeechat's own rows a student owns (and their many-to-many link tables):
    (table, columns, {foreign-key column: the table it points to})."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    user_table = get_user_model()._meta.db_table
    owned = [m for m in apps.get_app_config("coffeechat").get_models()
             if any(f.name == "owner" for f in m._meta.fields) and m._meta.app_label == "coffeechat"
             and not m.__module__.endswith(".centre")]
    tables: list[tuple[str, list[str], dict[str, str]]] = []
    for model in owned:
        columns = [f.column for f in model._meta.local_concrete_fields]
        links = {f.column: f.related_model._meta.db_table for f in model._meta.local_concrete_fields
                 if f.is_relation and f.related_model is not None}
        tables.append((model._meta.db_table, columns, links))
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                columns = [f.column for f in through._meta.local_concrete_fields]
                links = {f.column: f.related_model._meta.db_table for f in through._meta.local_concrete_fields
                         if f.is_relation and f.related_model is not None}
                tables.append((through._meta.db_table, columns, links))
    names = {t for t, _, _ in tables}
    for table, _, links in tables:
        strays = {c: t for c, t in links.items() if t not in names and not (c == "owner_id" and t == user_table)}
        if strays:
            _say(f"  note: {table} points outside the copied rows ({strays}); those columns are copied as they are")
    return tables


def _copy_practice(cursor: Any, template_owner: int) -> dict[str, int]:
    """Copy the first student's rows to every other student of ``bench_map`` (k > 0), inside PostgreSQL."""
    tables = _owned_tables()
    names = {t for t, _, _ in tables}
    stride: dict[str, int] = {}
    for table, _, _ in tables:
        stride[table] = cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
        others = cursor.execute(
            f'SELECT count(*) FROM "{table}" WHERE owner_id <> %s', [template_owner]).fetchone()[0] \
            if table in names and _has_owner(tables, table) else 0
        if others:
            raise SystemExit(f"{table} holds rows of someone else than the template student; --regenerate")
    copied: dict[str, int] = {}
    cursor.execute("SET session_replication_role = replica")  # no foreign-key triggers while copying
    for table, columns, links in tables:
        if not stride[table]:
            continue
        values = []
        for column in columns:
            if column == "id":
                values.append(f"t.id + m.k * {stride[table]}")
            elif column == "owner_id":
                values.append("m.owner_id")
            elif column in links and links[column] in names:
                values.append(f"t.{column} + m.k * {stride[links[column]]}")
            else:
                values.append(f't."{column}"')
        started = time.perf_counter()
        cursor.execute(f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
                       f'SELECT {", ".join(values)} FROM "{table}" t CROSS JOIN bench_map m WHERE m.k > 0')
        copied[table] = rows = cursor.rowcount
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                       f'(SELECT coalesce(max(id), 1) FROM "{table}"))')
        _say(f"    {table:<36} {rows:>10,} rows in {time.perf_counter() - started:5.1f} s")
    cursor.execute("SET session_replication_role = origin")
    return copied


def _has_owner(tables: list[tuple[str, list[str], dict[str, str]]], table: str) -> bool:
    return any(t == table and "owner_id" in columns for t, columns, _ in tables)


def generate(server: str, students: int, people_per: int) -> dict[str, Any]:
    """Build the centre in a fresh database; return the manifest (also stored in the database)."""
    started = time.perf_counter()
    with _admin_connection(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = f"{server}/{DATABASE}"
    shutil.rmtree(HOME, ignore_errors=True)
    _say(f"Generating the centre in {url}: {students:,} students x {people_per:,} people …")
    _start_django(url)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from coffeechat.models import Account, Person
    from coffeechat.services.clock import now
    from coffeechat.services.demo import build_demo

    user_model = get_user_model()
    moment = now()
    unusable = make_password(None)  # sessions are made directly; no Argon2 for 1,000 users
    cohorts = max(1, -(-students // COHORT_SIZE))
    with transaction.atomic():
        admin_user = user_model.objects.create(username="admin@centre.example", email="admin@centre.example",
                                               password=unusable)
        advisors = user_model.objects.bulk_create([
            user_model(username=f"advisor{c}@centre.example", email=f"advisor{c}@centre.example", password=unusable,
                       first_name=f"Advisor {c}") for c in range(cohorts)])
        pupils = user_model.objects.bulk_create([
            user_model(username=f"student{k:05d}@centre.example", email=f"student{k:05d}@centre.example",
                       password=unusable, first_name=f"Student {k}", last_login=moment - timedelta(days=k % 30))
            for k in range(students)])
        accounts = [Account(user=admin_user, role="admin", display_name="Centre admin")]
        accounts += [Account(user=a, role="advisor", cohort=f"cohort-{c:02d}", display_name=f"Advisor {c}")
                     for c, a in enumerate(advisors)]
        accounts += [Account(user=s, role="student", cohort=f"cohort-{k // COHORT_SIZE:02d}", display_name=f"Student {k}",
                             last_seen_at=None if k % 17 == 0 else moment - timedelta(hours=k % 400))
                     for k, s in enumerate(pupils)]
        Account.objects.bulk_create(accounts)
    template = pupils[0]
    demo_started = time.perf_counter()
    build_demo(template)
    extra = people_per - Person.objects.owned_by(template).count()
    if extra > 0:
        _quiet_connections(template, extra)
    _say(f"  the first student's practice (demo + {max(extra, 0)} quiet connections) in "
         f"{time.perf_counter() - demo_started:.1f} s; copying it to {students - 1:,} more students:")
    copy_started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: execute() returns it
        raw.execute("CREATE TABLE bench_map (k integer PRIMARY KEY, owner_id bigint NOT NULL)")
        with raw.copy("COPY bench_map (k, owner_id) FROM STDIN") as copy:
            for k, pupil in enumerate(pupils):
                copy.write_row((k, pupil.pk))
        copied = _copy_practice(raw, template.pk)
        _centre_rows(raw, [a.pk for a in advisors], moment)
        raw.execute("DROP TABLE bench_map")
    copy_seconds = time.perf_counter() - copy_started
    connection.close()
    import psycopg

    with psycopg.connect(url, autocommit=True) as plain:
        _say("  VACUUM ANALYZE …")
        vacuum_started = time.perf_counter()
        plain.execute("VACUUM ANALYZE")
        vacuum_seconds = time.perf_counter() - vacuum_started
        counts = {table: plain.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                  for table in ("auth_user", "coffeechat_person", "coffeechat_organization", "coffeechat_contactpoint",
                                "coffeechat_touch", "coffeechat_message", "coffeechat_conversation", "coffeechat_note",
                                "coffeechat_referral", "coffeechat_task", "coffeechat_consent", "coffeechat_advisorview",
                                "coffeechat_advisorcomment")}
        size = plain.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
        manifest = {"generator_version": GENERATOR_VERSION, "students": students, "people_per": people_per,
                    "cohorts": cohorts, "now": NOW, "counts": counts, "copied": copied, "database_size": size,
                    "copy_seconds": round(copy_seconds, 1), "vacuum_seconds": round(vacuum_seconds, 1),
                    "generated_in_seconds": round(time.perf_counter() - started, 1)}
        plain.execute("CREATE TABLE bench_centre_manifest (data jsonb)")
        plain.execute("INSERT INTO bench_centre_manifest VALUES (%s)", [json.dumps(manifest)])
    _say(f"  generated in {manifest['generated_in_seconds']} s ({size}): "
         + ", ".join(f"{n:,} {t.removeprefix('coffeechat_')}" for t, n in counts.items()))
    return manifest


def _centre_rows(cursor: Any, advisors: list[int], moment: datetime) -> None:
    """Consent (each student to their cohort's advisor, levels in turn), a few looks and comments."""
    advisor_array = "ARRAY[" + ",".join(str(a) for a in advisors) + "]::bigint[]"
    cursor.execute(
        "INSERT INTO coffeechat_consent (owner_id, advisor_id, level, created_at, updated_at) "
        f"SELECT m.owner_id, ({advisor_array})[m.k / {COHORT_SIZE} + 1], "
        "(ARRAY['counts','timeline','everything'])[m.k %% 3 + 1], %s, %s FROM bench_map m",
        [moment - timedelta(days=60), moment - timedelta(days=60)])
    cursor.execute(
        "INSERT INTO coffeechat_advisorview (owner_id, advisor_id, level, what, at, created_at, updated_at) "
        f"SELECT m.owner_id, ({advisor_array})[m.k / {COHORT_SIZE} + 1], "
        "(ARRAY['counts','timeline','everything'])[m.k %% 3 + 1], 'the record', "
        "%s - make_interval(days => g), %s, %s FROM bench_map m CROSS JOIN generate_series(1, 6) g",
        [moment, moment, moment])
    cursor.execute(
        "INSERT INTO coffeechat_advisorcomment (owner_id, author_id, body, read_at, created_at, updated_at) "
        f"SELECT m.owner_id, ({advisor_array})[m.k / {COHORT_SIZE} + 1], "
        "'Nice work on the follow-ups; try one more newsroom this week.', "
        "CASE WHEN g = 1 THEN %s END, %s - make_interval(days => g * 9), %s "
        "FROM bench_map m CROSS JOIN generate_series(1, 2) g",
        [moment, moment, moment])


# --- sessions, pages and the servers ---------------------------------------------------------------------


def make_session(user: Any) -> str:
    """A logged-in session for ``user`` written by Django's own session store, as a password login writes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def plan_requests(manifest: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Each page and its rotation of (path, Cookie header): 32 different students (their own person for the
    person page), the advisors (their own students), the admin."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from bench.profile_pages import navigation_pages
    from coffeechat.models import Consent

    users = get_user_model().objects
    students = manifest["students"]
    chosen = sorted({(i * students) // SESSIONS for i in range(SESSIONS)})  # spread over every cohort
    pupils = list(users.filter(username__in=[f"student{k:05d}@centre.example" for k in chosen]).order_by("username"))
    name = settings.SESSION_COOKIE_NAME
    student_sessions = []
    with connection.cursor() as cursor:
        for pupil in pupils:
            cursor.execute("SELECT person_id FROM coffeechat_touch WHERE owner_id = %s GROUP BY person_id "
                           "ORDER BY count(*) DESC, person_id LIMIT 1", [pupil.pk])
            person = cursor.fetchone()[0]
            student_sessions.append((f"{name}={make_session(pupil)}", person))
    pages: dict[str, list[tuple[str, str]]] = {}
    for page, path in navigation_pages(0).items():
        if page == "person":
            pages["person /people/<own>/"] = [(f"/people/{person}/", cookie) for cookie, person in student_sessions]
        else:
            pages[f"{page} {path}"] = [(path, cookie) for cookie, _ in student_sessions]
    for page, path in (("devices", "/devices/"), ("sharing", "/centre/sharing/"),
                       ("who looked", "/centre/who-looked/"), ("comments", "/centre/comments/")):
        pages[f"{page} {path}"] = [(path, cookie) for cookie, _ in student_sessions]
    advisors = list(users.filter(centre_account__role="advisor").order_by("id"))
    advisor_cookies = {a.pk: f"{name}={make_session(a)}" for a in advisors}
    pages["advisor: cohort /centre/cohort/"] = [("/centre/cohort/", advisor_cookies[a.pk]) for a in advisors]
    looks = []
    for advisor in advisors:
        shared = Consent.objects.filter(advisor=advisor, level="everything").order_by("owner_id")
        looks += [(f"/centre/students/{owner}/", advisor_cookies[advisor.pk])
                  for owner in shared.values_list("owner_id", flat=True)[:max(1, SESSIONS // len(advisors))]]
    pages["advisor: student /centre/students/<pk>/ (everything)"] = looks
    admin = users.get(username="admin@centre.example")
    pages["admin: accounts /centre/accounts/"] = [("/centre/accounts/", f"{name}={make_session(admin)}")]
    return pages


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(command: list[str], env: dict[str, str], health: str,
            cwd: Path | None = None) -> Iterator[tuple[str, int]]:
    """Start a server in its own session; yield (base URL, session id) once ``health`` answers 200; stop it
    with SIGTERM (gunicorn's graceful stop)."""
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(health, timeout=5) as response:
                    if response.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the server did not start: {log.read()[-2000:]}")
            time.sleep(0.3)
        yield health.rsplit("/", 1)[0], process.pid
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


FLOOR_APP = (
    "def app(environ, start_response):\n"
    "    start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', '2')])\n"
    "    return [b'ok']\n"
)


def _lua(requests: list[tuple[str, str]], path: Path, think_ms: int) -> Path:
    """A wrk script handing each request the next (path, cookie) of the rotation; the two wrk threads start
    half a rotation apart, so the concurrent requests belong to different sessions. With ``think_ms`` each
    connection waits that long (+-50 %) before its next request, like a student reading the page."""
    rows = ",\n".join(f"  {{{json.dumps(p)}, {json.dumps(c)}}}" for p, c in requests)
    path.write_text(
        f"local rotation = {{\n{rows}\n}}\n"
        "local threads = 0\n"
        "function setup(thread) thread:set('start', threads); threads = threads + 1 end\n"
        f"local think = {int(think_ms)}\n"
        "local counter = 0\n"
        "function init(args) counter = math.floor((start or 0) * #rotation / 2) end\n"
        "function request()\n"
        "  counter = counter + 1\n"
        "  local r = rotation[counter % #rotation + 1]\n"
        "  return wrk.format('GET', r[1], {['Cookie'] = r[2]})\n"
        "end\n"
        + ("function delay() return math.random(math.floor(think / 2), math.floor(think * 3 / 2)) end\n"
           if think_ms else ""))
    return path


def wrk(base: str, requests: list[tuple[str, str]] | None, seconds: int, connections: int,
        think_ms: int = 0) -> dict[str, Any]:
    """One bounded wrk run (127.0.0.1 only): 2 threads, ``connections`` connections, ``seconds`` long."""
    if not base.startswith("http://127.0.0.1:"):
        raise ValueError("the load only runs against 127.0.0.1")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if requests:
        command += ["-s", str(_lua(requests, OUT / "centre-rotation.lua", think_ms))]
    done = subprocess.run([*command, base + "/"], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def check_and_time(base: str, requests: list[tuple[str, str]]) -> tuple[list[str], float, int]:
    """Every (path, cookie) of the rotation must answer 200 (a redirect to the login form would pass wrk's
    error count); then the median time of at least 5 one-at-a-time requests (the page without queueing).
    A page slower than TOO_SLOW_MS alone is checked on 3 sessions only: (problems, median ms, requests timed)."""
    problems, first = [], []
    for path, cookie in requests:
        found, ms = _get(base, path, cookie)
        problems += found
        first.append(ms)
        if len(first) >= 3 and statistics.median(first) > TOO_SLOW_MS:
            return problems, statistics.median(first), len(first)
    rounds = requests * (-(-5 // len(requests)))
    return problems, statistics.median(_get(base, path, cookie)[1] for path, cookie in rounds), len(rounds)


def wait_idle(base: str, limit: float = 180) -> None:
    """After a load, wait until the server answers /healthz quickly (requests queued by wrk are done)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            problems, ms = _get(base, "/healthz", "", timeout=5)
        except OSError:  # still busy with the queued requests
            continue
        if not problems and ms < 50:
            return
        time.sleep(0.5)
    _say(f"  (the server was still busy {limit:.0f} s after the load)")


def _get(base: str, path: str, cookie: str, timeout: float = 60) -> tuple[list[str], float]:
    """One GET (redirects not followed): ([a problem] unless it answered 200, its ms)."""
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    ms = (time.perf_counter() - started) * 1000
    return ([] if status == 200 else [f"{path} answered {status}"]), ms


def server_cpu_seconds(session: int) -> float:
    """User + system CPU seconds of every process of the server's session (gunicorn's master and workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session:  # state ppid pgrp session … utime(11) stime(12)
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# --- the same pages in this process: their queries, the SQL floor, the slowest plan ---------------------


NUMBERS = re.compile(r"\b\d+\b|'[^']*'")


def capture(pages: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, Any]]:
    """Render each page once (warm) for its first session in this process, timing each query it runs."""
    from django.db import connection
    from django.test import Client

    found: dict[str, dict[str, Any]] = {}
    for page, requests in pages.items():
        path, cookie = requests[0]
        client = Client(HTTP_HOST="127.0.0.1")
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
        client.get(path)
        captured: list[dict[str, Any]] = []

        def timed(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any],
                  captured: list[dict[str, Any]] = captured) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                ms = (time.perf_counter() - started) * 1000
                text = sql if many else connection.ops.last_executed_query(context["cursor"].cursor, sql, params)
                captured.append({"sql": text, "ms": ms})

        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            status = client.get(path).status_code
            total = (time.perf_counter() - started) * 1000
        shapes: dict[str, dict[str, Any]] = {}
        for q in captured:
            shape = shapes.setdefault(NUMBERS.sub("?", q["sql"]), {"count": 0, "ms": 0.0, "slowest": q})
            shape["count"] += 1
            shape["ms"] += q["ms"]
            if q["ms"] > shape["slowest"]["ms"]:
                shape["slowest"] = q
        ranked = sorted(shapes.items(), key=lambda item: -item[1]["ms"])
        repeated = {s[:200]: v["count"] for s, v in ranked if v["count"] >= 5}
        found[page] = {"status": status, "ms": total, "queries": captured, "repeated_shapes": repeated,
                       "shapes": ranked}
    return found


def sql_floor(url: str, captured: list[dict[str, Any]], runs: int = 5) -> float:
    """The page's SELECTs again through a bare psycopg connection: the median ms of ``runs`` replays."""
    import psycopg

    selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    times = []
    with psycopg.connect(url, autocommit=True) as connection:
        for _ in range(runs + 1):
            started = time.perf_counter()
            for sql in selects:
                connection.execute(sql.replace("%", "%%")).fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:])


def explain(url: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql.replace("%", "%%")).fetchall()
    return "\n".join(r[0] for r in rows)


# --- the run -------------------------------------------------------------------------------------------


def _show(name: str, m: dict[str, Any]) -> None:
    line = f"  {name:<50} alone {m['alone_ms']:6.1f} ms, cpu {m['paced']['server_cpu_ms_per_request']:5.1f} ms"
    for mode in ("saturated", "paced"):
        f = m[mode]
        line += (f" | {mode} {f['requests_per_second'] or 0:6.1f} req/s p50 {f['p50_ms'] or 0:6.1f}"
                 f" p99 {f['p99_ms'] or 0:7.1f} ms ({f['p99_vs_goal']:.2f}x)")
        if f["non_2xx_3xx"] or f["socket_errors"]:
            line += f" errors {f['non_2xx_3xx']} {f['socket_errors']}"
    print(line, flush=True)


def measure_page(base: str, session: int, requests: list[tuple[str, str]], args: argparse.Namespace) -> dict[str, Any]:
    """Check every session of the page, time it alone, then load it saturated and paced."""
    problems, alone, timed = check_and_time(base, requests)
    if problems:
        _say(f"  not loaded: {len(problems)} of {len(requests)} sessions failed: {problems[:3]}")
        return {"problems": problems}
    measured: dict[str, Any] = {"alone_ms": round(alone, 2), "alone_requests": timed,
                                "sessions": len({c for _, c in requests}),
                                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                "load_average": os.getloadavg()}
    if alone > TOO_SLOW_MS:
        measured["not_loaded"] = (f"{alone:.0f} ms alone (median of {timed}) is over {TOO_SLOW_MS:.0f} ms: "
                                  f"its p99 cannot be under {TARGET_P99_MS:.0f} ms, and a load would only queue")
        return measured
    for mode, think in (("saturated", 0), ("paced", args.think_ms)):
        before = server_cpu_seconds(session)
        figures = wrk(base, requests, args.seconds, args.connections, think)
        figures["server_cpu_ms_per_request"] = round(
            (server_cpu_seconds(session) - before) * 1000 / max(figures["requests"] or 1, 1), 2)
        figures["p99_vs_goal"] = round((figures["p99_ms"] or 0) / TARGET_P99_MS, 3)
        measured[mode] = figures
        wait_idle(base)
    return measured


def run(args: argparse.Namespace) -> dict[str, Any]:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    manifest = _manifest(args.server)
    wanted = {"generator_version": GENERATOR_VERSION, "students": args.students, "people_per": args.people_per}
    if args.regenerate or not manifest or any(manifest.get(k) != v for k, v in wanted.items()):
        manifest = generate(args.server, args.students, args.people_per)
    else:
        _say(f"Reusing the centre in {args.server}/{DATABASE} ({manifest['students']:,} students x "
             f"{manifest['people_per']:,} people, {manifest['database_size']}; --regenerate rebuilds it).")
    url = f"{args.server}/{DATABASE}"
    _start_django(url)
    every_page = plan_requests(manifest)
    pages = {name: requests for name, requests in every_page.items()
             if not args.only or any(o in name for o in args.only)}
    env = child_environment(**_environment(url))
    results: dict[str, Any] = {
        "benchmark": "centre", "manifest": manifest, "workers": WORKERS, "threads_per_worker": THREADS,
        "connections": args.connections, "seconds": args.seconds, "target_p99_ms": TARGET_P99_MS,
        "sessions": "made directly in the database with Django's session store (no password hashing)",
        "client": "wrk, 2 threads, a Lua script rotating each page's (path, cookie) list", "pages": {},
    }
    if args.merge:  # pages loaded by an earlier run (--only the others now): kept, marked with where from
        for page, figures in json.loads(args.merge.read_text()).get("pages", {}).items():
            if page not in pages and "saturated" in figures:
                results["pages"][page] = {**figures, "from": figures.get("from", str(args.merge))}
    results["load_average_before"] = os.getloadavg()
    _say(f"\n== the career centre: {WORKERS} workers x {THREADS} threads, {args.connections} connections, "
         f"{args.seconds} s per page ==")
    port = _free_port()
    floor_dir = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    (floor_dir / "floor_app.py").write_text(FLOOR_APP)
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--worker-class", "gthread",
                "--threads", str(THREADS), "--bind", f"127.0.0.1:{port}", "floor_app:app"]
    with running(gunicorn, env, f"http://127.0.0.1:{port}/healthz", cwd=floor_dir) as (base, session):
        before = server_cpu_seconds(session)
        floor = wrk(base, None, args.seconds, args.connections)
        floor["server_cpu_ms_per_request"] = round(
            (server_cpu_seconds(session) - before) * 1000 / max(floor["requests"] or 1, 1), 3)
        floor["paced"] = wrk(base, [("/", "")], args.seconds, args.connections, args.think_ms)
    shutil.rmtree(floor_dir, ignore_errors=True)
    results["serving_floor"] = floor
    _say(f"  floor: gunicorn 'ok' (same workers, threads)               {floor['requests_per_second']:7.1f} req/s  "
         f"p50 {floor['p50_ms']:6.1f}  p99 {floor['p99_ms']:6.1f} ms | paced "
         f"{floor['paced']['requests_per_second'] or 0:6.1f} req/s p50 {floor['paced']['p50_ms'] or 0:6.1f} "
         f"p99 {floor['paced']['p99_ms'] or 0:6.1f} ms")

    port = _free_port()
    serve = [*coffeechat_command(), "serve", "--workers", str(WORKERS), "--threads", str(THREADS), "--port", str(port)]
    with running(serve, env, f"http://127.0.0.1:{port}/healthz") as (base, session):
        for page, requests in pages.items():
            try:
                measured = measure_page(base, session, requests, args)
            except (OSError, subprocess.CalledProcessError) as error:
                _say(f"  {page}: could not be measured ({error})")
                results["pages"][page] = {"error": str(error)}
                wait_idle(base)
                continue
            results["pages"][page] = measured
            if "not_loaded" in measured:
                _say(f"  {page:<50} alone {measured['alone_ms']:8.1f} ms: not loaded, {measured['not_loaded']}")
            elif "problems" not in measured:
                _show(page, measured)
            write_result("centre", results)  # a run stopped half-way keeps what it measured

    _say("\n  the same pages in this process (queries captured, then replayed through bare psycopg):")
    captured = capture(every_page)
    for page, found in captured.items():
        entry = results["pages"].setdefault(page, {"not_loaded_this_run": True})
        entry["queries"] = len(found["queries"])
        entry["sql_ms_in_django"] = round(sum(q["ms"] for q in found["queries"]), 2)
        entry["in_process_ms"] = round(found["ms"], 2)
        entry["sql_floor_ms"] = round(sql_floor(url, found["queries"], runs=5 if len(found["queries"]) < 500 else 1), 2)
        if found["repeated_shapes"]:
            entry["repeated_query_shapes"] = found["repeated_shapes"]
        print(f"    {page:<52} {entry['queries']:4d} queries  SQL {entry['sql_ms_in_django']:6.1f} ms  "
              f"floor {entry['sql_floor_ms']:6.1f} ms  whole page {entry['in_process_ms']:6.1f} ms"
              + (f"  repeated: {sum(found['repeated_shapes'].values())}" if found["repeated_shapes"] else ""),
              flush=True)
    loaded = {p: m for p, m in results["pages"].items() if "saturated" in m}
    too_slow = {p: m for p, m in results["pages"].items() if "not_loaded" in m}
    if loaded or too_slow:
        slowest = (max(too_slow, key=lambda p: too_slow[p]["alone_ms"]) if too_slow
                   else max(loaded, key=lambda p: loaded[p]["saturated"]["p99_ms"] or 0))
        shapes = captured[slowest]["shapes"]
        heaviest = shapes[0][1]["slowest"]
        plan = explain(url, heaviest["sql"])
        top = "\n".join(f"  {v['count']:5d} x  {v['ms']:8.2f} ms   {shape[:150]}" for shape, v in shapes[:8])
        worst = results["pages"][slowest]
        if "not_loaded" in worst:
            under = f"  not loaded: {worst['not_loaded']}\n"
        else:
            under = (f"  saturated (32 connections, no pause): p50 {worst['saturated']['p50_ms']:.1f} ms, "
                     f"p99 {worst['saturated']['p99_ms']:.1f} ms\n"
                     f"  paced (32 sessions, {args.think_ms} ms between pages): p50 {worst['paced']['p50_ms']:.1f} "
                     f"ms, p99 {worst['paced']['p99_ms']:.1f} ms\n")
        text = (f"Slowest page: {slowest}\n{under}"
                f"{len(captured[slowest]['queries'])} queries, "
                f"{sum(q['ms'] for q in captured[slowest]['queries']):.1f} ms of SQL in one in-process render "
                f"({captured[slowest]['ms']:.1f} ms whole page).\n\n"
                f"The query shapes taking the most time (count x total ms, numbers and strings as ?):\n{top}\n\n"
                f"The slowest run of the heaviest shape ({heaviest['ms']:.2f} ms):\n\n"
                f"{heaviest['sql']}\n\nEXPLAIN (ANALYZE, BUFFERS):\n{plan}\n")
        (OUT / "centre-slowest-plan.txt").write_text(text)
        results["slowest"] = {"page": slowest, "p99_ms": worst.get("saturated", {}).get("p99_ms"),
                              "alone_ms": worst["alone_ms"], "query": heaviest["sql"],
                              "query_ms": heaviest["ms"], "plan": plan,
                              "top_shapes": [{"shape": sh[:300], "count": v["count"], "ms": round(v["ms"], 2)}
                                             for sh, v in shapes[:8]]}
        for mode in ("saturated", "paced"):
            p99s = {p: m[mode]["p99_ms"] or 0 for p, m in loaded.items()}
            p99s.update({p: m["alone_ms"] for p, m in too_slow.items()})  # at least that
            missing = sorted(p for p, v in p99s.items() if v >= TARGET_P99_MS)
            results[f"{mode}_pages_missing_goal"] = missing
            results[f"{mode}_every_page_meets_goal"] = not missing and len(p99s) == len(every_page)
            _say(f"  {mode}: {len(p99s) - len(missing)} of {len(every_page)} pages meet p99 < {TARGET_P99_MS:.0f} ms; "
                 f"worst {max(p99s.values()):.1f} ms = {max(p99s.values()) / TARGET_P99_MS:.2f}x the goal")
        _say(f"  slowest page: {slowest}; its plan is in {OUT / 'centre-slowest-plan.txt'}")
    results["load_average_after"] = os.getloadavg()
    path = write_result("centre", results)
    _say(f"Saved {path}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench centre", description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=SERVER, help=f"PostgreSQL server (default {SERVER}); 127.0.0.1 only")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--people-per", type=int, default=500,
                        help=f"people in each student's network (at least the demo's {DEMO_PEOPLE})")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the centre even if one of this size exists")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_CENTRE_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=SESSIONS)
    parser.add_argument("--think-ms", type=int, default=1000,
                        help="the paced run: each session waits this long (+-50 %%) between pages (default 1000)")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="load only the pages whose name contains TEXT (repeatable), e.g. --only cohort")
    parser.add_argument("--merge", type=Path, metavar="FILE",
                        help="with --only: keep the other pages' load figures from an earlier run's centre.json")
    parser.add_argument("--generate-only", action="store_true", help="build (or check) the centre, do not load it")
    args = parser.parse_args(argv)
    if "127.0.0.1" not in args.server and "localhost" not in args.server:
        parser.error("--server must be on 127.0.0.1")
    if args.people_per < DEMO_PEOPLE or args.students < 1:
        parser.error(f"--people-per must be at least {DEMO_PEOPLE} (the demo's story) and --students at least 1")
    OUT.mkdir(parents=True, exist_ok=True)
    if args.generate_only:
        manifest = _manifest(args.server)
        if args.regenerate or not manifest or manifest.get("students") != args.students \
                or manifest.get("people_per") != args.people_per:
            generate(args.server, args.students, args.people_per)
        return 0
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
