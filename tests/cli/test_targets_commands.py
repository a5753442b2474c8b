"""`coffeechat targets`, `targets set`, `targets import` and `targets export`, as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

from coffeechat.models import Organization

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "targets"


def test_forty_targets_and_motivation_four_through_the_cli(cli, owner) -> None:
    for index in range(40):
        result = cli("targets", "set", f"Org {index:02d}", "--motivation", str(index % 4),
                     "--posting", str(1 + index % 3), "--advocacy", "yes" if index % 5 == 0 else "no")
        assert result.exit_code == 0, result.output
    data = json.loads(cli("targets", "--json").output)
    assert data["count"] == 40 and data["hint"] is None
    names = [t["name"] for t in data["targets"]]
    last = names[-1]
    assert [t["first_batch"] for t in data["targets"]].count(True) == 5
    moved = cli("targets", "set", last, "--motivation", "4")
    assert "rank 1 — in your first batch" in moved.output
    again = json.loads(cli("targets", "--json").output)
    assert again["targets"][0]["name"] == last and again["targets"][0]["first_batch"] is True
    assert set(again["targets"][0]) == {"rank", "id", "name", "advocacy", "advocacy_suggested", "motivation",
                                        "posting", "first_batch", "why", "starters"}


def test_text_list_marks_the_batch_and_explains(cli, owner) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune", "--title", "Data reporter", "--how", "alumni")
    cli("targets", "set", "The Tribune", "--motivation", "3")
    cli("targets", "set", "Empty Org", "--motivation", "2")
    out = cli("targets").output
    assert "* 1" in out and "The Tribune" in out
    assert "no (suggest yes)" in out  # an alumna works there
    assert "Dana Reyes" in out
    assert "nobody there yet — add someone" in out
    assert "aim for at least 40" in out


def test_bad_scores_are_usage_errors(cli, owner) -> None:
    result = cli("targets", "set", "X", "--motivation", "5", expect_exit=2)
    assert result.exit_code == 2 and "motivation" in result.output.lower()
    assert not Organization.objects.exists()


def test_import_reports_rows_by_line_and_field(cli, owner) -> None:
    result = cli("targets", "import", str(FIXTURES / "bad_scores.csv"))
    assert result.exit_code == 0, result.output
    assert "Added 2 and updated 0" in result.output
    assert "line 2, motivation" in result.output and "line 3, advocacy" in result.output
    assert "line 7, name" in result.output


def test_import_refuses_a_sheet_without_a_header(cli, owner, tmp_path) -> None:
    sheet = tmp_path / "notes.csv"
    sheet.write_text("just,some,cells\n1,2,3\n")
    result = cli("targets", "import", str(sheet), expect_exit=1)
    assert result.exit_code == 1 and "no LAMP header" in result.output


def test_export_to_a_file_and_to_stdout(cli, owner, tmp_path) -> None:
    cli("targets", "set", "=Evil Corp", "--motivation", "3")
    out = tmp_path / "lamp.csv"
    result = cli("targets", "export", str(out))
    assert result.exit_code == 0 and "Wrote 1 organisations" in result.output
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[1].startswith("1,'=Evil Corp,no,3,1,yes,")
    assert cli("targets", "export", "-").output.startswith("Rank,Organization")
