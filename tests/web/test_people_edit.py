"""Adding, editing and deleting a person in the web, through the same services as the CLI."""

from __future__ import annotations

from coffeechat.models import ContactPoint, Conversation, Person, Touch
from coffeechat.services.people import NewPerson, add_person


def _form(**values: str) -> dict[str, str]:
    data = {"full_name": "", "organization": "", "title": "", "how_known": "cold", "stage": "new", "emails": "",
            "phones": "", "links": "", "linkedin_url": "", "location": "", "timezone": "", "cadence_days": "",
            "tags": "", "notes": ""}
    data.update(values)
    return data


def test_add_a_person_from_the_people_page(owner_client, owner) -> None:
    people = owner_client.get("/people/").content.decode()
    assert 'href="/people/new"' in people
    assert owner_client.get("/people/new").status_code == 200
    response = owner_client.post("/people/new", _form(stage="", full_name="Dana Reyes", organization="The Tribune",
                                                    title="Politics editor", emails="dana@tribune.example",
                                                    tags="alumni, journalism", timezone="America/Chicago"))
    dana = Person.objects.owned_by(owner).get()
    assert response.status_code == 302 and response["Location"] == f"/people/{dana.pk}/"
    assert (dana.title, dana.organization.name, dana.timezone) == ("Politics editor", "The Tribune", "America/Chicago")
    assert sorted(t.name for t in dana.tags.all()) == ["alumni", "journalism"]
    assert dana.touches.get().summary == "Added Dana Reyes (Politics editor at The Tribune)"


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_is_added(owner_client) -> None:
    response = owner_client.post("/people/new", _form(full_name="Dana Reyes", timezone="Mars/Olympus",
                                                    linkedin_url="javascript:alert(1)"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_timezone-error"' in page or 'id="id_linkedin_url-error"' in page
    assert not Person.objects.exists()
    response = owner_client.post("/people/new", _form(full_name="Dana Reyes", links="javascript:alert(1)"))
    assert response.status_code == 400
    assert 'id="id_links-error"' in response.content.decode() and "javascript:" in response.content.decode()
    assert not Person.objects.exists()


def test_a_twin_links_to_the_person_already_there_and_can_be_added_anyway(owner_client, owner) -> None:
    first = add_person(owner, NewPerson("José Núñez", organization="Acme"))
    response = owner_client.post("/people/new", _form(full_name="Jose Nunez", organization="ACME, Inc."))
    page = response.content.decode()
    assert response.status_code == 409
    assert f'href="/people/{first.pk}/"' in page and "already in your network" in page
    assert Person.objects.count() == 1
    response = owner_client.post("/people/new", {**_form(full_name="Jose Nunez", organization="ACME, Inc."),
                                                "allow_twin": "1"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_edit_every_field_from_the_person_page(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", title="Reporter", emails=("dana@tribune.example",)))
    page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    assert f'href="/people/{dana.pk}/edit"' in page and f'href="/people/{dana.pk}/delete"' in page
    form = owner_client.get(f"/people/{dana.pk}/edit").content.decode()
    assert 'value="Reporter"' in form and "dana@tribune.example" in form
    response = owner_client.post(f"/people/{dana.pk}/edit", _form(
        full_name="Dana Reyes", title="Politics editor", organization="The Tribune", how_known="alumni",
        stage="met", emails="dana@tribune.example\r\ndana@home.example", phones="+1 212 555 0100",
        links="https://dana.example", linkedin_url="linkedin.com/in/dana", location="Chicago",
        timezone="America/Chicago", cadence_days="120", tags="mentor", notes="Likes data"))
    assert response.status_code == 302
    dana = Person.objects.get(pk=dana.pk)
    assert (dana.title, dana.stage, dana.how_known, dana.cadence_days) == ("Politics editor", "met", "alumni", 120)
    assert dana.organization.name == "The Tribune" and dana.notes == "Likes data"
    assert dana.contact_points.filter(kind="email").count() == 2
    entry = dana.touches.get(kind=Touch.Kind.UPDATED)
    assert "Title changed from “Reporter” to “Politics editor”" in entry.summary
    page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    assert "Politics editor" in page and '<a href="https://dana.example"' in page


def test_a_short_cadence_is_refused_with_the_reason(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    response = owner_client.post(f"/people/{dana.pk}/edit", _form(full_name="Dana Reyes", cadence_days="30"))
    assert response.status_code == 400
    assert "at least 90 days" in response.content.decode()
    assert Person.objects.get(pk=dana.pk).cadence_days is None


def test_only_web_addresses_become_links_on_the_person_page(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    # As an old import could have stored them, bypassing the checks.
    ContactPoint.objects.create(owner=owner, person=dana, kind="url", value="javascript:alert(1)")
    ContactPoint.objects.create(owner=owner, person=dana, kind="url", value="https://dana.example/work")
    Person.objects.filter(pk=dana.pk).update(linkedin_url="data:text/html,hi")
    page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    assert 'href="javascript:' not in page and 'href="data:' not in page
    assert "javascript:alert(1)" in page and "data:text/html,hi" in page
    assert '<a href="https://dana.example/work"' in page


def test_delete_asks_first_saying_what_goes_then_deletes_on_post(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", emails=("dana@tribune.example",)))
    Conversation.objects.create(owner=owner, person=dana)
    page = owner_client.get(f"/people/{dana.pk}/delete")
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 conversation" in text and "1 email address" in text and "1 timeline entry" in text
    assert Person.objects.filter(pk=dana.pk).exists()
    response = owner_client.post(f"/people/{dana.pk}/delete")
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert not Person.objects.filter(pk=dana.pk).exists() and not Conversation.objects.exists()
    assert owner_client.get(f"/people/{dana.pk}/").status_code == 404


def test_another_owners_person_is_not_found_for_edit_or_delete(owner_client, outsider) -> None:
    theirs = add_person(outsider, NewPerson("Dana Reyes", title="Reporter"))
    assert owner_client.get(f"/people/{theirs.pk}/edit").status_code == 404
    assert owner_client.post(f"/people/{theirs.pk}/edit", _form(full_name="Mine")).status_code == 404
    assert owner_client.get(f"/people/{theirs.pk}/delete").status_code == 404
    assert owner_client.post(f"/people/{theirs.pk}/delete").status_code == 404
    theirs.refresh_from_db()
    assert theirs.full_name == "Dana Reyes"


def test_people_search_folds_accents_and_refuses_a_flood_of_words(owner_client, owner) -> None:
    add_person(owner, NewPerson("José Núñez"))
    assert "José Núñez" in owner_client.get("/people/", {"q": "nunez"}).content.decode()
    flood = owner_client.get("/people/", {"q": " ".join(f"w{i}" for i in range(500))})
    assert flood.status_code == 200
    assert "at most 20 words" in flood.content.decode()


def test_saving_the_form_unchanged_records_no_change(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", title="Reporter", notes="First line\nSecond line",
                                       phones=("+1 212 555 0100",), tags=("alumni",), emails=("d@t.example",)))
    form = owner_client.get(f"/people/{dana.pk}/edit").context["form"]
    data = {name: ("" if value is None else str(value)) for name, value in form.initial.items()}
    data["notes"] = data["notes"].replace("\n", "\r\n")  # as a browser sends a text box
    response = owner_client.post(f"/people/{dana.pk}/edit", data, follow=True)
    assert "Nothing changed." in response.content.decode()
    assert not dana.touches.filter(kind=Touch.Kind.UPDATED).exists()
