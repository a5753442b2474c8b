"""Live mode in a real browser: the timer's warning, the checklist, notes that survive a reload, captures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server
from conftest import run_coffeechat

pytestmark = pytest.mark.browser


def practice_with_a_meeting(env: dict[str, str], minutes: int) -> int:
    """Dana Reyes with a conversation of ``minutes``; returns the conversation's id."""
    for args in (("add", "Sam Okafor", "--org", "The Tribune", "--title", "Metro editor",
                  "--email", "sam@tribune.example"),
                 ("settings", "set", "your_name", "Alex Kim"),
                 ("log", "meeting", "sam", "--at", "+1h", "--minutes", "20")):
        result = run_coffeechat(env, *args)
        assert result.returncode == 0, result.stderr
    conversation = json.loads(run_coffeechat(env, "prep", "sam", "--json").stdout)["conversation"]["id"]
    # Bookings are 5 minutes or more; a 3-minute call keeps the timer test short.
    code = (
        "from coffeechat.bootstrap import start; start()\n"
        "from coffeechat.models import Conversation\n"
        f"Conversation.objects.filter(pk={conversation}).update(minutes={minutes})\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    return conversation


def test_the_timer_warns_two_minutes_before_the_end_and_nudges_after(page, fresh_data_env) -> None:
    conversation = practice_with_a_meeting(fresh_data_env, 3)
    with running_server(fresh_data_env, "serve") as server:
        page.clock.install(time=datetime.now())
        page.goto(server.login_link)
        page.goto(f"{server.base_url}/conversations/{conversation}/live")
        clock = page.locator("#timer-clock")
        expect(clock).to_have_text("3:00")
        page.get_by_role("button", name="Start").click()
        warning, over = page.locator("#timer-warning"), page.locator("#timer-over")
        page.clock.fast_forward("00:50")
        expect(clock).to_have_text("2:10")
        expect(warning).to_be_hidden()
        page.clock.fast_forward("00:15")
        expect(warning).to_be_visible()
        expect(over).to_be_hidden()
        page.clock.fast_forward("02:00")
        expect(over).to_be_visible()
        expect(over).to_contain_text("Ask whether they have a few more minutes")
        expect(clock).to_have_text(re.compile(r"^\+0:0\d$"))
        # The count survives a reload: the start time is kept in the browser.
        page.reload()
        expect(over).to_be_visible()


def test_a_whole_conversation_in_live_mode(page, fresh_data_env) -> None:
    conversation = practice_with_a_meeting(fresh_data_env, 20)
    with running_server(fresh_data_env, "serve") as server:
        page.goto(server.login_link)
        live_url = f"{server.base_url}/conversations/{conversation}/live"
        page.goto(live_url)

        # Tap the first question, then rate its answer.
        first = page.locator(".plan-item").first
        first.locator(".tick").click()
        expect(page.locator(".plan-item").first).to_have_class(re.compile("answered"))
        page.locator(".plan-item").first.get_by_role("button", name="Rate 5 of 5").click()
        expect(page.locator(".plan-item").first.locator(".rate.chosen")).to_have_text("5")

        # Notes save as they are typed, and are there after a reload.
        notes = page.locator("#notes-box")
        notes.fill("Started on the metro desk in 2015.")
        expect(page.locator("#notes-status")).to_contain_text("Saved")
        page.reload()
        expect(page.locator("#notes-box")).to_have_value("Started on the metro desk in 2015.")
        expect(page.locator(".plan-item").first).to_have_class(re.compile("answered"))

        # The connection drops: what is typed is kept in the browser and saved after the reload.
        page.route("**/notes", lambda route: route.abort())
        page.locator("#notes-box").fill("Started on the metro desk in 2015. Clips matter more than grades.")
        page.wait_for_timeout(1200)
        page.unroute("**/notes")
        page.reload()
        expect(page.locator("#notes-box")).to_have_value(
            "Started on the metro desk in 2015. Clips matter more than grades."
        )
        expect(page.locator("#notes-status")).to_contain_text("Saved")
        page.reload()
        expect(page.locator("#notes-box")).to_have_value(re.compile("Clips matter more than grades"))

        # One-tap captures: a referral and an insight.
        page.get_by_label("Someone to talk to").fill("talk to Dana Reyes at the Tribune")
        page.get_by_role("button", name="Add referral").click()
        expect(page.locator("#captures")).to_contain_text("Dana Reyes")
        expect(page.get_by_label("Someone to talk to")).to_have_value("")
        page.get_by_label("Insight", exact=True).fill("Most hires come through the summer fellowship")
        page.get_by_label("Theme").fill("hiring")
        page.get_by_role("button", name="Add insight").click()
        expect(page.locator("#captures")).to_contain_text("summer fellowship")

        # End: the thank-you draft cites the insight and the referral.
        page.get_by_role("button", name=re.compile("mark held")).click()
        expect(page).to_have_url(re.compile(r"/thank-you$"))
        body = page.locator("textarea[name=body]")
        expect(body).to_contain_text("summer fellowship")
        expect(body).to_contain_text("Dana Reyes")

        # Dana is a new person, referred by Sam.
        page.goto(f"{server.base_url}/search/?q=Dana")
        page.get_by_role("link", name="Dana Reyes").first.click()
        expect(page.locator(".facts")).to_contain_text("referred by Sam Okafor")
