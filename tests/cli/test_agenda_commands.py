"""The daily loop from the terminal: log what happened, ask what's next, mark done, snooze."""

from __future__ import annotations

import json

import pytest

from coffeechat.models import ActionState, Conversation, Person, Referral


def actions(cli, now: str, *extra: str) -> list[dict]:
    result = cli("--now", now, "next", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["actions"]


def kinds(items: list[dict]) -> list[str]:
    return [a["kind"] for a in items]


@pytest.fixture
def tribune(cli) -> None:
    cli("settings", "set", "timezone", "America/Chicago")
    cli("--now", "2026-10-01", "add", "Dana Reyes", "--org", "The Tribune", "--title", "Politics editor")
    cli("--now", "2026-10-01", "add", "Sam Park", "--org", "The Tribune", "--title", "Data reporter")


def test_request_without_reply_walks_the_3b7_clock(cli, tribune) -> None:
    # Monday 2 November 2026, 10:00 in Chicago.
    assert cli("--now", "2026-11-02 10:00", "log", "sent", "dana").exit_code == 0
    assert actions(cli, "2026-11-04 12:00") == []  # 2 business days: nothing yet
    third = actions(cli, "2026-11-05 09:00")  # 3 business days: try a second person there
    assert kinds(third) == ["next_contact"]
    assert third[0]["person"] == "Dana Reyes" and third[0]["organization"] == "The Tribune"
    assert third[0]["suggested_person"] == "Sam Park"
    seventh = actions(cli, "2026-11-11 09:00")  # 7 business days: one follow-up
    assert set(kinds(seventh)) == {"next_contact", "follow_up"}
    assert cli("--now", "2026-11-11 10:00", "log", "sent", "dana", "--follow-up").exit_code == 0
    assert "follow_up" not in kinds(actions(cli, "2026-11-30 09:00"))


def test_a_reply_stops_the_clock_for_the_whole_organisation(cli, tribune) -> None:
    cli("--now", "2026-11-02 10:00", "log", "sent", "dana")
    cli("--now", "2026-11-06 10:00", "log", "sent", "sam")
    cli("--now", "2026-11-09 10:00", "log", "reply", "sam")
    assert actions(cli, "2026-11-20 09:00") == []


def test_meeting_then_held_then_thanked(cli, tribune) -> None:
    cli("--now", "2026-11-02 10:00", "log", "sent", "dana")
    cli("--now", "2026-11-03 10:00", "log", "reply", "dana")
    assert cli("--now", "2026-11-03 10:05", "log", "meeting", "dana", "--at", "2026-11-10 14:00").exit_code == 0
    before = actions(cli, "2026-11-09 08:00")
    assert set(kinds(before)) == {"confirm", "prepare"}
    cli("--now", "2026-11-10 14:30", "log", "held", "dana", "--notes", "Learn SQL first.")
    after = actions(cli, "2026-11-10 15:00")
    assert kinds(after) == ["thank_you"] and not after[0]["overdue"]
    late = actions(cli, "2026-11-13 15:00")
    assert kinds(late) == ["thank_you"] and late[0]["overdue"]
    cli("--now", "2026-11-13 16:00", "log", "thanked", "dana")
    assert actions(cli, "2026-11-13 17:00") == []
    dana = Person.objects.get(full_name="Dana Reyes")
    assert dana.stage == "met"
    assert [t.kind for t in dana.touches.order_by("at", "id")] == ["added", "request_sent", "reply", "scheduled", "held", "thanked"]


def test_meeting_again_moves_the_same_conversation(cli, tribune) -> None:
    cli("--now", "2026-11-02 10:00", "log", "meeting", "dana", "--at", "2026-11-10 14:00")
    cli("--now", "2026-11-03 10:00", "log", "meeting", "dana", "--at", "2026-11-12 09:00", "--minutes", "30")
    conversation = Conversation.objects.get()
    assert conversation.minutes == 30 and conversation.ical_sequence == 1


def test_referral_becomes_an_action_until_you_write(cli, tribune) -> None:
    cli("--now", "2026-11-02 10:00", "log", "held", "dana")
    cli("--now", "2026-11-02 11:00", "log", "referral", "dana", "sam", "--note", "runs the data desk")
    assert "referral" in kinds(actions(cli, "2026-11-05 09:00"))
    assert Person.objects.get(full_name="Sam Park").referred_by.full_name == "Dana Reyes"
    cli("--now", "2026-11-05 10:00", "log", "sent", "sam")
    assert Referral.objects.get().contacted_at is not None
    assert "referral" not in kinds(actions(cli, "2026-11-05 11:00"))


def test_done_and_snooze(cli, tribune) -> None:
    cli("--now", "2026-11-02 10:00", "log", "sent", "dana")
    [action] = actions(cli, "2026-11-05 09:00")
    snoozed = cli("--now", "2026-11-05 09:00", "snooze", action["id"], "--until", "2026-11-09")
    assert snoozed.exit_code == 0, snoozed.output
    assert actions(cli, "2026-11-06 09:00") == []
    assert kinds(actions(cli, "2026-11-09 09:00")) == ["next_contact"]
    assert cli("--now", "2026-11-09 09:00", "done", action["id"]).exit_code == 0
    assert actions(cli, "2026-11-10 09:00") == []
    assert ActionState.objects.get().done_at is not None


def test_unknown_action_ids_are_refused(cli) -> None:
    result = cli("done", "follow_up:message:999", expect_exit=1)
    assert result.exit_code == 1 and "no due action" in result.output


def test_tasks_show_when_due_and_close_with_done(cli, tribune) -> None:
    cli("--now", "2026-11-02 10:00", "task", "add", "Send my clips to Dana", "--due", "2026-11-04", "--person", "dana")
    assert actions(cli, "2026-11-03 09:00") == []
    [task] = actions(cli, "2026-11-04 09:00")
    assert task["kind"] == "task" and task["person"] == "Dana Reyes"
    cli("--now", "2026-11-04 10:00", "done", task["id"])
    assert actions(cli, "2026-11-04 11:00") == []


def test_until_looks_ahead(cli, tribune) -> None:
    cli("--now", "2026-11-02 10:00", "log", "sent", "dana")
    assert actions(cli, "2026-11-02 11:00") == []
    ahead = actions(cli, "2026-11-02 11:00", "--until", "2026-11-12")
    assert set(kinds(ahead)) == {"next_contact", "follow_up"}


def test_holidays_of_the_users_country_are_not_business_days(cli, tribune) -> None:
    cli("settings", "set", "country", "US")
    # Sent Monday 23 Nov 2026; Thanksgiving (Thu 26) does not count: 3 business days end Fri 27 Nov.
    cli("--now", "2026-11-23 10:00", "log", "sent", "dana")
    assert actions(cli, "2026-11-26 09:00") == []
    assert kinds(actions(cli, "2026-11-27 09:00")) == ["next_contact"]


def test_settings_show_and_refuse_bad_values(cli) -> None:
    shown = json.loads(cli("settings", "--json").output)
    assert shown["follow_up_business_days"] == "7" and shown["confirm_days_before"] == "2"
    bad = cli("settings", "set", "country", "Narnia", expect_exit=1)
    assert bad.exit_code == 1 and "unknown country code" in bad.output
    assert cli("settings", "set", "nonsense", "1", expect_exit=1).exit_code == 1
    assert cli("settings", "set", "follow_up_business_days", "6").exit_code == 0
    assert json.loads(cli("settings", "--json").output)["follow_up_business_days"] == "6"


def test_reply_without_a_request_says_what_to_do(cli, tribune) -> None:
    result = cli("log", "reply", "dana", expect_exit=1)
    assert result.exit_code == 1 and "log sent" in result.output


def test_demo_lists_at_least_six_kinds(cli) -> None:
    from coffeechat.services.accounts import local_owner
    from coffeechat.services.demo import build_demo

    build_demo(local_owner())
    items = json.loads(cli("next", "--json").output)["actions"]
    assert len(set(kinds(items))) >= 6
    for item in items:
        assert set(item) >= {"kind", "due", "overdue", "person", "organization", "reason", "id"}


def test_the_fast_path_gives_the_same_list_as_django(fresh_data_env) -> None:
    # `next` reads SQLite directly when it can; the ordinary path must agree with it exactly.
    import testenv
    from conftest import run_coffeechat

    assert run_coffeechat(fresh_data_env, "demo", "--no-serve").returncode == 0
    fast = run_coffeechat(fresh_data_env, "--now", "2026-12-01 09:00", "next", "--json", "--until", "+7d")
    assert fast.returncode == 0, fast.stderr
    code = (
        "import json, sys\n"
        "from coffeechat.bootstrap import start; start()\n"
        "from coffeechat.services.accounts import local_owner\n"
        "from coffeechat.services.agenda import agenda\n"
        "from coffeechat.services.agenda_view import agenda_as_json\n"
        "from coffeechat.core.when import parse_when\n"
        "from datetime import timedelta\n"
        "view = agenda(local_owner())\n"
        "view = agenda(local_owner(), until=view.today + timedelta(days=7))\n"
        "print(json.dumps(agenda_as_json(view)))\n"
    )
    import subprocess
    import sys

    env = dict(fresh_data_env, COFFEECHAT_NOW="2026-12-01 09:00")
    slow = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert slow.returncode == 0, slow.stderr
    fast_doc, slow_doc = json.loads(fast.stdout), json.loads(slow.stdout)
    assert len(fast_doc["actions"]) > 5
    assert fast_doc == slow_doc
    if testenv.BACKEND == "sqlite":
        imported = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "coffeechat", "next", "--json"],
            env=env, capture_output=True, text=True, timeout=120)
        assert "django" not in imported.stderr, "next should not start Django on a local SQLite practice"
