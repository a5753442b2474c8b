"""Issue 15's acceptance, in a real browser against `coffeechat serve` in centre mode on PostgreSQL: an admin
invites an advisor and two students on the Accounts page; each accepts the mailed link; a student shares
"counts only" — the advisor sees the counts and not the notes; she raises it to "everything" — the advisor
sees the notes (never her journalism sources), and her "Who looked" page lists each look; the other
student sees nothing of hers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import running_server
from centre_fixtures import PASSWORD, centre_env, run_with_input
from centre_practice import CAREER_NOTE, CONVERSATION_NOTE, SOURCE_MARKERS, SOURCE_NAME

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

SEED = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {tests!r})
    from coffeechat.bootstrap import start
    start()
    from django.contrib.auth.models import User
    from centre_practice import add_career_and_sources
    ana = User.objects.get(email="ana@uni.example")
    made = add_career_and_sources(ana)
    print(json.dumps({{"ana": ana.pk, "dana": made["dana"].pk, "conversation": made["held"].pk}}))
""")


def invite_link(inbox: Any, base_url: str, to: str) -> str:
    bodies = [message.get_content() for _, rcpt, message in inbox.received if to in rcpt]
    assert bodies, f"no invitation mailed to {to}"
    # The link names the centre's public address (COFFEECHAT_PUBLIC_URL); this test's server is elsewhere.
    found = re.search(r"http://127\.0\.0\.1:\d+(/invite/[\w-]+)", bodies[-1])
    assert found, bodies[-1]
    return base_url + found.group(1)


def accept(tab: Any, link: str, name: str, base_url: str) -> None:
    tab.goto(link)
    tab.get_by_label("Your name").fill(name)
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_label("The same password again").fill(PASSWORD)
    tab.get_by_role("button", name="Create my account").click()
    tab.wait_for_url(base_url + "/")


def log_in(tab: Any, base_url: str, email: str) -> None:
    tab.goto(base_url + "/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(base_url + "/")


def share(tab: Any, base_url: str, level: str) -> None:
    tab.goto(base_url + "/")
    tab.get_by_role("link", name="Sharing").click()
    tab.wait_for_url(re.compile(r"/centre/sharing/$"))
    tab.get_by_label("What Lee Park sees").select_option(label=level)
    tab.locator("#sharing").get_by_role("button", name="Save").click()
    tab.wait_for_url(re.compile(r"/centre/sharing/$"))
    assert "Saved" in tab.locator("main").inner_text()


def test_the_career_centre_acceptance(page: Any, browser: Any, fresh_data_env: dict[str, str],
                                      smtp_server: Any) -> None:
    inbox, smtp_port = smtp_server
    env = centre_env(fresh_data_env, smtp_port)
    made = run_with_input(env, PASSWORD + "\n", "centre", "admin", "boss@uni.example", "--password-stdin")
    assert made.returncode == 0, made.stderr
    with running_server(env, "serve") as server:
        base = server.base_url
        # The admin invites an advisor and two students on the Accounts page.
        log_in(page, base, "boss@uni.example")
        page.get_by_role("link", name="Accounts").click()
        page.wait_for_url(re.compile(r"/centre/accounts/$"))
        for email, name, role, cohort in (("lee@uni.example", "Lee Park", "Advisor", ""),
                                          ("ana@uni.example", "Ana Lima", "Student", "MA 2027"),
                                          ("ben@uni.example", "Ben Okafor", "Student", "MA 2027")):
            form = page.locator("#invite-one")
            form.get_by_label("Email").fill(email)
            form.get_by_label("Name").fill(name)
            form.get_by_label("Role").select_option(label=role)
            form.get_by_label("Cohort").fill(cohort)
            form.get_by_role("button", name="Send the invitation").click()
            page.wait_for_url(re.compile(r"/centre/accounts/"))
            assert email in page.locator("main").inner_text()

        tabs = {}
        for email, name in (("lee@uni.example", "Lee Park"), ("ana@uni.example", "Ana Lima"),
                            ("ben@uni.example", "Ben Okafor")):
            tab = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
            tab.set_default_timeout(15_000)
            accept(tab, invite_link(inbox, base, email), name, base)
            tabs[name] = tab
        lee, ana, ben = tabs["Lee Park"], tabs["Ana Lima"], tabs["Ben Okafor"]

        # Ana's practice: a career conversation with notes, and a source she reports on.
        tests = str(Path(__file__).resolve().parents[1])
        seeded = subprocess.run([sys.executable, "-c", SEED.format(tests=tests)], env=env, capture_output=True,
                                text=True, timeout=120)
        assert seeded.returncode == 0, seeded.stderr
        ids = json.loads(seeded.stdout.strip().splitlines()[-1])
        student_page = f"{base}/centre/students/{ids['ana']}/"

        # Nothing shared yet: for Lee, Ana does not exist.
        assert lee.goto(student_page).status == 404

        # Counts only: Lee sees the numbers, not the notes.
        share(ana, base, "Counts only")
        lee.goto(base + "/")
        lee.get_by_role("link", name="Your students").click()
        lee.wait_for_url(re.compile(r"/centre/cohort/$"))
        lee.get_by_role("link", name="Ana Lima").click()
        lee.wait_for_url(student_page)
        seen = lee.locator("main").inner_text()
        assert "Requests sent" in seen and lee.locator("#level").inner_text() == "counts"
        assert CAREER_NOTE not in seen and CONVERSATION_NOTE not in seen and "Timeline" not in seen

        # Everything: now the notes, still never the source.
        share(ana, base, "Everything, including notes")
        lee.reload()
        seen = lee.locator("main").inner_text()
        assert CAREER_NOTE in seen and CONVERSATION_NOTE in seen
        for marker in SOURCE_MARKERS:
            assert marker not in lee.content(), marker

        # Ana reads who looked: the cohort page, the counts page, the full page — all Lee's.
        ana.goto(base + "/centre/who-looked/")
        rows = ana.locator("#audit-log tbody tr")
        assert rows.count() == 3
        log = ana.locator("#audit-log").inner_text()
        assert log.count("Lee Park") == 3 and "Everything, including notes" in log and "Counts only" in log
        assert "cohort dashboard" in log

        # Lee leaves a comment; Ana reads it.
        lee.get_by_label("Comment").fill("Good thank-you; send two requests this week.")
        lee.get_by_role("button", name="Leave the comment").click()
        lee.wait_for_url(student_page)
        ana.goto(base + "/")
        ana.get_by_role("link", name="Comments from advisors").click()
        assert "send two requests this week" in ana.locator("#comments").inner_text()

        # Ben, the other student, sees nothing of Ana's.
        for url in (student_page, f"{base}/people/{ids['dana']}/", f"{base}/conversations/{ids['conversation']}/brief",
                    f"{base}/centre/cohort/"):
            assert ben.goto(url).status == 404, url
        ben.goto(base + "/people/")
        assert SOURCE_NAME not in ben.content() and ben.locator(f"a[href='/people/{ids['dana']}/']").count() == 0
        ben.goto(base + "/search/?q=night+desk")
        assert CAREER_NOTE not in ben.content()
        ben.goto(base + "/search/?q=Whistle")
        assert SOURCE_NAME not in ben.content()
        assert ben.get_by_role("link", name="Your students").count() == 0

        # Ana takes it all back: Lee's window on her closes.
        share(ana, base, "Nothing")
        assert lee.goto(student_page).status == 404
        for tab in tabs.values():
            tab.context.close()
