"""The Stats page: charts drawn as SVG with their numbers, and the confidence trend."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client

from coffeechat.models import Conversation
from coffeechat.services.people import NewPerson, add_person


def test_an_empty_practice_has_a_calm_page(owner_client) -> None:
    page = owner_client.get("/stats/").content.decode()
    assert 'data-stat="requests">0<' in page and "Nothing sent or held yet." in page
    assert "Rate how you feel before and after" in page


def test_confidence_trend_draws_each_rating_with_its_number(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana <b>Reyes</b>"))
    for day, before, after in ((3, 2, 3), (10, 3, 5)):
        Conversation.objects.create(owner=owner, person=dana, state="held", held_at=datetime(2026, 11, day, tzinfo=UTC),
                                    confidence_before=before, confidence_after=after)
    page = owner_client.get("/stats/").content.decode()
    assert page.count('class="point-before"') == 2 and page.count('class="point-after"') == 2
    assert "<title>Before: 2</title>" in page and "<title>After: 5</title>" in page
    assert 'class="line-before"' in page and "3 Nov" in page and "10 Nov" in page
    assert "<b>Reyes</b>" not in page


def test_the_page_needs_a_login() -> None:
    assert Client().get("/stats/").status_code == 302
