"""The weekly review on the demo and on a small record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from coffeechat.models import Touch
from coffeechat.services.demo import build_demo
from coffeechat.services.logbook import log_sent
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.review import review_as_json, weekly_review

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_demo_week(owner) -> None:
    from coffeechat.services.preferences import set_setting

    set_setting(owner, "timezone", "UTC")
    build_demo(owner)
    data = review_as_json(weekly_review(owner))
    assert data["since"] == "2026-11-14" and data["today"] == "2026-11-20"
    start = datetime(2026, 11, 14, tzinfo=UTC)
    expected = (Touch.objects.owned_by(owner).filter(at__gte=start, at__lte=NOW)
                .exclude(kind__in=["imported", "updated", "merged"]).count())
    assert sum(g["count"] for g in data["happened"]) == expected
    assert data["due"] and all(a["due"] <= "2026-11-27" for a in data["due"])
    assert data["suggestion"]["rule"] in {"thank_you_missing", "cold_org_silent", "warm_beats_cold", "no_requests",
                                          "thank_yous_on_time", "keep_going"}
    assert data["suggestion"]["text"]


def test_silent_cold_organisation_suggests_the_next_target(owner) -> None:
    from coffeechat.models import Organization

    Organization.objects.create(owner=owner, name="Civic Data Lab", motivation=3)
    for name in ("Ana Diaz", "Bo Lin"):
        person = add_person(owner, NewPerson(name, organization="The Tribune"))
        log_sent(owner, person, at=NOW - timedelta(days=30))
    said = weekly_review(owner).suggestion
    assert said.rule == "cold_org_silent"
    assert "The Tribune" in said.text and "Civic Data Lab" in said.text


def test_only_the_past_seven_days_count(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    log_sent(owner, dana, at=NOW - timedelta(days=8))
    log_sent(owner, dana, at=NOW - timedelta(days=2), kind="follow_up")
    review = weekly_review(owner)
    assert [(g.kind, g.count) for g in review.happened] == [("added", 1), ("follow_up_sent", 1)]
    assert review.facts.requests_this_week == 0
