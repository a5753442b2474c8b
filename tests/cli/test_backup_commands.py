"""backup, restore and export, as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

from coffeechat.models import Organization, Person
from coffeechat.services.backup import backup_json
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from conftest import run_coffeechat
from tests.services.test_backup import normalised


def test_backup_writes_the_file_and_summarises(cli, owner, tmp_path: Path) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    target = tmp_path / "nested" / "mine.json"
    result = cli("backup", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == f"Backed up 1 organisations, 1 people, 1 touches to {target}.\n"
    assert json.loads(target.read_text(encoding="utf-8"))["data"]["people"][0]["full_name"] == "Dana Reyes"
    assert [p.name for p in target.parent.iterdir()] == ["mine.json"], "no temporary file is left behind"


def test_backup_json_reports_file_and_counts(cli, owner, tmp_path: Path) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    result = cli("backup", str(tmp_path / "b.json"), "--json")
    data = json.loads(result.output)
    assert data["file"] == str(tmp_path / "b.json")
    assert data["counts"]["people"] == 1 and data["counts"]["goals"] == 0


def test_backup_has_a_dated_default_name_and_can_go_to_stdout(cli, owner, tmp_path: Path, monkeypatch) -> None:
    set_setting(owner, "timezone", "UTC")
    add_person(owner, NewPerson("Dana Reyes"))
    monkeypatch.chdir(tmp_path)
    result = cli("--now", "2026-12-04 12:00", "backup")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "coffeechat-backup-2026-12-04.json").exists()
    streamed = cli("backup", "-")
    assert json.loads(streamed.output)["data"]["people"][0]["full_name"] == "Dana Reyes"


def test_restore_refuses_a_practice_with_people_unless_replacing(cli, owner, tmp_path: Path) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    cli("backup", str(tmp_path / "b.json"))
    add_person(owner, NewPerson("Sam Ortiz"))
    refused = cli("restore", str(tmp_path / "b.json"), expect_exit=1)
    assert refused.exit_code == 1
    assert "your practice is not empty (1 organisations, 2 people" in refused.output
    assert "--replace" in refused.output
    assert Person.objects.owned_by(owner).count() == 2
    replaced = cli("restore", str(tmp_path / "b.json"), "--replace", "--json")
    assert replaced.exit_code == 0, replaced.output
    assert json.loads(replaced.output)["counts"]["people"] == 1
    assert list(Person.objects.owned_by(owner).values_list("full_name", flat=True)) == ["Dana Reyes"]


def test_restore_of_a_corrupted_file_names_the_problem_and_changes_nothing(cli, owner, tmp_path: Path) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    document = json.loads(backup_json(owner)[0])
    document["data"]["people"][0]["organization"] = 999
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")
    result = cli("restore", str(tmp_path / "bad.json"), "--replace", expect_exit=1)
    assert result.exit_code == 1
    assert "was not restored, nothing changed: data.people[0].organization: points to id 999" in result.output
    assert Organization.objects.owned_by(owner).get().name == "The Tribune"
    assert Person.objects.owned_by(owner).get().organization is not None


def test_restore_of_a_missing_or_binary_file_says_so(cli, owner, tmp_path: Path) -> None:
    missing = cli("restore", str(tmp_path / "nope.json"), expect_exit=1)
    assert missing.exit_code == 1 and "cannot read" in missing.output
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    binary = cli("restore", str(tmp_path / "photo.jpg"), expect_exit=1)
    assert binary.exit_code == 1 and "not a coffeechat backup" in binary.output


def test_restore_reads_standard_input(cli, owner) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    text = backup_json(owner)[0]
    result = cli("restore", "-", "--replace", input=text)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Restored 1 people, 1 touches from -.")


def test_export_markdown_and_csv(cli, owner, tmp_path: Path) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", phones=("+1 312 555 0100",)))
    notes = cli("export", "markdown", str(tmp_path / "notes"), "--json")
    assert notes.exit_code == 0, notes.output
    assert json.loads(notes.output)["counts"] == {"people": 1, "conversations": 0, "files": 2}
    assert (tmp_path / "notes" / f"dana-reyes-{dana.pk}.md").exists()
    text = cli("export", "markdown", str(tmp_path / "notes"))
    assert text.output.startswith("Wrote notes on 1 people (0 conversations)")
    sheet = cli("export", "csv", str(tmp_path / "people.csv"))
    assert sheet.output == f"Wrote 1 people to {tmp_path / 'people.csv'}.\n"
    assert "'+1 312-555-0100" in (tmp_path / "people.csv").read_text(encoding="utf-8-sig")
    streamed = cli("export", "csv", "-")
    assert streamed.output.startswith("\ufeffname,first,last")


def test_backup_in_one_home_restores_exactly_in_another(fresh_data_env, tmp_path: Path) -> None:
    first_home = dict(fresh_data_env, COFFEECHAT_HOME=str(tmp_path / "laptop"))
    # The second home always keeps its data in its own SQLite file; in the PostgreSQL pass this also
    # proves a backup moves between database engines.
    second_home = {k: v for k, v in fresh_data_env.items() if k != "COFFEECHAT_DATABASE_URL"}
    second_home["COFFEECHAT_HOME"] = str(tmp_path / "new-laptop")
    built = run_coffeechat(first_home, "demo", "--no-serve")
    assert built.returncode == 0, built.stderr
    made = run_coffeechat(first_home, "backup", str(tmp_path / "demo.json"), "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["counts"]["people"] == 200
    restored = run_coffeechat(second_home, "restore", str(tmp_path / "demo.json"))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("Restored 40 organisations, 6 tags, 3 goals, 200 people")
    again = run_coffeechat(second_home, "backup", "-")
    assert again.returncode == 0, again.stderr
    assert normalised(again.stdout) == normalised((tmp_path / "demo.json").read_text(encoding="utf-8"))
    twice = run_coffeechat(second_home, "restore", str(tmp_path / "demo.json"))
    assert twice.returncode == 1 and "not empty" in twice.stderr



def test_restore_of_a_hostile_file_is_one_clean_line_and_changes_nothing(fresh_data_env, tmp_path: Path) -> None:
    env = fresh_data_env
    assert run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune").returncode == 0
    good = tmp_path / "good.json"
    assert run_coffeechat(env, "backup", str(good)).returncode == 0
    before = json.loads(good.read_text(encoding="utf-8"))
    document = json.loads(good.read_text(encoding="utf-8"))
    stamp = document["created_at"]
    document["data"]["settings"].append({"id": 1, "key": "timezone", "value": "Mars/Olympus",
                                         "created_at": stamp, "updated_at": stamp})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = run_coffeechat(env, "restore", str(bad), "--replace")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (f"Error: {bad} was not restored, nothing changed: data.settings[0] (key 'timezone')"
                             ".value: unknown time zone 'Mars/Olympus': choose an IANA name such as Europe/London "
                             "or America/Chicago\n")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    nested = run_coffeechat(env, "restore", str(deep), "--replace")
    assert nested.returncode == 1 and "Traceback" not in nested.stderr
    assert nested.stderr.count("\n") == 1 and "nests deeper than 8 levels" in nested.stderr
    after = tmp_path / "after.json"
    assert run_coffeechat(env, "backup", str(after)).returncode == 0
    again = json.loads(after.read_text(encoding="utf-8"))
    assert again["data"] == before["data"]
