"""The research brief in a real browser, on screen and as printed."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server
from conftest import run_coffeechat

pytestmark = pytest.mark.browser


def test_the_brief_renders_and_prints_without_the_app_around_it(page, fresh_data_env) -> None:
    env = fresh_data_env
    for args in (("add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor", "--how", "alumni"),
                 ("settings", "set", "your_name", "Alex Kim"),
                 ("log", "meeting", "dana", "--at", "+2d", "--minutes", "20")):
        assert run_coffeechat(env, *args).returncode == 0
    conversation = json.loads(run_coffeechat(env, "prep", "dana", "--json").stdout)["conversation"]["id"]
    with running_server(env, "serve") as server:
        page.goto(server.login_link)
        page.goto(f"{server.base_url}/people/")
        page.get_by_role("link", name="Dana Reyes").click()
        page.get_by_role("link", name="Prepare").click()
        expect(page).to_have_url(f"{server.base_url}/conversations/{conversation}/brief")
        expect(page.get_by_role("heading", name="Dana Reyes")).to_be_visible()
        expect(page.locator(".intro")).to_contain_text("I'm Alex Kim")
        expect(page.locator(".plan-row")).to_have_count(8)
        expect(page.locator("nav[aria-label=Main]")).to_be_visible()

        page.emulate_media(media="print")
        expect(page.locator("nav[aria-label=Main]")).to_be_hidden()
        expect(page.locator(".topsearch")).to_be_hidden()
        expect(page.locator(".plan-controls").first).to_be_hidden()
        expect(page.locator(".plan-row").first).to_be_visible()
        expect(page.locator(".intro")).to_be_visible()
