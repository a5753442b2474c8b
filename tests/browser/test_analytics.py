"""The Stats page in a real browser: the charts draw, read as text, and print."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_stats_charts_render_and_print(page, demo_server) -> None:
    page.goto(demo_server.login_link)
    page.get_by_role("link", name="Stats").click()
    expect(page.get_by_role("heading", name="How your practice is going")).to_be_visible()
    funnel = page.locator("figure.chart svg").first
    expect(funnel).to_be_visible()
    requests = page.locator('[data-stat="requests"]').text_content()
    # The number beside the first bar is the same as the headline number.
    expect(funnel.locator("text.bar-value").first).to_have_text(requests or "")
    assert funnel.locator("rect.bar").first.bounding_box()["width"] > 100  # type: ignore[index]
    ARTIFACTS.mkdir(exist_ok=True)
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "stats-print.png"), full_page=True)
