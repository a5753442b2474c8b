"""owned_or_404: the one lookup by id of every view — the owner's object, or a 404 that says nothing more."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from coffeechat.models import Person
from coffeechat.services.people import NewPerson, add_person
from coffeechat.web.owned import owned_or_404


def _request(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_owner_gets_their_object_and_anyone_else_a_404_like_a_missing_one(owner, outsider) -> None:  # type: ignore[no-untyped-def]
    person = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    found = owned_or_404(Person, _request(owner), person.pk, related=("organization",))
    assert found == person
    assert found.organization is not None and found.organization.name == "The Tribune"
    with pytest.raises(Http404) as other_owner:
        owned_or_404(Person, _request(outsider), person.pk)
    with pytest.raises(Http404) as missing:
        owned_or_404(Person, _request(outsider), person.pk + 1000)
    assert str(other_owner.value) == str(missing.value) == "No such person in your network."


@pytest.mark.parametrize("pk", ["abc", "", "-1", "1.0", None])
def test_an_id_that_is_not_a_number_is_missing(owner, pk) -> None:  # type: ignore[no-untyped-def]
    add_person(owner, NewPerson("Dana Reyes"))
    with pytest.raises(Http404, match="Nothing to record here"):
        owned_or_404(Person, _request(owner), pk, message="Nothing to record here.")
