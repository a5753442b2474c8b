"""The digest goes through a real SMTP conversation (aiosmtpd on 127.0.0.1), once a day."""

from __future__ import annotations

import pytest
import time_machine

from coffeechat.services.digest import build_digest, send_digest
from coffeechat.services.logbook import log_sent
from coffeechat.services.mail import MailNotSetUp
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from smtp_inbox import free_port


@pytest.fixture
def practice(owner):
    for key, value in {"timezone": "America/Chicago", "your_name": "Alex Student", "your_email": "alex@example.edu",
                       "smtp_security": "none"}.items():
        set_setting(owner, key, value)
    dana = add_person(owner, NewPerson("Dana <b>Reyes</b>", organization="The Tribune"))
    from datetime import datetime
    from zoneinfo import ZoneInfo

    log_sent(owner, dana, at=datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("America/Chicago")))
    return owner


@time_machine.travel("2026-11-12 15:00 +0000", tick=False)
def test_digest_is_sent_once_a_day_over_real_smtp(practice, smtp_server) -> None:
    inbox, port = smtp_server
    set_setting(practice, "smtp_host", "127.0.0.1")
    set_setting(practice, "smtp_port", str(port))
    assert send_digest(practice, "alex@example.edu") is True
    assert send_digest(practice, "alex@example.edu") is False
    assert len(inbox.received) == 1
    assert send_digest(practice, "Alex@Example.edu ", force=True) is True
    assert len(inbox.received) == 2
    sender, recipients, message = inbox.received[0]
    assert sender == "alex@example.edu" and recipients == ["alex@example.edu"]
    assert message["Subject"].strip() == "coffeechat · Thu 12 Nov: 2 things to do (2 overdue)"
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart()}
    assert "No reply from Dana <b>Reyes</b>" in parts["text/plain"]
    assert "Dana &lt;b&gt;Reyes&lt;/b&gt;" in parts["text/html"]
    assert "follow_up:message:" in parts["text/plain"]


@time_machine.travel("2026-11-12 15:00 +0000", tick=False)
def test_a_failed_send_is_tried_again_next_time(practice, smtp_server) -> None:
    inbox, port = smtp_server
    set_setting(practice, "smtp_host", "127.0.0.1")
    set_setting(practice, "smtp_port", str(free_port()))  # nothing listens there
    with pytest.raises(OSError):
        send_digest(practice, "alex@example.edu")
    set_setting(practice, "smtp_port", str(port))
    assert send_digest(practice, "alex@example.edu") is True
    assert len(inbox.received) == 1


def test_digest_needs_mail_set_up(practice) -> None:
    with pytest.raises(MailNotSetUp, match="smtp_host"):
        send_digest(practice, "alex@example.edu")


@time_machine.travel("2026-11-03 15:00 +0000", tick=False)
def test_an_empty_day_says_so(owner) -> None:
    made = build_digest(owner)
    assert made.count == 0
    assert "nothing due today" in made.subject
    assert "Nothing is due today" in made.text


def test_password_is_never_shown(cli, owner) -> None:
    assert cli("settings", "set", "smtp_password", "-", input="hunter2-secret\n").exit_code == 0
    assert "hunter2" not in cli("settings").output
    assert "hunter2" not in cli("settings", "--json").output
    assert "hunter3" not in cli("settings", "set", "smtp_password", "-", input="hunter3-secret\n").output
