"""Reading mail headers from a Maildir, an mbox file and a real IMAP server (Dovecot on 127.0.0.1).

What must hold: the three read the same records from the same messages; reading changes nothing (an unread
message stays unread, a Maildir file stays in new/, an mbox file is not written); IMAP asks only for
``BODY.PEEK[HEADER.FIELDS ...]`` (a body only when ``fetch_body`` is asked); plain IMAP goes nowhere but this
computer; every failure is one clear line naming the account and what to do.
"""

from __future__ import annotations

import os
import re
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

from coffeechat.models.sync import MailAccount
from coffeechat.services.mail_readers import MailReadError, fetch_body, read_headers
from mail_server import (
    SENT_FOLDER,
    Dovecot,
    RecordingProxy,
    deliver,
    dovecot_fixture,  # noqa: F401 - the fixture "dovecot"
    fixture_messages,
    make_certificates,
    recording_proxy_fixture,  # noqa: F401 - the fixture "recording_proxy"
    write_mbox,
)
from smtp_inbox import free_port

REQUEST_ID, REPLY_ID, THANKS_ID = "request-1@student.example", "CAF+reply.2@mail.firm.example", "thanks-3@student.example"
NEWSLETTER_ID = "weekly-44@letters.example"
# What the issue allows an IMAP FETCH to ask for while syncing: these header fields, without marking read.
HEADER_FIELDS_ONLY = "BODY.PEEK[HEADER.FIELDS (FROM TO CC DATE MESSAGE-ID IN-REPLY-TO REFERENCES SUBJECT)]"


def imap_account(server: Dovecot, *, security: str = "ssl", port: int | None = None, **fields: str) -> MailAccount:
    default_port = server.imaps_port if security == "ssl" else server.imap_port
    return MailAccount(
        name="work", kind="imap", host=server.host, security=security, port=port or default_port,
        username=server.user, **fields,
    )


def maildir_account(inbox: Path, sent: str = "") -> MailAccount:
    return MailAccount(name="local", kind="maildir", inbox=str(inbox), sent=sent)


def mbox_account(inbox: Path, sent: Path | None) -> MailAccount:
    return MailAccount(name="thunderbird", kind="mbox", inbox=str(inbox), sent=str(sent) if sent else "")


def fixture_mboxes(directory: Path) -> tuple[Path, Path]:
    inbox = write_mbox(directory / "Inbox", list(fixture_messages("inbox").values()))
    sent = write_mbox(directory / "Sent", list(fixture_messages("sent").values()))
    return inbox, sent


def flags_by_mail_id(server: Dovecot, folder: str) -> dict[str, set[str]]:
    """The IMAP flags of each message of a folder, looked at read-only (EXAMINE) on a separate connection."""
    with MailBoxUnencrypted(server.host, server.imap_port, timeout=20).login(
        server.user, server.password, initial_folder=None
    ) as mailbox:
        mailbox.folder.set(folder, readonly=True)
        kind, data = mailbox.client.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        assert kind == "OK"
        flags: dict[str, set[str]] = {}
        for item in data:
            if isinstance(item, tuple):
                mail_id = re.search(rb"<([^>]+)>", item[1])
                found = re.search(rb"FLAGS \(([^)]*)\)", item[0])
                assert mail_id is not None and found is not None
                flags[mail_id.group(1).decode()] = set(found.group(1).decode().split())
        return flags


def test_the_fixture_records_are_what_the_headers_say(tmp_path: Path) -> None:
    inbox, sent = fixture_mboxes(tmp_path)
    report = read_headers(mbox_account(inbox, sent))

    assert [record.mail_id for record in report.records] == [REQUEST_ID, REPLY_ID, NEWSLETTER_ID, THANKS_ID]
    request, reply, newsletter, thanks = report.records
    assert (request.folder, request.sender, request.recipients) == ("sent", "sam@student.example", ("ada@firm.example",))
    assert request.date == datetime(2026, 11, 2, 14, 15, tzinfo=UTC)
    assert (reply.folder, reply.sender) == ("inbox", "ada@firm.example")
    assert reply.recipients == ("sam@student.example", "grace@firm.example")
    assert reply.subject == "Re: Would you have 20 minutes – gern"
    assert (reply.in_reply_to, reply.references) == (REQUEST_ID, (REQUEST_ID,))
    assert thanks.references == (REQUEST_ID, REPLY_ID)
    assert newsletter.subject == "Café news à la carte"
    assert report.skipped == ["inbox folder, message 3: no Date header"]


def test_maildir_mbox_and_imap_read_the_same_records(dovecot: Dovecot, tmp_path: Path) -> None:
    dovecot.deliver_fixtures()
    inbox, sent = fixture_mboxes(tmp_path)

    from_maildir = read_headers(maildir_account(dovecot.maildir, sent=SENT_FOLDER))
    from_mbox = read_headers(mbox_account(inbox, sent))
    from_imap = read_headers(imap_account(dovecot), password=dovecot.password)
    from_starttls = read_headers(imap_account(dovecot, security="starttls"), password=dovecot.password)

    assert len(from_mbox.records) == 4
    assert from_maildir.records == from_mbox.records == from_imap.records == from_starttls.records
    for report in (from_maildir, from_mbox, from_imap, from_starttls):
        assert len(report.skipped) == 1
        assert report.skipped[0].startswith("inbox folder, message ")
        assert report.skipped[0].endswith(": no Date header")


def test_the_sent_folder_is_found_by_its_special_use_flag(dovecot: Dovecot) -> None:
    """The test server's sent folder is called "Gesendet": only its \\Sent flag says what it is."""
    dovecot.deliver(fixture_messages("sent")["01-request.eml"], folder="sent")

    report = read_headers(imap_account(dovecot), password=dovecot.password)

    assert [(record.mail_id, record.folder) for record in report.records] == [(REQUEST_ID, "sent")]
    assert report.skipped == []


def test_reading_leaves_unread_mail_unread_and_in_place(dovecot: Dovecot) -> None:
    reply = dovecot.deliver(fixture_messages("inbox")["02-reply.eml"])  # unread: in new/
    dovecot.deliver(fixture_messages("inbox")["04-newsletter.eml"], seen=True)
    listing_before = sorted(str(path.relative_to(dovecot.maildir)) for path in dovecot.maildir.rglob("*/*"))

    read_headers(maildir_account(dovecot.maildir), since=None)
    assert reply.exists() and reply.parent.name == "new"
    assert sorted(str(path.relative_to(dovecot.maildir)) for path in dovecot.maildir.rglob("*/*")) == listing_before

    read_headers(imap_account(dovecot), password=dovecot.password)
    fetch_body(imap_account(dovecot), password=dovecot.password, folder="inbox", mail_id=REPLY_ID)

    flags = flags_by_mail_id(dovecot, "INBOX")
    assert "\\Seen" not in flags[REPLY_ID]
    assert "\\Seen" in flags[NEWSLETTER_ID]


def test_imap_asks_only_for_the_header_fields_never_a_body(dovecot: Dovecot, recording_proxy: RecordingProxy) -> None:
    dovecot.deliver_fixtures()
    through_proxy = imap_account(dovecot, security="none", port=recording_proxy.port)

    report = read_headers(through_proxy, password=dovecot.password)

    assert len(report.records) == 4
    commands = recording_proxy.commands()
    fetches = [line for line in commands if " FETCH " in line.upper()]
    assert len(fetches) == 2  # one for the inbox, one for the sent folder
    for line in fetches:
        assert HEADER_FIELDS_ONLY in line
        rest = line.replace(HEADER_FIELDS_ONLY, "").upper()
        assert "BODY" not in rest and "RFC822" not in rest and "BINARY" not in rest, line
    assert not [line for line in commands if re.search(r"^\S+ (UID )?(SELECT|STORE|COPY|MOVE|EXPUNGE)\b", line, re.I)]
    assert "BODY-MARKER" not in str([record for record in report.records])

    body = fetch_body(through_proxy, password=dovecot.password, folder="sent", mail_id=THANKS_ID)

    assert body.strip() == "Thank you, Ada. BODY-MARKER thanks text."
    body_fetches = [line for line in recording_proxy.commands() if " FETCH " in line.upper()][len(fetches):]
    assert len(body_fetches) == 1 and "BODY.PEEK[]" in body_fetches[0]
    assert "\\Seen" not in flags_by_mail_id(dovecot, SENT_FOLDER)[THANKS_ID]


def test_plain_imap_to_another_machine_is_refused_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_connection(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    monkeypatch.setattr(socket, "getaddrinfo", no_connection)
    account = MailAccount(name="work", kind="imap", host="mail.example.com", security="none", username="sam")

    with pytest.raises(MailReadError) as refused:
        read_headers(account, password="secret")
    with pytest.raises(MailReadError):
        fetch_body(account, password="secret", folder="inbox", mail_id=REPLY_ID)

    message = str(refused.value)
    assert "mail.example.com" in message and "without encryption" in message and "ssl" in message
    assert "\n" not in message


def test_a_wrong_password_is_one_clear_line(dovecot: Dovecot) -> None:
    with pytest.raises(MailReadError) as refused:
        read_headers(imap_account(dovecot), password="not-the-password")

    message = str(refused.value)
    assert f"127.0.0.1:{dovecot.imaps_port}" in message and "wrong user name or password" in message
    assert "app password" in message and "\n" not in message


def test_a_certificate_the_system_does_not_trust_is_refused(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    other_ca, _certificate, _key = make_certificates(tmp_path)  # a CA, but not the one that signed Dovecot's
    monkeypatch.setenv("SSL_CERT_FILE", str(other_ca))

    with pytest.raises(MailReadError) as refused:
        read_headers(imap_account(dovecot), password=dovecot.password)

    assert "certificate" in str(refused.value) and "could not be verified" in str(refused.value)


def test_a_missing_folder_names_the_folders_there(dovecot: Dovecot) -> None:
    with pytest.raises(MailReadError) as refused:
        read_headers(imap_account(dovecot, sent="Archive"), password=dovecot.password)

    message = str(refused.value)
    assert "'Archive'" in message and "INBOX" in message and SENT_FOLDER in message


def test_a_server_that_is_not_there_is_named() -> None:
    port = free_port()
    account = MailAccount(name="work", kind="imap", host="127.0.0.1", security="ssl", port=port, username="sam")

    with pytest.raises(MailReadError) as refused:
        read_headers(account, password="x")

    assert f"127.0.0.1:{port}" in str(refused.value) and "refused the connection" in str(refused.value)


def test_since_reads_only_mail_of_that_day_or_later(dovecot: Dovecot) -> None:
    dovecot.deliver_fixtures()
    since = datetime(2026, 11, 4, 23, 0, tzinfo=UTC)

    by_imap = read_headers(imap_account(dovecot), password=dovecot.password, since=since)
    by_maildir = read_headers(maildir_account(dovecot.maildir, sent=f".{SENT_FOLDER}"), since=since)

    assert [record.mail_id for record in by_imap.records] == [NEWSLETTER_ID, THANKS_ID]
    assert by_maildir.records == by_imap.records


def test_a_maildir_plus_plus_sent_folder_is_found_by_its_usual_name(tmp_path: Path) -> None:
    root = tmp_path / "Mail"
    deliver(root, fixture_messages("inbox")["02-reply.eml"])
    deliver(root / ".Sent", fixture_messages("sent")["01-request.eml"], seen=True)

    report = read_headers(maildir_account(root))

    assert [(record.mail_id, record.folder) for record in report.records] == [(REQUEST_ID, "sent"), (REPLY_ID, "inbox")]
    assert fetch_body(maildir_account(root), folder="sent", mail_id=REQUEST_ID).startswith("Dear Ada,")
    assert fetch_body(maildir_account(root), folder="sent", mail_id="not-there@x") == ""


def test_a_maildir_without_a_sent_folder_says_so(tmp_path: Path) -> None:
    deliver(tmp_path / "Mail", fixture_messages("inbox")["02-reply.eml"])

    report = read_headers(maildir_account(tmp_path / "Mail"))

    assert [record.mail_id for record in report.records] == [REPLY_ID]
    assert len(report.skipped) == 1 and report.skipped[0].startswith("sent folder: none found")


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        (MailAccount(name="local", kind="maildir", inbox="/nonexistent/Mail"), "/nonexistent/Mail does not exist"),
        (MailAccount(name="local", kind="maildir", inbox=""), "no Maildir folder given"),
        (MailAccount(name="tb", kind="mbox", inbox="/nonexistent/Inbox"), "/nonexistent/Inbox does not exist"),
        (MailAccount(name="work", kind="imap", host="", security="ssl"), "no IMAP host given"),
    ],
)
def test_a_path_or_host_that_is_not_there_is_named(account: MailAccount, expected: str) -> None:
    with pytest.raises(MailReadError) as refused:
        read_headers(account)

    assert expected in str(refused.value) and f"'{account.name}'" in str(refused.value)


def test_a_folder_that_is_not_a_maildir_is_named(tmp_path: Path) -> None:
    with pytest.raises(MailReadError, match="is not a Maildir folder"):
        read_headers(maildir_account(tmp_path))
    deliver(tmp_path / "Mail", fixture_messages("inbox")["02-reply.eml"])
    with pytest.raises(MailReadError, match="sent folder 'Outbox' is not a Maildir folder"):
        read_headers(maildir_account(tmp_path / "Mail", sent="Outbox"))


def test_an_mbox_file_is_only_read(tmp_path: Path) -> None:
    inbox, sent = fixture_mboxes(tmp_path)
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (inbox, sent)}
    inbox.chmod(0o444)  # a read-only file reads as well

    report = read_headers(mbox_account(inbox, sent))
    body = fetch_body(mbox_account(inbox, sent), folder="sent", mail_id=REQUEST_ID)

    assert len(report.records) == 4
    assert "BODY-MARKER request text." in body and "BODY-MARKER" not in str(report.records)
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (inbox, sent)} == before
    assert sorted(tmp_path.iterdir()) == sorted([inbox, sent])  # no lock or index file left beside them


def test_an_mbox_account_without_a_sent_file_reads_the_inbox(tmp_path: Path) -> None:
    inbox, _sent = fixture_mboxes(tmp_path)

    report = read_headers(mbox_account(inbox, None))

    assert [record.folder for record in report.records] == ["inbox", "inbox"]
    assert report.skipped[-1].startswith("sent folder: no mbox file given")


def test_a_server_that_never_answers_times_out_with_a_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import coffeechat.services.mail_readers as readers

    monkeypatch.setattr(readers, "TIMEOUT_SECONDS", 1)
    with socket.socket() as silent:  # accepts connections (the kernel does), never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        for security in ("ssl", "none"):
            account = MailAccount(name="work", kind="imap", host="127.0.0.1", security=security, port=port,
                                  username="sam")
            with pytest.raises(MailReadError) as refused:
                read_headers(account, password="x")
            assert f"127.0.0.1:{port} did not answer within 1 seconds" in str(refused.value)


def test_imap_since_goes_by_arrival_so_a_late_message_is_not_lost(dovecot: Dovecot) -> None:
    late = dovecot.deliver(fixture_messages("inbox")["02-reply.eml"])  # dated 3 November
    arrived = datetime(2026, 11, 6, 8, 0, tzinfo=UTC).timestamp()
    os.utime(late, (arrived, arrived))

    report = read_headers(imap_account(dovecot), password=dovecot.password, since=datetime(2026, 11, 5, tzinfo=UTC))
    too_early = read_headers(imap_account(dovecot), password=dovecot.password, since=datetime(2026, 11, 7, tzinfo=UTC))

    assert [record.mail_id for record in report.records] == [REPLY_ID]
    assert too_early.records == []
