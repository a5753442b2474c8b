"""The composer: a filled draft, the live check partial, and the three ways to send (each logged)."""

from __future__ import annotations

import pytest
from django.test import Client

from coffeechat.models import Message, Touch
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting

LONG = ("Hi Dana,\n\nI am applying for the reporter job at your paper and I would like to know more about it. "
        "We went to the same school.\n\nBest,\nSam")


@pytest.fixture
def client_for(owner, owner_client) -> Client:
    set_setting(owner, "your_name", "Sam Rivera")
    set_setting(owner, "your_school", "Northwestern")
    return owner_client


@pytest.fixture
def dana(owner):
    return add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", emails=("dana@tribune.example",),
                                       how_known="alumni"))


def test_compose_page_fills_the_fitting_template_and_checks_it(client_for, dana) -> None:
    page = client_for.get(f"/people/{dana.pk}/compose").content.decode()
    assert "As a fellow Northwestern alum" in page and "A fellow Northwestern alum asking for your advice" in page
    assert "Every rule passes." in page
    assert 'hx-trigger="input changed delay:300ms"' in page
    assert 'href="mailto:dana@tribune.example?subject=' in page
    assert "Set up sending on the" in page  # no SMTP yet: the send button is not offered
    assert "No résumé with a first message" in page and 'type="file"' not in page


def test_another_template_and_a_missing_field(client_for, dana, owner) -> None:
    assert "Your work at The Tribune is the reason" in client_for.get(f"/people/{dana.pk}/compose?template=cold").content.decode()
    set_setting(owner, "your_school", "")
    page = client_for.get(f"/people/{dana.pk}/compose?template=alumni").content.decode()
    assert "your_school" in page


def test_live_check_returns_only_the_rules_with_a_fresh_mailto(client_for, dana) -> None:
    response = client_for.post(f"/people/{dana.pk}/compose/check",
                               {"body": LONG, "subject": "Hello there", "template": "alumni", "mode": "6point"},
                               HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="checked"') and "<html" not in body
    assert 'data-rule="insight_not_jobs"' in body and "rule fail" in body
    assert 'hx-swap-oob="true"' in body and "subject=Hello%20there" in body
    five = client_for.post(f"/people/{dana.pk}/compose/check", {"body": LONG, "mode": "5point"}, HTTP_HX_REQUEST="true")
    assert "Under 100 words" in five.content.decode()


@pytest.mark.parametrize("how", ["mail_client", "clipboard"])
def test_i_sent_it_logs_the_request_and_starts_the_clock(client_for, dana, how) -> None:
    response = client_for.post(f"/people/{dana.pk}/compose/send",
                               {"how": how, "subject": "Hi", "body": "Hi Dana", "template": "alumni"})
    assert response.status_code == 302 and response["Location"] == f"/people/{dana.pk}/"
    message = Message.objects.get()
    assert (message.kind, message.status, message.template, message.channel) == ("request", "sent", "alumni", how)
    assert Touch.objects.filter(person=dana, kind="request_sent").exists()


def test_smtp_without_settings_logs_nothing(client_for, dana) -> None:
    response = client_for.post(f"/people/{dana.pk}/compose/send", {"how": "smtp", "subject": "Hi", "body": "Hi"},
                               follow=True)
    assert '<li class="error">say which address mail comes from' in response.content.decode()
    assert not Message.objects.exists()


def test_outsider_gets_404_everywhere(dana, outsider) -> None:
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/people/{dana.pk}/compose").status_code == 404
    assert client.post(f"/people/{dana.pk}/compose/check", {"body": "x"}).status_code == 404
    assert client.post(f"/people/{dana.pk}/compose/send", {"how": "clipboard", "body": "x"}).status_code == 404
    assert not Message.objects.exists()


def test_person_page_links_to_the_composer_and_scheduling(client_for, dana) -> None:
    page = client_for.get(f"/people/{dana.pk}/").content.decode()
    assert f'href="/people/{dana.pk}/compose"' in page and f'href="/people/{dana.pk}/schedule"' in page
