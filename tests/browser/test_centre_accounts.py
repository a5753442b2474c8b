"""A career centre in a real browser: the invited student opens the mailed link, chooses a password, logs
out and back in with it, and sees her devices — and ends another browser's session from there."""

from __future__ import annotations

import re
from typing import Any

import pytest

from browser.conftest import running_server
from centre_fixtures import PASSWORD, centre_env, run_with_input
from conftest import run_coffeechat

pytestmark = pytest.mark.browser


def test_accept_an_invitation_log_in_and_see_your_devices(page: Any, browser: Any, fresh_data_env: dict[str, str],
                                                          smtp_server: Any) -> None:
    inbox, smtp_port = smtp_server
    env = centre_env(fresh_data_env, smtp_port)
    made = run_with_input(env, PASSWORD + "\n", "centre", "admin", "careers@uni.example", "--password-stdin")
    assert made.returncode == 0, made.stderr
    with running_server(env, "serve") as server:
        env = {**env, "COFFEECHAT_PUBLIC_URL": server.base_url}
        invited = run_coffeechat(env, "centre", "invite", "ana@uni.example", "--cohort", "MA 2027")
        assert invited.returncode == 0, invited.stderr
        link = re.search(re.escape(server.base_url) + r"/invite/[\w-]+", inbox.received[-1][2].get_content())
        assert link

        page.goto(link.group(0))
        assert "ana@uni.example" in page.locator("main").inner_text()
        page.get_by_label("Your name").fill("Ana Lima")
        page.get_by_label("Password", exact=True).fill("Blue-kettle-5521-north")
        page.get_by_label("The same password again").fill("Blue-kettle-5521-north")
        page.get_by_role("button", name="Create my account").click()
        page.wait_for_url(server.base_url + "/")
        assert "Welcome! Your account is ready." in page.locator("main").inner_text()

        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(re.compile(r"/login$"))
        page.get_by_label("Email").fill("ana@uni.example")
        page.get_by_label("Password").fill("Blue-kettle-5521-north")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(server.base_url + "/")

        # A second browser (another context: its own cookies) logs in too.
        other = browser.new_context()
        try:
            phone = other.new_page()
            phone.goto(server.base_url + "/login")
            phone.get_by_label("Email").fill("ana@uni.example")
            phone.get_by_label("Password").fill("Blue-kettle-5521-north")
            phone.get_by_role("button", name="Log in").click()
            phone.wait_for_url(server.base_url + "/")

            page.get_by_role("link", name="Your devices").click()
            page.wait_for_url(re.compile(r"/devices/$"))
            rows = page.locator("#devices tbody tr")
            assert rows.count() == 2
            mine = page.locator("#devices tr.current")
            assert mine.count() == 1 and "this browser" in mine.inner_text()
            assert "Chrome" in mine.inner_text()
            page.locator("#devices tbody tr:not(.current)").get_by_role("button", name=re.compile("^End")).click()
            page.wait_for_url(re.compile(r"/devices/$"))
            assert page.locator("#devices tbody tr").count() == 1
            assert "That browser is logged out." in page.locator("main").inner_text()

            phone.goto(server.base_url + "/people/")
            phone.wait_for_url(re.compile(r"/login\?next="))
            assert phone.get_by_role("heading", name="Log in").is_visible()
        finally:
            other.close()
