"""The home folder and what it holds are the user's alone: the folder 0700; the database, its -wal and -shm,
the keys and waiting uploads 0600. An older home with wider permissions is fixed on start, and said once."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import run_coffeechat


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.sqlite
def test_a_new_home_is_private(fresh_data_env) -> None:
    home = Path(fresh_data_env["COFFEECHAT_HOME"])
    done = run_coffeechat(fresh_data_env, "init")
    assert done.returncode == 0 and done.stderr == ""
    assert _mode(home) == 0o700
    assert _mode(home / "coffeechat.sqlite3") == 0o600
    assert _mode(home / "secret_key") == 0o600


@pytest.mark.sqlite
def test_an_old_home_open_to_everyone_is_made_private_and_said_once(fresh_data_env) -> None:
    home = Path(fresh_data_env["COFFEECHAT_HOME"])
    assert run_coffeechat(fresh_data_env, "init").returncode == 0
    (home / "uploads").mkdir()
    (home / "uploads" / "waiting.csv").write_text("First Name\nDana\n")
    for path, mode in ((home, 0o755), (home / "coffeechat.sqlite3", 0o644), (home / "uploads", 0o755),
                       (home / "uploads" / "waiting.csv", 0o644), (home / "secret_key", 0o640)):
        path.chmod(mode)
    first = run_coffeechat(fresh_data_env, "people")
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines() == [
        f"coffeechat: made {home} private (was 0755)",
        f"coffeechat: made {home / 'coffeechat.sqlite3'} private (was 0644)",
        f"coffeechat: made {home / 'secret_key'} private (was 0640)",
        f"coffeechat: made {home / 'uploads'} private (was 0755)",
        f"coffeechat: made {home / 'uploads' / 'waiting.csv'} private (was 0644)",
    ]
    assert _mode(home) == 0o700 and _mode(home / "coffeechat.sqlite3") == 0o600
    assert _mode(home / "uploads" / "waiting.csv") == 0o600
    again = run_coffeechat(fresh_data_env, "people")
    assert again.returncode == 0 and "private" not in again.stderr


def test_a_web_upload_waits_in_a_private_folder(owner) -> None:
    from coffeechat.home import home_folder

    client = Client()
    client.force_login(owner)
    contacts = Path(__file__).resolve().parent / "fixtures" / "linkedin" / "Connections.csv"
    upload = SimpleUploadedFile(contacts.name, contacts.read_bytes(), content_type="text/csv")
    answer = client.post("/import/preview", {"file": upload})
    assert answer.status_code == 200, answer.content.decode()[:500]
    waiting = [p for p in (home_folder() / "uploads").iterdir() if p.is_file()]
    assert waiting and all(_mode(p) == 0o600 for p in waiting)
    assert _mode(home_folder() / "uploads") == 0o700
    client.post("/import/cancel")
