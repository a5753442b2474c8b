"""coffeechat has an icon of its own: linked from every page, and /favicon.ico leads to it (no 404)."""

from __future__ import annotations

from django.test import Client


def test_favicon_ico_leads_to_our_svg_icon_without_logging_in(db) -> None:
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/coffeechat/icon.svg"
    assert "max-age=86400" in response["Cache-Control"]
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert body.startswith(b"<svg") and b"</svg>" in body
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_links_the_icon(db) -> None:
    page = Client().get("/login").content.decode()
    assert '<link rel="icon" href="/static/coffeechat/icon.svg" type="image/svg+xml">' in page
