"""`coffeechat review` from the terminal."""

from __future__ import annotations

import json


def test_review_of_a_week(cli) -> None:
    cli("settings", "set", "timezone", "UTC")
    cli("--now", "2026-11-10 09:00", "add", "Dana Reyes", "--org", "The Tribune")
    assert cli("--now", "2026-11-16 10:00", "log", "sent", "dana").exit_code == 0
    data = json.loads(cli("--now", "2026-11-20 15:00", "review", "--json").output)
    assert data["since"] == "2026-11-14"
    assert [(g["kind"], g["count"]) for g in data["happened"]] == [("request_sent", 1)]
    assert [a["kind"] for a in data["due"]] == ["next_contact", "follow_up"]
    assert data["suggestion"]["rule"] == "keep_going"
    text = cli("--now", "2026-11-20 15:00", "review").output
    assert "Request sent: 1" in text and "1 request and 0 conversations this week" in text
