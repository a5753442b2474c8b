"""Fixtures shared by the whole suite: owners, the CLI, fresh databases for subprocesses, strict CI."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import testenv
from centre_fixtures import centre, client_for  # noqa: F401 - career-centre fixtures (issue 15)
from smtp_inbox import smtp_server  # noqa: F401 - the shared fixture: a real SMTP server on 127.0.0.1

IN_CI = bool(os.environ.get("CI"))


def skip_or_fail(reason: str) -> None:
    """Skip with a clear reason on a developer's machine; in CI nothing may be skipped, so fail."""
    if IN_CI:
        pytest.fail(f"CI must run this test, but: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL-only tests run in the PostgreSQL pass; in the SQLite pass they step aside (and SQLite-only
    tests step aside in the PostgreSQL pass, having run in the first)."""
    for item in items:
        if "fresh_data_env" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.process)
    if testenv.BACKEND == "postgres":
        sqlite_only = [item for item in items if item.get_closest_marker("sqlite")]
        if sqlite_only:
            config.hook.pytest_deselected(items=sqlite_only)
            items[:] = [item for item in items if not item.get_closest_marker("sqlite")]
        return
    will_run_later = bool(os.environ.get("COFFEECHAT_TEST_DATABASE_URL"))
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("postgres") else kept).append(item)
    if not dropped:
        return
    if will_run_later:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    else:
        skip = pytest.mark.skip(
            reason="needs PostgreSQL: set COFFEECHAT_TEST_DATABASE_URL=postgres://user@127.0.0.1:5432/postgres "
            "and run `make test` (it adds a PostgreSQL pass)"
        )
        for item in dropped:
            item.add_marker(skip)


@pytest.fixture
def owner(db: None) -> Any:
    """The local single user, as the CLI and `serve` see them."""
    from coffeechat.services.accounts import local_owner

    return local_owner()


@pytest.fixture
def outsider(db: None) -> Any:
    """A second user on the same server, who must never see the owner's data."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create(username="outsider")


@pytest.fixture
def cli(db: None) -> Any:
    """Run a coffeechat command in this process, against the test database.

    The test fails when the command's exit status is not ``expect_exit`` (0 unless the test says otherwise:
    ``cli("delete", "nobody", expect_exit=1)``), so a setup step that fails cannot pass unnoticed.
    """
    from coffeechat.cli.main import cli as root

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None, expect_exit: int = 0) -> Result:
        saved = dict(os.environ)
        try:
            result = runner.invoke(root, list(args), env=env, input=input, catch_exceptions=False)
        finally:
            # --home and --now set environment variables for the process; keep tests independent.
            os.environ.clear()
            os.environ.update(saved)
        if result.exit_code != expect_exit:
            pytest.fail(
                f"coffeechat {' '.join(args)} exited with {result.exit_code}, expected {expect_exit}:\n{result.output}",
                pytrace=False,
            )
        return result

    return run


def logged_in(user: Any, **client_options: Any) -> Any:
    """A Django test client logged in as ``user`` (the owner, or an outsider); options go to ``Client``."""
    from django.test import Client

    client = Client(**client_options)
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner: Any) -> Any:
    """The web app as the owner sees it once logged in."""
    return logged_in(owner)


@pytest.fixture
def person(owner: Any) -> Any:
    """One person in the owner's network: Dana Reyes, a data editor at the Tribune."""
    from coffeechat.services.people import NewPerson, add_person

    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Data editor"))


FIXED_NOW = "2026-11-12T15:00:00+00:00"  # a Thursday


@pytest.fixture
def fixed_clock() -> Iterator[datetime]:
    """Time stands still at FIXED_NOW (a Thursday afternoon, UTC) for the whole test."""
    import time_machine

    moment = datetime.fromisoformat(FIXED_NOW)
    with time_machine.travel(moment, tick=False):
        yield moment


def _postgres_server_url() -> str:
    return os.environ["COFFEECHAT_TEST_DATABASE_URL"]


@pytest.fixture
def fresh_data_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for a coffeechat subprocess with its own empty data: a new SQLite home, or a new
    PostgreSQL database on the test server in the PostgreSQL pass (dropped afterwards)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_") and k != "DJANGO_SETTINGS_MODULE"}
    env["COFFEECHAT_HOME"] = str(tmp_path / "home")
    env["NO_COLOR"] = "1"
    if testenv.BACKEND != "postgres":
        yield env
        return
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"coffeechat_sub_{uuid.uuid4().hex[:12]}"
    server = _postgres_server_url()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    env["COFFEECHAT_DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield env
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_coffeechat(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real `coffeechat` program as a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "coffeechat", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test (``item.rep_call``), and in CI no test may be skipped: a skip
    there is reported as a failure, with its reason."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)  # fixtures read it: a browser tab takes a screenshot on failure
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped in CI, where every test must run: {reason}"
