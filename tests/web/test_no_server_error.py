"""Bad input on the web is a 400 with a message, never a 500; HEAD on the calendar feed answers like GET."""

from __future__ import annotations

from django.test import Client

from coffeechat.models import Message
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting
from coffeechat.services.scheduling import new_feed_token, schedule
from conftest import logged_in as shared_logged_in


def logged_in(owner) -> Client:
    return shared_logged_in(owner, raise_request_exception=False)


def test_a_goal_that_is_not_a_number_is_a_400_with_a_message(owner) -> None:
    response = logged_in(owner).post("/questions/", {"text": "What surprised you?", "category": "career",
                                                      "goal": "x"})
    assert response.status_code == 400
    assert "goal: &#x27;x&#x27; is not a goal&#x27;s number" in response.content.decode()


def test_a_line_break_in_a_mail_subject_is_a_400_and_nothing_is_logged(owner, smtp_server) -> None:
    inbox, port = smtp_server
    for key, value in (("your_email", "me@example.com"), ("smtp_host", "127.0.0.1"), ("smtp_port", str(port)),
                       ("smtp_security", "none")):
        set_setting(owner, key, value)
    dana = add_person(owner, NewPerson("Dana Reyes", emails=("dana@tribune.example",)))
    response = logged_in(owner).post(f"/people/{dana.pk}/compose/send", {
        "how": "smtp", "subject": "Hello\r\nBcc: everyone@example.com", "body": "Hi Dana"})
    assert response.status_code == 400
    assert "must be a single line" in response.content.decode()
    assert not Message.objects.exists() and not inbox.received


def test_head_on_the_calendar_feed_answers_like_get_without_a_body(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    schedule(owner, dana, "2026-03-04 14:00")
    token = new_feed_token(owner)
    anonymous = Client()
    got = anonymous.get(f"/calendar/{token}.ics")
    head = anonymous.head(f"/calendar/{token}.ics")
    assert head.status_code == got.status_code == 200
    assert head["Content-Type"] == got["Content-Type"] and head.content == b""


def test_a_nul_character_in_a_form_is_refused_with_a_400(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    response = logged_in(owner).post(f"/people/{dana.pk}/compose/send", {
        "how": "clipboard", "subject": "Hi", "body": "Hi Dana\x00"})
    assert response.status_code == 400 and "body: the text contains a NUL character" in response.content.decode()
    assert not Message.objects.exists()
