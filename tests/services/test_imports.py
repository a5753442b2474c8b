"""Importing contacts files into the real database: merging, history, errors, dry runs, one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coffeechat.formats.contact import FormatError
from coffeechat.models import ContactPoint, Person, Touch
from coffeechat.services.imports import import_contacts
from coffeechat.services.people import NewPerson, add_person

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MERGE = FIXTURES / "merge"


def names(owner) -> list[str]:
    return sorted(Person.objects.owned_by(owner).values_list("full_name", flat=True))


def test_importing_a_linkedin_export_twice_yields_the_same_people(owner) -> None:
    first = import_contacts(owner, FIXTURES / "linkedin" / "Connections.csv")
    before = names(owner)
    second = import_contacts(owner, FIXTURES / "linkedin" / "Connections.csv")
    assert first.format == "linkedin" and first.created == len(before) > 0
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert names(owner) == before
    assert Touch.objects.owned_by(owner).count() == first.created  # one "imported" entry each, not two


def test_a_google_export_of_the_same_people_merges_by_email(owner) -> None:
    import_contacts(owner, MERGE / "linkedin_before.csv")
    report = import_contacts(owner, MERGE / "google_same_people.csv")
    assert report.format == "google"
    assert (report.created, report.updated) == (1, 1)  # Sam is new; Dana gains a phone, an email, a tag
    assert names(owner) == ["Dana Reyes", "Marcus Okafor", "Priya Nair", "Sam Park"]
    dana = Person.objects.owned_by(owner).get(full_name="Dana Reyes")
    emails = set(dana.contact_points.filter(kind="email").values_list("value", flat=True))
    assert emails == {"dana.reyes@tribune.example", "dana@home.example"}
    assert dana.contact_points.get(kind="phone").value == "+1 312-555-0100"  # one international spelling (core.phones)
    assert [t.name for t in dana.tags.all()] == ["Journalism"]
    assert "Met at the press club" in dana.notes
    assert dana.linkedin_url == "https://www.linkedin.com/in/dana-reyes-01"


def test_a_new_job_becomes_history_not_a_loss(owner) -> None:
    import_contacts(owner, MERGE / "linkedin_before.csv")
    report = import_contacts(owner, MERGE / "linkedin_after.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    dana = Person.objects.owned_by(owner).get(full_name="Dana Reyes")
    assert (dana.title, dana.organization.name) == ("Managing Editor", "Metro Public Radio")
    moved = dana.touches.get(kind="moved_job")
    assert "was Politics Editor at The Tribune" in moved.summary and "Metro Public Radio" in moved.summary


def test_one_bad_row_gives_one_error_with_its_line(owner) -> None:
    report = import_contacts(owner, FIXTURES / "linkedin" / "Connections_bad_rows.csv")
    lines = {e.line for e in report.errors}
    assert report.skipped == len(report.errors) and report.errors
    assert all(e.field and e.reason for e in report.errors)
    bad_date = [e for e in report.errors if e.field == "Connected On"]
    assert bad_date and "31 Foo 2024" in bad_date[0].reason
    assert len(lines) == len(report.errors)
    assert report.created == Person.objects.owned_by(owner).count()


def test_dry_run_changes_nothing(owner) -> None:
    report = import_contacts(owner, MERGE / "linkedin_before.csv", dry_run=True)
    assert report.created == 3 and report.dry_run
    assert not Person.objects.owned_by(owner).exists()


def test_a_file_that_is_not_contacts_is_refused_by_name(owner) -> None:
    with pytest.raises(FormatError, match="expenses.csv"):
        import_contacts(owner, FIXTURES / "linkedin" / "expenses.csv")
    with pytest.raises(FormatError, match="iphone_export.vcf"):
        import_contacts(owner, FIXTURES / "vcard" / "iphone_export.vcf", "linkedin")
    assert not Person.objects.owned_by(owner).exists()


def test_a_person_added_by_hand_is_found_again_by_email(owner) -> None:
    add_person(owner, NewPerson("Priya Nair", organization="Civic Data Lab", emails=("PRIYA@civicdata.example",)))
    report = import_contacts(owner, MERGE / "linkedin_before.csv")
    assert report.created == 2 and report.updated == 1
    priya = Person.objects.owned_by(owner).get(full_name="Priya Nair")
    assert priya.linkedin_url == "https://www.linkedin.com/in/priya-nair-9"


def test_a_person_repeated_in_one_file_is_one_person(owner) -> None:
    report = import_contacts(owner, FIXTURES / "linkedin" / "Connections_duplicate.csv")
    urls = list(Person.objects.owned_by(owner).exclude(linkedin_url="").values_list("linkedin_url", flat=True))
    assert len(urls) == len(set(urls))
    assert report.created == Person.objects.owned_by(owner).count()


def test_imports_belong_to_their_owner(owner, outsider) -> None:
    import_contacts(owner, MERGE / "linkedin_before.csv")
    report = import_contacts(outsider, MERGE / "linkedin_before.csv")
    assert report.created == 3
    assert Person.objects.owned_by(owner).count() == 3
    assert ContactPoint.objects.filter(person__owner=outsider).exclude(owner=outsider).count() == 0


def test_vcard_folder_and_file(owner) -> None:
    folder = import_contacts(owner, FIXTURES / "vcard" / "vdir")
    assert folder.format == "vcard" and folder.created > 0
    cards = import_contacts(owner, FIXTURES / "vcard" / "iphone_export.vcf")
    assert cards.created + cards.updated + cards.unchanged > 0
    assert Person.objects.owned_by(owner).exclude(vcard_uid="").exists()


def test_a_file_that_repeats_someone_with_another_job_is_still_stable(owner, tmp_path) -> None:
    # LinkedIn exports can list one profile twice; the newer row (same date: the later one) wins, every time.
    text = (MERGE / "linkedin_before.csv").read_text()
    repeated = text + "Dana,Reyes,https://www.linkedin.com/in/dana-reyes-01,,Elsewhere Media,Intern,07 Dec 2025\n"
    path = tmp_path / "Connections.csv"
    path.write_text(repeated)
    first = import_contacts(owner, path)
    assert first.created == 3
    (said,) = [w for w in first.warnings if "again" in w.reason]
    assert said.line == 8 and "also line 5" in said.reason and "line 8 win (it comes later in the file)" in said.reason
    for _ in range(2):
        again = import_contacts(owner, path)
        assert (again.created, again.updated) == (0, 0), again
    dana = Person.objects.owned_by(owner).get(full_name="Dana Reyes")
    assert dana.title == "Intern" and not dana.touches.filter(kind="moved_job").exists()
    assert dana.contact_points.filter(kind="email").count() == 1  # the older row's email is kept


def test_the_row_connected_later_wins_wherever_it_sits_in_the_file(owner, tmp_path) -> None:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    newer = "Dana,Reyes,https://www.linkedin.com/in/dana-reyes-01,,Metro Radio,Editor,01 Mar 2026\n"
    older = "Dana,Reyes,https://www.linkedin.com/in/dana-reyes-01,,The Tribune,Reporter,01 Mar 2020\n"
    for order, name in (((newer, older), "a.csv"), ((older, newer), "b.csv")):
        path = tmp_path / name
        path.write_text(header + "".join(order))
        report = import_contacts(owner, path, dry_run=True)
        assert report.created == 1
        assert any("it has the later Connected On date" in w.reason for w in report.warnings)
    import_contacts(owner, tmp_path / "a.csv")
    dana = Person.objects.owned_by(owner).get()
    assert (dana.title, dana.organization.name) == ("Editor", "Metro Radio")
    assert import_contacts(owner, tmp_path / "b.csv").updated == 0


def test_a_person_added_by_hand_with_a_differently_spelled_profile_link_is_found_again(owner) -> None:
    add_person(owner, NewPerson("Dana Reyes", linkedin_url="http://uk.linkedin.com/in/Dana-Reyes-01/?trk=x"))
    report = import_contacts(owner, MERGE / "linkedin_before.csv")
    assert report.created == 2
    assert Person.objects.owned_by(owner).filter(full_name="Dana Reyes").count() == 1


def test_re_importing_cards_without_uids_or_emails_changes_nothing(owner, tmp_path) -> None:
    path = tmp_path / "phone.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\nTEL:+1 312 555 0100\r\nEND:VCARD\r\n"
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Berg\r\nN:Berg;Bo;;;\r\nNOTE:met at the fair\r\nEND:VCARD\r\n",
                    newline="")
    first = import_contacts(owner, path)
    assert first.created == 2
    again = import_contacts(owner, path)
    assert (again.created, again.updated, again.unchanged, again.uncertain) == (0, 0, 2, [])
    assert Person.objects.owned_by(owner).count() == 2


def test_rows_after_an_unclosed_quote_are_imported_and_the_damage_reported(owner) -> None:
    report = import_contacts(owner, FIXTURES / "linkedin" / "Connections_unclosed_quote.csv")
    assert report.created == 19 and Person.objects.owned_by(owner).count() == 19
    assert [(e.line, e.field) for e in report.errors] == [(10, "row")]
    assert report.as_json()["errors"][0]["line"] == 10


def test_a_short_row_is_imported_with_a_warning_in_the_report(owner, tmp_path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    "Ana,Lima,https://www.linkedin.com/in/ana,,Acme\n")
    report = import_contacts(owner, path)
    assert report.created == 1 and report.skipped == 0
    assert report.as_json()["warnings"] == [{
        "line": 2, "field": "row",
        "reason": "has 5 of the header's 7 columns; missing position, connected on (imported with what it has)"}]
    assert Person.objects.owned_by(owner).get().organization.name == "Acme"


def test_a_dry_run_takes_no_write_lock(owner, tmp_path) -> None:
    from django.db import connection

    queries: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        import_contacts(owner, MERGE / "linkedin_before.csv", dry_run=True)
    assert queries and all(sql.lstrip().upper().startswith("SELECT") for sql in queries), queries


def test_rows_with_only_a_name_are_not_added_again_on_re_import(owner, tmp_path) -> None:
    # Two strangers who share a name are kept apart the first time (uncertain), but the same file again
    # must change nothing: each row says exactly what is stored for one of them.
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    "Ana,Lee,,,,,07 Dec 2025\n"
                    "Ana,Lee,,,,Reporter,08 Dec 2025\n"
                    + "Bo," + "x" * 250 + ",,,,,09 Dec 2025\n", encoding="utf-8")
    first = import_contacts(owner, path)
    assert first.created == 3
    again = import_contacts(owner, path)
    assert (again.created, again.updated) == (0, 0)
    assert Person.objects.owned_by(owner).count() == 3
