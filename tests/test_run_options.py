"""--home and --now travel on Click's context object to run_options, never through os.environ."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coffeechat import run_options
from coffeechat.cli.main import cli
from coffeechat.home import home_folder
from coffeechat.services.clock import now_in


def test_home_and_now_are_on_the_context_and_leave_the_environment_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COFFEECHAT_NOW", raising=False)
    environment = dict(os.environ)
    with cli.make_context("coffeechat", ["--home", str(tmp_path), "--now", "2026-12-04 09:00", "people"]) as ctx:
        ctx.invoke(cli.callback, **ctx.params)  # the root command only
        assert ctx.obj == run_options.RunOptions(tmp_path.resolve(), "2026-12-04 09:00")
        assert home_folder() == tmp_path.resolve()
        assert now_in("UTC") == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
        assert dict(os.environ) == environment
    # Forgotten when the command ends: the next command (or test) in this process starts afresh.
    assert run_options.current() == run_options.RunOptions()
    assert home_folder() != tmp_path.resolve()


def test_the_environment_still_works_for_scripts_and_servers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path))
    monkeypatch.setenv("COFFEECHAT_NOW", "2026-12-04 09:00")
    assert home_folder() == tmp_path.resolve()
    assert now_in("UTC") == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    # An option given on the command line wins over the environment.
    run_options.use(run_options.RunOptions(None, "2026-12-05 10:00"))
    try:
        assert now_in("UTC") == datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
        assert run_options.now_source() == "--now"
    finally:
        run_options.use(run_options.RunOptions())


def test_a_bad_now_names_the_option_it_came_from(tmp_path: Path, fresh_data_env: dict[str, str]) -> None:
    from conftest import run_coffeechat

    given = run_coffeechat(fresh_data_env, "--now", "the day after never", "next")
    assert given.returncode == 2
    assert "--now" in given.stderr
    from_env = run_coffeechat({**fresh_data_env, "COFFEECHAT_NOW": "the day after never"}, "next")
    assert from_env.returncode == 2
    assert "COFFEECHAT_NOW" in from_env.stderr
