"""Every fixture is recognised as what it is; anything else gets a FormatError that says what was seen."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.formats.contact import FormatError
from coffeechat.formats.sniff import guess_format

from .contact_files import FIXTURES

EXPECTED = {
    "linkedin/Connections.csv": "linkedin",
    "linkedin/Connections_2019.csv": "linkedin",
    "linkedin/Connections_bom.csv": "linkedin",
    "linkedin/Connections_excel_unicode.txt": "linkedin",
    "linkedin/Connections_windows1252.csv": "linkedin",
    "linkedin/Connections_bad_rows.csv": "linkedin",
    "google/contacts.csv": "google",
    "google/contacts_legacy.csv": "google",
    "outlook/outlook_desktop.csv": "outlook",
    "outlook/outlook_com.csv": "outlook",
    "vcard/iphone_export.vcf": "vcard",
    "vcard/contacts_v4.vcf": "vcard",
    "vcard/vdir": "vcard",
}


@pytest.mark.parametrize(("name", "kind"), sorted(EXPECTED.items()))
def test_fixture_formats_are_recognised(name: str, kind: str) -> None:
    assert guess_format(FIXTURES / name) == kind


def test_the_file_name_does_not_decide(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes((FIXTURES / "google" / "contacts.csv").read_bytes())
    assert guess_format(path) == "google"


def test_a_random_csv_is_refused_with_what_was_seen() -> None:
    with pytest.raises(FormatError) as raised:
        guess_format(FIXTURES / "linkedin" / "expenses.csv")
    assert "expenses.csv" in str(raised.value)
    assert "'Date,Description,Amount,Category'" in str(raised.value)


def test_empty_file_and_empty_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(FormatError, match="empty"):
        guess_format(tmp_path / "empty.csv")
    (tmp_path / "folder").mkdir()
    with pytest.raises(FormatError, match="folder"):
        guess_format(tmp_path / "folder")
