"""`coffeechat stats` from the terminal."""

from __future__ import annotations

import json


def test_stats_on_a_small_practice(cli) -> None:
    cli("settings", "set", "timezone", "UTC")
    cli("--now", "2026-11-02 10:00", "add", "Dana Reyes", "--org", "The Tribune", "--how", "alumni")
    cli("--now", "2026-11-02 10:00", "add", "Sam Park", "--org", "Civic Data Lab")
    assert cli("--now", "2026-11-02 10:00", "log", "sent", "dana").exit_code == 0
    assert cli("--now", "2026-11-02 10:00", "log", "sent", "sam").exit_code == 0
    assert cli("--now", "2026-11-04 10:00", "log", "reply", "dana").exit_code == 0
    assert cli("--now", "2026-11-06 10:00", "log", "held", "dana").exit_code == 0
    assert cli("--now", "2026-11-06 20:00", "log", "thanked", "dana").exit_code == 0
    data = json.loads(cli("--now", "2026-11-20 10:00", "stats", "--json").output)
    assert data["funnel"] == {"requests": 2, "replies": 1, "conversations": 1, "thank_yous": 1, "ongoing": 0,
                              "mentors": 0}
    assert data["median_business_days_to_reply"] == 2.0
    assert data["thank_yous"] == {"on_time": 1, "late": 0, "missing": 0}
    assert {r["label"]: r["rate"] for r in data["reply_rate_by_how_known"]} == {"alumni": 1.0, "cold": 0.0}
    assert data["responsiveness"] == {"booster": 1, "obligate": 0, "curmudgeon": 1, "unknown": 0}
    text = cli("--now", "2026-11-20 10:00", "stats").output
    assert "Requests 2  →  Replies 1" in text and "Median time to reply: 2 business days" in text


def test_stats_of_an_empty_practice(cli) -> None:
    result = cli("stats")
    assert result.exit_code == 0 and "Requests 0" in result.output and "Median time to reply: —" in result.output
