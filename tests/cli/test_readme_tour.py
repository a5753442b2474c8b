"""The README's "A short tour" works on a fresh install: every `coffeechat …` line of its code blocks runs,
in order, as a separate process in an empty home, and none fails."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import run_coffeechat

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
LINKEDIN = ROOT / "tests" / "fixtures" / "linkedin" / "Connections.csv"
# Files the tour names that a test machine does not have, and what stands in for them.
STAND_INS = {"~/Downloads/Connections.csv": str(LINKEDIN)}
# Commands that start a server (and never return) are exercised by the browser tests instead.
SERVERS = {"serve", "demo"}


def tour_commands(text: str) -> list[list[str]]:
    """The `coffeechat` command lines in the code blocks of the README's "A short tour" section."""
    section = re.search(r"^## A short tour\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert section, 'README.md has no "## A short tour" section'
    commands: list[list[str]] = []
    for block in re.findall(r"^```\w*\n(.*?)^```", section.group(1), flags=re.S | re.M):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if not words or words[0] != "coffeechat":
                continue
            if SERVERS.intersection(words[1:2]):
                continue
            commands.append([STAND_INS.get(word, word) for word in words[1:]])
    return commands


def test_the_tour_is_found_and_names_no_missing_file() -> None:
    commands = tour_commands(README.read_text(encoding="utf-8"))
    assert len(commands) >= 10, commands
    assert ["import", str(LINKEDIN)] in commands
    for words in commands:
        for word in words:
            if word.startswith(("~", "/")):
                assert Path(word).expanduser().exists(), f"the tour names a file no fresh install has: {word}"


def test_every_tour_command_runs_on_a_fresh_install(fresh_data_env: dict[str, str]) -> None:
    commands = tour_commands(README.read_text(encoding="utf-8"))
    for words in commands:
        result = run_coffeechat(fresh_data_env, *words)
        shown = "coffeechat " + shlex.join(words)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{shown} exited {result.returncode}:\n{output}"
        assert "Traceback" not in output, f"{shown} printed a traceback:\n{output}"
        assert not result.stderr.startswith("Error"), f"{shown}:\n{output}"
