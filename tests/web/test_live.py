"""Web: live mode (checklist, notes, captures, held) and the thank-you page; scoped to their owner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from coffeechat.models import Conversation, Insight, Note, Person, PlanItem, Task
from coffeechat.services.logbook import log_meeting
from coffeechat.services.people import NewPerson, add_person
from conftest import logged_in

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def talk(owner) -> Conversation:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", emails=("dana@tribune.example",)))
    talk = log_meeting(owner, dana, at=datetime.now(UTC) - timedelta(minutes=5), minutes=5)
    # Shorter than the logbook allows when booking: a quick call still gets a plan and a timer.
    Conversation.objects.filter(pk=talk.pk).update(minutes=3)
    talk.refresh_from_db()
    return talk


def test_live_page_has_the_timer_the_checklist_and_the_notes_box(owner, talk) -> None:
    body = logged_in(owner).get(f"/conversations/{talk.pk}/live").content.decode()
    assert 'data-minutes="3"' in body and 'id="notes-box"' in body and "coffeechat/live.js" in body
    assert body.count('class="plan-item') == PlanItem.objects.filter(conversation=talk).count() >= 3
    assert "<script>" not in body.split("</head>")[1].replace('<script src=', '')  # no inline scripts


def test_tapping_and_rating_a_question(owner, talk) -> None:
    client = logged_in(owner)
    client.get(f"/conversations/{talk.pk}/live")
    item = PlanItem.objects.filter(conversation=talk).first()
    answer = client.post(f"/plan-items/{item.pk}/answer", **HTMX)
    assert answer.status_code == 200 and b"answered" in answer.content and b"<html" not in answer.content
    client.post(f"/plan-items/{item.pk}/answer", {"rating": "5"}, **HTMX)
    item.refresh_from_db()
    assert item.answered and item.rating == 5


def save(client: Client, talk: Conversation, text: str | bytes, note_id: object = "", version: str = ""):
    """What live.js sends: the raw text, the note's id and version in headers."""
    return client.post(f"/conversations/{talk.pk}/notes", data=text, content_type="text/plain; charset=utf-8",
                       HTTP_X_NOTE_ID=str(note_id or ""), HTTP_X_NOTE_VERSION=version, HTTP_ACCEPT="application/json")


def test_notes_save_as_you_type(owner, talk) -> None:
    client = logged_in(owner)
    saved = save(client, talk, "Started on the metro desk")
    data = saved.json()
    assert saved.status_code == 200 and data["status"] == "saved" and data["message"].startswith("Saved")
    assert Note.objects.get(conversation=talk).pk == data["note_id"]
    page = client.get(f"/conversations/{talk.pk}/live").content.decode()
    assert "Started on the metro desk" in page
    assert f'data-note-id="{data["note_id"]}"' in page and f'data-version="{data["version"]}"' in page


def test_a_stale_page_gets_a_conflict_with_both_texts_and_nothing_is_overwritten(owner, talk) -> None:
    client = logged_in(owner)
    first = save(client, talk, "Version one").json()
    other_tab = save(client, talk, "Version two from another tab", first["note_id"], first["version"]).json()
    stale = save(client, talk, "Version one and my edits", first["note_id"], first["version"])
    assert stale.status_code == 409
    answer = stale.json()
    assert answer["status"] == "conflict" and answer["server_text"] == "Version two from another tab"
    assert answer["version"] == other_tab["version"] and "changed elsewhere" in answer["message"]
    assert Note.objects.get(pk=first["note_id"]).body == "Version two from another tab"
    kept = save(client, talk, "Version one and my edits", answer["note_id"], answer["version"])
    assert kept.json()["status"] == "saved"
    assert Note.objects.get(pk=first["note_id"]).body == "Version one and my edits"


def test_a_cli_note_added_meanwhile_is_neither_replaced_nor_deleted_by_the_box(owner, talk) -> None:
    client = logged_in(owner)
    client.get(f"/conversations/{talk.pk}/live")  # the page opens with an empty box
    from coffeechat.services.live import add_note

    add_note(owner, talk.person, "Typed in the terminal meanwhile")
    box = save(client, talk, "Typed in the live box").json()
    emptied = save(client, talk, "", box["note_id"], box["version"])  # the user empties the box
    assert emptied.json()["outcome"] == "deleted", emptied.content
    assert list(Note.objects.filter(conversation=talk).values_list("body", flat=True)) == [
        "Typed in the terminal meanwhile"]
    assert "Typed in the terminal meanwhile" in client.get(f"/conversations/{talk.pk}/live").content.decode()


def test_notes_of_several_megabytes_save(owner, talk) -> None:
    transcript = ("Interviewer: what do editors look for? Dana: clips, then curiosity. " * 80_000)[:5_000_000]
    answer = save(logged_in(owner), talk, transcript)
    assert answer.status_code == 200 and answer.json()["status"] == "saved"
    assert len(Note.objects.get(conversation=talk).body) == 5_000_000


def test_notes_beyond_the_limit_are_refused_with_a_message_and_nothing_changes(owner, talk) -> None:
    from coffeechat.web.views.live import NOTES_MAX_BYTES

    client = logged_in(owner)
    first = save(client, talk, "Short notes").json()
    refused = save(client, talk, "x" * (NOTES_MAX_BYTES + 1), first["note_id"], first["version"])
    assert refused.status_code == 413
    message = refused.json()["message"]
    assert message.startswith("Not saved") and "Your text is still here" in message and "--file" in message
    assert Note.objects.get(conversation=talk).body == "Short notes"


def test_notes_that_are_not_utf8_are_refused_clearly(owner, talk) -> None:
    refused = save(logged_in(owner), talk, b"caf\xe9")
    assert refused.status_code == 400 and "UTF-8" in refused.json()["message"]


def test_a_signed_out_save_is_not_a_success(talk) -> None:
    answer = save(Client(), talk, "typed after the session ended")
    assert answer.status_code == 302 and Note.objects.count() == 0


def test_the_form_without_javascript_saves_and_a_conflict_keeps_both(owner, talk) -> None:
    client = logged_in(owner)
    url = f"/conversations/{talk.pk}/notes"
    assert client.post(url, {"body": "From the form"}).status_code == 302
    note = Note.objects.get(conversation=talk)
    from coffeechat.services.live import note_version

    client.post(url, {"body": "Newer elsewhere", "note_id": note.pk, "version": note_version("From the form")})
    client.post(url, {"body": "Stale form", "note_id": note.pk, "version": note_version("From the form")})
    assert sorted(Note.objects.filter(conversation=talk).values_list("body", flat=True)) == [
        "Newer elsewhere", "Stale form"]


def test_captures_make_people_tasks_and_insights(owner, talk) -> None:
    client = logged_in(owner)
    url = f"/conversations/{talk.pk}/capture/"
    response = client.post(url + "referral", {"text": "talk to Sam Park at the Harbor Institute"}, **HTMX)
    assert b"Sam Park" in response.content and b"<html" not in response.content
    assert Person.objects.get(full_name="Sam Park").referred_by == talk.person
    client.post(url + "commitment", {"text": "send my clips"}, **HTMX)
    assert Task.objects.get().conversation == talk
    client.post(url + "insight", {"text": "Clips beat grades", "theme": "hiring"}, **HTMX)
    assert Insight.objects.get().theme == "hiring"
    empty = client.post(url + "insight", {"text": "  "}, **HTMX)
    assert b"needs some words" in empty.content


def test_held_then_thank_you_then_logged(owner, talk) -> None:
    client = logged_in(owner)
    client.post(f"/conversations/{talk.pk}/capture/insight", {"text": "Most hires come through the fellowship"})
    done = client.post(f"/conversations/{talk.pk}/held")
    assert done.status_code == 302 and done["Location"] == f"/conversations/{talk.pk}/thank-you"
    page = client.get(done["Location"]).content.decode()
    assert "Most hires come through the fellowship" in page and "dana@tribune.example" in page
    client.post(f"/conversations/{talk.pk}/thank-you", {"action": "sent", "subject": "Thanks", "body": "Thank you!"})
    talk.refresh_from_db()
    assert talk.thanked_at is not None


def test_sending_without_mail_set_up_says_how(owner, talk) -> None:
    client = logged_in(owner)
    client.post(f"/conversations/{talk.pk}/held")
    response = client.post(f"/conversations/{talk.pk}/thank-you", {"action": "send", "subject": "s", "body": "b"},
                           follow=True)
    assert b"settings" in response.content.lower()
    talk.refresh_from_db()
    assert talk.thanked_at is None


def test_another_user_gets_nothing(owner, outsider, talk) -> None:
    logged_in(owner).get(f"/conversations/{talk.pk}/live")
    item = PlanItem.objects.filter(conversation=talk).first()
    client = logged_in(outsider)
    for url in (f"/conversations/{talk.pk}/live", f"/conversations/{talk.pk}/thank-you"):
        assert client.get(url).status_code == 404
    for url in (f"/conversations/{talk.pk}/notes", f"/conversations/{talk.pk}/capture/insight",
                f"/conversations/{talk.pk}/held", f"/plan-items/{item.pk}/answer"):
        assert client.post(url, {"body": "x", "text": "x"}).status_code == 404
    talk.refresh_from_db()
    assert talk.state == "scheduled" and not Note.objects.exists() and not Insight.objects.exists()


def test_a_referral_to_someone_known_links_them_and_an_unsure_one_asks(owner, talk) -> None:
    client = logged_in(owner)
    url = f"/conversations/{talk.pk}/capture/referral"
    known = add_person(owner, NewPerson("José Núñez", organization="Harbor Policy"))
    linked = client.post(url, {"text": "talk to jose nunez at harbor policy"}, **HTMX).content.decode()
    assert f'href="/people/{known.pk}/"' in linked and "in your network" in linked
    assert Person.objects.filter(folded_name="jose nunez").count() == 1
    twin = add_person(owner, NewPerson("José Núñez", organization="City Hall"))
    asked = client.post(url, {"text": "talk to José Núñez"}, **HTMX).content.decode()
    assert "Which José Núñez?" in asked and f'value="{known.pk}"' in asked and f'value="{twin.pk}"' in asked
    assert 'value="new"' in asked
    referrals_before = talk.person.referrals_given.count()
    picked = client.post(url, {"text": "talk to José Núñez", "person": str(twin.pk)}, **HTMX).content.decode()
    assert "City Hall" in picked and talk.person.referrals_given.count() == referrals_before + 1
    assert talk.person.referrals_given.order_by("-id").first().to_person == twin
    client.post(url, {"text": "talk to José Núñez", "person": "new"}, **HTMX)
    assert Person.objects.filter(folded_name="jose nunez").count() == 3
