"""One user never sees or changes another's record: every URL that names an object by id answers 404 to
someone who does not own it, for GET and POST alike.

The test walks the URL configuration, so a new route with an id is covered the day it is added — or the test
fails naming it until this file says which kind of object its id points at.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from coffeechat import models
from coffeechat.services.demo import build_demo

# The first part of a route's path says what its <int:pk> is.
OBJECT_BY_PREFIX: dict[str, Any] = {
    "people": models.Person,
    "conversations": models.Conversation,
    "goals": models.Goal,
    "targets": models.Organization,
    "organizations": models.Organization,
    "plan-items": models.PlanItem,
    "tasks": models.Task,
    "notes": models.Note,
    "insights": models.Insight,
    "referrals": models.Referral,
    "messages": models.Message,
    "mail": models.MailSeen,
}
# A realistic value for each word-like route parameter, so the view gets as far as its lookup.
WORD_VALUES = {"event": "reply", "action": "up", "kind": "insight", "token": "x"}


def routes_with_an_id() -> list[tuple[str, str]]:
    """(route name, path pattern) of every URL that takes an object id."""
    found = []
    for entry in get_resolver().url_patterns:
        assert isinstance(entry, URLPattern), "nested URL configurations need this test extended"
        pattern = str(entry.pattern)
        # centre/ routes name another user (a student), not the owner's object: tests/web/test_centre_isolation.py.
        if "<int:pk>" in pattern and not pattern.startswith("centre/"):
            found.append((entry.name or pattern, pattern))
    return found


def object_of(owner: Any, pattern: str) -> Any:
    prefix = pattern.split("/", 1)[0]
    model = OBJECT_BY_PREFIX.get(prefix)
    if model is None:
        pytest.fail(f"route {pattern!r}: say in OBJECT_BY_PREFIX which kind of object its id names")
    found = model.objects.owned_by(owner).order_by("id").first()
    if found is None:
        found = _make(owner, model)
    return found


def _make(owner: Any, model: Any) -> Any:
    """An object of a kind the demo does not build, so every route has something to point at."""
    person = models.Person.objects.owned_by(owner).order_by("id").first()
    if model is models.Task:
        return models.Task.objects.create(owner=owner, title="Send clips", person=person)
    if model is models.Note:
        return models.Note.objects.create(owner=owner, person=person, body="A private note")
    if model is models.MailSeen:
        from datetime import UTC, datetime

        return models.MailSeen.objects.create(owner=owner, person=person, mail_id="request-1@me.example",
                                              direction="sent", recorded="request", subject="Three questions",
                                              at=datetime(2026, 11, 2, 9, tzinfo=UTC))
    pytest.fail(f"the demo has no {model.__name__}: teach _make to build one")


def url_for(pattern: str, pk: int) -> str:
    path = pattern.replace("<int:pk>", str(pk))
    for word, value in WORD_VALUES.items():
        path = path.replace(f"<str:{word}>", value)
    assert "<" not in path, f"route {pattern!r} has a parameter this test does not know: add it to WORD_VALUES"
    return "/" + path


@pytest.fixture
def demo_owner(owner: Any) -> Any:
    build_demo(owner)
    _make(owner, models.MailSeen)  # the demo reads no mail: one message recorded from it, before counting
    return owner


def test_every_route_with_an_id_is_known() -> None:
    routes = routes_with_an_id()
    assert len(routes) >= 20
    unknown = [pattern for _, pattern in routes if pattern.split("/", 1)[0] not in OBJECT_BY_PREFIX]
    assert not unknown, f"routes whose id this test cannot place: {unknown}"


def test_an_outsider_gets_404_for_every_owned_object(demo_owner: Any, outsider: Any) -> None:
    # One demo for every route (building it costs a second); each failing route is named in the message.
    client = Client()
    client.force_login(outsider)
    kinds = set(OBJECT_BY_PREFIX.values())
    before = {model: model.objects.owned_by(demo_owner).count() for model in kinds}
    failures = []
    for name, pattern in routes_with_an_id():
        url = url_for(pattern, object_of(demo_owner, pattern).pk)
        got = client.get(url)
        # 405: the route takes no GET (a form target); it must still refuse the POST below.
        if got.status_code not in (404, 405):
            failures.append(f"GET {url} ({name}) answered {got.status_code}")
        posted = client.post(url, {"title": "x", "body": "x", "text": "x", "name": "x", "confirm": "yes"})
        if posted.status_code not in (404, 405):
            failures.append(f"POST {url} ({name}) answered {posted.status_code}")
        if got.status_code == 405 and posted.status_code == 405:
            failures.append(f"{url} ({name}) takes neither GET nor POST: what is it for?")
    after = {model: model.objects.owned_by(demo_owner).count() for model in kinds}
    assert not failures, "an outsider reached the owner's objects:\n" + "\n".join(failures)
    assert after == before, "POSTs by an outsider changed the owner's record"


def test_the_owner_reaches_every_own_object(demo_owner: Any) -> None:
    # The other half of the proof: the 404s above come from ownership, not from broken routes.
    client = Client()
    client.force_login(demo_owner)
    failures = []
    for name, pattern in routes_with_an_id():
        url = url_for(pattern, object_of(demo_owner, pattern).pk)
        got = client.get(url)
        if got.status_code not in (200, 302, 405):
            failures.append(f"GET {url} ({name}) answered {got.status_code}")
    assert not failures, "the owner could not reach their own objects:\n" + "\n".join(failures)
