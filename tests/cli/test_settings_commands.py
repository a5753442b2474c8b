"""`coffeechat settings` and `settings set`, as separate processes: the same checks as the settings page."""

from __future__ import annotations

import json

from conftest import run_coffeechat


def test_settings_set_checks_values_and_the_rules_between_them(fresh_data_env) -> None:
    env = fresh_data_env
    ok = run_coffeechat(env, "settings", "set", "timezone", "america/chicago")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "timezone = America/Chicago\n"
    bad_zone = run_coffeechat(env, "settings", "set", "timezone", "Mars/Olympus")
    assert bad_zone.returncode == 1
    assert bad_zone.stderr.strip() == ("Error: timezone: unknown time zone 'Mars/Olympus': choose an IANA name "
                                       "such as Europe/London or America/Chicago")
    late = run_coffeechat(env, "settings", "set", "next_contact_business_days", "9")
    assert late.returncode == 1
    assert late.stderr.strip() == ("Error: next_contact_business_days: the second contact (9 business days) must "
                                   "come before the follow-up (7 business days)")
    assert "Traceback" not in late.stderr
    shown = json.loads(run_coffeechat(env, "settings", "--json").stdout)
    assert shown["timezone"] == "America/Chicago" and shown["next_contact_business_days"] == "3"
    listing = run_coffeechat(env, "settings").stdout
    assert "Days before a second contact: No reply after this many business days" in listing
