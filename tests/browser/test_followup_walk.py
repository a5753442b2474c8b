"""Request → no reply → next contact → reply → meeting → thank-you, all through the web pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server
from conftest import run_coffeechat

pytestmark = pytest.mark.browser


def local_input(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def record(page, person_url: str, label: str, when: str | None = None) -> None:
    page.goto(person_url)
    form = page.locator("details", has=page.locator(f"summary:text-is('{label}')"))
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    if when:
        form.locator("input[name=when]").fill(when)
    form.get_by_role("button").click()
    expect(page.locator(".flash li")).to_be_visible()


def test_the_follow_up_clock_through_the_dashboard(page, fresh_data_env) -> None:
    env = dict(fresh_data_env, TZ="UTC")
    for name, title in (("Dana Reyes", "Politics editor"), ("Sam Park", "Data reporter")):
        assert run_coffeechat(env, "add", name, "--org", "The Tribune", "--title", title).returncode == 0
    now = datetime.now(UTC)
    with running_server(env, "serve") as server:
        page.goto(server.login_link)
        page.get_by_role("link", name="People").click()
        page.get_by_role("link", name="Dana Reyes").click()
        dana_url = page.url

        # A request ten days ago, no reply: the dashboard says to try a second person there, and to follow up.
        record(page, dana_url, "Request sent", local_input(now - timedelta(days=10)))
        page.get_by_role("link", name="What's next").click()
        next_contact = page.locator("li.kind-next_contact")
        expect(next_contact).to_contain_text("No reply from Dana Reyes")
        expect(next_contact.get_by_role("link", name="Sam Park")).to_be_visible()
        expect(page.locator("li.kind-follow_up")).to_be_visible()

        # She replies: nothing more at The Tribune.
        record(page, dana_url, "They replied", local_input(now - timedelta(days=1)))
        page.get_by_role("link", name="What's next").click()
        expect(page.locator("li.kind-next_contact")).to_have_count(0)
        expect(page.locator("li.kind-follow_up")).to_have_count(0)

        # A meeting two hours ago, then held: a thank-you is due.
        record(page, dana_url, "Conversation scheduled", local_input(now - timedelta(hours=2)))
        record(page, dana_url, "Conversation held")
        page.get_by_role("link", name="What's next").click()
        thank_you = page.locator("li.kind-thank_you")
        expect(thank_you).to_contain_text("Thank Dana Reyes")

        # Mark the notes action done in place (htmx), then log the thank-you.
        notes = page.locator("li.kind-log_notes")
        notes.get_by_role("button", name=re.compile("Mark done")).click()
        expect(page.locator("li.kind-log_notes")).to_have_count(0)
        record(page, dana_url, "Thank-you sent")
        page.get_by_role("link", name="What's next").click()
        expect(page.locator("li.kind-thank_you")).to_have_count(0)
        expect(page.get_by_text("Nothing is due")).to_be_visible()
