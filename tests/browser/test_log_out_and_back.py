"""Logging out does not lock you out: the page says to run `coffeechat login-link`, whose link logs you in."""

from __future__ import annotations

import re

import pytest

from browser.conftest import running_server
from conftest import run_coffeechat

pytestmark = pytest.mark.browser


def test_log_out_then_back_in_with_a_link_from_the_cli(page, fresh_data_env) -> None:
    with running_server(fresh_data_env, "serve") as server:
        page.goto(server.login_link)
        page.get_by_role("button", name="Log out").click()
        assert page.get_by_role("heading", level=1).inner_text() == "You are logged out"
        assert "coffeechat login-link" in page.locator("main").inner_text()
        page.goto(server.base_url + "/people/")
        page.wait_for_url(re.compile(r"/login"))

        made = run_coffeechat(server.env, "login-link")
        assert made.returncode == 0, made.stderr
        link = re.search(r"http://127\.0\.0\.1:\d+/login\?token=\S+", made.stdout)
        assert link is not None
        page.goto(link.group(0))
        page.get_by_role("link", name="People").click()
        page.wait_for_url(re.compile(r"/people/"))
        cookies = {cookie["name"] for cookie in page.context.cookies()}
        port = server.base_url.rsplit(":", 1)[1]
        assert any(name.startswith(f"coffeechat_session_{port}_") for name in cookies), cookies
