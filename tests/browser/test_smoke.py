"""A newcomer's first minute: follow the login link, see the demo people, open one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_login_link_then_people_then_a_person(page, demo_server) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(demo_server.login_link)
    page.get_by_role("link", name="People").click()
    page.wait_for_url(re.compile(r"/people/"))
    assert page.get_by_text("200 people").is_visible()
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 50
    # Live search through htmx narrows the list without a page load.
    page.get_by_placeholder("Name, title, organisation or email").fill("tribune")
    expect(page.locator("#results p.muted")).to_contain_text("matching “tribune”")
    expect(rows).to_have_count(5)
    first = page.locator("table.list tbody tr td a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/people/\d+/"))
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert not errors, f"the page logged errors: {errors}"


def test_login_link_cannot_be_used_twice(page, demo_server) -> None:
    page.goto(demo_server.login_link)
    page.context.clear_cookies()
    page.goto(demo_server.login_link)
    assert page.get_by_role("heading", level=1).inner_text().startswith("This login link has been used")
