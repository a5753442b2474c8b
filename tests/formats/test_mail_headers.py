"""The header block of a message read into a record, or a one-line reason it was skipped; never an exception."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.formats.mail_headers import (
    HEADER_FIELDS,
    HeaderRecord,
    header_block,
    mail_id_list,
    normalise_mail_id,
    parse_headers,
)


def message(*lines: str, body: str = "Hello.\n") -> bytes:
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


BASE = (
    "From: Ada <ada@firm.example>",
    "To: sam@student.example",
    "Date: Tue, 03 Nov 2026 14:02:10 +0100",
    "Message-ID: <one@firm.example>",
)


def parsed(*lines: str, body: str = "Hello.\n", folder: str = "inbox") -> HeaderRecord:
    record = parse_headers(message(*lines, body=body), folder)
    assert isinstance(record, HeaderRecord), record
    return record


def test_a_plain_message() -> None:
    record = parsed(*BASE, "Subject: Coffee?")

    assert record == HeaderRecord(
        mail_id="one@firm.example", folder="inbox", sender="ada@firm.example", recipients=("sam@student.example",),
        date=datetime(2026, 11, 3, 13, 2, 10, tzinfo=UTC), subject="Coffee?", in_reply_to="", references=(),
    )
    assert record.addresses == ("ada@firm.example", "sam@student.example")
    assert HEADER_FIELDS == ("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "References", "Subject")


def test_recipients_are_to_then_cc_lower_case_each_once() -> None:
    record = parsed(
        "From: ADA@Firm.Example",
        'To: "Student, Sam" <Sam@Student.example>, undisclosed-recipients:;',
        "Cc: Grace <grace@firm.example>,",
        " sam@student.example, Team: bob@team.example, eve@team.example;",
        *BASE[2:],
    )

    assert record.sender == "ada@firm.example"
    assert record.recipients == ("sam@student.example", "grace@firm.example", "bob@team.example", "eve@team.example")


def test_the_subject_is_decoded_one_line_and_capped() -> None:
    assert parsed(*BASE, "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=", " =?utf-8?b?IGF1cyBLw7ZsbgkK?=").subject == "Grüße aus Köln"
    assert parsed(*BASE, "Subject: one\tline\x07 only").subject == "one line only"
    assert parsed(*BASE, "Subject: " + "x" * 1000).subject == "x" * 300
    assert parsed(*BASE).subject == ""
    assert parsed(*BASE, "Subject: =?unknown-charset?q?abc?=").subject == "abc"


def test_eight_bit_headers_are_read_as_utf8_or_latin1() -> None:
    utf8 = "\r\n".join((*BASE, "Subject: Grüße")).encode() + b"\r\n\r\n"
    latin1 = "\r\n".join((*BASE, "Subject: Café")).encode("latin-1") + b"\r\n\r\n"

    for raw, subject in ((utf8, "Grüße"), (latin1, "Café")):
        record = parse_headers(raw, "inbox")
        assert isinstance(record, HeaderRecord) and record.subject == subject


def test_the_thread_headers_are_normalised() -> None:
    record = parsed(
        *BASE,
        "In-Reply-To: <two@firm.example> (Ada's message of Monday)",
        "References: <root@student.example>",
        "  < two@firm.example >  <root@student.example>",
    )

    assert record.in_reply_to == "two@firm.example"
    assert record.references == ("root@student.example", "two@firm.example")
    assert mail_id_list("bare@id other@id") == ("bare@id", "other@id")
    assert mail_id_list("<" + "x" * 600 + "@long> <ok@id>") == ("ok@id",)
    assert normalise_mail_id("  <a b@c>  ") == "ab@c"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("Tue, 03 Nov 2026 14:02:10 -0000", datetime(2026, 11, 3, 14, 2, 10, tzinfo=UTC)),
        ("3 Nov 2026 14:02 +0530", datetime(2026, 11, 3, 8, 32, tzinfo=UTC)),
        ("Tue, 03 Nov 2026 14:02:10 GMT", datetime(2026, 11, 3, 14, 2, 10, tzinfo=UTC)),
    ],
)
def test_dates_become_aware_utc(date: str, expected: datetime) -> None:
    record = parsed("From: ada@firm.example", "Message-ID: <d@x>", f"Date: {date}")

    assert record.date == expected and record.date.tzinfo == UTC


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (("From: a@b.example", "Date: Tue, 03 Nov 2026 14:02:10 +0100"), "no Message-ID header"),
        (("From: a@b.example", "Message-ID: <>", "Date: Tue, 03 Nov 2026 14:02:10 +0100"), "empty Message-ID header"),
        (("From: a@b.example", "Message-ID: <x@y>"), "no Date header"),
        (("From: a@b.example", "Message-ID: <x@y>", "Date: next Tuesday"), "unreadable Date header ('next Tuesday')"),
        (("From: a@b.example", "Message-ID: <x@y>", "Date: Tue, 45 Nov 2026 14:02:10 +0100"), "unreadable Date header"),
        (("From: undisclosed", "Message-ID: <x@y>", "Date: Tue, 03 Nov 2026 14:02:10 +0100"), "no From address"),
        (("Message-ID: <" + "x" * 600 + "@y>", "Date: Tue, 03 Nov 2026 14:02:10 +0100"), "Message-ID longer than 500"),
    ],
)
def test_a_message_that_cannot_be_recorded_says_why(lines: tuple[str, ...], reason: str) -> None:
    result = parse_headers(message(*lines), "sent")

    assert isinstance(result, str) and result.startswith(reason) and "\n" not in result


def test_only_the_header_block_is_read() -> None:
    raw = message("From: ada@firm.example", "Date: Tue, 03 Nov 2026 14:02:10 +0100",
                  body="Message-ID: <in-the-body@x>\r\nSubject: not a header\r\n")

    assert parse_headers(raw, "inbox") == "no Message-ID header"
    assert header_block(raw).endswith(b"+0100")
    assert header_block(b"\r\nMessage-ID: <x@y>\r\n") == b""
    assert parsed(*BASE, body="Subject: not a header\r\n").subject == ""


def test_an_unknown_folder_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="folder"):
        parse_headers(message(*BASE), "drafts")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_record_or_a_reason(raw: bytes) -> None:
    result = parse_headers(raw, "inbox")

    assert isinstance(result, (HeaderRecord, str))


header_value = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120) | st.sampled_from(
    ["<a@b>", "=?utf-8?q?=C3?=", "=?x?b?!!?=", '"a, b" <c@d>', "a@b, , ;:", "Tue, 31 Feb 2026 25:61:61 +9999",
     "Sat, 01 Jan 10000 00:00:00 +0000", "<<>>", "\x00", "=?utf-8?q?a?= \r\n =?utf-8?q?b?="]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*HEADER_FIELDS, "X-Other", "from", "DATE"]), header_value), max_size=12))
def test_any_header_values_give_a_record_or_a_reason(headers: list[tuple[str, str]]) -> None:
    raw = "\r\n".join(f"{name}: {value}" for name, value in headers).encode("utf-8", "surrogatepass") + b"\r\n\r\n"
    result = parse_headers(raw, "sent")

    if isinstance(result, HeaderRecord):
        assert result.mail_id and len(result.mail_id) <= 500 and "\n" not in result.mail_id
        assert result.date.tzinfo == UTC
        assert len(result.subject) <= 300 and "\n" not in result.subject and "\r" not in result.subject
        assert result.sender == result.sender.lower() and all(address == address.lower() for address in result.recipients)
        assert len(set(result.recipients)) == len(result.recipients)
    else:
        assert isinstance(result, str) and "\n" not in result
