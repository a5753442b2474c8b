"""A new user's first hour in the browser, from an empty home (not the demo), against the real server:
make a goal, add a person, fix their title, schedule a conversation, hold it with notes, find a word of
the notes in search and read them on the person's timeline — with no console error on the way."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server

pytestmark = pytest.mark.browser

NOTES = "Learn SQL before another charting tool; ask Marisol about the statehouse beat"


def test_first_hour_in_the_browser_from_an_empty_home(page, fresh_data_env) -> None:
    env = dict(fresh_data_env, TZ="UTC")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    with running_server(env, "serve") as server:
        page.goto(server.login_link)
        # An empty home: the dashboard has nobody to show yet.
        page.get_by_role("link", name="People", exact=True).first.click()
        expect(page.locator("body")).to_contain_text("Your network is empty.")

        # 1. A goal.
        page.get_by_role("link", name="Goals", exact=True).first.click()
        form = page.locator(".new-goal")
        form.get_by_label("Goal", exact=True).fill("Data journalism")
        form.get_by_label("Field pack for questions").select_option("newsroom_politics")
        form.get_by_role("button", name="Add this goal").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Data journalism")

        # 2. A person, added in the web.
        page.get_by_role("link", name="People", exact=True).first.click()
        page.get_by_role("link", name="Add a person").click()
        page.get_by_label("Name").fill("Dana Reyes")
        page.get_by_label("Organisation").fill("The Tribune")
        page.get_by_label("Job title").fill("Politics editor")
        page.get_by_label("Time zone").fill("America/Chicago")
        page.get_by_role("button", name="Add the person").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dana Reyes")
        person_url = page.url

        # 3. Their title, fixed.
        page.get_by_role("link", name="Edit", exact=True).click()
        page.get_by_label("Job title").fill("Managing editor")
        page.get_by_role("button", name="Save changes").click()
        expect(page.locator(".subtitle")).to_contain_text("Managing editor")
        expect(page.locator("body")).to_contain_text("Title changed from “Politics editor” to “Managing editor”")

        # 4. A conversation, yesterday afternoon in their zone (so it can be held now).
        day = datetime.now() - timedelta(days=1)
        page.get_by_role("link", name="Schedule", exact=True).click()
        expect(page.get_by_label("Their time zone")).to_have_value("America/Chicago")
        page.get_by_label("Their time", exact=True).fill(day.strftime("%Y-%m-%dT14:00"))
        expect(page.locator("#zones .their-time")).to_contain_text("14:00-14:20")
        page.get_by_role("button", name="Schedule", exact=True).click()
        expect(page.locator(".flash li")).to_contain_text(
            re.compile(re.escape(f"Scheduled: {day:%a} {day.day} {day:%b %Y} 14:00-14:20 ") + r"C[SD]T for them")
        )

        # 5. Held, with notes, from the person page's "Record what happened".
        page.goto(person_url)
        record = page.locator("section.record")
        record.locator("summary", has_text="Conversation held").click()
        held = record.locator("details", has_text="Conversation held")
        held.get_by_label("First notes").fill(NOTES)
        held.get_by_role("button", name="Log: conversation held").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dana Reyes")
        expect(page.locator(".conversation-card")).to_contain_text("Held")

        # 6. A word of the notes, found by the search box on every page.
        box = page.get_by_role("searchbox", name="Search people, notes, insights and messages")
        box.fill("statehouse")
        box.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Search")
        hits = page.locator(".search-results .hit")
        expect(hits).to_have_count(1)
        expect(hits.first).to_contain_text("Dana Reyes")
        expect(hits.first.locator("mark")).to_have_text("statehouse")

        # 7. The note, on the person page's one timeline.
        hits.first.get_by_role("link", name="Dana Reyes").click()
        expect(page).to_have_url(re.compile(re.escape(person_url)))
        timeline = page.locator(".person-timeline")
        note = timeline.locator(".timeline-entry.written", has_text="statehouse")
        expect(note).to_have_count(1)
        expect(note).to_contain_text(NOTES)
        expect(timeline).to_contain_text("Title changed")
        expect(timeline).to_contain_text("Conversation set for")
    assert not errors, f"the page logged errors: {errors}"
