"""The web shell: login by one-time link, the people pages, and the safety headers."""

from __future__ import annotations

from django.test import Client

from coffeechat.services.login import issue_login_token
from coffeechat.services.people import NewPerson, add_person
from conftest import logged_in


def test_pages_need_a_login(client, owner) -> None:
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_login_link_works_once(client, owner) -> None:
    token = issue_login_token(owner)
    first = client.get(f"/login?token={token}")
    assert first.status_code == 302
    assert client.get("/people/").status_code == 200
    again = Client().get(f"/login?token={token}")
    assert again.status_code == 403
    assert b"has been used or has expired" in again.content


def test_a_wrong_token_does_not_log_in(client, owner) -> None:
    assert client.get("/login?token=guess").status_code == 403
    assert client.get("/people/").status_code == 302


def test_people_list_searches_and_htmx_gets_only_the_results(owner) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    add_person(owner, NewPerson("Marcus Okafor", organization="Harbor Policy Institute"))
    client = logged_in(owner)
    page = client.get("/people/?q=tribune")
    assert b"Dana Reyes" in page.content and b"Marcus Okafor" not in page.content
    assert b"<html" in page.content
    partial = client.get("/people/?q=harbor", HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    assert b"Marcus Okafor" in partial.content


def test_person_page_shows_the_timeline(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor"))
    page = logged_in(owner).get(f"/people/{dana.pk}/")
    assert page.status_code == 200
    assert b"Politics editor" in page.content and b"Added Dana Reyes" in page.content


def test_user_text_is_escaped(owner) -> None:
    evil = add_person(owner, NewPerson("<script>alert(1)</script>", organization="<b>Org</b>"))
    client = logged_in(owner)
    for url in ("/people/", f"/people/{evil.pk}/"):
        body = client.get(url).content
        assert b"<script>alert(1)</script>" not in body
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_another_users_person_is_not_found(owner, outsider) -> None:
    theirs = add_person(outsider, NewPerson("Private Person"))
    assert logged_in(owner).get(f"/people/{theirs.pk}/").status_code == 404


def test_security_headers(owner) -> None:
    response = logged_in(owner).get("/people/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_foreign_host_names_are_refused(owner) -> None:
    # A DNS-rebinding page reaches 127.0.0.1 under its own host name; Django must refuse it.
    response = logged_in(owner).get("/people/", HTTP_HOST="attacker.example")
    assert response.status_code == 400


def test_forms_need_csrf(owner) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post("/logout").status_code == 403


def test_a_long_timeline_shows_the_latest_and_offers_the_rest(owner) -> None:
    from coffeechat.services.timeline import record_touch

    dana = add_person(owner, NewPerson("Dana Reyes"))
    for index in range(45):
        record_touch(owner, dana, "note", f"Entry number {index:02d}")
    client = logged_in(owner)
    page = client.get(f"/people/{dana.pk}/").content.decode()
    assert "Show the whole timeline" in page and "Added Dana Reyes" not in page
    whole = client.get(f"/people/{dana.pk}/?timeline=all").content.decode()
    assert "Added Dana Reyes" in whole and "Show the whole timeline" not in whole
