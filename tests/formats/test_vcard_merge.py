"""Exporting over a card already in the folder (synced back from a server): coffeechat's fields are written,
everything else on the card is kept as it was, and writing twice gives the same text."""

from __future__ import annotations

from coffeechat.formats.contact import ContactRecord
from coffeechat.formats.vcard import read_vcards
from coffeechat.formats.vcard_write import (
    CardToWrite,
    card_text,
    content_lines,
    merged_card_text,
    unescape_text,
)

UID = "42a04f54-e017-460d-9dfd-d1d62a864c2c"
DANA = ContactRecord(
    line=1, source="vcard", full_name="Dana Reyes", first_name="Dana", last_name="Reyes",
    emails=("dana@tribune.example",), phones=("+1 312-555-0100",), organization="Metro Public Radio",
    title="Managing Editor", location="Chicago, IL, USA", tags=("journalism",), notes="Met at the press club",
)
ENTRY = CardToWrite(UID, DANA)
# As a phone's address book keeps it after a sync: vCard 3.0, types, Apple's labels, a photo and a birthday.
PHOTO = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 40
FROM_PHONE = "\r\n".join([
    "BEGIN:VCARD",
    "VERSION:3.0",
    "PRODID:-//Apple Inc.//iPhone OS 17.0//EN",
    f"UID:{UID}",
    "FN:Dana Reyes",
    "N:Reyes;Dana;;;",
    "NICKNAME:Dee",
    "item1.EMAIL;type=INTERNET;type=WORK;type=pref:Dana@Tribune.example",
    "item1.X-ABLabel:_$!<Work>!$_",
    "EMAIL;type=HOME:dana@home.example",
    "TEL;type=CELL;type=VOICE:(312) 555-0100",
    "ORG:Metro Public Radio;Newsroom",
    "TITLE:Politics Editor",
    "ADR;type=HOME:;;12 Lake St;Chicago;IL;60601;USA",
    "BDAY:1988-04-02",
    PHOTO[:75],
    *(" " + PHOTO[i:i + 74] for i in range(75, len(PHOTO), 74)),
    "END:VCARD",
    "",
])


def props(text: str) -> list[str]:
    return [line.physical.rstrip("\r\n") for line in content_lines(text)]


def test_what_coffeechat_does_not_keep_stays_on_the_card() -> None:
    merged = merged_card_text(ENTRY, FROM_PHONE)
    lines = props(merged)
    for kept in ("NICKNAME:Dee", "item1.X-ABLabel:_$!<Work>!$_", "BDAY:1988-04-02"):
        assert kept in lines
    assert PHOTO[:75] + "\r\n " + PHOTO[75:149] in merged  # the photo, folded as it was
    assert lines[-1] == "END:VCARD" and lines[:2] == ["BEGIN:VCARD", "VERSION:4.0"]
    assert lines.index("NICKNAME:Dee") > lines.index("NOTE:Met at the press club")


def test_a_line_saying_what_coffeechat_holds_keeps_its_own_form() -> None:
    lines = props(merged_card_text(ENTRY, FROM_PHONE))
    assert "item1.EMAIL;type=INTERNET;type=WORK;type=pref:Dana@Tribune.example" in lines
    assert "TEL;type=CELL;type=VOICE:(312) 555-0100" in lines  # the same number without its country code
    assert "ORG:Metro Public Radio;Newsroom" in lines
    assert "ADR;type=HOME:;;12 Lake St;Chicago;IL;60601;USA" in lines
    assert not any(line.startswith(("EMAIL:dana@tribune", "TEL;VALUE=text")) for line in lines)
    assert "ORG:Metro Public Radio" not in lines


def test_coffeechat_writes_its_own_fields_and_only_ever_adds_addresses() -> None:
    lines = props(merged_card_text(ENTRY, FROM_PHONE))
    assert "TITLE:Managing Editor" in lines and "TITLE:Politics Editor" not in lines
    assert "CATEGORIES:journalism" in lines and "NOTE:Met at the press club" in lines
    assert "EMAIL;type=HOME:dana@home.example" in lines  # an address coffeechat does not hold (yet)
    assert [line for line in lines if line.startswith(("VERSION", "PRODID", "UID"))] == [
        "VERSION:4.0", "PRODID:-//coffeechat//coffeechat//EN", f"UID:{UID}"]


def test_writing_over_its_own_result_changes_nothing() -> None:
    once = merged_card_text(ENTRY, FROM_PHONE)
    assert merged_card_text(ENTRY, once) == once
    assert merged_card_text(ENTRY, card_text(ENTRY)) == card_text(ENTRY)


def test_without_a_whole_card_there_is_nothing_to_keep() -> None:
    for existing in ("", "not a card", "BEGIN:VCARD\r\nNICKNAME:Dee\r\n"):
        assert merged_card_text(ENTRY, existing) == card_text(ENTRY)


def test_the_merged_card_reads_back_as_the_same_person(tmp_path) -> None:
    path = tmp_path / f"{UID}.vcf"
    path.write_text(merged_card_text(ENTRY, FROM_PHONE), encoding="utf-8", newline="")
    (record,) = list(read_vcards(path))
    assert isinstance(record, ContactRecord)
    assert (record.uid, record.full_name, record.title) == (UID, "Dana Reyes", "Managing Editor")
    assert {e.casefold() for e in record.emails} == {"dana@tribune.example", "dana@home.example"}
    assert record.organization == "Metro Public Radio"


def test_escapes_are_undone() -> None:
    assert unescape_text(r"Chicago\, IL\; USA\nsecond \\ line") == "Chicago, IL; USA\nsecond \\ line"
    (line,) = [line for line in content_lines(card_text(ENTRY)) if line.name == "ADR"]
    assert line.value == r";;;Chicago\, IL\, USA;;;"
