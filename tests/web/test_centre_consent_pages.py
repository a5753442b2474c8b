"""The consent pages with Django's test client (issue 15 §3-4): a student's Sharing choices (a level per
advisor, "nothing" revokes, a wrong value refused), Who looked, Comments from advisors; the nav for each
role; the advisor's comment form; all of it absent in local mode."""

from __future__ import annotations

from typing import Any

import pytest

from centre_fixtures import make_account
from coffeechat.models.centre import Consent
from coffeechat.services import consent

PAGES = ("/centre/sharing/", "/centre/who-looked/", "/centre/comments/", "/centre/cohort/")


@pytest.fixture
def accounts(centre: Any) -> dict[str, Any]:
    return {
        "ana": make_account("ana@uni.example", "student", cohort="MA 2027", name="Ana Lima", password=None),
        "lee": make_account("lee@uni.example", "advisor", name="Lee Park", password=None),
        "kim": make_account("kim@uni.example", "advisor", name="Kim Roe", password=None),
    }


def test_local_mode_has_none_of_these_pages(owner_client: Any) -> None:
    for url in (*PAGES, "/centre/students/1/"):
        assert owner_client.get(url).status_code == 404, url
    assert b"Sharing" not in owner_client.get("/").content


def test_the_sharing_page_sets_changes_and_revokes(accounts: dict[str, Any], client_for: Any) -> None:
    ana, lee, kim = accounts["ana"], accounts["lee"], accounts["kim"]
    client = client_for(ana)
    page = client.get("/centre/sharing/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lee Park" in text and "Kim Roe" in text and 'aria-label="What Lee Park sees"' in text
    assert client.post("/centre/sharing/", {"advisor": lee.pk, "level": "counts"}).status_code == 302
    assert consent.level_for(lee, ana) == "counts" and consent.level_for(kim, ana) is None
    client.post("/centre/sharing/", {"advisor": lee.pk, "level": "everything"})
    assert consent.level_for(lee, ana) == "everything"
    refused = client.post("/centre/sharing/", {"advisor": lee.pk, "level": "all of it"})
    assert refused.status_code == 400 and b"Level must be one of" in refused.content
    assert client.post("/centre/sharing/", {"advisor": ana.pk, "level": "counts"}).status_code == 404
    assert client.post("/centre/sharing/", {"advisor": "x", "level": "counts"}).status_code == 404
    client.post("/centre/sharing/", {"advisor": lee.pk, "level": "none"})
    assert not Consent.objects.exists()


def test_who_looked_and_comments(accounts: dict[str, Any], client_for: Any) -> None:
    ana, lee = accounts["ana"], accounts["lee"]
    consent.grant(ana, lee, "counts")
    advisor = client_for(lee)
    assert advisor.get(f"/centre/students/{ana.pk}/").status_code == 200
    assert advisor.post(f"/centre/students/{ana.pk}/comment", {"body": "  "}).status_code == 302
    assert advisor.post(f"/centre/students/{ana.pk}/comment", {"body": "Keep going!"}).status_code == 302
    assert [c.body for c in consent.comments_for(ana)] == ["Keep going!"]
    student = client_for(ana)
    looked = student.get("/centre/who-looked/").content.decode()
    assert "Lee Park" in looked and "Counts only" in looked
    comments = student.get("/centre/comments/")
    assert b"Keep going!" in comments.content and b"Mark read" in comments.content
    comment = consent.comments_for(ana)[0]
    assert student.post("/centre/comments/", {"comment": comment.pk}).status_code == 302
    assert consent.unread_comments(ana) == 0
    assert b"Mark read" not in student.get("/centre/comments/").content


def test_each_role_has_its_own_pages_and_links(accounts: dict[str, Any], client_for: Any) -> None:
    student, advisor = client_for(accounts["ana"]), client_for(accounts["lee"])
    home = student.get("/").content.decode()
    assert "Sharing" in home and "Comments from advisors" in home and "Your students" not in home
    home = advisor.get("/").content.decode()
    assert "Your students" in home and "Comments from advisors" not in home
    assert advisor.get("/centre/cohort/").status_code == 200
    for url in ("/centre/sharing/", "/centre/who-looked/", "/centre/comments/"):
        assert advisor.get(url).status_code == 404, url
    assert student.get("/centre/cohort/").status_code == 404
