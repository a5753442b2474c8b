"""The import page: upload, preview, import the same stored file, and the download links."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coffeechat.models import Conversation, Person
from coffeechat.services.people import NewPerson, add_person
from coffeechat.web.views.imports import SESSION_KEY, uploads_folder
from conftest import logged_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def upload(client: Client, path: Path, fmt: str = ""):
    data = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return client.post("/import/preview", {"file": data, "format": fmt})


@pytest.fixture(autouse=True)
def empty_uploads():
    for path in uploads_folder().iterdir():
        path.unlink()
    yield
    for path in uploads_folder().iterdir():
        path.unlink()


def test_preview_guesses_the_format_and_changes_nothing(owner) -> None:
    client = logged_in(owner)
    page = upload(client, FIXTURES / "merge" / "linkedin_before.csv")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Read as <strong>LinkedIn</strong> (guessed from the file)" in text
    assert '<strong data-count="created">3</strong>' in text
    assert Person.objects.count() == 0
    stored = list(uploads_folder().iterdir())
    assert len(stored) == 1 and stored[0].name != "linkedin_before.csv"
    assert client.session[SESSION_KEY]["file"] == stored[0].name


def test_import_runs_on_the_stored_file_and_deletes_it(owner) -> None:
    client = logged_in(owner)
    upload(client, FIXTURES / "merge" / "linkedin_before.csv")
    response = client.post("/import/confirm", follow=True)
    assert response.redirect_chain[-1][0] == "/people/"
    assert b"linkedin_before.csv (LinkedIn): 3 new" in response.content
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Dana Reyes", "Marcus Okafor", "Priya Nair"]
    assert list(uploads_folder().iterdir()) == []
    assert SESSION_KEY not in client.session
    # Confirming again has nothing to import.
    again = client.post("/import/confirm", follow=True)
    assert b"no file waiting" in again.content and Person.objects.count() == 3


def test_the_same_file_again_previews_as_unchanged(owner) -> None:
    client = logged_in(owner)
    upload(client, FIXTURES / "merge" / "linkedin_before.csv")
    client.post("/import/confirm")
    text = upload(client, FIXTURES / "merge" / "linkedin_before.csv").content.decode()
    assert '<strong data-count="created">0</strong>' in text and '<strong data-count="unchanged">3</strong>' in text


def test_bad_rows_are_listed_with_line_and_field(owner) -> None:
    text = upload(logged_in(owner), FIXTURES / "linkedin" / "Connections_bad_rows.csv", "linkedin").content.decode()
    assert "Rows that will be skipped" in text
    assert '<strong data-count="skipped">3</strong>' in text
    assert "<tr><td>7</td><td>Connected On</td><td>&#x27;31 Foo 2024&#x27; is not a date" in text
    assert "<tr><td>8</td><td>First Name</td><td>the row has neither a first nor a last name</td></tr>" in text


def test_a_file_that_is_not_contacts_is_refused_naming_it(owner) -> None:
    page = upload(logged_in(owner), FIXTURES / "linkedin" / "expenses.csv")
    assert page.status_code == 400
    assert "expenses.csv was not imported" in page.content.decode()
    assert list(uploads_folder().iterdir()) == []


def test_the_chosen_format_is_used(owner) -> None:
    page = upload(logged_in(owner), FIXTURES / "merge" / "linkedin_before.csv", "vcard")
    assert page.status_code == 400 and b"BEGIN:VCARD" in page.content


def test_uncertain_matches_are_shown_and_lead_to_duplicates(owner) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    client = logged_in(owner)
    text = upload(client, FIXTURES / "merge" / "linkedin_before.csv").content.decode()
    assert "Maybe people you already have" in text
    response = client.post("/import/confirm")
    assert response["Location"] == "/people/duplicates/"


def test_cancel_deletes_the_upload(owner) -> None:
    client = logged_in(owner)
    upload(client, FIXTURES / "merge" / "linkedin_before.csv")
    client.post("/import/cancel")
    assert list(uploads_folder().iterdir()) == [] and Person.objects.count() == 0


def test_a_second_upload_replaces_the_first(owner) -> None:
    client = logged_in(owner)
    upload(client, FIXTURES / "merge" / "linkedin_before.csv")
    upload(client, FIXTURES / "merge" / "google_same_people.csv")
    assert len(list(uploads_folder().iterdir())) == 1
    assert "Google" in client.session[SESSION_KEY]["label"]


def test_a_session_cannot_point_outside_the_uploads_folder(owner, tmp_path: Path) -> None:
    client = logged_in(owner)
    session = client.session
    session[SESSION_KEY] = {"file": "../coffeechat.sqlite3", "name": "x.csv", "format": "linkedin"}
    session.save()
    response = client.post("/import/confirm", follow=True)
    assert b"no file waiting" in response.content


def test_the_page_needs_a_login_and_posts_need_csrf(owner) -> None:
    assert Client().get("/import/").status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    data = SimpleUploadedFile("c.csv", (FIXTURES / "merge" / "linkedin_before.csv").read_bytes())
    assert strict.post("/import/preview", {"file": data}).status_code == 403


def test_downloads_carry_a_file_name_and_only_the_owners_data(owner, outsider) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="=HYPERLINK(1)", emails=("dana@tribune.example",)))
    add_person(outsider, NewPerson("Secret Person"))
    from datetime import UTC, datetime

    Conversation.objects.create(owner=owner, person=dana, state="scheduled", scheduled_at=datetime(2026, 12, 4, 15, tzinfo=UTC))
    client = logged_in(owner)
    page = client.get("/import/").content.decode()
    for url in ("/export/people.csv", "/export/contacts.vcf", "/export/conversations.ics", "/export/notes.zip",
                "/export/backup.json"):
        assert f'href="{url}"' in page
    csv = client.get("/export/people.csv")
    assert 'filename="coffeechat-people-' in csv["Content-Disposition"]
    assert "'=HYPERLINK(1)" in csv.content.decode("utf-8-sig") and "Secret" not in csv.content.decode("utf-8-sig")
    vcf = client.get("/export/contacts.vcf")
    assert vcf["Content-Disposition"].endswith('.vcf"') and b"FN:Dana Reyes" in vcf.content
    ics = client.get("/export/conversations.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    notes = client.get("/export/notes.zip")
    assert notes["Content-Disposition"].startswith("attachment") and ".zip" in notes["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(notes.streaming_content))) as bundle:
        names = bundle.namelist()
    assert any(name.endswith("/index.md") for name in names) and any("dana-reyes" in name for name in names)
    backup = client.get("/export/backup.json")
    assert 'filename="coffeechat-backup-' in backup["Content-Disposition"]
    data = json.loads(backup.content)
    assert [p["full_name"] for p in data["data"]["people"]] == ["Dana Reyes"]
