"""Every number of the analytics page, recomputed on the demo straight from the raw records."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from coffeechat.core.clock import business_days_between
from coffeechat.models import Conversation, Goal, Message, Person, Referral
from coffeechat.services.analytics import practice_stats, stats_as_json
from coffeechat.services.clock import now
from coffeechat.services.demo import build_demo


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel("2026-11-20 15:00 +0000", tick=False):
        yield


def replied_requests(owner):
    """Each request with its first reply: to it, or to a follow-up sent before the next request."""
    result = []
    messages = list(Message.objects.owned_by(owner).filter(status="sent").order_by("sent_at", "id"))
    for request in [m for m in messages if m.kind == "request"]:
        later = [m for m in messages if m.person_id == request.person_id and m.kind == "request"
                 and (m.sent_at, m.pk) > (request.sent_at, request.pk)]
        until = later[0].sent_at if later else None
        story = [m for m in messages if m.person_id == request.person_id and m.kind in ("request", "follow_up")
                 and m.sent_at >= request.sent_at and (until is None or m.sent_at < until)]
        replies = [m.replied_at for m in story if m.replied_at is not None and m.replied_at <= now()]
        result.append((request, min(replies) if replies else None))
    return result


@pytest.fixture
def demo(owner):
    from coffeechat.services.preferences import set_setting

    set_setting(owner, "timezone", "UTC")  # the straight counts below take dates in UTC
    build_demo(owner)
    return owner


def expected_numbers(owner) -> dict[str, object]:
    requests = replied_requests(owner)
    held = Conversation.objects.owned_by(owner).filter(state="held")
    people = Person.objects.owned_by(owner)
    delays = [business_days_between(r.sent_at.date(), at.date(), None) for r, at in requests if at]
    on_time = sum(1 for c in held if c.thanked_at and c.thanked_at - c.held_at <= timedelta(hours=24))
    by_how = Counter()
    by_how_replied = Counter()
    for request, at in requests:
        by_how[request.person.how_known] += 1
        by_how_replied[request.person.how_known] += at is not None
    return {
        "requests": len(requests),
        "replies": sum(1 for _, at in requests if at),
        "conversations": held.count(),
        "thank_yous": held.filter(thanked_at__isnull=False).count(),
        "ongoing": people.filter(stage__in=["ongoing", "mentor"]).count(),
        "mentors": people.filter(stage="mentor").count(),
        "median": float(statistics.median(delays)),
        "on_time": on_time,
        "late": held.filter(thanked_at__isnull=False).count() - on_time,
        "missing": held.filter(thanked_at__isnull=True).count(),
        "referrals": Referral.objects.owned_by(owner).count(),
        "by_how": {h: (by_how[h], by_how_replied[h]) for h in by_how},
    }


def test_the_json_matches_a_count_from_the_raw_records(demo) -> None:
    data = stats_as_json(practice_stats(demo))
    want = expected_numbers(demo)
    assert data["funnel"] == {k: want[k] for k in ("requests", "replies", "conversations", "thank_yous", "ongoing", "mentors")}
    assert data["median_business_days_to_reply"] == want["median"]
    assert data["thank_yous"] == {"on_time": want["on_time"], "late": want["late"], "missing": want["missing"]}
    assert data["referrals"] == want["referrals"]
    assert data["referrals_per_conversation"] == round(want["referrals"] / want["conversations"], 3)
    assert {r["label"]: (r["sent"], r["replied"]) for r in data["reply_rate_by_how_known"]} == want["by_how"]
    # The demo sends no templated requests, so every request is under "(no template)".
    assert data["reply_rate_by_template"] == [{"label": "(no template)", "sent": want["requests"],
                                               "replied": want["replies"], "rate": round(want["replies"] / want["requests"], 3)}]
    # Every request is in one week, every reply too; the weeks add up to the funnel.
    assert sum(w["requests"] for w in data["weeks"]) == want["requests"]
    assert sum(w["replies"] for w in data["weeks"]) == want["replies"]
    assert sum(w["conversations"] for w in data["weeks"]) == want["conversations"]
    assert sum(w["thank_yous"] for w in data["weeks"]) == want["thank_yous"]
    # The demo looks like docs/practice.md §4.10, and is non-trivial: every number is exercised.
    assert 0 < want["replies"] < want["requests"] and want["conversations"] > 5


def test_per_goal_and_per_week_match_straight_counts(demo) -> None:
    data = stats_as_json(practice_stats(demo))
    requests = replied_requests(demo)
    for goal in Goal.objects.owned_by(demo):
        convs = Conversation.objects.owned_by(demo).filter(goal=goal)
        who = set(convs.values_list("person_id", flat=True))
        mine = [(r, at) for r, at in requests if r.person_id in who]
        row = next(g for g in data["goals"] if g["id"] == goal.pk)["funnel"]
        assert row["requests"] == len(mine)
        assert row["replies"] == sum(1 for _, at in mine if at)
        assert row["conversations"] == convs.filter(state="held").count()
        assert row["thank_yous"] == convs.filter(state="held", thanked_at__isnull=False).count()
        assert row["mentors"] == Person.objects.owned_by(demo).filter(pk__in=who, stage="mentor").count()
    weeks = {w["week"]: w for w in data["weeks"]}
    for request, _ in requests:
        year, week, _ = request.sent_at.date().isocalendar()
        assert f"{year}-W{week:02d}" in weeks
    per_week = Counter()
    for request, _ in requests:
        year, week, _ = request.sent_at.date().isocalendar()
        per_week[f"{year}-W{week:02d}"] += 1
    assert {k: w["requests"] for k, w in weeks.items() if w["requests"]} == dict(per_week)


def test_responsiveness_counts_people_by_their_latest_verdict(demo) -> None:
    from coffeechat.services.agenda import responsiveness

    data = stats_as_json(practice_stats(demo))
    asked = Person.objects.owned_by(demo).filter(messages__kind="request", messages__status="sent").distinct()
    counted = Counter(responsiveness(demo, p) for p in asked)
    assert data["responsiveness"] == {"booster": counted["booster"], "obligate": counted["obligate"],
                                      "curmudgeon": counted["curmudgeon"], "unknown": counted[None]}


def test_the_page_shows_the_same_numbers(demo) -> None:
    client = Client()
    client.force_login(demo)
    page = client.get("/stats/").content.decode()
    want = expected_numbers(demo)
    shown = dict(re.findall(r'data-stat="([a-z_]+)">([^<]*)<', page))
    for key in ("requests", "replies", "conversations", "thank_yous", "ongoing", "mentors", "referrals"):
        assert shown[key] == str(want[key]), key
    assert float(shown["median_business_days_to_reply"]) == want["median"]
    assert shown["thank_you_on_time"] == str(want["on_time"])
    assert shown["thank_you_late"] == str(want["late"])
    assert shown["thank_you_missing"] == str(want["missing"])
    assert shown["referrals_per_conversation"] == f"{want['referrals'] / want['conversations']:.2f}"
    data = stats_as_json(practice_stats(demo))
    for key in ("booster", "obligate", "curmudgeon"):
        assert shown[key] == str(data["responsiveness"][key])
    for how, (sent, replied) in want["by_how"].items():
        row = re.search(rf'<tr data-how-known="{how}"><td>[^<]*</td><td>(\d+)</td><td>(\d+)</td>', page)
        assert row and (int(row.group(1)), int(row.group(2))) == (sent, replied)
    assert page.count("<svg") >= 5 and "<script>" not in page and 'style="' not in page


def test_another_users_records_never_count(demo, outsider) -> None:
    assert stats_as_json(practice_stats(outsider))["funnel"]["requests"] == 0
