"""The Mail page: connect a Maildir (or an IMAP account, its password never shown back), sync now, correct a
recorded message in one click, switch a person's mail and texts; errors shown, another owner gets 404."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from coffeechat.models import ContactPoint, MailSeen, Person
from coffeechat.models.sync import MailAccount
from mail_folders import ME, Mail, make_maildir
from mail_server import dovecot_fixture  # noqa: F401 (the dovecot fixture)

pytestmark = pytest.mark.django_db

DANA = "dana@tribune.example"


@pytest.fixture
def maildir(tmp_path: Path, fixed_clock: datetime) -> Path:
    request = Mail("req-1@me.example", ME, DANA, fixed_clock - timedelta(days=10), "Three questions")
    reply = Mail("rep-1@tribune.example", DANA, ME, fixed_clock - timedelta(days=1), "Re: Three questions",
                 in_reply_to="req-1@me.example")
    return make_maildir(tmp_path / "Maildir", inbox=[reply], sent=[request])


@pytest.fixture
def dana(owner: Any, person: Person) -> Person:
    ContactPoint.objects.create(owner=owner, person=person, kind="email", value=DANA)
    return person


def _connect(client: Client, maildir: Path) -> Any:
    return client.post("/mail/connect", {"kind": "maildir", "name": "mail", "inbox": str(maildir), "sent": "",
                                         "security": "ssl"})


def test_the_mail_page_says_what_is_read_and_offers_the_connect_form(owner_client: Client) -> None:
    page = owner_client.get("/mail/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Only the headers" in text and "Message texts are never kept" in text
    assert 'name="password"' in text and 'type="password"' in text
    assert 'href="/mail/"' in text and 'aria-current="page"' in text  # the nav link, marked as here


def test_connect_sync_and_correct_from_the_web(owner: Any, owner_client: Client, dana: Person, maildir: Path) -> None:
    connected = _connect(owner_client, maildir)
    assert connected.status_code == 302
    assert MailAccount.objects.owned_by(owner).get().sent == str(maildir / ".Sent")
    synced = owner_client.post("/mail/sync", follow=True)
    text = synced.content.decode()
    assert "Read 2 messages: 1 request, 1 reply recorded." in text
    assert "Three questions" in text and "Dana Reyes" in text
    from coffeechat.services.preferences import set_setting

    set_setting(owner, "timezone", "America/Chicago")  # times are shown in the user's own zone
    assert "11 Nov 2026 09:00" in owner_client.get("/mail/").content.decode()  # 15:00 UTC, CST
    reply = MailSeen.objects.owned_by(owner).get(mail_id="rep-1@tribune.example")
    assert reply.recorded == "reply"
    corrected = owner_client.post(f"/mail/{reply.pk}/correct", {"kind": "other", "next": f"/mail/#seen-{reply.pk}"})
    assert corrected.status_code == 302 and corrected.url == f"/mail/#seen-{reply.pk}"
    reply.refresh_from_db()
    assert reply.recorded == "other"
    refused = owner_client.post(f"/mail/{reply.pk}/correct", {"kind": "meeting"}, follow=True)
    assert "Select a valid choice" in refused.content.decode()
    owner_client.post("/mail/disconnect", {"name": "mail"})
    assert not MailAccount.objects.owned_by(owner).exists() and MailSeen.objects.owned_by(owner).count() == 2


def test_a_wrong_path_is_shown_on_the_form(owner: Any, owner_client: Client, tmp_path: Path) -> None:
    answer = owner_client.post("/mail/connect", {"kind": "maildir", "name": "mail", "inbox": str(tmp_path / "no"),
                                                 "security": "ssl"})
    assert answer.status_code == 400
    assert "does not exist" in answer.content.decode()
    answer = owner_client.post("/mail/connect", {"kind": "imap", "name": "mail", "host": "imap.gmail.com",
                                                 "username": "me@gmail.com", "password": "", "security": "ssl"})
    assert answer.status_code == 400 and "app password" in answer.content.decode()
    assert not MailAccount.objects.owned_by(owner).exists()


def test_an_imap_password_is_stored_sealed_and_never_shown(owner: Any, owner_client: Client) -> None:
    answer = owner_client.post("/mail/connect", {"kind": "imap", "name": "gmail", "host": "imap.gmail.com",
                                                 "username": "me@gmail.com", "password": "abcd efgh ijkl mnop",
                                                 "security": "ssl", "sent": "[Gmail]/Sent Mail"})
    assert answer.status_code == 302
    account = MailAccount.objects.owned_by(owner).get()
    assert account.secret and "abcd" not in account.secret
    page = owner_client.get("/mail/").content.decode()
    assert "me@gmail.com at imap.gmail.com:993" in page and "abcd" not in page


def test_a_sync_error_is_shown_and_kept_on_the_account(owner: Any, owner_client: Client, maildir: Path) -> None:
    _connect(owner_client, maildir)
    shutil.rmtree(maildir)
    text = owner_client.post("/mail/sync", follow=True).content.decode()
    assert "Mail could not be read" in text and "Last error" in text
    assert "does not exist" in MailAccount.objects.owned_by(owner).get().last_error


def test_a_persons_switches(owner: Any, owner_client: Client, dana: Person) -> None:
    page = owner_client.get("/mail/").content.decode()
    assert DANA in page and "Block" in page and "Keep texts" in page
    owner_client.post(f"/people/{dana.pk}/mail", {"switch": "allow", "on": "0"})
    dana.refresh_from_db()
    assert not dana.mail_sync
    owner_client.post(f"/people/{dana.pk}/mail", {"switch": "bodies", "on": "1", "next": "/mail/"})
    dana.refresh_from_db()
    assert dana.mail_sync and dana.mail_bodies
    odd = owner_client.post(f"/people/{dana.pk}/mail", {"switch": "everything", "on": "1"}, follow=True)
    assert "Choose what to switch" in odd.content.decode()


def test_another_owner_gets_404(owner: Any, outsider: Any, dana: Person) -> None:
    seen = MailSeen.objects.create(owner=owner, mail_id="a@x", direction="received", at=datetime(2026, 11, 2, 9, tzinfo=UTC),
                                   person=dana, recorded="reply", subject="Sure")
    client = Client()
    client.force_login(outsider)
    assert client.post(f"/mail/{seen.pk}/correct", {"kind": "other"}).status_code == 404
    assert client.post(f"/people/{dana.pk}/mail", {"switch": "allow", "on": "0"}).status_code == 404
    seen.refresh_from_db()
    dana.refresh_from_db()
    assert seen.recorded == "reply" and dana.mail_sync
    page = client.get("/mail/").content.decode()
    assert "Sure" not in page and DANA not in page


def test_an_imap_account_on_a_real_dovecot_from_the_web(owner: Any, owner_client: Client, dana: Person,
                                                        dovecot: Any, fixed_clock: datetime) -> None:
    request = Mail("req-1@me.example", ME, DANA, fixed_clock - timedelta(days=10), "Three questions")
    dovecot.deliver(request.message().as_bytes(), folder="sent")
    answer = owner_client.post("/mail/connect", {
        "kind": "imap", "name": "uni", "host": "127.0.0.1", "port": str(dovecot.imaps_port), "security": "ssl",
        "username": dovecot.user, "password": dovecot.password, "inbox": "", "sent": ""})
    assert answer.status_code == 302
    text = owner_client.post("/mail/sync", follow=True).content.decode()
    assert "1 request recorded" in text
    assert MailSeen.objects.owned_by(owner).get().recorded == "request"
