"""Two-way contact sync (docs/contacts-sync.md): coffeechat's vCard folder, vdirsyncer and a real CardDAV
server (Radicale on 127.0.0.1), every program a separate process. A card edited on the server comes back
into coffeechat on the next import, and nothing is lost on either side."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import run_coffeechat, skip_or_fail
from radicale_server import RadicaleServer, radicale  # noqa: F401  (the fixture)

VDIRSYNCER = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "vdirsyncer"

pytestmark = pytest.mark.process


def coffeechat(env: dict[str, str], *args: str) -> str:
    result = run_coffeechat(env, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def write_config(tmp_path: Path, folder: Path, book_url: str, server: RadicaleServer) -> Path:
    """The configuration docs/contacts-sync.md shows, pointed at the test server."""
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        "[general]\n"
        f'status_path = "{tmp_path / "vdirsyncer-status"}/"\n'
        "\n"
        "[pair coffeechat_contacts]\n"
        'a = "coffeechat_folder"\n'
        'b = "contacts_server"\n'
        "collections = null\n"
        'conflict_resolution = "b wins"\n'
        "\n"
        "[storage coffeechat_folder]\n"
        'type = "filesystem"\n'
        f'path = "{folder}/"\n'
        'fileext = ".vcf"\n'
        "\n"
        "[storage contacts_server]\n"
        'type = "carddav"\n'
        f'url = "{book_url}"\n'
        f'username = "{server.user}"\n'
        f'password = "{server.password}"\n',
        encoding="utf-8",
    )
    return config


def vdirsyncer(config: Path, *args: str) -> str:
    result = subprocess.run([str(VDIRSYNCER), "--config", str(config), *args], capture_output=True, text=True,
                            timeout=120, input="")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def server_cards(server: RadicaleServer, book_url: str) -> dict[str, str]:
    """Each card on the server by UID (one GET of the whole address book)."""
    text = server.get(book_url)
    cards: dict[str, str] = {}
    for chunk in text.split("BEGIN:VCARD")[1:]:
        card = "BEGIN:VCARD" + chunk.split("END:VCARD")[0] + "END:VCARD\r\n"
        uid = next(line.split(":", 1)[1].strip() for line in card.splitlines() if line.startswith("UID"))
        cards[uid] = card
    return cards


def test_a_card_edited_on_the_server_comes_back_and_nothing_is_lost(fresh_data_env, radicale, tmp_path) -> None:  # noqa: F811
    if not VDIRSYNCER.exists():
        skip_or_fail(f"vdirsyncer is not installed at {VDIRSYNCER} (a test extra: pip install vdirsyncer)")
    env = fresh_data_env
    coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics Editor",
               "--email", "dana@tribune.example", "--tag", "journalism", "--note", "Met at the press club")
    coffeechat(env, "add", "Sam Park", "--org", "Metro Public Radio", "--email", "sam@metro.example")
    folder = tmp_path / "contacts"
    coffeechat(env, "export", "vcard", str(folder), "--vdir")
    book = radicale.make_addressbook("contacts")
    config = write_config(tmp_path, folder, book, radicale)

    vdirsyncer(config, "discover")
    vdirsyncer(config, "sync")
    people = {p["name"]: p for p in json.loads(coffeechat(env, "people", "--json"))["people"]}
    cards = server_cards(radicale, book)
    assert len(cards) == 2
    dana_uid = next(uid for uid, card in cards.items() if "FN:Dana Reyes" in card)

    # On the phone: a new title and phone, a nickname and a birthday; the note and tags are not shown there.
    radicale.put_card(book, dana_uid, "\n".join([
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.0//EN", f"UID:{dana_uid}",
        "FN:Dana Reyes", "N:Reyes;Dana;;;", "NICKNAME:Dee",
        "EMAIL;type=INTERNET;type=WORK:dana@tribune.example", "TEL;type=CELL:+1 312 555 0100",
        "ORG:The Tribune;", "TITLE:Managing Editor", "BDAY:1988-04-02", "END:VCARD", ""]))
    assert "Copying (updating)" in vdirsyncer(config, "sync")

    imported = json.loads(coffeechat(env, "import", "vcard", str(folder), "--json"))
    assert (imported["created"], imported["updated"]) == (0, 1)
    dana = json.loads(coffeechat(env, "show", "Dana Reyes", "--json"))
    assert dana["person"]["title"] == "Managing Editor"
    assert dana["person"]["phones"] == ["+1 312-555-0100"]
    assert dana["person"]["emails"] == ["dana@tribune.example"]
    # What coffeechat keeps and the server card lacked is still there.
    assert dana["person"]["tags"] == ["journalism"] and dana["person"]["note"] == "Met at the press club"
    assert len(json.loads(coffeechat(env, "people", "--json"))["people"]) == len(people) == 2

    # coffeechat writes its folder again and the sync carries it back: the server keeps what it added.
    coffeechat(env, "export", "vcard", str(folder))
    vdirsyncer(config, "sync")
    card = server_cards(radicale, book)[dana_uid]
    for kept in ("NICKNAME:Dee", "BDAY:1988-04-02", "TITLE:Managing Editor", "CATEGORIES:journalism",
                 "NOTE:Met at the press club", "+1 312 555 0100"):
        assert kept in card, card
    assert len(server_cards(radicale, book)) == 2 and len(list(folder.iterdir())) == 2

    # Round trip done: importing again, exporting again and syncing again change nothing.
    again = json.loads(coffeechat(env, "import", "vcard", str(folder), "--json"))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    coffeechat(env, "export", "vcard", str(folder))
    assert "Copying" not in vdirsyncer(config, "sync")
