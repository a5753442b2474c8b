"""Drafting and sending a request: templates filled from the record, the check, and a real SMTP send."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import unquote

import pytest
import time_machine

from coffeechat.core.message_rules import all_passed
from coffeechat.models import Goal, Message, Touch
from coffeechat.services.logbook import log_referral
from coffeechat.services.outreach import (
    OutreachError,
    check,
    compose,
    default_template,
    mailto_link,
    record_sent,
    send_by_email,
)
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from smtp_inbox import free_port


@pytest.fixture
def me(owner):
    for key, value in {"timezone": "America/Chicago", "your_name": "Sam Rivera", "your_email": "sam@example.edu",
                       "your_school": "Northwestern", "smtp_security": "none",
                       "smtp_password": "hunter2-secret"}.items():
        set_setting(owner, key, value)
    Goal.objects.create(owner=owner, title="Data journalism", field="newsroom_politics")
    return owner


@pytest.fixture
def dana(me):
    return add_person(me, NewPerson("Dana Reyes", organization="The Tribune", title="Data editor",
                                    emails=("dana@tribune.example",), how_known="alumni"))


def test_each_template_fills_from_the_record_and_passes_its_check(me, dana) -> None:
    goal = Goal.objects.owned_by(me).get()
    for template in ("alumni", "cold", "journalism", "politics"):
        made = compose(me, dana, template=template, goal=goal)
        assert "Dana" in made.body and "The Tribune" in made.body and made.body.endswith("Sam Rivera")
        assert "data journalism" in made.body and "careers in news" in made.body
        results = check(made.body, "6point", made.message_context)
        assert all_passed(results), (template, [r for r in results if not r.passed])


def test_the_default_template_follows_how_you_know_them(me, dana) -> None:
    assert default_template(dana) == "alumni"
    sam = add_person(me, NewPerson("Sam Park", organization="The Tribune"))
    assert default_template(sam) == "cold"
    assert default_template(sam, Goal.objects.owned_by(me).get()) == "journalism"
    log_referral(me, dana, sam)
    sam.refresh_from_db()
    assert default_template(sam) == "referral"
    made = compose(me, sam)
    assert made.template == "referral" and made.body.startswith("Hi Sam,\n\nDana Reyes suggested")


def test_a_missing_connection_says_how_to_fix_it(owner) -> None:
    lee = add_person(owner, NewPerson("Lee Cho", organization="Acme", how_known="alumni"))
    with pytest.raises(OutreachError, match="your_school"):
        compose(owner, lee, template="alumni")
    with pytest.raises(OutreachError, match="log referral"):
        compose(owner, lee, template="referral")
    with pytest.raises(OutreachError, match="unknown template"):
        compose(owner, lee, template="memo")


def test_mailto_link_carries_everything_encoded() -> None:
    link = mailto_link("dana@tribune.example", "A fellow alum & a question", "Hi Dana,\n\nWould you?")
    assert link.startswith("mailto:dana@tribune.example?subject=")
    assert "%26" in link and "%0D%0A%0D%0A" in link and " " not in link
    assert unquote(link.split("body=")[1]) == "Hi Dana,\r\n\r\nWould you?"


def test_i_sent_it_logs_the_request_with_its_template(me, dana) -> None:
    message = record_sent(me, dana, subject="Hello", body="Hi Dana", template="alumni", channel="mail_client")
    stored = Message.objects.owned_by(me).get(pk=message.pk)
    assert (stored.kind, stored.status, stored.template, stored.channel) == ("request", "sent", "alumni", "mail_client")
    assert Touch.objects.owned_by(me).filter(person=dana, kind="request_sent").count() == 1
    with pytest.raises(OutreachError, match="empty"):
        record_sent(me, dana, subject="x", body="  ")


@time_machine.travel("2026-11-02 15:00 +0000", tick=False)  # a Monday, 9:00 in Chicago
def test_real_smtp_send_logs_the_request_and_starts_the_clock(me, dana, smtp_server, cli) -> None:
    add_person(me, NewPerson("Sam Park", organization="The Tribune", title="Data reporter"))
    inbox, port = smtp_server
    set_setting(me, "smtp_host", "127.0.0.1")
    set_setting(me, "smtp_port", str(port))
    made = compose(me, dana, template="alumni")
    send_by_email(me, dana, subject=made.subject, body=made.body, template="alumni")
    assert len(inbox.received) == 1
    sender, recipients, sent = inbox.received[0]
    assert sender == "sam@example.edu" and recipients == ["dana@tribune.example"]
    assert sent["Subject"] == "A fellow Northwestern alum asking for your advice"
    assert not any(part.get_filename() for part in sent.walk())  # nothing attached, ever
    assert "hunter2" not in sent.as_string()
    message = Message.objects.owned_by(me).get()
    assert (message.kind, message.template, message.body) == ("request", "alumni", made.body)
    due = json.loads(cli("--now", "2026-11-05 10:00", "next", "--json").output)["actions"]
    next_contact = [a for a in due if a["kind"] == "next_contact"]
    assert [a["due"] for a in next_contact] == [date(2026, 11, 5).isoformat()]  # Mon + 3 business days


def test_a_failed_send_logs_nothing(me, dana) -> None:
    set_setting(me, "smtp_host", "127.0.0.1")
    set_setting(me, "smtp_port", str(free_port()))  # nothing listens there
    with pytest.raises(OSError):
        send_by_email(me, dana, subject="Hi", body="Hi Dana")
    assert not Message.objects.owned_by(me).exists()


def test_no_email_on_file_is_refused_before_sending(me) -> None:
    lee = add_person(me, NewPerson("Lee Cho", organization="Acme"))
    with pytest.raises(OutreachError, match="no email"):
        send_by_email(me, lee, subject="Hi", body="Hi Lee")
