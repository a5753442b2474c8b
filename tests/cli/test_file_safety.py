"""Files the user names: exports and backups are written whole (temporary file, then rename), readable by the
user alone, never through a symbolic link, and never over a file coffeechat did not write without a yes
(at a terminal) or --force (in a script). Every case runs the real program as a process."""

from __future__ import annotations

import os
import pty
import select
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_coffeechat

FOREIGN = "my own spreadsheet, not coffeechat's\n"


# About files, not databases: the SQLite pass covers it, from one practice built once and copied per test.
pytestmark = pytest.mark.sqlite


@pytest.fixture(scope="module")
def practice_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("practice") / "home"
    built = run_coffeechat(_env_for(home), "add", "Dana Reyes", "--org", "The Tribune", "--email",
                           "dana@tribune.example")
    assert built.returncode == 0, built.stderr
    return home


def _env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_") and k != "DJANGO_SETTINGS_MODULE"}
    return {**env, "COFFEECHAT_HOME": str(home), "NO_COLOR": "1"}


@pytest.fixture
def env(practice_home: Path, tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    shutil.copytree(practice_home, home)
    return _env_for(home)


# Every command that writes a file the user names, with where it writes.
WRITERS = [
    ("backup", ["backup", "{target}"]),
    ("csv", ["export", "csv", "{target}"]),
    ("ics", ["export", "ics", "{target}"]),
    ("vcard", ["export", "vcard", "{target}"]),
    ("targets", ["targets", "export", "{target}"]),
]


def _args(template: list[str], target: Path) -> list[str]:
    return [part.format(target=target) for part in template]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_export_into_a_symbolic_link_is_refused(env, tmp_path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "people.csv"
    link.symlink_to(victim)
    done = run_coffeechat(env, "export", "csv", str(link))
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == (f"Error: {link} is a symbolic link (to {victim}); coffeechat does not write through "
                           "links. Name the real file or folder instead, or remove the link.. Nothing was written.\n")
    assert victim.read_text() == "precious\n" and link.is_symlink()
    assert _leftovers(tmp_path) == []


# The same rules for every writer, run in this process (the command code, not a copy of it) to stay quick.
@pytest.mark.parametrize(("name", "template"), WRITERS, ids=[name for name, _ in WRITERS])
def test_every_writer_refuses_a_link_and_a_stranger_file(cli, owner, tmp_path, name, template) -> None:
    from coffeechat.services.people import NewPerson, add_person

    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "linked.file"
    link.symlink_to(victim)
    done = cli(*_args(template, link), expect_exit=1)
    assert done.exit_code == 1 and "is a symbolic link" in done.output and "Nothing was written" in done.output
    assert victim.read_text() == "precious\n" and link.is_symlink()

    target = tmp_path / "out.file"
    target.write_text(FOREIGN)
    refused = cli(*_args(template, target), expect_exit=1)
    assert refused.exit_code == 1
    assert "already exists and was not written by coffeechat" in refused.output and "--force" in refused.output
    assert target.read_text() == FOREIGN
    forced = cli(*_args(template, target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text() != FOREIGN and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_coffeechat_replaces_its_own_export_but_asks_once_it_was_edited(env, tmp_path) -> None:
    target = tmp_path / "people.csv"
    assert run_coffeechat(env, "export", "csv", str(target)).returncode == 0
    assert run_coffeechat(env, "export", "csv", str(target)).returncode == 0  # its own file: no question
    with target.open("a") as out:
        out.write("my own line\n")
    assert run_coffeechat(env, "export", "csv", str(target)).returncode == 1
    assert target.read_text().endswith("my own line\n")


def test_markdown_export_checks_every_file_before_writing_any(env, tmp_path) -> None:
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "index.md").write_text("# My vault\n")
    refused = run_coffeechat(env, "export", "markdown", str(folder))
    assert refused.returncode == 1 and "index.md already exists" in refused.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["index.md"]  # not one note written
    assert (folder / "index.md").read_text() == "# My vault\n"

    forced = run_coffeechat(env, "export", "markdown", str(folder), "--force")
    assert forced.returncode == 0, forced.stderr
    notes = sorted(p.name for p in folder.iterdir())
    assert len(notes) == 2 and all(stat.S_IMODE((folder / n).stat().st_mode) == 0o600 for n in notes)
    assert run_coffeechat(env, "export", "markdown", str(folder)).returncode == 0  # its own files now


def test_markdown_and_vdir_refuse_a_folder_that_is_a_symbolic_link(env, tmp_path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    link = tmp_path / "notes"
    link.symlink_to(real, target_is_directory=True)
    for args in (["export", "markdown", str(link)], ["export", "vcard", str(link), "--vdir"]):
        done = run_coffeechat(env, *args)
        assert done.returncode == 1 and "is a symbolic link" in done.stderr, args
    assert list(real.iterdir()) == []


def test_ics_invite_into_a_link_is_refused_before_the_conversation_is_cancelled(env, tmp_path) -> None:
    assert run_coffeechat(env, "settings", "set", "your_email", "alex@example.edu").returncode == 0
    assert run_coffeechat(env, "schedule", "dana", "--at", "2030-03-04 14:00").returncode == 0
    link = tmp_path / "cancel.ics"
    link.symlink_to(tmp_path / "victim.ics")
    done = run_coffeechat(env, "ics", "dana", "--cancel", "-o", str(link))
    assert done.returncode == 1 and "is a symbolic link" in done.stderr
    shown = run_coffeechat(env, "show", "dana")
    assert "cancelled" not in shown.stdout.lower()


def test_at_a_terminal_coffeechat_asks_before_replacing(env, tmp_path) -> None:
    target = tmp_path / "people.csv"
    target.write_text(FOREIGN)
    for answer, replaced in ((b"n\n", False), (b"y\n", True)):
        leader, follower = pty.openpty()
        process = subprocess.Popen([sys.executable, "-m", "coffeechat", "export", "csv", str(target)], env=env,
                                   stdin=follower, stdout=follower, stderr=follower)
        os.close(follower)
        seen = b""
        deadline = time.monotonic() + 60
        while b"Replace it?" not in seen and time.monotonic() < deadline:
            if select.select([leader], [], [], 1)[0]:
                seen += os.read(leader, 4096)
        assert b"was not written by coffeechat" in seen, seen
        os.write(leader, answer)
        code = process.wait(timeout=60)
        try:
            while select.select([leader], [], [], 0.2)[0]:
                seen += os.read(leader, 4096)
        except OSError:
            pass
        os.close(leader)
        assert (code == 0) is replaced, seen
        assert (target.read_text() != FOREIGN) is replaced


def test_backup_to_the_default_name_twice_a_day_replaces_its_own_file(env, tmp_path) -> None:
    runs = [subprocess.run([sys.executable, "-m", "coffeechat", "backup"], env=env, cwd=tmp_path,
                           capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[1].stderr
    (made,) = tmp_path.glob("coffeechat-backup-*.json")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
