"""The LAMP list: the sort order, the first batch, the tie-breaks and the score checks."""

from __future__ import annotations

import pytest

from coffeechat.core.lamp import (
    Target,
    list_size_hint,
    rank_targets,
    suggest_advocacy,
    validate_motivation,
    validate_posting,
)


def _forty_orgs() -> list[Target]:
    """Forty organisations, none in the bottom ten scored above motivation 1."""
    targets = [
        Target(i, f"Org {i:02d}", advocacy=i % 2 == 0, motivation=3 - i // 10, posting=3 - i % 3)
        for i in range(30)
    ]
    targets += [Target(i, f"Org {i:02d}", advocacy=False, motivation=0, posting=1) for i in range(30, 40)]
    return targets


def test_sort_is_motivation_then_posting_then_advocacy() -> None:
    targets = [
        Target(1, "Low motivation, openings", advocacy=True, motivation=1, posting=3),
        Target(2, "High motivation, no openings", advocacy=False, motivation=3, posting=1),
        Target(3, "High motivation, openings, no advocate", advocacy=False, motivation=3, posting=3),
        Target(4, "High motivation, openings, advocate", advocacy=True, motivation=3, posting=3),
    ]
    order = [row.target.id for row in rank_targets(targets)]
    assert order == [4, 3, 2, 1]


def test_ranks_count_from_one_and_top_five_are_the_batch() -> None:
    ranked = rank_targets(_forty_orgs())
    assert [row.rank for row in ranked] == list(range(1, 41))
    assert [row.in_batch for row in ranked] == [True] * 5 + [False] * 35


def test_batch_size_is_a_setting() -> None:
    ranked = rank_targets(_forty_orgs(), batch_size=3)
    assert sum(row.in_batch for row in ranked) == 3
    with pytest.raises(ValueError, match="batch size"):
        rank_targets(_forty_orgs(), batch_size=0)


def test_motivation_four_pulls_an_org_into_the_top_five_of_forty() -> None:
    targets = _forty_orgs()
    last = targets[-1]
    assert last.id not in [row.target.id for row in rank_targets(targets) if row.in_batch]
    pulled = Target(last.id, last.name, advocacy=False, motivation=4, posting=1)
    ranked = rank_targets(targets[:-1] + [pulled])
    assert ranked[0].target.id == last.id
    assert ranked[0].in_batch
    assert "pulled into the top five" in ranked[0].explanation
    # The batch stays five long: the pulled org pushes the old fifth out.
    assert sum(row.in_batch for row in ranked) == 5


def test_ties_go_by_name_ignoring_case_then_id_whatever_the_input_order() -> None:
    same = {"advocacy": True, "motivation": 2, "posting": 2}
    targets = [
        Target(7, "beta Labs", **same),
        Target(3, "Alpha News", **same),
        Target(9, "alpha news", **same),
        Target(1, "Gamma", **same),
    ]
    expected = [3, 9, 7, 1]
    assert [row.target.id for row in rank_targets(targets)] == expected
    assert [row.target.id for row in rank_targets(reversed(targets))] == expected


def test_explanation_names_the_scores_and_the_tie_break() -> None:
    same = {"advocacy": False, "motivation": 2, "posting": 1}
    ranked = rank_targets([Target(2, "Zeta", **same), Target(1, "Acme", **same)])
    assert ranked[0].explanation == "motivation 2, posting 1 (no relevant openings), advocacy no"
    assert ranked[1].explanation.endswith("same scores as Acme, so placed by name")


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="own id"):
        rank_targets([Target(1, "A", True, 1, 1), Target(1, "B", True, 1, 1)])


@pytest.mark.parametrize("value", [0, 3, 4])
def test_motivation_accepts_zero_to_four(value: int) -> None:
    assert validate_motivation(value) == value


@pytest.mark.parametrize("value", [-1, 5, 2.5, True, "3"])
def test_motivation_out_of_range_is_refused_with_the_allowed_range(value: object) -> None:
    with pytest.raises(ValueError, match="motivation must be"):
        validate_motivation(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1, 2, 3])
def test_posting_accepts_one_to_three(value: int) -> None:
    assert validate_posting(value) == value


@pytest.mark.parametrize("value", [0, 4, None])
def test_posting_out_of_range_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match="posting must be"):
        validate_posting(value)  # type: ignore[arg-type]


def test_target_checks_its_scores_and_name() -> None:
    with pytest.raises(ValueError, match="motivation"):
        Target(1, "Acme", True, 5, 2)
    with pytest.raises(ValueError, match="posting"):
        Target(1, "Acme", True, 2, 0)
    with pytest.raises(ValueError, match="name"):
        Target(1, "  ", True, 2, 2)


def test_advocacy_is_suggested_from_any_connection() -> None:
    assert suggest_advocacy(True) is True
    assert suggest_advocacy(False) is False


@pytest.mark.parametrize(
    ("count", "says"),
    [(0, "at least 40"), (39, "Add 1 more organisation:"), (40, None), (100, None), (101, "about 100")],
)
def test_list_size_hint(count: int, says: str | None) -> None:
    hint = list_size_hint(count)
    if says is None:
        assert hint is None
    else:
        assert hint is not None and says in hint
