"""A large import takes the bulk path (plain SQL, ids chosen in the transaction, the search index filled
once): the people it writes must be exactly as findable and complete as people written one by one."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from coffeechat.core.matching import fold_text
from coffeechat.models import Organization, Person, Touch
from coffeechat.services.imports import BULK_SEARCH_INDEX, import_contacts
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.search import search

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
FIRST = ["Ana", "Bruno", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gustavo", "Hana", "Ines", "Jonas"]
LAST = ["Álvarez", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer", "García", "Hoang", "Iqbal", "Jensen"]


def connections(path: Path, count: int) -> Path:
    """A LinkedIn export of ``count`` distinct people (each with a profile URL) and a few employers."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(count):
            first, last = FIRST[n % 10], f"{LAST[(n // 10) % 10]}{n}"
            writer.writerow([first, last, f"https://www.linkedin.com/in/p-{n}", f"p{n}@example.com" if n % 3 else "",
                             f"Newsroom {n % 7}", "Reporter", "07 Dec 2025"])
        writer.writerow(["Quintessa", "Zorrilla-Núñez", "https://www.linkedin.com/in/qz", "", "Data Desk",
                         "Visual editor", "01 Jan 2026"])
    return path


def person_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'coffeechat_person'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_a_bulk_import_writes_complete_people_that_search_finds(owner: Any, tmp_path: Path) -> None:
    earlier = add_person(owner, NewPerson(full_name="Zelda Ortiz"))
    triggers = person_triggers() if connection.vendor == "sqlite" else set()
    report = import_contacts(owner, connections(tmp_path / "Connections.csv", BULK_SEARCH_INDEX + 200))

    assert report.created == BULK_SEARCH_INDEX + 201
    people = Person.objects.owned_by(owner).exclude(pk=earlier.pk)
    assert people.count() == report.created
    assert min(people.values_list("pk", flat=True)) > earlier.pk  # ids continue after the stored ones
    assert all(p.folded_name == fold_text(p.full_name) for p in people)  # accent-free finding works for all
    assert Touch.objects.owned_by(owner).filter(kind=Touch.Kind.IMPORTED).count() == report.created
    assert Organization.objects.owned_by(owner).count() == 8  # seven newsrooms and the data desk, once each
    quintessa = people.get(full_name="Quintessa Zorrilla-Núñez")
    assert quintessa.organization.name == "Data Desk" and quintessa.title == "Visual editor"

    # The full-text index holds every new person (filled once), and the stored person is still found.
    assert [h.person_id for h in search(owner, "Zorrilla", kinds=("person",))] == [quintessa.pk]
    assert [h.person_id for h in search(owner, "Zelda", kinds=("person",))] == [earlier.pk]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM coffeechat_person_fts WHERE coffeechat_person_fts MATCH 'reporter'")
            assert cursor.fetchone()[0] == report.created - 1
            cursor.execute("INSERT INTO coffeechat_person_fts(coffeechat_person_fts, rank) VALUES ('integrity-check', 1)")
        assert person_triggers() == triggers  # the insert trigger is back: later people are indexed again
        later = add_person(owner, NewPerson(full_name="Yusuf Quarterman"))
        assert [h.person_id for h in search(owner, "Quarterman", kinds=("person",))] == [later.pk]

    again = import_contacts(owner, tmp_path / "Connections.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, report.created)


def test_a_damaged_phone_or_email_field_does_not_break_the_import(owner: Any, tmp_path: Path) -> None:
    """A paragraph in a phone column (or an "address" longer than any address) must not stop an import on
    PostgreSQL, which holds a contact point to 300 characters: the phone is kept to 300, the non-address
    is left out, and the person arrives."""
    path = tmp_path / "contacts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Company"])
        writer.writerow(["Ada", "Quill", "a" * 400 + "@example.org", "9" * 2000, "Metro Radio"])
    report = import_contacts(owner, path)
    assert report.created == 1
    person = Person.objects.owned_by(owner).get(full_name="Ada Quill")
    values = {p.kind: p.value for p in person.contact_points.all()}
    assert "email" not in values and len(values["phone"]) == 300
