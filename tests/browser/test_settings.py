"""The settings page by hand: labelled fields with choices, a rule between settings refused next to its
field, a save that sticks — and no request of the session answers 404 (the favicon included)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from browser.conftest import LiveServer, running_server

pytestmark = pytest.mark.browser


@pytest.fixture
def empty_server(fresh_data_env: dict[str, str]) -> Iterator[LiveServer]:
    """A new, empty practice served by the real program."""
    with running_server(fresh_data_env, "serve") as server:
        yield server


def test_settings_show_labelled_choices_refuse_incoherent_values_and_save(page, empty_server) -> None:
    missing: list[str] = []
    errors: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(empty_server.login_link)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    for legend in ("You", "The follow-up clock", "Conversations", "Sending email"):
        expect(page.get_by_role("group", name=legend)).to_be_visible()
    country = page.get_by_label("Your country (for public holidays)")
    expect(country.locator("option", has_text="United Kingdom (GB)")).to_have_count(1)
    expect(page.get_by_label("Connection security").locator("option")).to_have_text(
        ["STARTTLS (usually port 587)", "SSL/TLS (usually port 465)", "None (only for a server on this computer)"])
    expect(page.get_by_label("Request message rules")).to_have_value("6point")
    expect(page.get_by_label("Your time zone")).to_have_attribute("list", "zone-names")
    expect(page.locator("#zone-names option[value='Europe/London']")).to_have_count(1)

    page.get_by_label("Days before a second contact").fill("8")
    page.get_by_label("Your name").fill("Alex Kim")
    page.get_by_role("button", name="Save settings").click()
    alert = page.locator(".field.has-error").get_by_role("alert")
    expect(alert).to_have_text("the second contact (8 business days) must come before the follow-up (7 business days)")
    expect(page.locator(".field.has-error label")).to_have_text("Days before a second contact")
    expect(page.get_by_label("Days before a second contact")).to_have_value("8")

    page.get_by_label("Days before a second contact").fill("2")
    country.select_option(label="United Kingdom (GB)")
    page.get_by_label("Your time zone").fill("Europe/London")
    page.get_by_label("Connection security").select_option("ssl")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash")).to_contain_text("Settings saved.")
    page.reload()
    expect(page.get_by_label("Your name")).to_have_value("Alex Kim")
    expect(page.get_by_label("Days before a second contact")).to_have_value("2")
    expect(country).to_have_value("GB")
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/London")
    expect(page.get_by_label("Connection security")).to_have_value("ssl")
    icon = page.request.get(empty_server.base_url + "/favicon.ico")
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
    assert not missing, missing
    # The refused save answers 400 (Bad Request), which Chromium notes in the console; nothing else may.
    assert [e for e in errors if "status of 400" not in e] == [], errors
