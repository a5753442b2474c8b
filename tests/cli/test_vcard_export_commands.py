"""`coffeechat export vcard`: a file, a vdir folder or standard output; a fresh home reads it back the same."""

from __future__ import annotations

import json
from pathlib import Path

from coffeechat.models import Person
from conftest import run_coffeechat


def add_people(cli) -> None:
    for args in (("Dana Reyes", "--org", "The Tribune", "--email", "dana@tribune.example", "--tag", "journalism",
                  "--note", "Two lines\nof notes"),
                 ("Zoë Ødegaard", "--email", "zoe@nordlys.example", "--phone", "+47 22 00 00 00",
                  "--location", "Oslo, Norway")):
        assert cli("add", *args).exit_code == 0


def test_export_to_a_file_and_into_a_fresh_home_and_back(cli, fresh_data_env, tmp_path: Path) -> None:
    add_people(cli)
    first = tmp_path / "contacts.vcf"
    result = cli("export", "vcard", str(first))
    assert result.exit_code == 0, result.output
    assert f"Wrote 2 people to {first}." in result.output
    # A separate program with its own empty home imports the file and exports it again.
    imported = run_coffeechat(fresh_data_env, "import", "vcard", str(first))
    assert imported.returncode == 0, imported.stderr
    assert "2 new" in imported.stdout
    again = tmp_path / "again.vcf"
    exported = run_coffeechat(fresh_data_env, "export", "vcard", str(again))
    assert exported.returncode == 0, exported.stderr
    assert again.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_vdir_folder_and_json(cli, tmp_path: Path) -> None:
    add_people(cli)
    data = json.loads(cli("export", "vcard", str(tmp_path / "book"), "--vdir", "--json").output)
    assert data["counts"] == {"people": 2, "new_uids": 2}
    names = sorted(p.name for p in (tmp_path / "book").iterdir())
    assert names == sorted(f"{uid}.vcf" for uid in Person.objects.values_list("vcard_uid", flat=True))
    # An existing folder is written card by card even without --vdir, and the UIDs stay.
    data = json.loads(cli("export", "vcard", str(tmp_path / "book"), "--json").output)
    assert data["counts"]["new_uids"] == 0
    assert sorted(p.name for p in (tmp_path / "book").iterdir()) == names


def test_standard_output(cli) -> None:
    add_people(cli)
    result = cli("export", "vcard", "-")
    assert result.exit_code == 0
    assert result.output.count("BEGIN:VCARD") == 2 and "FN:Zoë Ødegaard" in result.output


def test_an_unwritable_place_is_a_clean_error(cli, tmp_path: Path) -> None:
    add_people(cli)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("export", "vcard", str(blocker / "contacts.vcf"), expect_exit=1)
    assert result.exit_code == 1 and "cannot write" in result.output
