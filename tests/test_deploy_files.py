"""The systemd units and the compose file in deploy/ run the commands the tests run, with options that
exist: each command line is parsed by the real Click command (nothing is started)."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import click
import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _parse(words: list[str]) -> tuple[str, dict[str, object]]:
    """The command's name and the options Click reads from ``coffeechat …`` words."""
    from coffeechat.cli.main import cli

    assert words[0].endswith("coffeechat"), words
    group_context = cli.make_context("coffeechat", list(words[1:]), resilient_parsing=True)
    name, command, rest = cli.resolve_command(group_context, list(words[1:]))
    assert command is not None, words
    context = command.make_context(str(name), list(rest))
    return str(name), dict(context.params)


def _exec_start(unit: str) -> list[str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / unit)
    return shlex.split(parser["Service"]["ExecStart"])


def test_the_app_unit_serves_with_gunicorn_on_loopback() -> None:
    name, params = _parse(_exec_start("coffeechat.service"))
    assert name == "serve"
    assert params["workers"] >= 2 and params["host"] == "127.0.0.1" and params["port"] == 8000


def test_the_worker_unit_runs_the_worker_loop() -> None:
    name, params = _parse(_exec_start("coffeechat-worker.service"))
    assert (name, params["once"], params["show_status"]) == ("worker", False, False)


def test_the_compose_file_runs_init_two_app_servers_and_a_worker() -> None:
    import yaml  # installed with caldav
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    parsed = {name: _parse(service["command"]) for name, service in services.items() if "command" in service}
    assert [parsed[name][0] for name in ("init", "app1", "app2", "worker")] == ["init", "serve", "serve", "worker"]
    for app in ("app1", "app2"):
        assert parsed[app][1]["workers"] >= 2 and parsed[app][1]["port"] == 8000
        assert "/healthz" in " ".join(services[app]["healthcheck"]["test"])


def test_an_unknown_option_would_be_caught() -> None:
    with pytest.raises(click.NoSuchOption):
        _parse(["coffeechat", "serve", "--wokers", "2"])
