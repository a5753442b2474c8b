"""Finding people, and keeping every user's network their own."""

from __future__ import annotations

import pytest

from coffeechat.core.matching import normalise_linkedin_url
from coffeechat.models import Person
from coffeechat.services.people import (
    AmbiguousPerson,
    NewPerson,
    PersonNotFound,
    add_person,
    find_person,
    people_query,
)


def test_add_person_creates_organisation_contact_points_tags_and_a_timeline_entry(owner) -> None:
    person = add_person(owner, NewPerson("  Dana   Reyes ", organization="The Tribune", emails=("DANA@T.example",),
                                         phones=("+1 312 555 0100",), tags=("journalism", "alumni")))
    assert person.full_name == "Dana Reyes"
    assert (person.first_name, person.last_name) == ("Dana", "Reyes")
    assert person.organization.name == "The Tribune"
    assert person.primary_email == "dana@t.example"
    assert sorted(t.name for t in person.tags.all()) == ["alumni", "journalism"]
    assert person.touches.get().kind == "added"


def test_same_organisation_name_in_other_case_is_one_organisation(owner) -> None:
    a = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    b = add_person(owner, NewPerson("Marcus Okafor", organization="the tribune"))
    assert a.organization_id == b.organization_id


def test_a_failed_add_leaves_nothing_behind(owner) -> None:
    with pytest.raises(ValueError, match="how you know them"):
        add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", how_known="enemy"))
    assert not Person.objects.exists()


def test_names_are_required(owner) -> None:
    with pytest.raises(ValueError, match="needs a name"):
        add_person(owner, NewPerson("   "))


def test_linkedin_urls_are_normalised() -> None:
    assert normalise_linkedin_url("linkedin.com/in/Dana-Reyes/?trk=x") == "https://www.linkedin.com/in/dana-reyes"
    assert normalise_linkedin_url("http://uk.linkedin.com/in/dana") == "https://www.linkedin.com/in/dana"
    assert normalise_linkedin_url("") == ""


def test_one_user_never_finds_another_users_people(owner, outsider) -> None:
    mine = add_person(owner, NewPerson("Dana Reyes", emails=("dana@t.example",)))
    add_person(outsider, NewPerson("Dana Outsider", emails=("dana@o.example",)))
    assert find_person(owner, "dana") == mine
    with pytest.raises(PersonNotFound):
        find_person(owner, "dana@o.example")
    with pytest.raises(PersonNotFound):
        find_person(outsider, str(mine.pk))
    assert [p.full_name for p in people_query(outsider)] == ["Dana Outsider"]


def test_organisations_are_per_owner(owner, outsider) -> None:
    a = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    b = add_person(outsider, NewPerson("Sam Park", organization="The Tribune"))
    assert a.organization_id != b.organization_id


def test_exact_full_name_wins_over_partial_matches(owner) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    add_person(owner, NewPerson("Dana Reyes-Lopez"))
    assert find_person(owner, "dana reyes").full_name == "Dana Reyes"
    with pytest.raises(AmbiguousPerson) as error:
        find_person(owner, "reyes")
    assert len(error.value.candidates) == 2
