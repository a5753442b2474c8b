"""The target board in a real browser: changing a score re-ranks the list in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server
from conftest import run_coffeechat

pytestmark = pytest.mark.browser


def test_raising_motivation_moves_a_target_to_the_top(page, fresh_data_env) -> None:
    env = dict(fresh_data_env, TZ="UTC")
    for name, motivation in (("Alpha Media", "3"), ("Beacon Policy", "2"), ("Civic Lab", "1")):
        assert run_coffeechat(env, "targets", "set", name, "--motivation", motivation).returncode == 0
    assert run_coffeechat(env, "add", "Dana Reyes", "--org", "Civic Lab", "--title", "Analyst").returncode == 0
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with running_server(env, "serve") as server:
        page.goto(server.login_link)
        page.get_by_role("link", name="Targets").click()
        names = page.locator("#board tbody tr .target-name")
        expect(names).to_have_text(["Alpha Media", "Beacon Policy", "Civic Lab"])
        expect(page.locator("#board tr", has_text="Civic Lab")).to_contain_text("Dana Reyes")
        expect(page.locator("#board tr", has_text="Beacon Policy")).to_contain_text("Nobody there yet")
        url = page.url
        page.get_by_label("Motivation for Civic Lab").select_option("4")
        expect(names).to_have_text(["Civic Lab", "Alpha Media", "Beacon Policy"])
        expect(page.locator("#board tr", has_text="Civic Lab")).to_contain_text("pulled into the top five")
        # htmx binds the new board's forms when the swap settles; a person is never that fast, a test is.
        page.wait_for_load_state("networkidle")
        expect(page.locator(".htmx-settling, .htmx-request")).to_have_count(0)
        page.get_by_label("Posting for Beacon Policy").select_option("3")
        expect(page.locator("#board tr", has_text="Beacon Policy").locator(".why")).to_contain_text("posting 3")
        assert page.url == url  # edited in place, no page load
        page.reload()
        expect(names).to_have_text(["Civic Lab", "Alpha Media", "Beacon Policy"])
    assert not errors, f"the page logged errors: {errors}"
