"""Import a LinkedIn export through the web page, then merge a duplicate from the Duplicates page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.conftest import running_server
from conftest import run_coffeechat

pytestmark = pytest.mark.browser

LINKEDIN = Path(__file__).resolve().parents[1] / "fixtures" / "merge" / "linkedin_before.csv"


def test_upload_preview_import_then_merge_a_duplicate(page, fresh_data_env) -> None:
    env = dict(fresh_data_env, TZ="UTC")
    with running_server(env, "serve") as server:
        page.goto(server.login_link)
        page.get_by_role("link", name="Import & export").click()
        page.locator("input[type=file]").set_input_files(str(LINKEDIN))
        page.get_by_role("button", name="Preview").click()

        preview = page.locator("section.preview")
        expect(preview).to_contain_text("Read as LinkedIn (guessed from the file)")
        expect(preview.locator("[data-count=created]")).to_have_text("3")
        expect(preview.locator("[data-count=skipped]")).to_have_text("0")
        preview.get_by_role("button", name="Import").click()

        expect(page.locator(".flash li")).to_contain_text("3 new")
        for name in ("Dana Reyes", "Marcus Okafor", "Priya Nair"):
            expect(page.get_by_role("link", name=name)).to_be_visible()

        # The same person typed in by hand with her email: the Duplicates page offers to merge them.
        added = run_coffeechat(env, "add", "Dana R.", "--email", "dana.reyes@tribune.example", "--phone", "555-0100")
        assert added.returncode == 0, added.stderr
        page.goto(server.base_url + "/people/duplicates/")
        pair = page.locator("li.pair")
        expect(pair).to_have_count(1)
        expect(pair).to_contain_text("Same email (dana.reyes@tribune.example)")
        pair.get_by_role("button", name="Merge Dana R. into Dana Reyes…").click()
        # The merge asks first, saying what will happen; only the confirmation merges.
        page.get_by_role("button", name="Yes, merge Dana R. into Dana Reyes").click()

        expect(page.locator(".flash li")).to_contain_text("Dana R. is merged into Dana Reyes")
        expect(page.get_by_text("No duplicates")).to_be_visible()
        page.goto(server.base_url + "/people/?q=dana")
        page.get_by_role("link", name="Dana Reyes").click()
        expect(page.locator(".facts")).to_contain_text("555-0100")
        expect(page.locator(".timeline")).to_contain_text("Merged with the record of Dana R.")
