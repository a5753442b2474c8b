"""Alumni volunteers (issue 15 §6): offers, the directory, capacity per calendar month, one open request per
student and alumnus, the outreach rules, the follow-up clock a request starts, answers logged as replies,
and expiry after 14 days with exactly one reminder — mail to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from centre_fixtures import make_account
from coffeechat.core.errors import NotFound
from coffeechat.models import Message, Person
from coffeechat.models.centre import AlumniRequest
from coffeechat.services import alumni
from coffeechat.services.agenda import agenda

T0 = datetime.fromisoformat("2026-11-12T15:00:00+00:00")  # a Thursday
BODY = ("Hi Al, as a fellow alum of the j-school I'm exploring data reporting and careers in news more "
        "broadly. Could I ask you about your path for 20 minutes?")


def mails_to(inbox: Any, address: str, *, containing: str = "") -> list[Any]:
    return [m for _, rcpt, m in inbox.received
            if address in rcpt and containing in (str(m["Subject"]) + m.get_content())]


@pytest.fixture
def cast(centre: Any) -> dict[str, Any]:
    people = {
        "al": make_account("al@alumni.example", "alumnus", name="Al Umnus", password=None),
        "bea": make_account("bea@alumni.example", "alumnus", name="Bea Grad", password=None),
        "ana": make_account("ana@uni.example", "student", name="Ana Lima", password=None),
        "omar": make_account("omar@uni.example", "student", name="Omar Diaz", password=None),
        "ivy": make_account("ivy@uni.example", "student", name="Ivy Chen", password=None),
        "lee": make_account("lee@uni.example", "advisor", name="Lee Park", password=None),
    }
    alumni.save_offer(people["al"], "Data journalism\nAudio, podcasts\ndata journalism", 2)
    alumni.save_offer(people["bea"], "Public policy", 1)
    people["inbox"] = centre
    return people


def test_an_offer_is_opted_into_changed_and_left(cast: dict[str, Any]) -> None:
    al = cast["al"]
    offer = alumni.offer_of(al)
    assert offer is not None and offer.topics == "Data journalism\nAudio\npodcasts" and offer.per_month == 2
    with pytest.raises(alumni.AlumniError, match="at least one topic"):
        alumni.save_offer(al, "  \n ", 2)
    with pytest.raises(alumni.AlumniError, match="from 1 to 20"):
        alumni.save_offer(al, "Radio", "0")
    with pytest.raises(alumni.AlumniError, match="only alumni"):
        alumni.save_offer(cast["ana"], "Radio", 1)
    assert [e.name for e in alumni.directory(cast["ana"], at=T0)] == ["Al Umnus", "Bea Grad"]
    alumni.opt_out(al)
    assert [e.name for e in alumni.directory(cast["ana"], at=T0)] == ["Bea Grad"]
    with pytest.raises(alumni.AlumniError, match="not taking requests"):
        alumni.request_alumnus(cast["ana"], al, "", BODY, at=T0)
    alumni.save_offer(al, "Radio", 3)
    assert [(e.name, e.topics, e.remaining) for e in alumni.directory(cast["ana"], "radi", at=T0)] == [
        ("Al Umnus", ("Radio",), 3)]


def test_the_directory_filters_by_topic_and_only_students_browse(cast: dict[str, Any]) -> None:
    assert [e.name for e in alumni.directory(cast["ana"], "POLICY", at=T0)] == ["Bea Grad"]
    assert [e.name for e in alumni.directory(cast["ana"], "podcast", at=T0)] == ["Al Umnus"]
    assert alumni.directory(cast["ana"], "knitting", at=T0) == []
    for who in ("al", "lee"):
        with pytest.raises(alumni.AlumniError, match="only students"):
            alumni.directory(cast[who])


def test_a_request_starts_the_same_follow_up_clock(cast: dict[str, Any]) -> None:
    ana, al, inbox = cast["ana"], cast["al"], cast["inbox"]
    outcome = alumni.request_alumnus(ana, al, "data journalism", BODY, at=T0)
    request = outcome.request
    assert request.status == "open" and request.topic == "Data journalism"
    assert request.expires_at == T0 + timedelta(days=14)
    # The alumnus is a person in her network, as an alum, with their address; the request is a sent message.
    person = Person.objects.owned_by(ana).get()
    assert person.full_name == "Al Umnus" and person.how_known == "alumni" and person.primary_email == "al@alumni.example"
    message = request.message
    assert message is not None and message.person == person and message.kind == Message.Kind.REQUEST
    assert message.status == Message.Status.SENT and message.sent_at == T0 and message.body == BODY
    assert person.stage == "contacted"
    # The alumnus got a mail with the message and where to answer.
    [mail] = mails_to(inbox, "al@alumni.example")
    assert "Ana Lima" in str(mail["Subject"]) and BODY in mail.get_content()
    assert "http://testserver/centre/alumni/requests/" in mail.get_content()
    # Seven business days later with no answer, the follow-up is due; not before.
    key = f"follow_up:message:{message.pk}"
    assert key not in {a.key for a in agenda(ana, at=T0 + timedelta(days=6)).actions}  # Wednesday 18th: 4 business days
    assert key in {a.key for a in agenda(ana, at=T0 + timedelta(days=11)).actions}  # Monday 23rd: 7 business days


def test_a_second_request_to_someone_already_in_the_network_reuses_them(cast: dict[str, Any]) -> None:
    from coffeechat.services.people import NewPerson, add_person

    ana = cast["ana"]
    known = add_person(ana, NewPerson("Albert Umnus", emails=("AL@alumni.example",), how_known="colleague"))
    request = alumni.request_alumnus(ana, cast["al"], "", BODY, at=T0).request
    assert request.message is not None and request.message.person == known
    assert Person.objects.owned_by(ana).count() == 1


def test_the_outreach_rules_check_the_text_and_warn_like_the_composer(cast: dict[str, Any]) -> None:
    outcome = alumni.request_alumnus(cast["ana"], cast["al"], "", "Do you have any job openings? My resume is attached.",
                                     at=T0)
    failing = {r.rule_id for r in outcome.warnings}
    assert failing, "a job-hunting message with an attachment must fail some rules"
    assert outcome.request.status == "open"  # the composer warns; the student decides
    # The same check without sending anything.
    assert {r.rule_id for r in alumni.check_request(cast["ana"], cast["al"], "Any jobs?") if not r.passed}
    assert AlumniRequest.objects.count() == 1


def test_one_open_request_per_student_and_alumnus(cast: dict[str, Any]) -> None:
    ana, al = cast["ana"], cast["al"]
    first = alumni.request_alumnus(ana, al, "", BODY, at=T0).request
    with pytest.raises(alumni.AlumniError, match="already have an open request to Al Umnus"):
        alumni.request_alumnus(ana, al, "", BODY, at=T0 + timedelta(hours=1))
    assert AlumniRequest.objects.count() == 1 and Message.objects.owned_by(ana).count() == 1
    # The database says so too.
    with pytest.raises(IntegrityError), transaction.atomic():
        AlumniRequest.objects.create(owner=ana, alumnus=al, body="again", expires_at=T0)
    # Another student, or another alumnus, is a different pair.
    alumni.request_alumnus(cast["omar"], al, "", BODY, at=T0)
    alumni.request_alumnus(ana, cast["bea"], "public policy", BODY, at=T0)
    # Once answered (or withdrawn), a new request to the same alumnus is fine.
    alumni.withdraw(ana, first.pk)
    with pytest.raises(alumni.AlumniError, match="already withdrawn"):
        alumni.withdraw(ana, first.pk)


def test_capacity_per_calendar_month(cast: dict[str, Any]) -> None:
    al, inbox = cast["al"], cast["inbox"]  # two a month
    alumni.request_alumnus(cast["ana"], al, "", BODY, at=T0)
    second = alumni.request_alumnus(cast["omar"], al, "", BODY, at=T0 + timedelta(days=1)).request
    assert alumni.used_this_month(al, T0) == 2
    assert "Al Umnus" not in [e.name for e in alumni.directory(cast["ivy"], at=T0)]
    with pytest.raises(alumni.AlumniError, match="takes 2 conversations a month and this month is full; try again from 01 Dec 2026"):
        alumni.request_alumnus(cast["ivy"], al, "", BODY, at=T0 + timedelta(days=2))
    assert len(mails_to(inbox, "al@alumni.example")) == 2
    assert not Person.objects.owned_by(cast["ivy"]).exists()  # refused: nothing recorded
    # Accepted requests still count; a declined one frees its place.
    alumni.accept(al, second.pk, at=T0 + timedelta(days=2))
    with pytest.raises(alumni.AlumniError, match="this month is full"):
        alumni.request_alumnus(cast["ivy"], al, "", BODY, at=T0 + timedelta(days=2))
    first = AlumniRequest.objects.owned_by(cast["ana"]).get()
    alumni.decline(al, first.pk, at=T0 + timedelta(days=3))
    alumni.request_alumnus(cast["ivy"], al, "", BODY, at=T0 + timedelta(days=3))
    # A new month, new room.
    december = datetime.fromisoformat("2026-12-01T09:00:00+00:00")
    assert alumni.used_this_month(al, december) == 0
    alumni.request_alumnus(cast["ana"], al, "", BODY, at=december)


def test_accepting_logs_the_reply_and_tells_the_student(cast: dict[str, Any]) -> None:
    ana, al, inbox = cast["ana"], cast["al"], cast["inbox"]
    request = alumni.request_alumnus(ana, al, "audio", BODY, at=T0).request
    assert [r.pk for r in alumni.requests_for(al, open_only=True)] == [request.pk]
    accepted = alumni.accept(al, request.pk, at=T0 + timedelta(days=2))
    assert accepted.status == "accepted" and accepted.answered_at == T0 + timedelta(days=2)
    message = Message.objects.get(pk=request.message_id)
    assert message.replied_at == T0 + timedelta(days=2)
    # With the reply logged, no follow-up is due a week later.
    assert f"follow_up:message:{message.pk}" not in {a.key for a in agenda(ana, at=T0 + timedelta(days=11)).actions}
    [mail] = mails_to(inbox, "ana@uni.example")
    assert "accepted" in str(mail["Subject"]) and "al@alumni.example" in mail.get_content()
    with pytest.raises(alumni.AlumniError, match="already accepted"):
        alumni.decline(al, request.pk)


def test_declining_is_an_answer_too(cast: dict[str, Any]) -> None:
    ana, al, inbox = cast["ana"], cast["al"], cast["inbox"]
    request = alumni.request_alumnus(ana, al, "", BODY, at=T0).request
    alumni.decline(al, request.pk, at=T0 + timedelta(days=1))
    request.refresh_from_db()
    assert request.status == "declined"
    assert Message.objects.get(pk=request.message_id).replied_at == T0 + timedelta(days=1)
    assert mails_to(inbox, "ana@uni.example", containing="cannot take your request")


def test_nobody_else_answers_or_withdraws_a_request(cast: dict[str, Any]) -> None:
    request = alumni.request_alumnus(cast["ana"], cast["al"], "", BODY, at=T0).request
    with pytest.raises(NotFound):
        alumni.accept(cast["bea"], request.pk)  # another alumnus
    with pytest.raises(NotFound):
        alumni.withdraw(cast["omar"], request.pk)  # another student
    with pytest.raises(alumni.AlumniError, match="only alumni"):
        alumni.accept(cast["ana"], request.pk)  # the student herself
    assert alumni.requests_for(cast["bea"]) == [] and alumni.requests_of(cast["omar"]) == []
    request.refresh_from_db()
    assert request.status == "open"
    with pytest.raises(NotFound):
        alumni.alumnus_for(cast["ana"], cast["lee"].pk)  # an advisor is not in the directory
    with pytest.raises(NotFound):
        alumni.request_alumnus(cast["ana"], cast["omar"], "", BODY, at=T0)  # nor is a student


def test_expiry_after_14_days_with_exactly_one_reminder(cast: dict[str, Any]) -> None:
    ana, al, inbox = cast["ana"], cast["al"], cast["inbox"]
    request = alumni.request_alumnus(ana, al, "", BODY, at=T0).request
    assert alumni.expire_requests(T0 + timedelta(days=6, hours=23)).as_json() == {"reminded": 0, "expired": 0, "failed": []}
    assert alumni.expire_requests(T0 + timedelta(days=7)).reminded == 1
    for day in (7, 8, 10, 13):
        assert alumni.expire_requests(T0 + timedelta(days=day, hours=1)).reminded == 0
    request.refresh_from_db()
    assert request.status == "open" and request.reminded_at == T0 + timedelta(days=7)
    reminders = mails_to(inbox, "al@alumni.example", containing="Reminder")
    assert len(reminders) == 1 and "only reminder" in reminders[0].get_content()
    result = alumni.expire_requests(T0 + timedelta(days=14))
    assert (result.expired, result.reminded) == (1, 0)
    request.refresh_from_db()
    assert request.status == "expired"
    assert len(mails_to(inbox, "al@alumni.example", containing="Reminder")) == 1
    assert mails_to(inbox, "ana@uni.example", containing="expired")
    assert alumni.expire_requests(T0 + timedelta(days=20)).expired == 0
    # Expired: neither open nor accepted, so the pair may try again and the month has room.
    assert alumni.used_this_month(al, T0 + timedelta(days=14)) == 0
    alumni.request_alumnus(ana, al, "", BODY, at=T0 + timedelta(days=15))


def test_a_request_found_late_expires_without_a_reminder(cast: dict[str, Any]) -> None:
    alumni.request_alumnus(cast["ana"], cast["al"], "", BODY, at=T0)
    result = alumni.expire_requests(T0 + timedelta(days=30))
    assert (result.reminded, result.expired) == (0, 1)
    assert not mails_to(cast["inbox"], "al@alumni.example", containing="Reminder")


def test_a_mail_server_that_refuses_leaves_nothing_recorded(cast: dict[str, Any], settings: Any) -> None:
    from smtp_inbox import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    with pytest.raises(alumni.AlumniError, match="did not take the mail, so nothing was recorded"):
        alumni.request_alumnus(cast["ana"], cast["al"], "", BODY, at=T0)
    assert not AlumniRequest.objects.exists()
    assert not Person.objects.owned_by(cast["ana"]).exists() and not Message.objects.exists()
