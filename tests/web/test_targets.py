"""The target board: ranked, scores edited in place (htmx), starters shown, and only the owner's."""

from __future__ import annotations

from django.test import Client

from coffeechat.models import Organization
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.targets import set_scores


def test_board_shows_rank_batch_starters_and_hint(owner_client, owner) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Editor", how_known="alumni"))
    set_scores(owner, "The Tribune", motivation=3)
    set_scores(owner, "Empty Org", motivation=1)
    page = owner_client.get("/targets/").content.decode()
    assert "Targets" in page and "first batch" in page
    assert page.index("The Tribune") < page.index("Empty Org")
    assert "Dana Reyes" in page and "a fellow alumnus" in page
    assert "Nobody there yet — add someone" in page
    assert "aim for at least 40" in page
    assert "you know someone there: suggest yes" in page


def test_score_change_returns_the_reordered_board_partial(owner_client, owner) -> None:
    a = set_scores(owner, "Alpha", motivation=3)
    b = set_scores(owner, "Beta", motivation=1)
    response = owner_client.post(f"/targets/{b.pk}/score", {"motivation": "4", "posting": "1", "advocacy": "no"},
                               HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="board"') and "<html" not in body
    assert body.index("Beta") < body.index("Alpha")
    assert Organization.objects.get(pk=b.pk).motivation == 4
    assert Organization.objects.get(pk=a.pk).motivation == 3


def test_score_change_without_htmx_redirects_and_bad_values_are_refused(owner_client, owner) -> None:
    org = set_scores(owner, "Alpha", motivation=3)
    assert owner_client.post(f"/targets/{org.pk}/score", {"posting": "3"}).status_code == 302
    assert Organization.objects.get(pk=org.pk).posting == 3
    bad = owner_client.post(f"/targets/{org.pk}/score", {"motivation": "9"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and Organization.objects.get(pk=org.pk).motivation == 3


def test_add_from_the_page(owner_client, owner) -> None:
    owner_client.post("/targets/add", {"name": "Harbor Institute"})
    assert Organization.objects.owned_by(owner).filter(name="Harbor Institute").exists()


def test_outsider_cannot_see_or_change_the_owners_targets(owner, outsider) -> None:
    org = set_scores(owner, "Secret Org", motivation=3)
    client = Client()
    client.force_login(outsider)
    assert "Secret Org" not in client.get("/targets/").content.decode()
    assert client.post(f"/targets/{org.pk}/score", {"motivation": "0"}).status_code == 404
    assert Organization.objects.get(pk=org.pk).motivation == 3


def test_the_board_needs_a_login(owner) -> None:
    assert Client().get("/targets/").status_code == 302
