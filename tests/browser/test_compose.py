"""The composer in a real browser: the live checker follows the typing, copy works, "I sent it" logs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server
from conftest import run_coffeechat

pytestmark = pytest.mark.browser

ASKS_FOR_A_JOB = ("Hi Dana,\n\nAs a fellow Northwestern alum, your move to The Tribune caught my eye. "
                  "I'm exploring data journalism and, more broadly, news and politics. "
                  "Do you have a job for me")


def test_live_checker_flips_a_rule_while_typing_then_copy_and_log(page, fresh_data_env) -> None:
    env = dict(fresh_data_env, TZ="UTC")
    for key, value in (("your_name", "Sam Rivera"), ("your_school", "Northwestern")):
        assert run_coffeechat(env, "settings", "set", key, value).returncode == 0
    assert run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune", "--email", "dana@tribune.example",
                          "--how", "alumni").returncode == 0
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with running_server(env, "serve") as server:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base_url)
        page.goto(server.login_link)
        page.get_by_role("link", name="People").click()
        page.get_by_role("link", name="Dana Reyes").click()
        page.get_by_role("link", name="Write a request").click()
        expect(page.locator("#checked")).to_contain_text("Every rule passes.")

        body = page.get_by_role("textbox", name="Message")
        body.fill(ASKS_FOR_A_JOB)
        jobs_rule = page.locator('#checked li[data-rule="insight_not_jobs"]')
        question_rule = page.locator('#checked li[data-rule="question"]')
        expect(jobs_rule).to_have_class(re.compile(r"\bfail\b"))
        expect(question_rule).to_have_class(re.compile(r"\bfail\b"))

        # Rewrite the ask, key by key: the question rule and the jobs rule turn to pass as the user types.
        body.press("End")
        for _ in range(len("a job for me")):
            body.press("Backspace")
        body.press_sequentially("any advice for me?", delay=20)
        expect(jobs_rule).to_have_class(re.compile(r"\bpass\b"))
        expect(question_rule).to_have_class(re.compile(r"\bpass\b"))
        expect(page.locator("#mailto-link")).to_have_attribute("href", re.compile(r"advice%20for%20me%3F"))

        page.get_by_role("button", name="Copy the message").click()
        expect(page.locator(".copied")).to_contain_text("Copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Subject: A fellow Northwestern alum") and copied.endswith("any advice for me?")

        page.locator(".send-way", has_text="Copy and paste").get_by_role("button", name="I sent it").click()
        page.wait_for_url(re.compile(r"/people/\d+/$"))
        expect(page.locator(".flash li")).to_contain_text("follow-up clock is running")
        expect(page.locator(".timeline")).to_contain_text("Request sent to Dana Reyes")
    assert not errors, f"the page logged errors: {errors}"
