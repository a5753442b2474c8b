"""docs/cli.md's reference is generated from the commands' help (scripts/cli_docs.py) and cannot drift."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_cli_md_is_what_the_commands_help_says() -> None:
    # In a fresh process, as a developer runs it: in the test process, earlier tests may have loaded or
    # touched commands (the lazy group, Click contexts), which made this comparison flaky in long runs.
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_docs.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, (
        "docs/cli.md differs from the commands' help: run `python scripts/cli_docs.py` and commit docs/cli.md\n"
        + check.stdout + check.stderr
    )


def test_every_option_of_every_command_is_in_the_reference() -> None:
    import click

    from coffeechat.cli.main import cli

    script = _script()
    reference = script.reference()
    root = click.Context(cli, info_name="coffeechat")
    for ctx, command in script._commands(cli, root):
        assert f"### `{ctx.command_path}`" in reference
        for param in command.params:
            for name in getattr(param, "opts", []):
                if name.startswith("-"):
                    assert name in reference, f"{ctx.command_path} {name} is missing from docs/cli.md"
    # The three the hand-written page once missed.
    for command, option in (("serve", "--threads"), ("demo", "--seed"), ("ics", "--output")):
        section = reference.split(f"### `coffeechat {command}`", 1)[1].split("### ", 1)[0]
        assert option in section


def test_the_check_fails_on_a_page_that_drifted(tmp_path: Path) -> None:
    script = _script()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    drifted = current.replace("--threads INTEGER", "--workers INTEGER")
    assert drifted != current
    assert drifted != script.expected(drifted)
    # And the script, run as a program, says so with exit status 1 while the real page passes.
    ok = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_docs.py"), "--check"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
