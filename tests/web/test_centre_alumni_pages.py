"""The shared bank and alumni pages with Django's test client (issue 15 §5-6): each role's pages and links,
an advisor's editor, a student's copy, the alumni offer, the directory and request form, the alumnus's
requests page; what is not someone's to see or change is a 404; none of it exists in local mode."""

from __future__ import annotations

from typing import Any

import pytest

from centre_fixtures import make_account
from coffeechat.models import Message, Question
from coffeechat.models.centre import AlumniOffer, AlumniRequest, SharedItem
from coffeechat.services import alumni, shared_bank

PAGES = ("/centre/bank/", "/centre/from-your-centre/", "/centre/alumni/", "/centre/alumni/ask?alumnus=1",
         "/centre/alumni/offer/", "/centre/alumni/requests/")
BODY = ("Hi Al, as a fellow alum I'm exploring data reporting and careers in news more broadly. "
        "Could I ask you about your path for 20 minutes?")


@pytest.fixture
def cast(centre: Any) -> dict[str, Any]:
    return {
        "lee": make_account("lee@uni.example", "advisor", name="Lee Park", password=None),
        "ana": make_account("ana@uni.example", "student", name="Ana Lima", password=None),
        "omar": make_account("omar@uni.example", "student", name="Omar Diaz", password=None),
        "al": make_account("al@alumni.example", "alumnus", name="Al Umnus", password=None),
        "bea": make_account("bea@alumni.example", "alumnus", name="Bea Grad", password=None),
        "inbox": centre,
    }


def text_of(response: Any) -> str:
    return response.content.decode()


def test_local_mode_has_none_of_these_pages(owner_client: Any) -> None:
    for url in PAGES:
        assert owner_client.get(url).status_code == 404, url
        assert owner_client.post(url, {"action": "add"}).status_code == 404, url
    home = text_of(owner_client.get("/"))
    assert "Shared bank" not in home and "From your centre" not in home and "Alumni" not in home


def test_each_role_sees_its_own_pages_and_links(cast: dict[str, Any], client_for: Any) -> None:
    allowed = {"lee": {"/centre/bank/"},
               "ana": {"/centre/from-your-centre/", "/centre/alumni/"},
               "al": {"/centre/alumni/offer/", "/centre/alumni/requests/"}}
    links = {"lee": ("Shared bank",), "ana": ("From your centre", "Alumni"), "al": ("Your offer", "Alumni requests")}
    for who, pages in allowed.items():
        client = client_for(cast[who])
        for url in PAGES:
            expected = 200 if url in pages else 404
            assert client.get(url).status_code == expected, (who, url)
        home = text_of(client.get("/"))
        for other, words in links.items():
            for word in words:
                assert (f">{word}</a>" in home) == (other == who), (who, word)


def test_the_advisor_edits_the_bank_and_a_student_copies_and_edits_their_own(cast: dict[str, Any],
                                                                               client_for: Any) -> None:
    advisor, student = client_for(cast["lee"]), client_for(cast["ana"])
    added = advisor.post("/centre/bank/", {"action": "add", "kind": "question", "category": "career_path",
                                          "text": "What surprised you in your first year"})
    assert added.status_code == 302
    item = SharedItem.objects.get()
    refused = advisor.post("/centre/bank/", {"action": "add", "kind": "template", "text": "Hello"})
    assert refused.status_code == 400 and "needs a title" in text_of(refused)
    # The student sees it and copies it; her copy is hers.
    page = text_of(student.get("/centre/from-your-centre/"))
    assert "What surprised you in your first year?" in page and "Career path" in page
    assert student.post("/centre/from-your-centre/", {"action": "copy", "item": item.pk}).status_code == 302
    copy = Question.objects.owned_by(cast["ana"]).get()
    assert copy.text == item.text
    twice = student.post("/centre/from-your-centre/", {"action": "copy", "item": item.pk})
    assert twice.status_code == 400 and "already have this question" in text_of(twice)
    # She rewords her copy on the Questions page; the shared item stays.
    changed = student.post("/questions/change", {"key": f"own-{copy.pk}", "action": "edit",
                                                  "text": "What surprised you most in year one"})
    assert changed.status_code in (200, 302)
    copy.refresh_from_db()
    item.refresh_from_db()
    assert copy.text == "What surprised you most in year one?" and item.text == "What surprised you in your first year?"
    # The advisor changes the shared item; the copy stays.
    advisor.post("/centre/bank/", {"action": "edit", "item": item.pk, "category": "culture", "text": "How do teams work"})
    item.refresh_from_db()
    copy.refresh_from_db()
    assert item.text == "How do teams work?" and copy.text == "What surprised you most in year one?"
    # A template: copied, then edited on the student's page.
    advisor.post("/centre/bank/", {"action": "add", "kind": "template", "title": "Alum intro", "text": "Dear NAME,\nHello"})
    template = SharedItem.objects.get(kind="template")
    student.post("/centre/from-your-centre/", {"action": "copy", "item": template.pk})
    [mine] = shared_bank.template_copies(cast["ana"])
    assert student.post("/centre/from-your-centre/", {"action": "edit-copy", "copy": mine.id, "title": "Mine",
                                                      "text": "Hi NAME"}).status_code == 302
    assert "Hi NAME" in text_of(student.get("/centre/from-your-centre/"))
    template.refresh_from_db()
    assert template.text == "Dear NAME,\nHello"
    # Another student cannot touch her copy; nobody but advisors touches the bank.
    other = client_for(cast["omar"])
    assert other.post("/centre/from-your-centre/", {"action": "edit-copy", "copy": mine.id, "title": "x",
                                                    "text": "x"}).status_code == 404
    assert "Hi NAME" not in text_of(other.get("/centre/from-your-centre/"))
    for who in ("ana", "al"):
        assert client_for(cast[who]).post("/centre/bank/", {"action": "delete", "item": item.pk}).status_code == 404
    assert SharedItem.objects.filter(pk=item.pk).exists()
    assert advisor.post("/centre/bank/", {"action": "delete", "item": 999999}).status_code == 404
    assert advisor.post("/centre/bank/", {"action": "delete", "item": item.pk}).status_code == 302
    assert not SharedItem.objects.filter(pk=item.pk).exists() and Question.objects.filter(pk=copy.pk).exists()


def test_an_alumnus_opts_in_a_student_requests_and_the_alumnus_accepts(cast: dict[str, Any], client_for: Any) -> None:
    al, ana, inbox = cast["al"], cast["ana"], cast["inbox"]
    alumnus, student = client_for(al), client_for(ana)
    bad = alumnus.post("/centre/alumni/offer/", {"topics": "Radio", "per_month": "99"})
    assert bad.status_code == 400 and "from 1 to 20" in text_of(bad)
    assert alumnus.post("/centre/alumni/offer/", {"topics": "Data journalism\nRadio", "per_month": "2"}).status_code == 302
    assert "0 of 2 taken" in text_of(alumnus.get("/centre/alumni/offer/"))
    # The directory, by topic.
    assert "Al Umnus" in text_of(student.get("/centre/alumni/?topic=radio"))
    assert "Al Umnus" not in text_of(student.get("/centre/alumni/?topic=finance"))
    form = student.get(f"/centre/alumni/ask?alumnus={al.pk}")
    assert form.status_code == 200 and "Data journalism" in text_of(form)
    # Checking shows the rules and sends nothing.
    checked = student.post("/centre/alumni/ask", {"alumnus": al.pk, "topic": "Radio", "body": "Any jobs?",
                                                  "action": "check"})
    assert checked.status_code == 200 and 'class="rule fail"' in text_of(checked)
    assert not AlumniRequest.objects.exists() and not inbox.received
    # Sending: failing rules are shown as warnings, the request goes out, the clock runs.
    sent = student.post("/centre/alumni/ask", {"alumnus": al.pk, "topic": "Radio", "body": "Any jobs? My resume is attached.",
                                               "action": "send"}, follow=True)
    page = text_of(sent)
    assert "Sent to Al Umnus" in page and "follow-up clock is running" in page and 'class="warning"' in page
    request = AlumniRequest.objects.get()
    assert request.owner == ana and request.message is not None and request.message.status == Message.Status.SENT
    assert "Waiting for an answer" in page
    again = student.post("/centre/alumni/ask", {"alumnus": al.pk, "topic": "Radio", "body": BODY, "action": "send"})
    assert again.status_code == 400 and "already have an open request" in text_of(again)
    # The alumnus answers.
    requests_page = text_of(alumnus.get("/centre/alumni/requests/"))
    assert "Ana Lima" in requests_page and "Any jobs?" in requests_page
    assert alumnus.post("/centre/alumni/requests/", {"request": request.pk, "action": "accept"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted" and Message.objects.get(pk=request.message_id).replied_at is not None
    assert any("ana@uni.example" in rcpt and "accepted" in str(m["Subject"]) for _, rcpt, m in inbox.received)
    assert "Accepted" in text_of(student.get("/centre/alumni/"))


def test_nobody_else_sees_or_answers_a_request(cast: dict[str, Any], client_for: Any) -> None:
    al, ana = cast["al"], cast["ana"]
    alumni.save_offer(al, "Radio", 3)
    request = alumni.request_alumnus(ana, al, "Radio", BODY).request
    secret = "fellow alum I'm exploring data reporting"
    other_alumnus, other_student, advisor = client_for(cast["bea"]), client_for(cast["omar"]), client_for(cast["lee"])
    assert other_alumnus.post("/centre/alumni/requests/", {"request": request.pk, "action": "accept"}).status_code == 404
    assert other_student.post("/centre/alumni/", {"request": request.pk}).status_code == 404
    assert advisor.post("/centre/alumni/requests/", {"request": request.pk, "action": "decline"}).status_code == 404
    for client in (other_alumnus, other_student, advisor):
        for url in ("/centre/alumni/", "/centre/alumni/requests/", "/centre/alumni/offer/"):
            got = client.get(url)
            assert got.status_code in (200, 404) and secret not in text_of(got), url
    request.refresh_from_db()
    assert request.status == "open"
    # An alumnus out of the directory, an advisor or a student: no request form for them.
    AlumniOffer.objects.filter(owner=al).update(active=False)
    for pk in (al.pk, cast["lee"].pk, cast["omar"].pk, "x"):
        assert client_for(ana).get(f"/centre/alumni/ask?alumnus={pk}").status_code == 404
    # The student herself withdraws it.
    assert client_for(ana).post("/centre/alumni/", {"request": request.pk}).status_code == 302
    request.refresh_from_db()
    assert request.status == "withdrawn"
