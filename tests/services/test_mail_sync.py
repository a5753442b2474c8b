"""Mail headers turned into the record (services/mail_sync.py), on the real database: the 3B7 clock, replies,
thank-yous, idempotence, the allowlist, bodies, corrections and refusals — as `coffeechat log` would record them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coffeechat.core.errors import UserError
from coffeechat.formats.mail_headers import HeaderRecord
from coffeechat.models import Conversation, MailSeen, Message, Person, Touch
from coffeechat.services.agenda import agenda
from coffeechat.services.logbook import log_held, log_meeting, log_sent
from coffeechat.services.mail_sync import allowed_addresses, correct_kind, record_headers
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from coffeechat.services.timeline import entry_as_json, person_timeline

ME = "me@home.example"
DANA = "dana@tribune.example"
SAM = "sam@harbor.example"
MON = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # ten days before the fixed clock (Thu 12 Nov 2026, 15:00)


def mail(mail_id, *, to=(), sender=ME, at=MON, subject="Coffee?", reply_to="", references=(), folder=None):
    """A message's headers as the readers give them: sent when it is from me, else received."""
    return HeaderRecord(mail_id=mail_id, folder=folder or ("sent" if sender == ME else "inbox"), sender=sender,
                        recipients=tuple(to) or (ME,), date=at, subject=subject, in_reply_to=reply_to,
                        references=tuple(references))


@pytest.fixture
def dana(owner, fixed_clock):
    set_setting(owner, "timezone", "UTC")
    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", emails=("Dana@Tribune.example",)))


@pytest.fixture
def sam(owner, dana):
    return add_person(owner, NewPerson("Sam Park", organization="Harbor Institute", emails=(SAM,)))


def actions_for(owner, person, **options):
    return {action.kind for action in agenda(owner, **options).actions if action.person_id == person.pk}


def test_a_request_from_mail_starts_the_3b7_clock(owner, dana, fixed_clock) -> None:
    report = record_headers(owner, [mail("req@me", to=[DANA])])

    assert report.read == 1 and report.recorded == {"request": 1} and report.skipped == []
    seen = MailSeen.objects.get()
    message = Message.objects.get()
    assert (seen.recorded, seen.direction, seen.person, seen.message, seen.at) == ("request", "sent", dana, message,
                                                                                   MON)
    assert (message.kind, message.status, message.sent_at, message.subject) == ("request", "sent", MON, "Coffee?")
    assert seen.touch.kind == "request_sent" and seen.touch.source == "mail" and seen.touch.at == MON
    assert Person.objects.get(pk=dana.pk).stage == "contacted"
    # Not yet due the next day; seven business days later `next` asks for the one follow-up.
    assert "follow_up" not in actions_for(owner, dana, at=MON + timedelta(days=1))
    assert "follow_up" in actions_for(owner, dana)


def test_their_reply_stops_the_clock_whatever_order_the_folders_come_in(owner, dana, fixed_clock) -> None:
    reply = mail("re@dana", sender=DANA, at=MON + timedelta(days=2), reply_to="req@me", subject="Re: Coffee?")
    report = record_headers(owner, [reply, mail("req@me", to=[DANA])])  # the inbox read before the sent folder

    assert report.recorded == {"request": 1, "reply": 1}
    request = Message.objects.get()
    assert request.replied_at == MON + timedelta(days=2)
    seen = MailSeen.objects.get(mail_id="re@dana")
    assert (seen.recorded, seen.message, seen.thread_root) == ("reply", request, "req@me")
    assert seen.touch.kind == "reply" and seen.touch.source == "mail"
    assert "follow_up" not in actions_for(owner, dana)


def test_a_later_message_of_yours_while_the_request_waits_is_the_follow_up(owner, dana, fixed_clock) -> None:
    follow = mail("f@me", to=[DANA], at=MON + timedelta(days=9), reply_to="req@me", references=["req@me"])
    report = record_headers(owner, [mail("req@me", to=[DANA]), follow])

    assert report.recorded == {"request": 1, "follow_up": 1}
    assert Message.objects.get(kind="follow_up").sent_at == MON + timedelta(days=9)
    assert "follow_up" not in actions_for(owner, dana)  # the one follow-up went out


def test_after_a_held_conversation_your_next_message_is_the_thank_you(owner, dana, fixed_clock) -> None:
    record_headers(owner, [mail("req@me", to=[DANA]),
                           mail("re@dana", sender=DANA, at=MON + timedelta(days=1), reply_to="req@me")])
    talk_at = fixed_clock - timedelta(days=2)
    log_meeting(owner, dana, at=talk_at, minutes=20)
    log_held(owner, dana, at=talk_at)
    thanks_at = talk_at + timedelta(hours=3)

    report = record_headers(owner, [mail("thanks@me", to=[DANA], at=thanks_at, subject="Thank you!")])

    assert report.recorded == {"thank_you": 1}
    conversation = Conversation.objects.get()
    assert conversation.thanked_at == thanks_at
    seen = MailSeen.objects.get(mail_id="thanks@me")
    assert seen.conversation == conversation and seen.message.kind == "thank_you"
    assert seen.message.subject == "Thank you!" and seen.touch.kind == "thanked" and seen.touch.source == "mail"
    assert "thank_you" not in actions_for(owner, dana)


def test_a_second_sync_of_the_same_messages_changes_nothing(owner, dana, fixed_clock) -> None:
    batch = [mail("req@me", to=[DANA]), mail("re@dana", sender=DANA, at=MON + timedelta(days=2), reply_to="req@me"),
             mail("late@dana", sender=DANA, at=MON + timedelta(days=3), reply_to="re@dana")]
    first = record_headers(owner, batch)

    def rows():
        return [list(model.objects.values_list("id", flat=True).order_by("id")) for model in (MailSeen, Message, Touch)]

    before = rows()
    second = record_headers(owner, batch + [batch[0]])

    assert first.recorded == {"request": 1, "reply": 1, "other": 1}
    assert (second.read, second.recorded, second.already_seen, second.entries) == (4, {}, 4, [])
    assert rows() == before
    assert Message.objects.get().replied_at == MON + timedelta(days=2)


def test_messages_about_no_one_in_the_network_leave_no_trace(owner, dana, fixed_clock) -> None:
    report = record_headers(owner, [
        mail("news@list", sender="news@list.example"),
        mail("to-friend@me", to=["friend@else.example"]),
        mail("cc@me", to=["friend@else.example", DANA]),  # a recipient in the network is enough
    ])

    assert (report.read, report.not_in_network, report.recorded) == (3, 2, {"request": 1})
    assert list(MailSeen.objects.values_list("mail_id", flat=True)) == ["cc@me"]
    assert not Touch.objects.filter(summary__contains="friend").exists()


def test_someone_whose_mail_is_not_read_is_ignored(owner, dana, sam, fixed_clock) -> None:
    Person.objects.filter(pk=sam.pk).update(mail_sync=False)

    assert set(allowed_addresses(owner)) == {DANA}  # lower case, whatever case it was typed in
    report = record_headers(owner, [mail("to-sam@me", to=[SAM]), mail("from-sam", sender=SAM)])

    assert (report.not_in_network, report.recorded) == (2, {})
    assert not MailSeen.objects.exists() and not Message.objects.exists()


def test_a_body_is_kept_only_for_someone_whose_bodies_are_on(owner, dana, sam, fixed_clock) -> None:
    Person.objects.filter(pk=dana.pk).update(mail_bodies=True)
    asked = []

    def bodies(record):
        asked.append(record.mail_id)
        return f"the text of {record.mail_id}"

    record_headers(owner, [mail("to-dana", to=[DANA]), mail("to-sam", to=[SAM])], bodies=bodies)
    record_headers(owner, [mail("again", to=[DANA], at=MON + timedelta(hours=1))])  # no fetcher: no body

    assert asked == ["to-dana"]  # Sam's body is never even fetched
    assert dict(MailSeen.objects.values_list("mail_id", "body")) == {
        "to-dana": "the text of to-dana", "to-sam": "", "again": ""}


def test_a_refusal_from_the_logbook_keeps_the_message_as_other_and_the_sync_goes_on(owner, dana, sam,
                                                                                    fixed_clock) -> None:
    batch = [
        mail("req@me", to=[DANA]),
        mail("f1@me", to=[DANA], at=MON + timedelta(days=8), reply_to="req@me"),
        mail("f2@me", to=[DANA], at=MON + timedelta(days=9), reply_to="f1@me"),  # a second follow-up (§4.4)
        mail("sam@me", to=[SAM], at=MON + timedelta(days=9, hours=1)),
    ]
    report = record_headers(owner, batch)

    assert report.recorded == {"request": 2, "follow_up": 1, "other": 1}
    assert len(report.skipped) == 1 and "to Dana Reyes" in report.skipped[0]
    assert "never a second" in report.skipped[0]
    assert MailSeen.objects.get(mail_id="f2@me").recorded == "other"
    assert Message.objects.filter(person=dana, kind="follow_up").count() == 1
    assert Message.objects.get(person=sam).kind == "request"  # the message after the refusal is recorded
    # The message you sent still counts as being in touch: one plain entry, from mail.
    assert MailSeen.objects.get(mail_id="f2@me").touch.summary == "You wrote to Dana Reyes: Coffee?"


def test_correcting_a_reply_to_other_brings_the_follow_up_back_and_a_sync_keeps_the_correction(
        owner, dana, fixed_clock) -> None:
    batch = [mail("req@me", to=[DANA]), mail("ooo@dana", sender=DANA, at=MON + timedelta(hours=1),
                                             subject="Out of office", reply_to="req@me")]
    record_headers(owner, batch)
    auto = MailSeen.objects.get(mail_id="ooo@dana")
    assert auto.recorded == "reply" and "follow_up" not in actions_for(owner, dana)

    corrected = correct_kind(owner, auto, "other")

    assert (corrected.recorded, corrected.message, corrected.touch) == ("other", None, None)
    assert Message.objects.get().replied_at is None
    assert not Touch.objects.filter(kind="reply").exists()
    assert "follow_up" in actions_for(owner, dana)
    record_headers(owner, batch)
    assert MailSeen.objects.get(mail_id="ooo@dana").recorded == "other"

    again = correct_kind(owner, corrected, "reply")  # and back again: logged as the reply

    assert again.recorded == "reply" and again.touch.source == "mail"
    assert Message.objects.get().replied_at == MON + timedelta(hours=1)
    assert "follow_up" not in actions_for(owner, dana)


def test_correcting_a_request_to_other_takes_it_back(owner, dana, fixed_clock) -> None:
    record_headers(owner, [mail("req@me", to=[DANA])])

    seen = correct_kind(owner, MailSeen.objects.get(), "other")

    assert seen.recorded == "other" and not Message.objects.exists()
    assert Person.objects.get(pk=dana.pk).stage == "new"
    assert set(Touch.objects.filter(person=dana).values_list("kind", "source")) == {
        ("update_sent", "mail"), ("added", "")}
    assert "follow_up" not in actions_for(owner, dana)
    assert correct_kind(owner, seen, "request").message.kind == "request"
    assert Message.objects.count() == 1 and not Touch.objects.filter(kind="update_sent").exists()


def test_a_correction_the_record_cannot_take_is_refused_and_changes_nothing(owner, dana, fixed_clock) -> None:
    record_headers(owner, [mail("hello@dana", sender=DANA)])  # they wrote first: nothing to reply to
    seen = MailSeen.objects.get()
    assert seen.recorded == "other"

    with pytest.raises(UserError, match="no unanswered request to Dana Reyes"):
        correct_kind(owner, seen, "reply")
    with pytest.raises(UserError, match="a message you received cannot be taken for a request"):
        correct_kind(owner, seen, "request")
    record_headers(owner, [mail("hi@me", to=[DANA], at=MON + timedelta(hours=1), reply_to="hello@dana")])
    log_held(owner, dana, at=MON + timedelta(days=1))  # held after that message: it cannot be its thank-you
    with pytest.raises(UserError, match="no conversation with Dana Reyes held before 2026-11-02 waits for one"):
        correct_kind(owner, MailSeen.objects.get(mail_id="hi@me"), "thank_you")
    assert Conversation.objects.get().thanked_at is None
    assert set(MailSeen.objects.values_list("recorded", flat=True)) == {"other"}
    assert list(Touch.objects.filter(source="mail").values_list("kind", flat=True)) == ["update_sent"]


def test_a_message_already_logged_by_hand_is_not_logged_twice(owner, dana, fixed_clock) -> None:
    typed = log_sent(owner, dana, at=MON - timedelta(hours=10))  # `log sent dana --at 2026-11-02` (midnight)

    report = record_headers(owner, [mail("req@me", to=[DANA])])

    assert report.recorded == {"request": 1}
    assert Message.objects.get() == typed
    seen = MailSeen.objects.get()
    assert seen.message == typed and seen.touch.kind == "request_sent" and seen.touch.source == ""


def test_old_mail_read_late_does_not_start_a_clock_behind_the_record(owner, dana, fixed_clock) -> None:
    record_headers(owner, [mail("req@me", to=[DANA])])

    report = record_headers(owner, [mail("old@me", to=[DANA], at=MON - timedelta(days=60), subject="Hi")])

    assert report.recorded == {"other": 1}
    assert Message.objects.count() == 1
    assert {action.refers_to for action in agenda(owner).actions if action.kind == "follow_up"} == {
        ("message", Message.objects.get().pk)}


def test_a_thread_is_followed_through_recorded_messages(owner, dana, fixed_clock) -> None:
    record_headers(owner, [
        mail("req@me", to=[DANA]),
        mail("re@dana", sender=DANA, at=MON + timedelta(days=1), reply_to="req@me"),
        mail("re2@me", to=[DANA], at=MON + timedelta(days=2), reply_to="re@dana", subject="Re: Coffee?"),
    ])

    assert set(MailSeen.objects.values_list("thread_root", flat=True)) == {"req@me"}
    # Your answer in a thread under way is neither a new request nor a follow-up.
    assert MailSeen.objects.get(mail_id="re2@me").recorded == "other"
    assert Message.objects.count() == 1


def test_the_timeline_says_which_entries_came_from_mail(owner, dana, fixed_clock) -> None:
    record_headers(owner, [mail("req@me", to=[DANA])])

    entries = {entry.kind: entry for entry in person_timeline(owner, dana)}

    assert entries["request_sent"].origin == "mail" and entries["added"].origin == ""
    assert entry_as_json(entries["request_sent"])["origin"] == "mail"


def test_the_person_page_and_show_say_from_mail(owner, owner_client, cli, dana, fixed_clock) -> None:
    record_headers(owner, [mail("req@me", to=[DANA])])
    log_sent(owner, dana, kind="update", at=MON + timedelta(days=1))  # typed: no mark

    page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    shown = cli("show", "dana").output

    assert page.count("· from mail") == 1
    assert shown.count("· from mail") == 1
    assert "Request sent to Dana Reyes at The Tribune  · from mail" in shown


def test_a_message_id_too_long_to_store_is_reported_not_fatal(owner, dana, fixed_clock) -> None:
    report = record_headers(owner, [mail("x" * 501 + "@me", to=[DANA]), mail("req@me", to=[DANA], at=MON + timedelta(hours=2))])

    assert report.recorded == {"request": 1} and len(report.skipped) == 1
    assert "longer than 500 characters" in report.skipped[0] and "Dana Reyes" in report.skipped[0]
