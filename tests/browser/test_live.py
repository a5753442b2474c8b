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

        # The connection drops: the page says so, and what is typed is kept and saved after the reload.
        page.route("**/notes", lambda route: route.abort())
        page.locator("#notes-box").fill("Started on the metro desk in 2015. Clips matter more than grades.")
        expect(page.locator("#notes-status")).to_contain_text("Not saved")
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


def open_live(page, server, conversation: int) -> None:
    page.goto(server.login_link)
    page.goto(f"{server.base_url}/conversations/{conversation}/live")


def test_a_failed_save_says_not_saved_keeps_the_text_and_retries(page, fresh_data_env) -> None:
    conversation = practice_with_a_meeting(fresh_data_env, 20)
    with running_server(fresh_data_env, "serve") as server:
        open_live(page, server, conversation)
        status, box = page.locator("#notes-status"), page.locator("#notes-box")
        page.route("**/notes", lambda route: route.abort("connectionrefused"))
        box.fill("She said: apply to the summer fellowship by March.")
        expect(status).to_contain_text("Not saved — the server cannot be reached")
        expect(status).to_have_class(re.compile("notes-unsaved"))
        # "Save now" while the server is away neither leaves the page nor drops the text.
        page.get_by_role("button", name="Save now").click()
        expect(status).to_contain_text("Not saved")
        expect(page).to_have_url(re.compile(r"/live$"))
        expect(box).to_have_value("She said: apply to the summer fellowship by March.")
        page.wait_for_timeout(2500)  # a retry comes and fails: the state stays
        expect(status).to_contain_text("Not saved")
        kept = page.evaluate(f"JSON.parse(localStorage.getItem('coffeechat:notes:{conversation}')).text")
        assert kept == "She said: apply to the summer fellowship by March."
        page.unroute("**/notes")
        expect(status).to_contain_text("Saved", timeout=20_000)
        expect(status).not_to_contain_text("Not saved")
        assert page.evaluate(f"localStorage.getItem('coffeechat:notes:{conversation}')") is None
        page.reload()
        expect(box).to_have_value("She said: apply to the summer fellowship by March.")


def test_a_signed_out_save_is_not_called_saved(page, fresh_data_env) -> None:
    conversation = practice_with_a_meeting(fresh_data_env, 20)
    with running_server(fresh_data_env, "serve") as server:
        open_live(page, server, conversation)
        page.context.clear_cookies()  # the session ends while the page is open
        page.locator("#notes-box").fill("Typed after the session ended")
        expect(page.locator("#notes-status")).to_contain_text("Not saved")
        expect(page.locator("#notes-status")).not_to_contain_text("Saved 2")


def test_typed_text_survives_a_reload_from_the_browser_copy(page, fresh_data_env) -> None:
    conversation = practice_with_a_meeting(fresh_data_env, 20)
    with running_server(fresh_data_env, "serve") as server:
        open_live(page, server, conversation)
        page.route("**/notes", lambda route: route.abort())
        page.locator("#notes-box").fill("Unsaved words about the copy desk")
        expect(page.locator("#notes-status")).to_contain_text("Not saved")
        page.reload()  # the server is still unreachable for saves
        expect(page.locator("#notes-box")).to_have_value("Unsaved words about the copy desk")
        expect(page.locator("#notes-status")).to_contain_text("Not saved")
        page.unroute("**/notes")
        expect(page.locator("#notes-status")).to_contain_text("Saved", timeout=20_000)
        shown = run_coffeechat(fresh_data_env, "show", "sam")
        assert "Unsaved words about the copy desk" in shown.stdout


def test_a_stale_tab_shows_both_texts_and_the_user_chooses(page, fresh_data_env) -> None:
    conversation = practice_with_a_meeting(fresh_data_env, 20)
    with running_server(fresh_data_env, "serve") as server:
        open_live(page, server, conversation)
        page.locator("#notes-box").fill("First words")
        expect(page.locator("#notes-status")).to_contain_text("Saved")
        other = page.context.new_page()
        other.goto(f"{server.base_url}/conversations/{conversation}/live")
        with other.expect_response(re.compile(r"/notes$")) as answer:
            other.locator("#notes-box").fill("First words, then the other tab's")
        assert answer.value.json()["status"] == "saved"
        other.close()
        # A note added from the terminal meanwhile is a note of its own, untouched by the box.
        assert run_coffeechat(fresh_data_env, "note", "sam", "From the terminal").returncode == 0
        page.locator("#notes-box").fill("First words, and this stale tab's")
        conflict = page.locator("#notes-conflict")
        expect(conflict).to_be_visible()
        expect(page.locator("#notes-status")).to_contain_text("Not saved")
        expect(page.locator("#conflict-theirs")).to_have_value("First words, then the other tab's")
        expect(page.locator("#conflict-mine")).to_have_value("First words, and this stale tab's")
        page.get_by_role("button", name=re.compile("Keep both")).click()
        expect(conflict).to_be_hidden()
        expect(page.locator("#notes-status")).to_contain_text("Saved")
        shown = run_coffeechat(fresh_data_env, "show", "sam").stdout
        assert "First words, then the other tab's\n" in shown.replace("              ", "")
        assert "First words, and this stale tab's" in shown and "From the terminal" in shown
