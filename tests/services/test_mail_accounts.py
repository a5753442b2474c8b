"""Mail accounts: checked before they are stored (and the message names what is wrong), the IMAP password
sealed and forgotten on disconnect, a sync that reads a real Maildir once, stores its errors and raises
them, and the allowlist's two switches."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coffeechat.core.errors import NotFound, UserError
from coffeechat.models import ContactPoint, MailSeen, Person
from coffeechat.models.sync import MailAccount
from coffeechat.services.mail_accounts import (
    MailAccountError,
    accounts,
    allowlist,
    connect,
    disconnect,
    find_seen,
    is_loopback,
    secret_key,
    set_allow,
    set_bodies,
)
from coffeechat.services.secrets import FERNET_PREFIX, reveal_secret
from mail_folders import ME, Mail, make_maildir, make_mbox

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_loopback_is_only_this_machine() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]") and is_loopback("localhost")
    assert is_loopback("127.0.0.2")
    assert not is_loopback("imap.gmail.com") and not is_loopback("10.0.0.1") and not is_loopback("")


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"host": ""}, "host", "IMAP server"),
    ({"host": "imap gmail.com"}, "host", "not a server name"),
    ({"username": " "}, "username", "user name"),
    ({"password": ""}, "password", "app password"),
    ({"security": "none"}, "security", "TLS is required for imap.gmail.com"),
    ({"security": "tls1"}, "security", "unknown security"),
    ({"port": 70000}, "port", "not a port number"),
])
def test_an_imap_account_needs_host_user_password_and_tls(owner: Any, fields: dict[str, Any], field: str,
                                                           words: str) -> None:
    given = {"kind": "imap", "host": "imap.gmail.com", "username": "me@gmail.com", "password": "app-pass",
             "security": "ssl", **fields}
    with pytest.raises(MailAccountError, match=words) as raised:
        connect(owner, **given)
    assert raised.value.field == field
    assert not MailAccount.objects.owned_by(owner).exists()


def test_an_imap_account_is_stored_with_its_password_sealed(owner: Any) -> None:
    account = connect(owner, kind="imap", host="imap.gmail.com", username="me@gmail.com", password="app-pass",
                      sent="[Gmail]/Sent Mail")
    assert (account.port, account.security, account.inbox, account.sent) == (993, "ssl", "INBOX", "[Gmail]/Sent Mail")
    assert account.secret.startswith(FERNET_PREFIX) and "app-pass" not in account.secret
    assert reveal_secret(owner, secret_key("mail"), account.secret) == "app-pass"
    starttls = connect(owner, kind="imap", host="mail.uni.example", username="me", password="p",
                       security="starttls", name="uni")
    assert starttls.port == 143
    # On this machine only, no TLS is allowed (a local Dovecot); anywhere else it is refused above.
    local = connect(owner, kind="imap", host="127.0.0.1", port=1143, username="me", password="p",
                    security="none", name="local")
    assert (local.host, local.port, local.security) == ("127.0.0.1", 1143, "none")


def test_connecting_again_replaces_and_may_keep_the_password(owner: Any) -> None:
    first = connect(owner, kind="imap", host="imap.gmail.com", username="me@gmail.com", password="old-pass")
    MailAccount.objects.filter(pk=first.pk).update(last_synced_at=AT)
    again = connect(owner, kind="imap", host="imap.gmail.com", username="me@gmail.com", password="",
                    sent="[Gmail]/Sent Mail")
    assert again.pk == first.pk and MailAccount.objects.owned_by(owner).count() == 1
    assert reveal_secret(owner, secret_key("mail"), again.secret) == "old-pass"
    assert again.last_synced_at is None  # a new sent folder to read: read it from the start
    with pytest.raises(MailAccountError, match="password"):  # another user: a password is needed
        connect(owner, kind="imap", host="imap.gmail.com", username="other@gmail.com", password="")


def test_a_maildir_must_exist_and_be_one_and_its_sent_folder_is_found(owner: Any, tmp_path: Path) -> None:
    with pytest.raises(MailAccountError, match="does not exist") as raised:
        connect(owner, kind="maildir", inbox=str(tmp_path / "nowhere"))
    assert raised.value.field == "inbox"
    (tmp_path / "plain").mkdir()
    with pytest.raises(MailAccountError, match="not a Maildir"):
        connect(owner, kind="maildir", inbox=str(tmp_path / "plain"))
    root = make_maildir(tmp_path / "Maildir")
    account = connect(owner, kind="maildir", inbox=str(root))  # the Maildir++ .Sent is found by itself
    assert account.inbox == str(root) and account.sent == str(root / ".Sent")
    assert connect(owner, kind="maildir", inbox=str(root), sent="Sent").sent == str(root / ".Sent")
    with pytest.raises(MailAccountError, match="sent folder 'Outbox' was not found") as raised:
        connect(owner, kind="maildir", inbox=str(root), sent="Outbox")
    assert raised.value.field == "sent"


def test_a_maildir_without_a_sent_folder_says_so(owner: Any, tmp_path: Path) -> None:
    import mailbox

    mailbox.Maildir(tmp_path / "INBOX", create=True)
    with pytest.raises(MailAccountError, match="no sent folder found") as raised:
        connect(owner, kind="maildir", inbox=str(tmp_path / "INBOX"))
    assert raised.value.field == "sent"
    mailbox.Maildir(tmp_path / "Sent", create=True)  # mbsync's layout: a sibling folder
    assert connect(owner, kind="maildir", inbox=str(tmp_path / "INBOX")).sent == str(tmp_path / "Sent")


def test_an_unreadable_mbox_file_is_named(owner: Any, tmp_path: Path) -> None:
    inbox, sent = make_mbox(tmp_path / "tb")
    with pytest.raises(MailAccountError, match="sent file .* does not exist") as raised:
        connect(owner, kind="mbox", inbox=str(inbox), sent=str(tmp_path / "tb" / "Sent Items"))
    assert raised.value.field == "sent"
    with pytest.raises(MailAccountError, match="give the sent file"):
        connect(owner, kind="mbox", inbox=str(inbox))
    if os.geteuid() != 0:  # root reads every file whatever its permissions
        sent.chmod(0)
        try:
            with pytest.raises(MailAccountError, match="cannot be read"):
                connect(owner, kind="mbox", inbox=str(inbox), sent=str(sent))
        finally:
            sent.chmod(0o600)
    account = connect(owner, kind="mbox", inbox=str(inbox), sent=str(sent), name="thunderbird")
    assert (account.kind, account.inbox, account.sent) == ("mbox", str(inbox), str(sent))


def test_disconnect_forgets_the_account_and_its_password_but_not_the_record(owner: Any, person: Person) -> None:
    account = connect(owner, kind="imap", host="imap.gmail.com", username="me@gmail.com", password="app-pass")
    seen = MailSeen.objects.create(owner=owner, account=account, mail_id="a@x", direction="sent", at=AT,
                                   person=person, recorded="request", subject="Three questions")
    disconnect(owner, "mail")
    assert accounts(owner) == []
    seen.refresh_from_db()
    assert seen.account is None and seen.recorded == "request"
    assert find_seen(owner, f"#{seen.pk}") == seen
    with pytest.raises(NotFound, match="no mail account is connected"):
        disconnect(owner, "mail")


def test_another_owner_never_reaches_the_account_or_the_record(owner: Any, outsider: Any, person: Person) -> None:
    connect(owner, kind="imap", host="imap.gmail.com", username="me@gmail.com", password="app-pass")
    seen = MailSeen.objects.create(owner=owner, mail_id="a@x", direction="sent", at=AT, person=person)
    assert accounts(outsider) == []
    with pytest.raises(NotFound):
        disconnect(outsider, "mail")
    with pytest.raises(NotFound):
        find_seen(outsider, seen.pk)


def test_the_allowlist_lists_people_with_addresses_and_their_switches(owner: Any, person: Person) -> None:
    ContactPoint.objects.create(owner=owner, person=person, kind="email", value="Dana@Tribune.example")
    ContactPoint.objects.create(owner=owner, person=person, kind="email", value="dana@home.example")
    ContactPoint.objects.create(owner=owner, person=person, kind="phone", value="+1 555 0100")
    Person.objects.create(owner=owner, full_name="No Address")
    entries = allowlist(owner)
    assert [(e.person.full_name, e.addresses, e.allowed, e.bodies) for e in entries] == [
        ("Dana Reyes", ["dana@tribune.example", "dana@home.example"], True, False)]
    seen = MailSeen.objects.create(owner=owner, mail_id="b@x", direction="received", at=AT, person=person,
                                   body="Happy to talk on Tuesday.")
    set_bodies(owner, person, True)
    person.refresh_from_db()
    assert (person.mail_sync, person.mail_bodies) == (True, True)
    set_allow(owner, person, False)  # blocking stops the texts too and wipes the kept ones; the entry stays
    person.refresh_from_db()
    seen.refresh_from_db()
    assert (person.mail_sync, person.mail_bodies, seen.body) == (False, False, "")
    assert MailSeen.objects.filter(pk=seen.pk).exists()
    assert [e.allowed for e in allowlist(owner)] == [False]
    set_bodies(owner, person, True)  # keeping texts reads their mail again
    person.refresh_from_db()
    assert (person.mail_sync, person.mail_bodies) == (True, True)


def test_a_sync_without_an_account_says_how_to_connect(owner: Any) -> None:
    from coffeechat.services.mail_accounts import sync

    with pytest.raises(UserError, match="coffeechat mail connect"):
        sync(owner)
    with pytest.raises(NotFound, match="no mail account named 'work'"):
        sync(owner, "work")


# -- sync on a real Maildir --------------------------------------------------------------------------------

DANA = "dana@tribune.example"


def _dana(owner: Any, person: Person) -> Person:
    ContactPoint.objects.create(owner=owner, person=person, kind="email", value=DANA)
    return person


def _request_and_reply(now: datetime) -> tuple[list[Mail], list[Mail]]:
    request = Mail("req-1@me.example", ME, DANA, now - timedelta(days=3), "Three questions about the data desk")
    reply = Mail("rep-1@tribune.example", DANA, ME, now - timedelta(days=2), "Re: Three questions about the data desk",
                 in_reply_to="req-1@me.example")
    stranger = Mail("spam-1@else.example", "news@else.example", ME, now - timedelta(days=2), "Weekly deals")
    return [reply, stranger], [request]


def test_a_sync_records_the_request_and_the_reply_once(owner: Any, person: Person, tmp_path: Path,
                                                        fixed_clock: datetime) -> None:
    from coffeechat.services.mail_accounts import summary, sync

    _dana(owner, person)
    inbox, sent = _request_and_reply(fixed_clock)
    root = make_maildir(tmp_path / "Maildir", inbox=inbox, sent=sent)
    connect(owner, kind="maildir", inbox=str(root))
    report = sync(owner)
    assert (report.read, report.recorded, report.not_in_network) == (3, {"request": 1, "reply": 1}, 1)
    assert summary(report) == ("read 3 messages: 1 request, 1 reply recorded; "
                               "1 not about anyone in your network (not stored)")
    assert sorted(MailSeen.objects.owned_by(owner).values_list("mail_id", "recorded")) == [
        ("rep-1@tribune.example", "reply"), ("req-1@me.example", "request")]
    assert not MailSeen.objects.owned_by(owner).exclude(body="").exists()  # bodies are off by default
    account = accounts(owner)[0]
    assert account.last_synced_at == fixed_clock and account.last_error == ""
    again = sync(owner, "mail")
    # Read from two days before the first sync on: the request (three days old) is not read again.
    assert (again.read, again.recorded, again.already_seen) == (2, {}, 1)
    assert MailSeen.objects.owned_by(owner).count() == 2


def test_a_sync_reads_from_two_days_before_the_last_one(owner: Any, person: Person, tmp_path: Path,
                                                         fixed_clock: datetime) -> None:
    from coffeechat.services.mail_accounts import sync

    _dana(owner, person)
    old = Mail("old-1@me.example", ME, DANA, fixed_clock - timedelta(days=20), "An old note")
    root = make_maildir(tmp_path / "Maildir", sent=[old])
    account = connect(owner, kind="maildir", inbox=str(root))
    MailAccount.objects.filter(pk=account.pk).update(last_synced_at=fixed_clock - timedelta(days=1))
    assert sync(owner).read == 0  # older than the overlap: not read again
    MailAccount.objects.filter(pk=account.pk).update(last_synced_at=None)
    assert sync(owner).read == 1


def test_bodies_are_kept_only_for_a_person_who_allows_it(owner: Any, person: Person, tmp_path: Path,
                                                          fixed_clock: datetime) -> None:
    from coffeechat.services.mail_accounts import sync

    _dana(owner, person)
    set_bodies(owner, person, True)
    inbox, sent = _request_and_reply(fixed_clock)
    connect(owner, kind="maildir", inbox=str(make_maildir(tmp_path / "Maildir", inbox=inbox, sent=sent)))
    sync(owner)
    kept = dict(MailSeen.objects.owned_by(owner).values_list("mail_id", "body"))
    assert "must not keep" in kept["rep-1@tribune.example"]
    set_bodies(owner, person, False)
    assert set(MailSeen.objects.owned_by(owner).values_list("body", flat=True)) == {""}


def test_a_blocked_person_is_not_recorded(owner: Any, person: Person, tmp_path: Path, fixed_clock: datetime) -> None:
    from coffeechat.services.mail_accounts import sync

    set_allow(owner, _dana(owner, person), False)
    inbox, sent = _request_and_reply(fixed_clock)
    connect(owner, kind="maildir", inbox=str(make_maildir(tmp_path / "Maildir", inbox=inbox, sent=sent)))
    report = sync(owner)
    assert (report.recorded, report.not_in_network) == ({}, 3)
    assert not MailSeen.objects.owned_by(owner).exists()


def test_a_failing_sync_stores_its_error_and_raises_it(owner: Any, person: Person, tmp_path: Path,
                                                       fixed_clock: datetime) -> None:
    import shutil

    from coffeechat.services.mail_accounts import sync

    root = make_maildir(tmp_path / "Maildir")
    connect(owner, kind="maildir", inbox=str(root))
    shutil.rmtree(root)  # the folder went away after it was connected
    with pytest.raises(UserError, match="does not exist") as raised:
        sync(owner)
    account = accounts(owner)[0]
    assert account.last_error == str(raised.value) and account.last_synced_at is None
    make_maildir(root)  # back again: the next sync clears the error
    sync(owner)
    account.refresh_from_db()
    assert account.last_error == "" and account.last_synced_at == fixed_clock


def test_with_several_accounts_one_failing_the_others_are_still_read(owner: Any, person: Person, tmp_path: Path,
                                                                     fixed_clock: datetime) -> None:
    import shutil

    from coffeechat.services.mail_accounts import MailSyncFailed, sync

    _dana(owner, person)
    inbox, sent = _request_and_reply(fixed_clock)
    connect(owner, kind="maildir", inbox=str(make_maildir(tmp_path / "A", inbox=inbox, sent=sent)), name="home")
    gone = make_maildir(tmp_path / "B")
    connect(owner, kind="maildir", inbox=str(gone), name="work")
    shutil.rmtree(gone)
    with pytest.raises(MailSyncFailed, match="could not read work: .*does not exist"):
        sync(owner)
    assert MailSeen.objects.owned_by(owner).count() == 2
    home, work = accounts(owner)
    assert (home.last_error, home.last_synced_at) == ("", fixed_clock)
    assert "does not exist" in work.last_error


def test_a_correction_changes_the_kind(owner: Any, person: Person, tmp_path: Path, fixed_clock: datetime) -> None:
    from coffeechat.services.mail_accounts import correct, sync

    _dana(owner, person)
    inbox, sent = _request_and_reply(fixed_clock)
    connect(owner, kind="maildir", inbox=str(make_maildir(tmp_path / "Maildir", inbox=inbox, sent=sent)))
    sync(owner)
    reply = MailSeen.objects.owned_by(owner).get(mail_id="rep-1@tribune.example")
    assert correct(owner, find_seen(owner, str(reply.pk)), "other").recorded == "other"
    with pytest.raises(UserError, match="unknown kind"):
        correct(owner, reply, "meeting")


def test_a_first_sync_reads_the_last_30_days_unless_asked_for_more(owner, fixed_clock, tmp_path) -> None:
    """Years of old mail must not turn every unanswered message into an overdue follow-up today."""
    from datetime import timedelta

    from coffeechat.services.mail_accounts import connect, sync
    from coffeechat.services.people import NewPerson, add_person
    from mail_folders import ME, Mail, make_maildir

    add_person(owner, NewPerson(full_name="Old Friend", emails=("old@example.org",)))
    old = Mail("old-1@me.example", ME, "old@example.org", fixed_clock - timedelta(days=400), "Long ago")
    recent = Mail("new-1@me.example", ME, "old@example.org", fixed_clock - timedelta(days=5), "Lately")
    connect(owner, kind="maildir", inbox=str(make_maildir(tmp_path / "Mail", sent=[old, recent])))
    assert sync(owner).recorded == {"request": 1}
    assert sync(owner, since=fixed_clock - timedelta(days=500)).recorded == {"other": 1}
