"""Every command, run as a user runs it (a separate process, realistic arguments): never a traceback.

The test walks the Click command tree, so a command added later is covered automatically: it fails,
naming the command, until COMMAND_ARGUMENTS below says how to run it.

How to add an entry: the key is the command path as typed after ``coffeechat`` ("task add",
"org show"); the value is a ``Case`` with the arguments a user would type. Placeholders: ``{tmp}`` is an
empty folder of the case's own, ``{fixtures}`` is tests/fixtures, ``{action}`` the id of a due action
of the demo practice, ``{backup}`` a backup of it. Person arguments may be a name of the demo ("Dana Reyes") or an id ("1"). Each
case runs in its own copy of a demo practice, so cases cannot disturb each other; ``stdin`` feeds
standard input, and ``stop_after`` runs a server for that many seconds, then stops it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from conftest import run_coffeechat

pytestmark = pytest.mark.sqlite  # each case copies a seeded SQLite home; PostgreSQL runs the other CLI tests

TRACEBACK = "Traceback (most recent call last)"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MESSAGE = "Hi Dana, I read your piece on the housing vote. Could I ask you three questions for 15 minutes?"


@dataclass(frozen=True)
class Case:
    """How to run one command: its arguments (after the command's own words), input, and server time."""

    args: tuple[str, ...] = ()
    stdin: str | None = None
    stop_after: float = 0.0


def case(*args: str, stdin: str | None = None, stop_after: float = 0.0) -> Case:
    return Case(args, stdin, stop_after)


COMMAND_ARGUMENTS: dict[str, Case] = {
    "add": case("Ana Lima", "--org", "Metro Radio", "--title", "Producer", "--email", "ana@metro.example"),
    "backup": case("{tmp}/backup.json"),
    "cadence": case("Dana Reyes", "60"),
    "calendar busy": case("--days", "14", "--json"),
    "calendar connect": case("--ics-file", "{fixtures}/calendar/google.ics"),
    "calendar disconnect": case("calendar"),
    "calendar status": case("--json"),
    "calendar sync": case("--json"),
    "calendar-feed": case(),
    # Career centre commands: this demo home is local, so they answer with the one clear line saying so.
    "centre accounts": case("--json"),
    "centre alumni-tick": case("--json"),
    "centre admin": case("careers@uni.example", "--password-stdin", stdin="Plum-tree-1984-garden\n"),
    "centre invite": case("ana@uni.example", "--role", "student", "--cohort", "MA 2027"),
    "delete": case("Dana Reyes", "--yes"),
    "demo": case("--no-serve"),
    "digest": case("--print"),
    "done": case("{action}"),
    "duplicates": case("--json"),
    "edit": case("Dana Reyes", "--title", "Metro editor", "--tag", "mentor"),
    "export csv": case("{tmp}/people.csv"),
    "export ics": case("{tmp}/conversations.ics"),
    "export markdown": case("{tmp}/notes"),
    "export vcard": case("{tmp}/contacts.vcf"),
    "goal add": case("Audio journalism", "--role", "producer"),
    "goal assign": case("1", "Dana Reyes"),
    "goal archive": case("1"),
    "goal edit": case("1", "--interests", "How desks pick stories"),
    "goal list": case("--all"),
    "goal show": case("1", "--json"),
    "goal unarchive": case("1"),
    "goals": case("--all", "--json"),
    "ics": case("Dana Reyes", "-o", "{tmp}/invite.ics"),
    "import": case("{fixtures}/linkedin/Connections.csv", "--json"),
    "init": case(),
    "log held": case("Dana Reyes", "--notes", "Talked about the statehouse beat."),
    "log meeting": case("Dana Reyes", "--at", "+2d"),
    "log referral": case("Dana Reyes", "2", "--note", "She knows the data desk."),
    "log reply": case("Dana Reyes"),
    "log sent": case("Dana Reyes"),
    "log thanked": case("Dana Reyes"),
    "login-link": case("--json"),
    "losing-touch": case("--json"),
    "mail allow": case("Dana Reyes"),
    "mail allowlist": case("--json"),
    "mail block": case("Dana Reyes"),
    "mail bodies": case("Dana Reyes", "on"),
    "mail connect": case("--maildir", "{fixtures}/maildir", "--sent", "Sent"),
    "mail correct": case("1", "--as", "thank_you"),
    "mail disconnect": case("mail"),
    "mail log": case("--json"),
    "mail status": case("--json"),
    "mail sync": case("--json"),
    "merge": case("1", "2", "--yes"),
    "milestone": case("got the internship", "--person", "Dana Reyes"),
    "next": case("--until", "+7d", "--json"),
    "note": case("Dana Reyes", "Asked about the data desk."),
    "org list": case("tribune"),
    "org merge": case("The Tribune", "Union Square Media", "--json"),
    "org rename": case("The Tribune", "The Daily Tribune"),
    "org show": case("The Tribune", "--json"),
    "outreach check": case("-", "--to", "Dana Reyes", "--json", stdin=MESSAGE),
    "outreach draft": case("Dana Reyes", "--json"),
    "people": case("editor", "--limit", "5"),
    "prep": case("Dana Reyes", "--json"),
    "reflect": case("1", "I now care more about data desks than politics desks."),
    "restore": case("{backup}", "--replace"),
    "review": case("--json"),
    "schedule": case("2", "--at", "2026-12-11 10:00", "--minutes", "20"),
    "search": case("tribune", "--json"),
    "serve": case("--port", "0", stop_after=4.0),
    "settings": case("--json"),
    "settings set": case("timezone", "Europe/London"),
    "show": case("Dana Reyes", "--json"),
    "slots": case("Dana Reyes", "--minutes", "30", "--json"),
    "snooze": case("{action}", "--until", "+3d"),
    "source": case("Dana Reyes", "--ground-rules", "On background only"),
    "sources": case("--json"),
    "stage": case("Dana Reyes", "met"),
    "stats": case("--json"),
    "targets": case("--json"),
    "targets export": case("{tmp}/targets.csv"),
    "targets import": case("{fixtures}/targets/excel_with_title_row.csv"),
    "targets set": case("The Tribune", "--motivation", "4"),
    "task add": case("Read the housing report", "--due", "+3d", "--person", "Dana Reyes"),
    "task delete": case("1"),
    "task done": case("1"),
    "task edit": case("1", "--due", "+5d"),
    "task reopen": case("1"),
    "tasks": case("--all", "--json"),
    "worker": case("--once"),
}


def leaf_commands() -> dict[str, click.Command]:
    """Every command a user can run, by the words they type: leaves, and groups that run on their own."""
    from coffeechat.cli.main import cli

    found: dict[str, click.Command] = {}

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            if path and command.invoke_without_command:
                found[" ".join(path)] = command
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found[" ".join(path)] = command

    walk(cli, ())
    return found


def test_every_command_has_an_entry() -> None:
    commands = leaf_commands()
    missing = sorted(set(commands) - set(COMMAND_ARGUMENTS))
    assert not missing, (
        f"no arguments for {', '.join(repr(m) for m in missing)}: add a Case to COMMAND_ARGUMENTS in "
        f"{Path(__file__).name} (see its docstring) so the command is run as a process")
    stale = sorted(set(COMMAND_ARGUMENTS) - set(commands))
    assert not stale, f"COMMAND_ARGUMENTS names commands that no longer exist: {', '.join(stale)}"


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """A demo practice (200 people, conversations, goals, tasks) to copy for each case, and a due action."""
    home = tmp_path_factory.mktemp("every-command") / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({"COFFEECHAT_HOME": str(home), "NO_COLOR": "1", "COFFEECHAT_NOW": "2026-12-04 09:00"})
    built = run_coffeechat(env, "demo", "--no-serve", timeout=300)
    assert built.returncode == 0, built.stderr
    for step in (("schedule", "Dana Reyes", "--at", "2026-12-10 14:00"), ("log", "sent", "Dana Reyes"),
                 ("settings", "set", "your_email", "me@example.com")):
        done = run_coffeechat(env, *step)
        assert done.returncode == 0, (step, done.stderr)
    listed = run_coffeechat(env, "next", "--json")
    actions = json.loads(listed.stdout)["actions"] if listed.returncode == 0 else []
    backup = home.parent / "demo-backup.json"
    assert run_coffeechat(env, "backup", str(backup)).returncode == 0
    yield env, {"action": actions[0]["id"] if actions else "1", "backup": str(backup)}


def run_case(name: str, spec: Case, seeded: tuple[dict[str, str], dict[str, str]], root: Path
             ) -> tuple[str, int, str]:
    env, values = seeded
    workspace = root / name.replace(" ", "-")
    home = workspace / "home"
    shutil.copytree(env["COFFEECHAT_HOME"], home)
    scratch = workspace / "tmp"
    scratch.mkdir()
    args = [a.format(tmp=scratch, fixtures=FIXTURES, **values) for a in spec.args]
    command = [sys.executable, "-m", "coffeechat", *name.split(), *args]
    case_env = {**env, "COFFEECHAT_HOME": str(home)}
    if spec.stop_after:
        process = subprocess.Popen(command, env=case_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = process.communicate(timeout=spec.stop_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGINT)
            try:
                out, err = process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
        stopped = process.returncode in (0, 130, -signal.SIGINT) or "Aborted!" in err  # Click's answer to Ctrl-C
        return name, 0 if stopped else process.returncode, out + err
    done = subprocess.run(command, env=case_env, input=spec.stdin or "", capture_output=True, text=True, timeout=300)
    return name, done.returncode, done.stdout + done.stderr


def test_every_command_runs_as_a_process_without_a_traceback(
        seeded_home: tuple[dict[str, str], dict[str, str]], tmp_path: Path) -> None:
    commands = leaf_commands()
    cases = {name: spec for name, spec in COMMAND_ARGUMENTS.items() if name in commands}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda item: run_case(*item, seeded_home, tmp_path), cases.items()))
    tracebacks = [f"{name} (exit {code}):\n{output[-1500:]}" for name, code, output in results if TRACEBACK in output]
    assert not tracebacks, "\n\n".join(tracebacks)
    odd = [f"{name}: exit {code}: {output[-300:]}" for name, code, output in results if code not in (0, 1, 2)]
    assert not odd, "\n".join(odd)
    succeeded = sum(code == 0 for _, code, _ in results)
    for name, code, output in results:
        if code:
            print(f"  {name}: exit {code}: {output.strip().splitlines()[-1][:160] if output.strip() else ''}")
    print(f"\n{len(results)} commands run as processes, {succeeded} exit 0, 0 tracebacks")
    # Realistic arguments: most commands must actually do their job, not just fail cleanly.
    assert succeeded >= len(results) * 0.8, [(name, code, output[-200:]) for name, code, output in results if code]
