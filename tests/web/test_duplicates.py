"""The duplicates page lists look-alike pairs; merging from it keeps both records' history."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from coffeechat.models import Person, Touch
from coffeechat.services.people import NewPerson, add_person
from conftest import logged_in as shared_logged_in


def logged_in(owner) -> Client:
    return shared_logged_in(owner, enforce_csrf_checks=True)


def csrf(client: Client, url: str) -> str:
    client.get(url)
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def twins(owner):
    left = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", emails=("dana@tribune.example",)))
    right = add_person(owner, NewPerson("Dana M. Reyes", title="Editor", emails=("dana@tribune.example",),
                                        phones=("555-0100",)))
    return left, right


def test_the_page_shows_pairs_side_by_side_with_the_evidence(owner) -> None:
    twins(owner)
    add_person(owner, NewPerson("Sam Park"))
    page = logged_in(owner).get("/people/duplicates/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Same email (dana@tribune.example)" in text
    assert "Dana M. Reyes" in text and "Sam Park" not in text
    assert "Merge into the left one" in text and 'name="csrfmiddlewaretoken"' in text


def test_an_empty_list_says_so(owner) -> None:
    assert b"No duplicates" in logged_in(owner).get("/people/duplicates/").content


def test_the_button_asks_first_then_merges_the_right_into_the_left(owner) -> None:
    left, right = twins(owner)
    client = logged_in(owner)
    token = csrf(client, "/people/duplicates/")
    asked = client.post("/people/merge/pair", {"keep": left.pk, "other": right.pk, "next": "duplicates",
                                               "csrfmiddlewaretoken": token})
    text = asked.content.decode()
    # The button only asks: it says what will happen, and nothing has changed yet.
    assert asked.status_code == 200 and "What merging will do" in text
    assert f"The record #{right.pk} is then removed" in text and "1 timeline entry" in text
    assert 'name="confirmed" value="yes"' in text
    assert Person.objects.filter(pk=right.pk).exists()
    response = client.post("/people/merge", {"keep": left.pk, "other": right.pk, "next": "duplicates",
                                             "confirmed": "yes", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/people/duplicates/"
    assert not Person.objects.filter(pk=right.pk).exists()
    assert Touch.objects.filter(person=left, kind="merged").exists()
    assert "555-0100" in [p.value for p in left.contact_points.all()]
    after = client.get("/people/duplicates/").content.decode()
    assert "is merged into Dana Reyes" in after and "No duplicates" in after


def test_merging_needs_the_csrf_token_and_a_post(owner) -> None:
    left, right = twins(owner)
    client = logged_in(owner)
    assert client.post("/people/merge/pair", {"keep": left.pk, "other": right.pk}).status_code == 403
    assert client.get(f"/people/merge/pair?keep={left.pk}&other={right.pk}").status_code == 405
    assert Person.objects.filter(pk=right.pk).exists()


def test_the_compare_page_shows_both_then_merges(owner) -> None:
    left, right = twins(owner)
    client = logged_in(owner)
    page = client.get(f"/people/merge?keep={left.pk}&other={right.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Dana Reyes" in text and "Dana M. Reyes" in text and "555-0100" in text
    assert "Added Dana M. Reyes" in text  # the other record's timeline is shown before confirming
    assert Person.objects.filter(pk=right.pk).exists()  # looking changes nothing
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    unconfirmed = client.post("/people/merge", {"keep": left.pk, "other": right.pk, "csrfmiddlewaretoken": token})
    assert unconfirmed.status_code == 200 and Person.objects.filter(pk=right.pk).exists()
    response = client.post("/people/merge", {"keep": left.pk, "other": right.pk, "confirmed": "yes",
                                             "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == f"/people/{left.pk}/"
    assert not Person.objects.filter(pk=right.pk).exists()


def test_another_users_people_cannot_be_merged_or_seen(owner, outsider) -> None:
    left, _ = twins(owner)
    theirs = add_person(outsider, NewPerson("Dana Reyes", emails=("dana@tribune.example",)))
    client = logged_in(owner)
    assert client.get(f"/people/merge?keep={left.pk}&other={theirs.pk}").status_code == 404
    token = client.cookies.get(settings.CSRF_COOKIE_NAME)
    token = token.value if token else csrf(client, "/people/duplicates/")
    response = client.post("/people/merge/pair", {"keep": left.pk, "other": theirs.pk, "confirmed": "yes",
                                                  "csrfmiddlewaretoken": token})
    assert response.status_code == 404
    assert Person.objects.filter(pk=theirs.pk).exists()
    assert b"Dana M. Reyes" not in logged_in(outsider).get("/people/duplicates/").content


def test_merging_a_person_into_themselves_is_refused_politely(owner) -> None:
    left, _ = twins(owner)
    client = logged_in(owner)
    token = csrf(client, "/people/duplicates/")
    response = client.post("/people/merge", {"keep": left.pk, "other": left.pk, "csrfmiddlewaretoken": token},
                           follow=True)
    assert b"same record" in response.content
    assert Person.objects.filter(pk=left.pk).exists()


def test_names_are_escaped(owner) -> None:
    add_person(owner, NewPerson("<script>x()</script>", emails=("a@b.example",)))
    add_person(owner, NewPerson("<script>y()</script>", emails=("a@b.example",)))
    text = logged_in(owner).get("/people/duplicates/").content.decode()
    assert "<script>x()" not in text and "&lt;script&gt;x()" in text
