"""The network page, and the small relationship forms on a person's page."""

from __future__ import annotations

from django.test import Client

from coffeechat.models import Conversation, MentorshipDismissal, Person, PlanItem
from coffeechat.services.logbook import log_referral
from coffeechat.services.people import NewPerson, add_person


def test_network_picture_links_every_person(owner_client, owner) -> None:
    ana = add_person(owner, NewPerson("Ana Diaz", organization="The Tribune"))
    bo = add_person(owner, NewPerson("Bo <Lin>"))
    log_referral(owner, ana, bo)
    page = owner_client.get("/network/").content.decode()
    assert f'href="/people/{ana.pk}/"' in page and f'href="/people/{bo.pk}/"' in page
    assert "Bo &lt;Lin&gt;" in page and "2 people in 2 rings" in page
    org = ana.organization
    page = owner_client.get(f"/network/?org={org.pk}").content.decode()
    assert "works at The Tribune now" in page


def test_warm_paths_for_another_users_organisation_show_nothing(owner_client, owner, outsider) -> None:
    from coffeechat.models import Organization

    theirs = Organization.objects.create(owner=outsider, name="Secret Org")
    page = owner_client.get(f"/network/?org={theirs.pk}").content.decode()
    assert "Secret Org" not in page


def test_stage_and_cadence_forms(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    assert f'action="/people/{dana.pk}/stage"' in page and '<option value="mentor"' in page
    owner_client.post(f"/people/{dana.pk}/stage", {"stage": "mentor"})
    owner_client.post(f"/people/{dana.pk}/cadence", {"days": "120"})
    dana.refresh_from_db()
    assert (dana.stage, dana.cadence_days) == ("mentor", 120)
    owner_client.post(f"/people/{dana.pk}/cadence", {"days": ""})
    dana.refresh_from_db()
    assert dana.cadence_days is None
    assert owner_client.get(f"/people/{dana.pk}/stage").status_code == 405


def test_one_tap_confidence_and_rehearsal(owner_client, owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", title="Data reporter", organization="The Tribune"))
    talk = Conversation.objects.create(owner=owner, person=dana, state="scheduled", minutes=20)
    PlanItem.objects.create(owner=owner, conversation=talk, position=1, text="What does a day look like?")
    response = owner_client.post(f"/conversations/{talk.pk}/confidence", {"when": "before", "rating": "2"})
    assert response.status_code == 302
    owner_client.post(f"/conversations/{talk.pk}/confidence", {"when": "after", "rating": "9"})
    talk.refresh_from_db()
    assert (talk.confidence_before, talk.confidence_after) == (2, None)
    page = owner_client.get(f"/conversations/{talk.pk}/rehearse").content.decode()
    assert "What does a day look like?" in page and 'id="timer"' in page and "live.js" in page
    assert "The Tribune" in page.split("30-second introduction")[1].split("The plan")[0]
    person_page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    assert f'href="/conversations/{talk.pk}/rehearse"' in person_page and "felt 2 before" in person_page


def test_forms_on_someone_elses_records_are_not_found(owner, outsider) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    talk = Conversation.objects.create(owner=owner, person=dana)
    client = Client()
    client.force_login(outsider)
    assert client.post(f"/people/{dana.pk}/stage", {"stage": "mentor"}).status_code == 404
    assert client.post(f"/conversations/{talk.pk}/confidence", {"when": "before", "rating": "3"}).status_code == 404
    assert client.get(f"/conversations/{talk.pk}/rehearse").status_code == 404
    assert client.post(f"/people/{dana.pk}/mentorship/dismiss").status_code == 404
    assert Person.objects.get(pk=dana.pk).stage == "new" and not MentorshipDismissal.objects.exists()
