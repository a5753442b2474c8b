"""The referral network picture in a real browser: it renders, and a person opens on click."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_network_picture_renders_and_opens_a_person(page, demo_server) -> None:
    errors: list[str] = []  # a style or script the CSP blocks shows up here
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(demo_server.login_link)
    page.get_by_role("link", name="Network").click()
    picture = page.locator("svg.network")
    expect(picture).to_be_visible()
    nodes = picture.locator("a.node")
    expect(nodes.first).to_be_visible()
    assert nodes.count() >= 4  # the demo's chain: one person introduced two, one of whom introduced another
    box = picture.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    ARTIFACTS.mkdir(exist_ok=True)
    picture.screenshot(path=str(ARTIFACTS / "referral-network.png"))

    # The outermost person: reached through a chain of two introductions.
    target = picture.locator("a.node").last
    name = target.locator("text.node-name").text_content()
    assert name
    target.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert "/people/" in page.url
    assert errors == []
