"""The scheduling form in a real browser: both zones as you pick, then the .ics to download."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server
from conftest import run_coffeechat
from invite_reader import read_invite

pytestmark = pytest.mark.browser


def test_schedule_shows_both_zones_and_offers_the_invite(page, fresh_data_env, tmp_path) -> None:
    env = dict(fresh_data_env, TZ="UTC", COFFEECHAT_NOW="2026-02-20 09:00")
    for key, value in (("timezone", "America/Los_Angeles"), ("your_email", "sam@example.edu")):
        assert run_coffeechat(env, "settings", "set", key, value).returncode == 0
    assert run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune", "--email", "dana@tribune.example",
                          "--tz", "America/New_York").returncode == 0
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with running_server(env, "serve") as server:
        page.goto(server.login_link)
        page.get_by_role("link", name="People").click()
        page.get_by_role("link", name="Dana Reyes").click()
        page.get_by_role("link", name="Schedule").click()
        expect(page.get_by_label("Their time zone")).to_have_value("America/New_York")
        page.get_by_label("Their time", exact=True).fill("2026-03-04T14:00")
        zones = page.locator("#zones")
        expect(zones.locator(".their-time")).to_have_text("Wed 4 Mar 2026 14:00-14:20 EST")
        expect(zones.locator(".your-time")).to_have_text("Wed 4 Mar 2026 11:00-11:20 PST")
        page.get_by_role("button", name="Schedule").click()
        expect(page.locator(".flash li")).to_contain_text("11:00-11:20 PST for you")
        upcoming = page.locator("dl.upcoming")
        expect(upcoming.locator(".their-time")).to_contain_text("14:00-14:20 EST")
        expect(upcoming.locator(".your-time")).to_contain_text("11:00-11:20 PST")
        with page.expect_download() as downloading:
            page.get_by_role("link", name=re.compile("Download the invite")).click()
        saved = tmp_path / "invite.ics"
        downloading.value.save_as(saved)
        info = read_invite(saved.read_bytes())
        assert info.method == "REQUEST" and info.sequence == 0
        assert info.start.hour == 14 and str(info.start.tzinfo) == "America/New_York"
    assert not errors, f"the page logged errors: {errors}"
