"""How long each page of the navigation (and a person's page) takes to load in Chromium on the demo
practice, from the browser's own Navigation Timing. The times are printed, never asserted (speed is judged
by bench/, not by tests); what is asserted is that each page loaded, with no console error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ("/", "/people/", "/targets/", "/questions/", "/import/", "/goals/", "/tasks/", "/stats/", "/network/",
         "/review/", "/sources/", "/settings/", "/search/?q=reyes")

TIMING = """() => {
  const [n] = performance.getEntriesByType("navigation");
  return {ttfb: n.responseStart - n.requestStart, dom: n.domContentLoadedEventEnd - n.startTime,
          load: n.loadEventEnd - n.startTime, bytes: n.transferSize, status: n.responseStatus};
}"""


def test_each_navigation_page_load_is_measured(page, demo_server) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.goto(demo_server.login_link)
    person = page.goto(demo_server.base_url + "/people/")
    assert person is not None and person.ok
    first_person = page.locator("table.list tbody tr td a").first.get_attribute("href")
    assert first_person and first_person.startswith("/people/")
    rows = []
    for path in (*PAGES, first_person):
        response = page.goto(demo_server.base_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        timing = page.evaluate(TIMING)
        assert timing["load"] > 0, f"{path}: the browser recorded no completed load"
        rows.append((path, timing))
    print("\npage load on the demo practice (Navigation Timing, ms)")
    print(f"{'page':<22}{'server (TTFB)':>14}{'DOM ready':>11}{'load':>8}")
    for path, timing in rows:
        print(f"{path:<22}{timing['ttfb']:>14.1f}{timing['dom']:>11.1f}{timing['load']:>8.1f}")
    assert not errors, errors
