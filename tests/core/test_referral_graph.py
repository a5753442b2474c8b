"""Rings of introductions around the user, and warm paths into an organisation."""

from __future__ import annotations

import math

from coffeechat.core.referral_graph import (
    Introduction,
    chain_depths,
    previous_organisation,
    ring_layout,
    warm_paths,
)


def test_depth_follows_the_chain() -> None:
    depths = chain_depths([Introduction(1, 2), Introduction(2, 3), Introduction(1, 4), Introduction(5, 6)])
    assert depths == {1: (1, None), 5: (1, None), 2: (2, 1), 4: (2, 1), 6: (2, 5), 3: (3, 2)}


def test_the_shortest_chain_wins_and_self_referrals_are_ignored() -> None:
    depths = chain_depths([Introduction(1, 2), Introduction(2, 3), Introduction(1, 3), Introduction(4, 4)])
    assert depths[3] == (2, 1) and 4 not in depths


def test_a_cycle_with_no_start_still_places_everyone() -> None:
    depths = chain_depths([Introduction(7, 8), Introduction(8, 7)])
    assert depths == {7: (1, None), 8: (2, 7)}


def test_layout_puts_each_ring_at_its_distance() -> None:
    layout = ring_layout([Introduction(1, 2), Introduction(2, 3), Introduction(1, 4)], ring_gap=100)
    assert layout.rings == 3 and layout.size == 2 * (300 + 90)
    for placed in layout.people:
        distance = math.hypot(placed.x - layout.cx, placed.y - layout.cy)
        assert abs(distance - placed.depth * 100) < 0.2
    assert set(layout.lines) == {(None, 1), (1, 2), (1, 4), (2, 3)}


def test_an_empty_network_is_just_the_user() -> None:
    layout = ring_layout([])
    assert layout.people == () and layout.rings == 0 and layout.size > 0


def test_previous_organisation_from_a_job_change_entry() -> None:
    summary = "Changed job: was Data reporter at The Tribune, now Editor at Metro Public Radio (from LinkedIn)"
    assert previous_organisation(summary) == "The Tribune"
    assert previous_organisation("Changed job: was no title at no organisation, now Analyst at X (from a.csv)") is None
    assert previous_organisation("Talked with Dana") is None


def test_warm_paths_name_why_and_put_close_relationships_first() -> None:
    paths = warm_paths(
        "The Tribune",
        current={1: "The Tribune", 2: "Civic Data Lab", 3: "the  tribune"},
        previous={2: ["The Tribune"], 4: ["Elsewhere"]},
        introduced_by={5: 2, 6: 4},
        names={1: "Ann", 2: "Bo", 3: "Cy", 5: "Di", 6: "Ed"},
        stages={1: "new", 2: "mentor", 3: "met", 5: "ongoing"},
    )
    assert [p.person_id for p in paths] == [2, 5, 3, 1]
    reasons = {p.person_id: p.reasons for p in paths}
    assert reasons[2] == ("used to work at The Tribune",)
    assert reasons[5] == ("was introduced to you by Bo, who used to work there",)
    assert reasons[3] == ("works at The Tribune now",)


def test_a_branch_stays_near_the_person_who_introduced_it() -> None:
    layout = ring_layout([Introduction(1, 2), Introduction(1, 3), Introduction(1, 4), Introduction(9, 10)])
    where = {p.person_id: p for p in layout.people}

    def angle(pk: int) -> float:
        return math.atan2(where[pk].y - layout.cy, where[pk].x - layout.cx)

    for child in (2, 3, 4):
        gap = abs((angle(child) - angle(1) + math.pi) % (2 * math.pi) - math.pi)
        assert gap <= math.pi / 3 + 1e-9
    assert abs(angle(10) - angle(9)) < 1e-6  # an only child sits straight out from its parent
