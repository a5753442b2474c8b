"""The demo is the first thing a newcomer sees: it must be full, varied and the same every time."""

from __future__ import annotations

import pytest

from coffeechat.models import Conversation, Goal, Message, Organization, Person, Referral, Task
from coffeechat.services.demo import DemoRefused, build_demo


def test_demo_is_a_lived_in_practice(owner) -> None:
    build_demo(owner)
    assert Person.objects.owned_by(owner).count() == 200
    assert Organization.objects.owned_by(owner).count() == 40
    assert Goal.objects.owned_by(owner).count() == 3
    states = set(Conversation.objects.owned_by(owner).values_list("state", flat=True))
    assert states == {"proposed", "scheduled", "held", "cancelled"}
    sent = Message.objects.owned_by(owner).filter(kind="request", status="sent")
    replied = sent.filter(replied_at__isnull=False).count()
    assert 0.15 <= replied / sent.count() <= 0.45, "reply rate should look like docs/practice.md §4.10 (20-40%)"
    # A referral chain: someone referred by someone who was referred.
    chained = Referral.objects.owned_by(owner).filter(from_person__referred_by__isnull=False)
    assert chained.exists()
    assert Person.objects.owned_by(owner).filter(stage="mentor").exists()
    assert Task.objects.owned_by(owner).exists()


def test_demo_is_deterministic(owner, outsider) -> None:
    build_demo(owner, seed=7)
    build_demo(outsider, seed=7)
    names = lambda user: list(Person.objects.owned_by(user).order_by("id").values_list("full_name", "title"))
    assert names(owner) == names(outsider)


def test_demo_refuses_to_mix_into_a_real_practice(owner) -> None:
    Person.objects.create(owner=owner, full_name="Real Person")
    with pytest.raises(DemoRefused):
        build_demo(owner)
    assert Person.objects.owned_by(owner).count() == 1
