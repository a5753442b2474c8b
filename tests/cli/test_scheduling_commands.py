"""`coffeechat schedule`, `ics`, `calendar-feed` and `export ics`, as a user types them."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from coffeechat.models import Conversation, UserSetting
from invite_reader import read_invite


@pytest.fixture
def la_user(cli, owner):
    for key, value in (("timezone", "America/Los_Angeles"), ("your_email", "sam@example.edu")):
        assert cli("settings", "set", key, value).exit_code == 0
    cli("add", "Dana Reyes", "--org", "The Tribune", "--email", "dana@tribune.example", "--tz", "America/New_York")
    return owner


def test_schedule_shows_both_zones_then_moves(cli, la_user) -> None:
    first = cli("--now", "2026-02-20 09:00", "schedule", "dana", "--at", "2026-03-04 14:00", "--tz", "America/New_York")
    assert first.exit_code == 0, first.output
    assert "Scheduled: conversation #" in first.output
    assert "Their time (America/New_York): Wed 4 Mar 2026 14:00-14:20 EST" in first.output
    assert "Your time  (America/Los_Angeles): Wed 4 Mar 2026 11:00-11:20 PST" in first.output
    moved = cli("--now", "2026-02-20 09:00", "schedule", "dana", "--at", "2026-03-04 15:00", "--minutes", "30", "--json")
    data = json.loads(moved.output)
    assert data["sequence"] == 1 and data["minutes"] == 30 and data["your_time"].startswith("Wed 4 Mar 2026 12:00")
    assert Conversation.objects.count() == 1


def test_ics_for_a_person_validates_and_cancel_marks_it(cli, la_user, tmp_path) -> None:
    cli("--now", "2026-02-20 09:00", "schedule", "dana", "--at", "2026-03-04 14:00")
    out = cli("--now", "2026-02-20 09:00", "ics", "dana")
    assert out.exit_code == 0, out.output
    calendar = Calendar.from_ical(out.stdout_bytes)
    assert all(not c.errors for c in calendar.walk())
    assert read_invite(out.stdout_bytes).method == "REQUEST"
    target = tmp_path / "cancel.ics"
    conversation = Conversation.objects.get()
    cancelled = cli("--now", "2026-02-21 09:00", "ics", str(conversation.pk), "--cancel", "-o", str(target))
    assert cancelled.exit_code == 0, cancelled.output
    info = read_invite(target.read_bytes())
    assert (info.method, info.sequence, info.uid) == ("CANCEL", 1, conversation.ical_uid)
    assert Conversation.objects.get().state == "cancelled"
    missing = cli("ics", "dana", expect_exit=1)
    assert missing.exit_code == 1 and "no upcoming conversation" in missing.output


def test_bad_time_is_a_clean_error(cli, la_user) -> None:
    result = cli("schedule", "dana", "--at", "2026-03-08 02:30", expect_exit=1)
    assert result.exit_code == 1 and "does not exist in America/New_York" in result.output


def test_calendar_feed_prints_an_address_and_revokes(cli, la_user) -> None:
    made = cli("calendar-feed")
    url = made.stdout.strip().splitlines()[0]
    assert url.startswith("http://127.0.0.1:8765/calendar/") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in UserSetting.objects.get(key="calendar_feed_token").value
    assert "retired" in cli("calendar-feed", "--revoke").output
    assert not UserSetting.objects.filter(key="calendar_feed_token").exists()


def test_export_ics_writes_every_scheduled_conversation(cli, la_user, tmp_path) -> None:
    cli("add", "Sam Park", "--tz", "Europe/London")
    cli("--now", "2026-02-20 09:00", "schedule", "dana", "--at", "2026-03-04 14:00")
    cli("--now", "2026-02-20 09:00", "schedule", "sam", "--at", "2026-03-05 09:00")
    target = tmp_path / "all.ics"
    result = cli("export", "ics", str(target))
    assert result.exit_code == 0 and "Wrote 2 conversations" in result.output
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Coffee chat: Dana Reyes", "Coffee chat: Sam Park"]
