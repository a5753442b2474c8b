"""vCard export: stable UIDs, every field on the card, and export → import → export gives the same cards."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

from coffeechat.models import ContactPoint, Person
from coffeechat.services.imports import import_contacts
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.vcard_export import (
    ensure_vcard_uids,
    export_vcard_file,
    export_vdir,
    write_vcard_stream,
)
from conftest import skip_or_fail


def lived_in_network(owner) -> None:
    """People with what real address books hold: accents, commas, several emails, notes over lines."""
    dana = add_person(owner, NewPerson(
        "Dana M. Reyes", organization="The Tribune, Inc.", title="Editor; Politics",
        emails=("reyes@tribune.example", "dana@gmail.example"), phones=("+1 312 555 0100", "(312) 555-0199"),
        linkedin_url="https://www.linkedin.com/in/dana-reyes", location="Chicago, IL",
        tags=("journalism", "Alumni"), notes="Met at the fair.\nAsk about the statehouse; bring clips."))
    ContactPoint.objects.create(owner=owner, person=dana, kind="url", value="https://dana.example/portfolio")
    Person.objects.filter(pk=dana.pk).update(connected_on=date(2025, 12, 7))
    add_person(owner, NewPerson("Zoë Ødegaard", organization="Nordlys Media", emails=("zoe@nordlys.example",)))
    add_person(owner, NewPerson("Cher"))
    add_person(owner, NewPerson("José Núñez-García", title="Staffer", location="Sacramento",
                                notes="Back\\slash and, commas"))


def export_text(owner) -> str:
    out = io.StringIO(newline="")
    write_vcard_stream(owner, out)
    return out.getvalue()


def test_every_field_is_on_the_card(owner) -> None:
    lived_in_network(owner)
    text = export_text(owner)
    dana = Person.objects.get(full_name="Dana M. Reyes")
    card = text[text.index(f"UID:{dana.vcard_uid}"):].split("END:VCARD")[0]
    for line in ("FN:Dana M. Reyes", "N:Reyes;Dana;;;", "EMAIL:dana@gmail.example", "EMAIL:reyes@tribune.example",
                 "TEL;VALUE=text:(312) 555-0199", "ORG:The Tribune\\, Inc.", "TITLE:Editor\\; Politics",
                 "ADR:;;;Chicago\\, IL;;;", "URL:https://www.linkedin.com/in/dana-reyes",
                 "URL:https://dana.example/portfolio", "CATEGORIES:Alumni,journalism",
                 "NOTE:Met at the fair.\\nAsk about the statehouse\\; bring clips.", "X-COFFEECHAT-CONNECTED-ON:20251207"):
        assert line in card, line
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n") and text.count("BEGIN:VCARD") == 4


def test_uids_are_given_once_and_kept(owner) -> None:
    lived_in_network(owner)
    assert not Person.objects.exclude(vcard_uid="").exists()
    first = export_text(owner)
    uids = dict(Person.objects.values_list("id", "vcard_uid"))
    assert all(uids.values()) and len(set(uids.values())) == 4
    assert export_text(owner) == first
    assert dict(Person.objects.values_list("id", "vcard_uid")) == uids
    assert ensure_vcard_uids(owner) == 0


def test_a_uid_two_people_share_stays_with_the_first(owner) -> None:
    first = add_person(owner, NewPerson("Dana Reyes"))
    second = add_person(owner, NewPerson("Sam Park"))
    Person.objects.filter(pk__in=[first.pk, second.pk]).update(vcard_uid="same-uid")
    assert ensure_vcard_uids(owner) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.vcard_uid == "same-uid" and second.vcard_uid not in ("", "same-uid")


def test_only_the_owners_people_are_exported(owner, outsider) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    add_person(outsider, NewPerson("Secret Person"))
    text = export_text(owner)
    assert "Dana Reyes" in text and "Secret Person" not in text
    assert Person.objects.get(full_name="Secret Person").vcard_uid == ""


def test_queries_do_not_grow_with_the_network(owner, django_assert_max_num_queries) -> None:
    for index in range(30):
        add_person(owner, NewPerson(f"Person {index}", organization=f"Org {index % 3}", emails=(f"p{index}@x.example",),
                                    tags=("a", "b")))
    ensure_vcard_uids(owner)
    with django_assert_max_num_queries(8):
        export_text(owner)


def test_export_import_export_gives_the_same_cards(owner, outsider, tmp_path: Path) -> None:
    lived_in_network(owner)
    first = tmp_path / "first.vcf"
    export_vcard_file(owner, first)
    report = import_contacts(outsider, first, "vcard")
    assert (report.created, report.errors, report.uncertain) == (4, [], [])
    again = tmp_path / "again.vcf"
    export_vcard_file(outsider, again)
    assert again.read_bytes() == first.read_bytes()


def test_importing_the_export_back_changes_nobody_with_an_email(owner, tmp_path: Path) -> None:
    lived_in_network(owner)
    Person.objects.filter(full_name__in=["Cher", "José Núñez-García"]).delete()
    export_vcard_file(owner, tmp_path / "book.vcf")
    report = import_contacts(owner, tmp_path / "book.vcf", "vcard")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_importing_the_export_back_recognises_every_card_by_its_uid(owner, tmp_path: Path) -> None:
    lived_in_network(owner)
    export_vcard_file(owner, tmp_path / "book.vcf")
    report = import_contacts(owner, tmp_path / "book.vcf", "vcard")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)


def test_a_vdir_round_trips_file_by_file(owner, outsider, tmp_path: Path) -> None:
    lived_in_network(owner)
    counts = export_vdir(owner, tmp_path / "book")
    assert counts == {"people": 4, "new_uids": 4}
    files = sorted(tmp_path.joinpath("book").iterdir())
    assert [f.name for f in files] == sorted(f"{uid}.vcf" for uid in Person.objects.filter(owner=owner)
                                             .values_list("vcard_uid", flat=True))
    assert import_contacts(outsider, tmp_path / "book", "vcard").created == 4
    export_vdir(outsider, tmp_path / "book2")
    for file in files:
        assert (tmp_path / "book2" / file.name).read_bytes() == file.read_bytes()


def test_a_second_vdir_export_leaves_unchanged_cards_untouched(owner, tmp_path: Path) -> None:
    lived_in_network(owner)
    export_vdir(owner, tmp_path / "book")
    before = {f.name: f.stat().st_mtime_ns for f in (tmp_path / "book").iterdir()}
    Person.objects.filter(full_name="Cher").update(title="Singer")
    export_vdir(owner, tmp_path / "book")
    after = {f.name: f.stat().st_mtime_ns for f in (tmp_path / "book").iterdir()}
    cher = Person.objects.get(full_name="Cher").vcard_uid
    assert after.keys() == before.keys()
    assert [name for name in after if after[name] != before[name]] == [f"{cher}.vcf"]


def run_khard(khard: str, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(config.parent), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([khard, "-c", str(config), *args], check=False, capture_output=True, text=True,
                          timeout=60, env=env, input="")


def test_khard_lists_the_exported_folder(owner, tmp_path: Path) -> None:
    khard = shutil.which("khard")
    if khard is None:
        skip_or_fail("needs khard (Debian: apt-get install khard; or pip install khard)")
    lived_in_network(owner)
    export_vdir(owner, tmp_path / "book")
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[coffeechat]]\npath = {tmp_path / 'book'}\n", encoding="utf-8")
    listing = run_khard(str(khard), config, "list", "--parsable")
    assert listing.returncode == 0, listing.stderr
    for name in ("Dana Reyes", "Zoë Ødegaard", "Cher", "José Núñez-García"):
        assert name in listing.stdout, (name, listing.stdout)
    detail = run_khard(str(khard), config, "show", "Dana")
    assert "reyes@tribune.example" in detail.stdout and "The Tribune, Inc." in detail.stdout, detail.stdout + detail.stderr
