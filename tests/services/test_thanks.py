"""The thank-you: a draft citing what was captured, résumé by the goal's setting, sent or logged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail import get_connection

from coffeechat.models import Goal, Message
from coffeechat.services.agenda import agenda
from coffeechat.services.live import capture_commitment, capture_insight, capture_referral, mark_held
from coffeechat.services.logbook import log_meeting, log_sent
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from coffeechat.services.thanks import NotReadyToThank, record_thank_you, send_thank_you, thank_you_draft


@pytest.fixture
def held(owner):
    set_setting(owner, "your_name", "Alex Kim")
    set_setting(owner, "your_email", "alex@example.org")
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", emails=("dana@tribune.example",)))
    conversation = log_meeting(owner, dana, at=datetime.now(UTC) - timedelta(hours=1), minutes=20)
    conversation.goal = Goal.objects.create(owner=owner, title="Political reporting", resume_with_thank_you=True)
    conversation.save()
    capture_insight(owner, conversation, "Most hires come through the summer fellowship", theme="hiring")
    capture_insight(owner, conversation, "build a clip file of ten stories", theme="advice")
    capture_commitment(owner, conversation, "send my clips to the metro editor")
    capture_referral(owner, conversation, "Sam Park at the Harbor Institute")
    return mark_held(owner, conversation)


def test_the_draft_cites_what_was_captured(owner, held) -> None:
    draft = thank_you_draft(owner, held)
    assert draft.to == "dana@tribune.example" and draft.subject == "Thank you, Dana"
    assert "summer fellowship" in draft.body and "clip file" in draft.body and "Sam Park" in draft.body
    assert "Alex Kim" in draft.body and "résumé" in draft.body and draft.include_resume
    assert draft.state == "due" and draft.due_at > held.held_at


def test_no_resume_unless_the_goal_expects_one(owner, held) -> None:
    held.goal.resume_with_thank_you = False
    held.goal.save()
    draft = thank_you_draft(owner, held)
    assert "résumé" not in draft.body and not draft.include_resume


def test_a_referral_already_contacted_is_mentioned_as_such(owner, held) -> None:
    sam = held.referrals.get().to_person
    before = thank_you_draft(owner, held).body
    log_sent(owner, sam)
    after = thank_you_draft(owner, held).body
    assert before != after and "Sam Park" in after


def test_i_sent_it_marks_the_conversation_thanked_and_ends_the_reminder(owner, held) -> None:
    assert any(a.kind == "thank_you" for a in agenda(owner).actions)
    message = record_thank_you(owner, held, subject="Thanks!", body="Thank you, Dana.")
    held.refresh_from_db()
    assert held.thanked_at is not None and message.conversation == held and message.body == "Thank you, Dana."
    assert not any(a.kind == "thank_you" for a in agenda(owner).actions)
    with pytest.raises(NotReadyToThank):
        record_thank_you(owner, held)


def test_sending_mails_it_then_records_it(owner, held) -> None:
    connection = get_connection("django.core.mail.backends.locmem.EmailBackend")
    message = send_thank_you(owner, held, subject="Thank you, Dana", body="Body text", connection=connection)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dana@tribune.example"]
    assert "Alex Kim" in mail.outbox[0].from_email
    assert message.channel == "email" and Message.objects.filter(kind="thank_you").count() == 1


def test_nothing_is_recorded_when_the_mail_fails(owner, held) -> None:
    class Broken(Exception):
        pass

    class FailingBackend:
        def send_messages(self, messages):
            raise Broken("smtp down")

    with pytest.raises(Broken):
        send_thank_you(owner, held, subject="s", body="b", connection=FailingBackend())
    held.refresh_from_db()
    assert held.thanked_at is None


def test_a_conversation_not_yet_held_cannot_be_thanked(owner) -> None:
    lee = add_person(owner, NewPerson("Lee Chen"))
    upcoming = log_meeting(owner, lee, at=datetime.now(UTC) + timedelta(days=1))
    with pytest.raises(NotReadyToThank):
        record_thank_you(owner, upcoming)
    assert thank_you_draft(owner, upcoming).state is None


def test_the_goal_reads_as_words_and_the_name_placeholder_is_the_one_form(owner, held) -> None:
    held.goal.target_role = "Investigations editor"
    held.goal.save()
    body = thank_you_draft(owner, held).body
    assert ", about work as an investigations editor." in body
    set_setting(owner, "your_name", "")
    body = thank_you_draft(owner, held).body
    assert body.endswith("Best,\n[your name]") and "(your name)" not in body
