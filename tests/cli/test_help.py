"""Every command explains itself, and asking for help never starts Django."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from coffeechat.cli.main import cli


def all_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(prefix: str, command: click.Command) -> None:
        found.append((prefix, command))
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(f"{prefix} {name}".strip(), sub)

    walk("", cli)
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    text = (command.help or "").strip()
    assert len(text) > 40, f"`coffeechat {name}` needs help text"
    if not isinstance(command, click.Group):
        assert "Example" in text, f"`coffeechat {name}` help needs an example"
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in {"help", "version"}:
            assert param.help, f"`coffeechat {name}` option {param.opts[0]} needs help"


def test_every_read_command_offers_json() -> None:
    readers = {"people", "show", "init"}
    for name, command in all_commands():
        if name in readers:
            assert any(p.name == "as_json" for p in command.params), f"`coffeechat {name}` needs --json"


def test_help_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "from coffeechat.cli.main import cli\n"
        "try:\n    cli(['--help'], prog_name='coffeechat')\nexcept SystemExit:\n    pass\n"
        "assert 'django' not in sys.modules, 'django was imported for --help'\n"
        "print('OK')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "coffeechat runs your informational interviews" in result.stdout
    assert result.stdout.strip().endswith("OK")


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "coffeechat", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "coffeechat" in result.stdout


def test_every_command_is_in_the_docs() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
    for name, command in all_commands():
        if name and not isinstance(command, click.Group):
            assert f"`coffeechat {name}" in docs, f"docs/cli.md does not describe `coffeechat {name}`"
