"""The SMTP password is never kept in clear: in the OS keyring when there is one, else encrypted with a key
file only the user can read; never taken from the command line; an old clear value is sealed on first use."""

from __future__ import annotations

import os
import pty
import select
import sqlite3
import stat
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from coffeechat.models import UserSetting
from coffeechat.services.mail import MailNotSetUp, smtp_connection
from coffeechat.services.preferences import set_setting, shown_settings
from coffeechat.services.secrets import (
    FERNET_PREFIX,
    KEYRING_MARK,
    SecretUnavailable,
    key_file,
    reveal_secret,
    seal_clear_secrets,
)
from conftest import run_coffeechat

PASSWORD = "hunter2-app-password"


def _stored(owner: Any) -> str:
    return UserSetting.objects.owned_by(owner).get(key="smtp_password").value


def test_the_password_is_stored_encrypted_with_a_private_key_file(owner) -> None:
    set_setting(owner, "smtp_password", PASSWORD)
    stored = _stored(owner)
    assert PASSWORD not in stored and stored.startswith(FERNET_PREFIX)
    assert stat.S_IMODE(key_file().stat().st_mode) == 0o600
    assert reveal_secret(owner, "smtp_password", stored) == PASSWORD
    assert shown_settings(owner)["smtp_password"] == "(set)"


def test_a_password_encrypted_with_another_key_is_reported_not_crashed(owner) -> None:
    set_setting(owner, "smtp_password", PASSWORD)
    set_setting(owner, "smtp_host", "127.0.0.1")
    saved = key_file().read_bytes()
    try:
        from cryptography.fernet import Fernet

        key_file().write_bytes(Fernet.generate_key())
        with pytest.raises(SecretUnavailable, match="settings set smtp_password"):
            reveal_secret(owner, "smtp_password", _stored(owner))
        with pytest.raises(MailNotSetUp, match="another computer"):
            smtp_connection(owner)
    finally:
        key_file().write_bytes(saved)


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps entries in a dict: stands in for the OS keyring (Keychain, Secret Service)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def os_keyring() -> Any:
    from keyring.backends.null import Keyring as NoKeyring

    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(NoKeyring())


def test_with_an_os_keyring_the_password_lives_there(owner, os_keyring) -> None:
    set_setting(owner, "smtp_password", PASSWORD)
    assert _stored(owner) == KEYRING_MARK
    assert list(os_keyring.entries.values()) == [PASSWORD]
    assert reveal_secret(owner, "smtp_password", _stored(owner)) == PASSWORD
    set_setting(owner, "smtp_password", "")
    assert os_keyring.entries == {}


def test_a_clear_password_from_an_older_version_is_sealed_on_first_use(owner) -> None:
    UserSetting.objects.create(owner=owner, key="smtp_password", value=PASSWORD)
    said = seal_clear_secrets()
    assert said == [f"moved the smtp_password out of the database in clear, into encrypted form in the database "
                    f"(the key is in {key_file()}, readable by you alone)"]
    assert PASSWORD not in _stored(owner)
    assert reveal_secret(owner, "smtp_password", _stored(owner)) == PASSWORD
    assert seal_clear_secrets() == []  # once


def test_reading_a_clear_password_seals_it(owner) -> None:
    UserSetting.objects.create(owner=owner, key="smtp_password", value=PASSWORD)
    assert reveal_secret(owner, "smtp_password", PASSWORD) == PASSWORD
    assert _stored(owner).startswith(FERNET_PREFIX)


def _database_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in home.glob("coffeechat.sqlite3*"))


def test_the_cli_never_takes_the_password_as_an_argument(fresh_data_env) -> None:
    refused = run_coffeechat(fresh_data_env, "settings", "set", "smtp_password", PASSWORD)
    assert refused.returncode == 2
    assert "never given on the command line" in refused.stderr and "smtp_password -" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.sqlite
def test_the_cli_reads_the_password_from_standard_input_and_the_database_never_holds_it(fresh_data_env) -> None:
    home = Path(fresh_data_env["COFFEECHAT_HOME"])
    done = subprocess.run([sys.executable, "-m", "coffeechat", "settings", "set", "smtp_password", "-"],
                          env=fresh_data_env, input=PASSWORD + "\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "smtp_password = (set)\n"
    assert PASSWORD.encode() not in _database_bytes(home)
    assert stat.S_IMODE((home / "secrets.key").stat().st_mode) == 0o600
    shown = run_coffeechat(fresh_data_env, "settings")
    assert "smtp_password" in shown.stdout and PASSWORD not in shown.stdout


@pytest.mark.sqlite
def test_at_a_terminal_the_password_is_asked_for_and_not_echoed(fresh_data_env) -> None:
    run_coffeechat(fresh_data_env, "init")
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "coffeechat", "settings", "set", "smtp_password"],
                               env=fresh_data_env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while marker not in seen and time.monotonic() < deadline:
            if select.select([leader], [], [], 1)[0]:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    return

    def type_until(marker: bytes) -> None:
        # A hidden prompt turns echo off with TCSAFLUSH, which throws away anything typed before it is
        # ready (as a terminal does to a fast typist): type again until the program answers.
        nonlocal seen
        for _ in range(20):
            # Type only once the program has turned echo off, as a person types after the prompt.
            ready = time.monotonic() + 10
            while termios.tcgetattr(leader)[3] & termios.ECHO and time.monotonic() < ready:
                time.sleep(0.05)
            os.write(leader, PASSWORD.encode() + b"\n")
            deadline = time.monotonic() + 3
            while marker not in seen and time.monotonic() < deadline:
                if select.select([leader], [], [], 0.5)[0]:
                    try:
                        seen += os.read(leader, 4096)
                    except OSError:
                        return
            if marker in seen:
                return

    read_until(b"not shown")
    type_until(b"Repeat")
    type_until(b"(set)")
    assert process.wait(timeout=60) == 0, seen
    os.close(leader)
    assert PASSWORD.encode() not in seen
    assert b"smtp_password = (set)" in seen


@pytest.mark.sqlite
def test_a_clear_password_in_an_old_database_is_moved_out_when_coffeechat_starts(fresh_data_env) -> None:
    home = Path(fresh_data_env["COFFEECHAT_HOME"])
    assert run_coffeechat(fresh_data_env, "init").returncode == 0
    with sqlite3.connect(home / "coffeechat.sqlite3") as db:
        owner_id = db.execute("SELECT id FROM auth_user WHERE username = 'local'").fetchone()[0]
        db.execute("INSERT INTO coffeechat_usersetting (owner_id, key, value, created_at, updated_at) "
                   "VALUES (?, 'smtp_password', ?, '2026-01-01', '2026-01-01')", (owner_id, PASSWORD))
    db.close()
    assert PASSWORD.encode() in _database_bytes(home)
    first = run_coffeechat(fresh_data_env, "settings")
    assert first.returncode == 0, first.stderr
    assert "coffeechat: moved the smtp_password out of the database in clear" in first.stderr
    assert PASSWORD.encode() not in _database_bytes(home)
    again = run_coffeechat(fresh_data_env, "settings")
    assert "moved" not in again.stderr
