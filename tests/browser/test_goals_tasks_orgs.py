"""From an empty home: a goal made and edited in the goals pages, a task added and closed on a person's
page, and the organisation page reached from the person — in a real browser against the real server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server
from conftest import run_coffeechat

pytestmark = pytest.mark.browser


def test_goal_task_and_organisation_from_an_empty_home(page, fresh_data_env) -> None:
    env = dict(fresh_data_env, TZ="UTC")
    assert run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune", "--title", "Reporter").returncode == 0
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with running_server(env, "serve") as server:
        page.goto(server.login_link)
        page.get_by_role("link", name="Goals", exact=True).first.click()
        form = page.locator(".new-goal")
        form.get_by_label("Goal", exact=True).fill("Data journalism")
        form.get_by_label("Field pack for questions").select_option("newsroom_politics")
        form.get_by_label("A question you want answered").fill("Which tools did you learn first?")
        form.get_by_role("button", name="Add this goal").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Data journalism")
        expect(page.locator(".goal-questions")).to_contain_text("Which tools did you learn first?")

        edit = page.locator(".goal-edit")
        edit.locator("summary").click()
        edit.get_by_label("The job you want").fill("data reporter")
        edit.get_by_role("button", name="Save the goal").click()
        expect(page.locator(".goal-facts")).to_contain_text("data reporter")

        page.get_by_role("link", name="People", exact=True).first.click()
        page.get_by_role("link", name="Dana Reyes").first.click()
        tasks = page.locator("#tasks-person")
        tasks.locator(".task-add summary").click()
        tasks.locator(".task-add").get_by_label("Task", exact=True).fill("Send my clips")
        tasks.locator(".task-add").get_by_label("Due").fill("2030-01-15")
        tasks.get_by_role("button", name="Add the task").click()
        row = page.locator("#tasks-person .task", has_text="Send my clips")
        expect(row).to_contain_text("Tue 15 Jan 2030")
        row.get_by_role("button", name="Done: Send my clips").click()
        expect(page.locator("#tasks-person .task")).to_have_count(0)

        page.locator(".subtitle").get_by_role("link", name="The Tribune").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The Tribune")
        expect(page.locator(".org-people")).to_contain_text("Dana Reyes")
    assert not errors, f"the page logged errors: {errors}"
