"""Live mode: notes saved as typed, captures that become people, tasks and insights, held, CLI notes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coffeechat.models import Conversation, Goal, Note, Organization, Person, Referral, Task, Touch
from coffeechat.services.agenda import load_practice
from coffeechat.services.live import (
    NotesConflict,
    ReferralUnsure,
    add_note,
    capture_commitment,
    capture_insight,
    capture_referral,
    captures,
    conversation_of,
    live_note,
    mark_held,
    note_version,
    political_warnings,
    read_referral,
    referral_candidates,
    save_live_notes,
)
from coffeechat.services.logbook import log_meeting
from coffeechat.services.people import NewPerson, add_person

AT = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def talk(owner) -> Conversation:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor"))
    conversation = log_meeting(owner, dana, at=AT, minutes=20)
    conversation.goal = Goal.objects.create(owner=owner, title="Political reporting", field="newsroom_politics")
    conversation.save()
    return conversation


def has_notes(owner, conversation) -> bool:
    return next(c for c in load_practice(owner).conversations if c.id == conversation.pk).has_notes


@pytest.mark.parametrize(("typed", "expected"), [
    ("talk to Dana Reyes at the Tribune", ("Dana Reyes", "The Tribune")),
    ("You should speak with Sam Park from Harbor Policy.", ("Sam Park", "Harbor Policy")),
    ("Lee Chen", ("Lee Chen", "")),
    ("  reach out to   Ana Ruiz at City Hall ", ("Ana Ruiz", "City Hall")),
])
def test_reading_a_quick_referral(typed, expected) -> None:
    assert read_referral(typed) == expected


def test_notes_box_keeps_its_own_note_and_counts_as_notes(owner, talk) -> None:
    assert not has_notes(owner, talk)
    first = save_live_notes(owner, talk, "Started at the metro desk")
    assert first.outcome == "created" and first.version == note_version("Started at the metro desk")
    again = save_live_notes(owner, talk, "Started at the metro desk; moved to politics in 2019",
                            note_id=first.note.pk, version=first.version)
    assert again.note.pk == first.note.pk and live_note(owner, talk).body.endswith("2019")
    assert has_notes(owner, talk)
    emptied = save_live_notes(owner, talk, "   ", note_id=first.note.pk, version=again.version)
    assert emptied.note is None and emptied.outcome == "deleted"
    assert Note.objects.filter(conversation=talk).count() == 0 and not has_notes(owner, talk)


def test_a_note_added_meanwhile_from_the_cli_is_never_replaced_nor_deleted(owner, talk) -> None:
    box = save_live_notes(owner, talk, "Live: metro desk")
    cli_note = add_note(owner, talk.person, "From the terminal: prefers mornings")
    assert cli_note.conversation == talk
    typed = save_live_notes(owner, talk, "Live: metro desk, then politics", note_id=box.note.pk, version=box.version)
    save_live_notes(owner, talk, "", note_id=typed.note.pk, version=typed.version)
    assert list(Note.objects.filter(conversation=talk).values_list("body", flat=True)) == [
        "From the terminal: prefers mornings"]
    # A fresh box (no id yet) makes a note of its own rather than taking the terminal's.
    fresh = save_live_notes(owner, talk, "Second box")
    assert fresh.note.pk != cli_note.pk and Note.objects.get(pk=cli_note.pk).body.startswith("From the terminal")


def test_a_stale_page_never_overwrites_newer_text(owner, talk) -> None:
    box = save_live_notes(owner, talk, "Version one")
    newer = save_live_notes(owner, talk, "Version two, from another tab", note_id=box.note.pk, version=box.version)
    with pytest.raises(NotesConflict) as conflict:
        save_live_notes(owner, talk, "Version one, edited on a stale page", note_id=box.note.pk, version=box.version)
    assert conflict.value.note.body == "Version two, from another tab" and conflict.value.version == newer.version
    with pytest.raises(NotesConflict):
        save_live_notes(owner, talk, "", note_id=box.note.pk, version=box.version)  # emptying is a change too
    assert Note.objects.get(pk=box.note.pk).body == "Version two, from another tab"
    # Choosing "keep mine" sends the version the page was shown in the conflict.
    kept = save_live_notes(owner, talk, "Mine after all", note_id=box.note.pk, version=conflict.value.version)
    assert kept.outcome == "updated" and Note.objects.get(pk=box.note.pk).body == "Mine after all"


def test_a_note_deleted_elsewhere_is_written_anew_not_lost(owner, talk) -> None:
    box = save_live_notes(owner, talk, "Keep me")
    Note.objects.filter(pk=box.note.pk).delete()
    again = save_live_notes(owner, talk, "Keep me, and more", note_id=box.note.pk, version=box.version)
    assert again.outcome == "created" and again.note.body == "Keep me, and more"


def test_a_referral_capture_adds_the_person_referred_by_the_interviewee(owner, talk) -> None:
    referral = capture_referral(owner, talk, "talk to Sam Park at the Harbor Institute")
    sam = referral.to_person
    assert sam.full_name == "Sam Park" and str(sam.organization) == "The Harbor Institute"
    assert sam.referred_by == talk.person and sam.how_known == Person.HowKnown.REFERRAL
    assert referral.conversation == talk and referral.from_person == talk.person
    assert Touch.objects.filter(person=sam, kind="referral").exists()


def test_a_referral_to_someone_known_reuses_them(owner, talk) -> None:
    known = add_person(owner, NewPerson("Sam Park", organization="Harbor"))
    referral = capture_referral(owner, talk, "Sam Park")
    assert referral.to_person == known and Person.objects.filter(full_name="Sam Park").count() == 1
    with pytest.raises(ValueError):
        capture_referral(owner, talk, "talk to ")


def test_a_referral_matches_names_without_accents_or_case_and_the_organisation(owner, talk) -> None:
    jose = add_person(owner, NewPerson("José Núñez", organization="The Tribune"))
    before = (Person.objects.count(), Organization.objects.count())
    referral = capture_referral(owner, talk, "talk to jose nunez at the tribune")
    assert referral.to_person == jose
    assert (Person.objects.count(), Organization.objects.count()) == before


def test_an_unsure_referral_asks_and_the_pick_is_the_one_linked(owner, talk) -> None:
    tribune = add_person(owner, NewPerson("Ana Ruiz", organization="The Tribune"))
    city = add_person(owner, NewPerson("Ana Ruiz", organization="City Hall"))
    before = (Person.objects.count(), Organization.objects.count(), Referral.objects.count())
    with pytest.raises(ReferralUnsure) as unsure:
        capture_referral(owner, talk, "talk to Ana Ruiz")
    assert unsure.value.candidates == [tribune, city]
    assert (Person.objects.count(), Organization.objects.count(), Referral.objects.count()) == before
    # With the organisation typed, the one who works there is sure.
    assert capture_referral(owner, talk, "Ana Ruiz at city hall").to_person == city
    assert capture_referral(owner, talk, "talk to Ana Ruiz", person_id=tribune.pk).to_person == tribune
    # A known name at an organisation none of them is at: ask (maybe they moved), or add someone new.
    with pytest.raises(ReferralUnsure):
        capture_referral(owner, talk, "Ana Ruiz at the Herald")
    new = capture_referral(owner, talk, "Ana Ruiz at the Herald", new_person=True).to_person
    assert new.pk not in (tribune.pk, city.pk) and str(new.organization) == "The Herald"


def test_a_first_name_only_referral_offers_the_near_match(owner, talk) -> None:
    lee = add_person(owner, NewPerson("Lee Chen", organization="Harbor Policy"))
    with pytest.raises(ReferralUnsure) as unsure:
        capture_referral(owner, talk, "talk to Lee")
    assert unsure.value.candidates == [lee]
    assert referral_candidates(owner, "Nobody Known") == ([], False)


def test_a_new_referral_joins_the_organisation_already_known(owner, talk) -> None:
    capture_referral(owner, talk, "talk to Mia Wong at tribune")
    assert Organization.objects.filter(name__icontains="tribune").count() == 1


def test_commitment_becomes_a_task_and_insight_joins_the_goal(owner, talk) -> None:
    task = capture_commitment(owner, talk, "send my clips to Dana")
    assert Task.objects.get(pk=task.pk).conversation == talk and task.person == talk.person
    insight = capture_insight(owner, talk, "Editors read the clip file first", theme="hiring", skill="clips")
    assert insight.goal == talk.goal and insight.person == talk.person
    with pytest.raises(ValueError):
        capture_insight(owner, talk, "  ")
    got = captures(owner, talk)
    assert got.commitments == [task] and got.insights == [insight] and got.referrals == []


def test_marking_held_goes_through_the_logbook(owner, talk) -> None:
    held = mark_held(owner, talk)
    assert held.state == "held" and held.held_at is not None
    assert Touch.objects.filter(person=talk.person, kind="held").count() == 1
    mark_held(owner, held)  # twice changes nothing
    assert Touch.objects.filter(person=talk.person, kind="held").count() == 1


def test_a_cli_note_goes_to_the_latest_conversation_or_the_person(owner, talk) -> None:
    lonely = add_person(owner, NewPerson("Lee Chen"))
    assert add_note(owner, lonely, "Met at the job fair").conversation is None
    assert add_note(owner, talk.person, "Prefers mornings").conversation == talk
    mark_held(owner, talk)
    later = log_meeting(owner, talk.person, at=datetime(2027, 1, 5, tzinfo=UTC))
    assert later.pk != talk.pk
    assert add_note(owner, talk.person, "She liked my clips").conversation == talk
    with pytest.raises(ValueError):
        add_note(owner, lonely, " ")


def test_campaign_work_warns_only_a_would_be_political_reporter(owner, outsider, talk) -> None:
    assert political_warnings(owner, "I volunteered for the Alvarez for Senate campaign")
    assert political_warnings(owner, "Wrote a story about transit") == []
    assert political_warnings(outsider, "I volunteered for the Alvarez for Senate campaign") == []


def test_conversations_are_scoped_to_their_owner(owner, outsider, talk) -> None:
    assert conversation_of(owner, talk.pk) == talk
    assert conversation_of(outsider, talk.pk) is None
    assert Referral.objects.count() == 0


def test_ending_in_live_mode_before_the_booked_time_holds_it_now(owner) -> None:
    from datetime import timedelta

    from coffeechat.services.clock import now

    dana = add_person(owner, NewPerson("Dana Reyes"))
    early = log_meeting(owner, dana, at=now() + timedelta(hours=1), minutes=20)
    held = mark_held(owner, early)
    assert held.state == "held" and held.scheduled_at <= held.held_at <= now()
