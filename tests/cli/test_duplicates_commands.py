"""`coffeechat duplicates` lists look-alike pairs; `coffeechat merge` makes two records one."""

from __future__ import annotations

import json

from coffeechat.models import Person, Touch


def add_twins(cli) -> None:
    assert cli("add", "Dana Reyes", "--org", "The Tribune", "--email", "dana@tribune.example").exit_code == 0
    assert cli("add", "Dana M. Reyes", "--email", "dana@tribune.example", "--phone", "555-0100").exit_code == 0
    assert cli("add", "Sam Park", "--org", "Harbor").exit_code == 0


def test_duplicates_lists_the_pair_with_the_evidence(cli) -> None:
    add_twins(cli)
    result = cli("duplicates", env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "Same email (dana@tribune.example)" in result.output
    assert "Dana M. Reyes" in result.output and "Sam Park" not in result.output
    assert "coffeechat merge" in result.output and "1 pair." in result.output


def test_duplicates_json(cli) -> None:
    add_twins(cli)
    data = json.loads(cli("duplicates", "--json").output)
    assert data["count"] == 1
    pair = data["pairs"][0]
    assert pair["reason"] == "email" and pair["evidence"] == "same email (dana@tribune.example)"
    assert [p["name"] for p in pair["people"]] == ["Dana Reyes", "Dana M. Reyes"]


def test_no_duplicates_says_so(cli) -> None:
    cli("add", "Sam Park")
    result = cli("duplicates")
    assert "No duplicates" in result.output


def test_merge_asks_then_merges(cli) -> None:
    add_twins(cli)
    declined = cli("merge", "Dana Reyes", "Dana M. Reyes", input="n\n", expect_exit=1)
    assert declined.exit_code == 1 and Person.objects.count() == 3
    done = cli("merge", "Dana Reyes", "Dana M. Reyes", input="y\n")
    assert done.exit_code == 0, done.output
    assert "Merged into" in done.output
    dana = Person.objects.get(full_name="Dana Reyes")
    assert Person.objects.count() == 2
    assert sorted(p.value for p in dana.contact_points.all()) == ["555-0100", "dana@tribune.example"]
    assert Touch.objects.filter(person=dana, kind="merged").exists()


def test_merge_json_and_references_like_show(cli) -> None:
    add_twins(cli)
    keep, other = Person.objects.get(full_name="Dana Reyes"), Person.objects.get(full_name="Dana M. Reyes")
    data = json.loads(cli("merge", f"#{keep.pk}", str(other.pk), "--yes", "--json").output)
    assert data["person"]["name"] == "Dana Reyes" and data["person"]["phones"] == ["555-0100"]
    assert data["moved"]["contact_points"] == 1


def test_merge_refuses_the_same_person_and_unknown_people(cli) -> None:
    add_twins(cli)
    same = cli("merge", "Sam", "Sam Park", "--yes", expect_exit=1)
    assert same.exit_code == 1 and "same record" in same.output
    unknown = cli("merge", "Sam", "Nobody Here", "--yes", expect_exit=1)
    assert unknown.exit_code == 1 and "nobody in your network" in unknown.output
    ambiguous = cli("merge", "Dana", "Sam", "--yes", expect_exit=1)
    assert ambiguous.exit_code == 1 and "matches several people" in ambiguous.output
    assert Person.objects.count() == 3
