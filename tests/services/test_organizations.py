"""Organisations: find, rename (a taken name offers a merge), merge (people, messages and scores move)."""

from __future__ import annotations

import pytest

from coffeechat.models import Message, Organization, Person, Touch
from coffeechat.services.logbook import log_sent
from coffeechat.services.organizations import (
    NameTaken,
    OrganizationError,
    OrganizationNotFound,
    find_organization,
    merge_organizations,
    organization_as_json,
    rename_organization,
)
from coffeechat.services.people import NewPerson, add_person


@pytest.fixture
def two(owner) -> tuple[Organization, Organization]:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The New York Times"))
    add_person(owner, NewPerson("Sam Park", organization="NYT"))
    add_person(owner, NewPerson("Lee Chen", organization="NYT"))
    log_sent(owner, Person.objects.get(full_name="Sam Park"))
    times = dana.organization
    nyt = Organization.objects.get(owner=owner, name="NYT")
    Organization.objects.filter(pk=nyt.pk).update(motivation=3, posting=2, advocacy=True, website="https://nyt.example")
    Organization.objects.filter(pk=times.pk).update(motivation=1, posting=3)  # type: ignore[union-attr]
    return Organization.objects.get(pk=times.pk), Organization.objects.get(pk=nyt.pk)  # type: ignore[union-attr]


def test_merge_moves_people_messages_and_the_stronger_scores(owner, two) -> None:
    times, nyt = two
    result = merge_organizations(owner, times, nyt)
    assert (result.people, result.messages, result.removed_name) == (2, 1, "NYT")
    assert not Organization.objects.filter(pk=nyt.pk).exists()
    assert set(Person.objects.filter(organization=times).values_list("full_name", flat=True)) == {
        "Dana Reyes", "Sam Park", "Lee Chen"}
    assert Message.objects.get().organization_id == times.pk
    times.refresh_from_db()
    assert (times.motivation, times.posting, times.advocacy, times.website) == (3, 3, True, "https://nyt.example")
    assert set(result.scores_taken) == {"motivation", "advocacy", "website"}
    moved = Touch.objects.filter(summary="Organisation NYT merged into The New York Times")
    assert set(moved.values_list("person__full_name", flat=True)) == {"Sam Park", "Lee Chen"}
    assert not Touch.objects.filter(person__full_name="Dana Reyes", summary__contains="merged").exists()


def test_merging_an_organisation_into_itself_changes_nothing(owner, two) -> None:
    times, _ = two
    with pytest.raises(OrganizationError):
        merge_organizations(owner, times, times)
    assert Organization.objects.filter(pk=times.pk).exists()


def test_rename_refuses_a_name_another_has_and_offers_it(owner, two) -> None:
    times, nyt = two
    with pytest.raises(NameTaken) as caught:
        rename_organization(owner, nyt, "the new york times")
    assert caught.value.other == times and "merge" in str(caught.value)
    nyt.refresh_from_db()
    assert nyt.name == "NYT"
    rename_organization(owner, nyt, "  New York   Times Co ")
    assert Organization.objects.get(pk=nyt.pk).name == "New York Times Co"
    assert Touch.objects.filter(summary="Organisation renamed from NYT to New York Times Co").count() == 2
    with pytest.raises(OrganizationError):
        rename_organization(owner, nyt, "   ")


def test_find_by_id_name_or_piece(owner, two) -> None:
    times, nyt = two
    assert find_organization(owner, f"#{nyt.pk}") == nyt
    assert find_organization(owner, "nyt") == nyt
    assert find_organization(owner, "york") == times
    with pytest.raises(OrganizationNotFound):
        find_organization(owner, "Tribune")
    data = organization_as_json(owner, times, with_people=True)
    assert data["people_count"] == 1 and data["people"][0]["name"] == "Dana Reyes"


def test_another_owners_organisation_is_out_of_reach(owner, outsider, two) -> None:
    times, _ = two
    theirs = Organization.objects.create(owner=outsider, name="Their Org")
    with pytest.raises(OrganizationNotFound):
        find_organization(owner, str(theirs.pk))
    with pytest.raises(OrganizationNotFound):
        merge_organizations(owner, times, theirs)
    with pytest.raises(OrganizationNotFound):
        rename_organization(owner, theirs, "Mine")
    assert Organization.objects.filter(pk=theirs.pk, name="Their Org").exists()
