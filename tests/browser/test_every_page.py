"""Every page of the demo opens from the navigation without a console error, and the settings page and
journalism mode work by hand in the browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NAVIGATION = (
    ("What's next", "What's next"), ("People", "People"), ("Targets", "Targets"), ("Questions", "Question bank"),
    ("Import & export", None), ("Goals", "Goals"), ("Stats", "How your practice is going"),
    ("Network", None), ("Review", "Weekly review"), ("Sources", "Source book"), ("Settings", "Settings"),
)


def test_every_page_opens_cleanly(page, demo_server) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.goto(demo_server.login_link)
    for link, heading in NAVIGATION:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("link", name=link, exact=True)).to_have_attribute("aria-current", "page")
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.get_by_role("searchbox").fill("reyes")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.locator("main")).to_contain_text("Reyes")
    assert not errors, errors


def test_settings_and_journalism_mode_by_hand(page, demo_server) -> None:
    page.goto(demo_server.login_link)
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_label("Your time zone").fill("Narnia/Cair_Paravel")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("unknown time zone")
    page.get_by_label("Your time zone").fill("America/Chicago")
    page.get_by_label("Country").select_option("US")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash")).to_contain_text("Settings saved")
    expect(page.get_by_label("Country")).to_have_value("US")

    page.get_by_role("link", name="People", exact=True).click()
    page.locator("table.list tbody tr td a").first.click()
    name = page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Ground rules agreed").fill("On background; quotes only with their OK")
    page.get_by_role("button", name="Switch to reporting").click()
    expect(page.locator(".ground-rules")).to_contain_text("On background")
    page.get_by_role("link", name="Sources", exact=True).click()
    expect(page.locator("table.list")).to_contain_text(name)
    expect(page.locator("table.list")).to_contain_text(re.compile("quotes only with their OK"))
