"""The LAMP list on the real database: ranking 40 organisations, scores, starters, spreadsheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.models import Goal, Organization
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.targets import (
    TargetNotFound,
    export_targets,
    import_targets,
    set_scores,
    target_board,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "targets"


def forty_organizations(owner) -> list[Organization]:
    """40 organisations with every mix of scores, several of them tied."""
    made = []
    for index in range(40):
        made.append(Organization.objects.create(
            owner=owner, name=f"Org {index:02d}", motivation=index % 4, posting=1 + index % 3,
            advocacy=index % 5 == 0,
        ))
    return made


def test_forty_organizations_sort_by_motivation_posting_advocacy_then_name(owner) -> None:
    forty_organizations(owner)
    board = target_board(owner)
    assert len(board.rows) == 40 and board.hint is None
    scores = [(-r.ranked.target.motivation, -r.ranked.target.posting, 0 if r.ranked.target.advocacy else 1,
               r.ranked.target.name) for r in board.rows]
    assert scores == sorted(scores)
    assert [r.ranked.rank for r in board.rows] == list(range(1, 41))
    assert [r.ranked.in_batch for r in board.rows] == [True] * 5 + [False] * 35
    # Stable: the same list comes out the same way twice.
    assert [r.organization_id for r in target_board(owner).rows] == [r.organization_id for r in board.rows]


def test_motivation_four_pulls_a_low_one_into_the_top_five(owner) -> None:
    forty_organizations(owner)
    last = target_board(owner).rows[-1]
    assert not last.ranked.in_batch
    set_scores(owner, last.organization_id, motivation=4)
    board = target_board(owner)
    first = board.rows[0]
    assert first.organization_id == last.organization_id and first.ranked.in_batch
    assert "pulled into the top five" in first.ranked.explanation
    assert sum(r.ranked.in_batch for r in board.rows) == 5


def test_a_short_list_gets_a_hint(owner) -> None:
    set_scores(owner, "The Tribune", motivation=3)
    assert "at least 40" in (target_board(owner).hint or "")


def test_set_creates_a_new_organization_with_advocacy_suggested(owner) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", how_known="alumni"))
    add_person(owner, NewPerson("Lee Cho", organization="Cold Corp"))
    org = set_scores(owner, "  the   tribune ", posting=3)  # an existing one, any spelling
    assert org.name == "The Tribune" and org.posting == 3 and org.advocacy is False
    rows = {r.ranked.target.name: r for r in target_board(owner).rows}
    assert rows["The Tribune"].advocacy_suggested is True
    assert rows["Cold Corp"].advocacy_suggested is False
    new = set_scores(owner, "Harbor Institute", motivation=2)
    assert (new.motivation, new.posting, new.advocacy) == (2, 1, False)
    assert Organization.objects.owned_by(owner).count() == 3


def test_bad_scores_and_unknown_ids_are_refused(owner) -> None:
    with pytest.raises(ValueError, match="motivation"):
        set_scores(owner, "X", motivation=5)
    with pytest.raises(ValueError, match="posting"):
        set_scores(owner, "X", posting=0)
    with pytest.raises(TargetNotFound):
        set_scores(owner, 99999, motivation=1)
    assert not Organization.objects.owned_by(owner).exists()


def test_starters_follow_the_preference_order_with_reasons(owner) -> None:
    Goal.objects.create(owner=owner, title="Data journalism", target_role="data reporter")
    add_person(owner, NewPerson("Ann Other", organization="The Tribune", title="Sales manager"))
    add_person(owner, NewPerson("Bo Alum", organization="The Tribune", title="Copy editor", how_known="alumni"))
    add_person(owner, NewPerson("Cy Data", organization="The Tribune", title="Data reporter"))
    set_scores(owner, "Empty Org", motivation=3)
    rows = {r.ranked.target.name: r for r in target_board(owner).rows}
    starters = rows["The Tribune"].starters
    assert [s.name for s in starters] == ["Cy Data", "Bo Alum"]
    assert "does the work you want" in starters[0].reason
    assert "alumnus" in starters[1].reason
    assert rows["Empty Org"].starters == []


def test_import_adds_updates_and_reports_bad_rows(owner) -> None:
    set_scores(owner, "Frontier Media", motivation=0)
    result = import_targets(owner, (FIXTURES / "bad_scores.csv").read_bytes())
    # Acme's first row is left out (motivation 5), so its second spelling is the one that comes in.
    assert (result.created, result.updated) == (1, 1)
    assert {(e.line, e.field) for e in result.errors} >= {(2, "motivation"), (3, "advocacy"), (7, "name")}
    frontier = Organization.objects.owned_by(owner).get(name="Frontier Media")
    assert (frontier.motivation, frontier.posting) == (2, 3)


def test_import_then_export_round_trip(owner) -> None:
    result = import_targets(owner, (FIXTURES / "excel_with_title_row.csv").read_bytes())
    assert result.created >= 3 and not result.errors
    text, count = export_targets(owner)
    assert count == result.created
    assert text.startswith("\ufeffRank,Organization,Advocacy,Motivation,Posting,First batch,Why")
    assert '"Smith, Jones & Co"' in text
    again = import_targets(owner, text.encode("utf-8"))
    assert again.created == 0 and again.updated == result.created


def test_other_users_lists_stay_apart(owner, outsider) -> None:
    set_scores(owner, "The Tribune", motivation=3)
    assert target_board(outsider).rows == []
    set_scores(outsider, "The Tribune", motivation=1)
    assert Organization.objects.owned_by(owner).get().motivation == 3
    with pytest.raises(TargetNotFound):
        set_scores(outsider, Organization.objects.owned_by(owner).get().pk, motivation=0)
