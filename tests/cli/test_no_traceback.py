"""Failures as a user meets them, each as a real process: one clear line, never a traceback."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import run_coffeechat

TRACEBACK = "Traceback (most recent call last)"
MESSAGE = "Hi Dana, I read your piece on the housing vote and would love fifteen minutes of your advice."


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert TRACEBACK not in done.stdout + done.stderr, done.stderr


def test_outreach_check_without_to_needs_no_database(tmp_path: Path, fresh_data_env: dict[str, str]) -> None:
    message = tmp_path / "request.txt"
    message.write_text(MESSAGE)
    done = run_coffeechat(fresh_data_env, "outreach", "check", str(message), "--json")
    no_traceback(done)
    assert done.returncode in (0, 1) and json.loads(done.stdout)["rules"]


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_outreach_check_reads_files_in_the_encodings_import_reads(
        tmp_path: Path, fresh_data_env: dict[str, str], encoding: str) -> None:
    message = tmp_path / "request.txt"
    message.write_bytes((MESSAGE + " Merci, Zoë – Café").encode(encoding))
    done = run_coffeechat(fresh_data_env, "outreach", "check", str(message), "--json")
    no_traceback(done)
    assert json.loads(done.stdout)["words"] == len((MESSAGE + " Merci, Zoë – Café").split()) - 1  # the dash


def test_outreach_check_of_an_empty_file_says_empty(tmp_path: Path, fresh_data_env: dict[str, str]) -> None:
    message = tmp_path / "request.txt"
    message.write_text("")
    done = run_coffeechat(fresh_data_env, "outreach", "check", str(message))
    no_traceback(done)
    assert done.returncode == 1 and "is empty" in done.stderr and "rules fail" not in done.stdout


def test_an_offset_beyond_the_calendar_is_a_clear_error(fresh_data_env: dict[str, str]) -> None:
    done = run_coffeechat(fresh_data_env, "next", "--until", "+9999999999d")
    no_traceback(done)
    assert done.returncode == 2 and "too far" in done.stderr


@pytest.mark.parametrize("command", [("people",), ("next",), ("stats",)])
def test_an_unreadable_coffeechat_now_is_refused_by_every_command(
        fresh_data_env: dict[str, str], command: tuple[str, ...]) -> None:
    done = run_coffeechat({**fresh_data_env, "COFFEECHAT_NOW": "yesteryear"}, *command)
    no_traceback(done)
    assert done.returncode == 2 and "COFFEECHAT_NOW" in done.stderr and "yesteryear" in done.stderr


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], debug: bool) -> None:
    import click

    from coffeechat.cli.main import cli, main

    @click.command(name="crash-for-test")
    def crash() -> None:
        {}["missing"]  # a bug: a KeyError nobody expected

    cli.add_command(crash)
    monkeypatch.delenv("COFFEECHAT_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["coffeechat", *(["--debug"] if debug else []), "crash-for-test"])
    try:
        with pytest.raises(SystemExit) as stopped:
            main()
    finally:
        cli.commands.pop("crash-for-test")
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "Error: something went wrong inside coffeechat (KeyError: 'missing')." in err
    assert ("--debug for details" in err) is not debug
    assert (TRACEBACK in err) is debug


def test_a_user_error_from_a_service_is_one_line_with_exit_1(fresh_data_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    done = run_coffeechat(fresh_data_env, "import", "vcard", str(folder))
    no_traceback(done)
    assert done.returncode == 1 and done.stderr.startswith("Error:") and "no .vcf files" in done.stderr


def test_a_nul_in_an_imported_file_never_reaches_the_database(tmp_path: Path, fresh_data_env: dict[str, str]) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                     + b"x,y,,,,,\n" * 3000 + b"Ana,Li\x00ma,,,Acme,Editor,01 Jan 2025\n")
    done = run_coffeechat(fresh_data_env, "import", str(path), "--json")
    no_traceback(done)
    report = json.loads(done.stdout)
    assert any("NUL" in w["reason"] for w in report["warnings"])
    assert "Ana Lima" in run_coffeechat(fresh_data_env, "people", "--json", "--limit", "5000").stdout


def test_a_slow_import_does_not_block_a_note(tmp_path: Path, fresh_data_env: dict[str, str]) -> None:
    from tests.cli.test_import_commands import write_big_linkedin

    assert run_coffeechat(fresh_data_env, "add", "Dana Reyes").returncode == 0
    big = tmp_path / "Connections.csv"
    write_big_linkedin(big, 30_000)
    importing = subprocess.Popen([sys.executable, "-m", "coffeechat", "import", "linkedin", str(big)],
                                 env=fresh_data_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)  # the import is reading and matching now
    note = run_coffeechat(fresh_data_env, "note", "Dana Reyes", "Asked about the data desk.")
    out, err = importing.communicate(timeout=300)
    assert importing.returncode == 0, err
    no_traceback(note)
    assert note.returncode == 0, note.stderr
    assert "30000 new" in out


@pytest.mark.sqlite  # holds SQLite's own write lock on the file
def test_a_lock_held_too_long_is_one_clear_line(tmp_path: Path, fresh_data_env: dict[str, str]) -> None:
    assert run_coffeechat(fresh_data_env, "add", "Dana Reyes").returncode == 0
    database = next(Path(fresh_data_env["COFFEECHAT_HOME"]).rglob("*.sqlite3"))
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(40, holder.rollback)
    release.start()
    try:
        done = run_coffeechat(fresh_data_env, "note", "Dana Reyes", "Waiting for the lock.")
    finally:
        release.cancel()
        holder.rollback()
        holder.close()
    no_traceback(done)
    assert done.returncode == 1 and "another coffeechat process" in done.stderr
