"""The import page with damaged files: a huge cell, a short row, an unclosed quote — shown, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coffeechat.models import Person
from coffeechat.web.views.imports import uploads_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture(autouse=True)
def empty_uploads():
    for path in uploads_folder().iterdir():
        path.unlink()
    yield
    for path in uploads_folder().iterdir():
        path.unlink()


def preview(owner, name: str, content: bytes):
    client = Client()
    client.force_login(owner)
    return client, client.post("/import/preview", {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_a_cell_over_128_kb_is_a_skipped_row_not_a_500(owner) -> None:
    content = (HEADER + f'Ana,Lima,,,"{"x" * 200_000}",Editor,01 Jan 2025\nBo,Berg,,,Acme,Writer,01 Jan 2025\n').encode()
    client, page = preview(owner, "Connections.csv", content)
    text = page.content.decode()
    assert page.status_code == 200
    assert '<strong data-count="created">1</strong>' in text and "larger than 128 KB" in text
    client.post("/import/confirm")
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Bo Berg"]
    assert list(uploads_folder().iterdir()) == []


def test_warnings_and_recovered_rows_are_shown_in_the_preview(owner) -> None:
    content = (FIXTURES / "linkedin" / "Connections_unclosed_quote.csv").read_bytes()
    content += b"Cy,Diaz,,,Acme\n"
    _, page = preview(owner, "Connections.csv", content)
    text = page.content.decode()
    assert '<strong data-count="created">20</strong>' in text
    assert "Rows imported with a warning" in text and "missing position, connected on" in text
    assert "quote opens a cell" in text
