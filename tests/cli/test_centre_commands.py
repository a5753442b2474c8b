"""`coffeechat centre admin|invite|accounts` as separate processes: the first admin, an invitation mailed
through a real SMTP server whose link opens on the real server, CSV lines refused, and a clear word in
local mode."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any

from browser.conftest import running_server
from centre_fixtures import PASSWORD, centre_env, run_with_input
from conftest import run_coffeechat


def test_the_centre_commands_say_what_they_need_in_local_mode(fresh_data_env: dict[str, str]) -> None:
    for args in (("centre", "accounts"), ("centre", "invite", "a@uni.example"), ("centre", "admin", "a@uni.example",
                                                                                 "--password-stdin")):
        done = run_coffeechat(fresh_data_env, *args)
        assert done.returncode == 1, done
        assert "for a career centre server: set COFFEECHAT_MODE=centre and COFFEECHAT_DATABASE_URL" in done.stderr
        assert "Traceback" not in done.stderr
    assert not Path(fresh_data_env["COFFEECHAT_HOME"], "coffeechat.sqlite3").exists()  # nothing opened


def test_first_admin_then_an_invitation_mailed_with_a_working_link(fresh_data_env: dict[str, str],
                                                                    smtp_server: Any, tmp_path: Path) -> None:
    inbox, smtp_port = smtp_server
    env = centre_env(fresh_data_env, smtp_port)
    no_admin = run_coffeechat(env, "centre", "invite", "ana@uni.example")
    assert no_admin.returncode == 1 and "create one first with coffeechat centre admin" in no_admin.stderr
    weak = run_with_input(env, "short\n", "centre", "admin", "careers@uni.example", "--password-stdin")
    assert weak.returncode == 1 and "too short" in weak.stderr and "Traceback" not in weak.stderr
    made = run_with_input(env, PASSWORD + "\n", "centre", "admin", "Careers@Uni.example", "--password-stdin",
                          "--name", "Rita Boss")
    assert made.returncode == 0, made.stderr
    assert "Admin account created for careers@uni.example" in made.stdout
    assert PASSWORD not in made.stdout + made.stderr

    with running_server(env, "serve") as server:
        env = {**env, "COFFEECHAT_PUBLIC_URL": server.base_url}
        invited = run_coffeechat(env, "centre", "invite", "ana@uni.example", "--role", "student",
                                 "--cohort", "MA 2027", "--name", "Ana Lima")
        assert invited.returncode == 0, invited.stderr
        assert "Invited ana@uni.example as student (MA 2027)" in invited.stdout
        assert [rcpt for _, rcpt, _ in inbox.received] == [["ana@uni.example"]]
        sender, _, message = inbox.received[0]
        assert sender == "careers@uni.example" and message["Subject"] == "Your invitation to coffeechat"
        link = re.search(re.escape(server.base_url) + r"/invite/[\w-]+", message.get_content())
        assert link, message.get_content()
        with urllib.request.urlopen(link.group(0), timeout=30) as page:
            html = page.read().decode()
        assert page.status == 200 and "ana@uni.example" in html and "Choose your password" in html

        bad_csv = tmp_path / "students.csv"
        bad_csv.write_text("email,name,role,cohort\nlee@uni.example,Lee,,MA 2027\nnot-an-address,Bo,,MA 2027\n",
                           encoding="utf-8")
        refused = run_coffeechat(env, "centre", "invite", "--csv", str(bad_csv))
        assert refused.returncode == 1
        assert "line 3: email: not-an-address is not an email address" in refused.stderr
        assert len(inbox.received) == 1  # nothing sent for a file with a bad line

    listed = run_coffeechat(env, "centre", "accounts", "--json")
    assert listed.returncode == 0, listed.stderr
    accounts = json.loads(listed.stdout)["accounts"]
    assert [(a["email"], a["role"], a["name"]) for a in accounts] == [("careers@uni.example", "admin", "Rita Boss")]
    table = run_coffeechat(env, "centre", "accounts")
    assert "careers@uni.example" in table.stdout and "never" in table.stdout


def test_a_centre_is_never_served_the_local_way(fresh_data_env: dict[str, str]) -> None:
    """One process in centre mode prints no one-time link (it would not log anyone in there) but the login
    page, where accounts log in with their email and password."""
    env = {**fresh_data_env, "COFFEECHAT_MODE": "centre"}
    with running_server(env, "serve") as server:
        assert server.login_link == f"{server.base_url}/login"
        page = urllib.request.urlopen(server.login_link, timeout=30).read().decode()
        assert "password" in page.lower()
