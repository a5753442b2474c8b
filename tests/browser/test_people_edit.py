"""Adding a person in the web form and editing them, in a real browser against the real server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server

pytestmark = pytest.mark.browser


def test_add_a_person_in_the_web_then_edit_their_title(page, fresh_data_env) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with running_server(dict(fresh_data_env, TZ="UTC"), "serve") as server:
        page.goto(server.login_link)
        page.get_by_role("link", name="People", exact=True).first.click()
        page.get_by_role("link", name="Add a person").click()
        page.get_by_label("Name").fill("Dana Reyes")
        page.get_by_label("Organisation").fill("The Tribune")
        page.get_by_label("Job title").fill("Reporter")
        page.get_by_label("Time zone").fill("America/Chicago")
        page.get_by_role("button", name="Add the person").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dana Reyes")
        expect(page.locator(".subtitle")).to_contain_text("Reporter")

        page.get_by_role("link", name="Edit", exact=True).click()
        expect(page.get_by_label("Job title")).to_have_value("Reporter")
        page.get_by_label("Job title").fill("Politics editor")
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dana Reyes")
        expect(page.locator(".subtitle")).to_contain_text("Politics editor")
        expect(page.locator("body")).to_contain_text("Title changed from “Reporter” to “Politics editor”")

        assert not errors, f"the page logged errors: {errors}"

        # A bad time zone is shown next to its field (the answer is a 400, which the browser logs), and
        # nothing changes.
        page.get_by_role("link", name="Edit", exact=True).click()
        page.get_by_label("Time zone").fill("Mars/Olympus")
        page.get_by_role("button", name="Save changes").click()
        expect(page.locator("#id_timezone-error")).to_contain_text("unknown time zone")
        page.get_by_role("link", name="← Dana Reyes").click()
        expect(page.locator(".facts")).to_contain_text("America/Chicago")
    assert all("400" in error for error in errors), errors
