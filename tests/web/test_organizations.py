"""The organisation page: who you know there, rename (a taken name offers a merge) and merge."""

from __future__ import annotations

import pytest
from django.test import Client

from coffeechat.models import Organization, Person, Touch
from coffeechat.services.people import NewPerson, add_person


@pytest.fixture
def orgs(owner) -> tuple[Organization, Organization]:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The <New> York Times"))
    sam = add_person(owner, NewPerson("Sam Park", organization="NYT"))
    return dana.organization, sam.organization  # type: ignore[return-value]


def test_page_lists_people_and_is_linked_from_person_and_targets(owner_client, orgs) -> None:
    times, nyt = orgs
    page = owner_client.get(f"/organizations/{times.pk}/").content.decode()
    assert "The &lt;New&gt; York Times" in page and "Dana Reyes" in page and "Sam Park" not in page
    dana = Person.objects.get(full_name="Dana Reyes")
    assert f'href="/organizations/{times.pk}/"' in owner_client.get(f"/people/{dana.pk}/").content.decode()
    owner_client.post("/targets/add", {"name": "NYT"})
    assert f'href="/organizations/{nyt.pk}/"' in owner_client.get("/targets/").content.decode()


def test_rename_and_a_taken_name_offers_the_merge(owner_client, orgs) -> None:
    times, nyt = orgs
    taken = owner_client.post(f"/organizations/{nyt.pk}/rename", {"name": "the <new> york times"})
    text = taken.content.decode()
    assert taken.status_code == 400 and 'id="rename-name-error"' in text and "merge" in text
    assert f'<option value="{times.pk}" selected>' in text
    nyt.refresh_from_db()
    assert nyt.name == "NYT"
    renamed = owner_client.post(f"/organizations/{nyt.pk}/rename", {"name": "New York Times Co"})
    assert renamed.status_code == 302
    nyt.refresh_from_db()
    assert nyt.name == "New York Times Co"


def test_merge_needs_confirmation_then_moves_the_people(owner_client, orgs, owner) -> None:
    times, nyt = orgs
    unconfirmed = owner_client.post(f"/organizations/{times.pk}/merge", {"other": nyt.pk})
    assert unconfirmed.status_code == 400 and 'id="merge-confirm-error"' in unconfirmed.content.decode()
    assert Organization.objects.filter(pk=nyt.pk).exists()
    merged = owner_client.post(f"/organizations/{times.pk}/merge", {"other": nyt.pk, "confirm": "on"})
    assert merged.status_code == 302
    assert not Organization.objects.filter(pk=nyt.pk).exists()
    assert Person.objects.get(full_name="Sam Park").organization == times
    assert Touch.objects.filter(person__full_name="Sam Park", summary="Organisation NYT merged into "
                                "The <New> York Times").exists()
    page = owner_client.get(f"/organizations/{times.pk}/").content.decode()
    assert "Sam Park" in page and "1 person moved" in page


def test_another_owners_organisation_answers_404(orgs, outsider) -> None:
    times, nyt = orgs
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/organizations/{times.pk}/").status_code == 404
    assert client.post(f"/organizations/{times.pk}/rename", {"name": "Theirs"}).status_code == 404
    assert client.post(f"/organizations/{times.pk}/merge", {"other": nyt.pk, "confirm": "on"}).status_code == 404
    theirs = Organization.objects.create(owner=outsider, name="Their Org")
    mine = Client()
    mine.force_login(times.owner)
    assert mine.post(f"/organizations/{times.pk}/merge", {"other": theirs.pk, "confirm": "on"}).status_code == 400
    assert Organization.objects.filter(pk=theirs.pk).exists() and Organization.objects.filter(pk=nyt.pk).exists()
