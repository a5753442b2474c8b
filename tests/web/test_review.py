"""The weekly review page, with the mentorship suggestion and its dismissal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from coffeechat.models import Message
from coffeechat.services.logbook import log_held, log_sent
from coffeechat.services.people import NewPerson, add_person

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_review_page_shows_the_week_and_one_suggestion(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    log_sent(owner, dana, at=NOW - timedelta(days=1))
    page = owner_client.get("/review/").content.decode()
    assert "One suggestion" in page and "suggestion-keep_going" in page
    assert "Request sent" in page and f'href="/people/{dana.pk}/"' in page


def test_mentorship_suggestion_can_be_dismissed(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    log_held(owner, dana, at=NOW - timedelta(days=60))
    log_held(owner, dana, at=NOW - timedelta(days=20))
    update = log_sent(owner, dana, kind="update", at=NOW - timedelta(days=10))
    Message.objects.filter(pk=update.pk).update(replied_at=NOW - timedelta(days=9))
    page = owner_client.get("/review/").content.decode()
    assert "Someone to ask for mentorship?" in page
    response = owner_client.post(f"/people/{dana.pk}/mentorship/dismiss", {"next": "/review/"})
    assert response.status_code == 302 and response["Location"] == "/review/"
    assert "Someone to ask for mentorship?" not in owner_client.get("/review/").content.decode()


def test_dismissal_never_redirects_off_site(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    response = owner_client.post(f"/people/{dana.pk}/mentorship/dismiss", {"next": "//evil.example/"})
    assert response["Location"] == "/review/"
