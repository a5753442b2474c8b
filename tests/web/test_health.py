"""`/healthz` for a load balancer: no login, no cookie, one database round trip."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_ok_without_login_cookie_or_csrf(db) -> None:
    client = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {} and client.cookies == {}
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_does_not_touch_a_logged_in_session(owner_client) -> None:
    before = dict(owner_client.cookies.items())
    response = owner_client.get("/healthz")
    assert response.status_code == 200 and response.cookies == {}
    assert dict(owner_client.cookies.items()) == before
