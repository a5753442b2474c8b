"""One timeline per person: events and every text the user wrote about them, newest first, bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coffeechat.models import Goal, GoalReflection, Insight, Note, Referral, Task, Touch
from coffeechat.services.live import add_note, capture_commitment, capture_insight, capture_referral
from coffeechat.services.logbook import log_held, log_meeting
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.timeline import entry_as_json, person_timeline

AT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def test_every_text_written_about_a_person_is_on_their_timeline(owner, outsider) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", notes="Met at the alumni mixer"))
    talk = log_meeting(owner, dana, at=AT, minutes=20)
    log_held(owner, dana, at=AT + timedelta(minutes=30), notes="She loves zebrafish datasets")
    add_note(owner, dana, "A long transcript\nwith a second line")
    capture_insight(owner, talk, "Clips beat grades", theme="hiring")
    capture_commitment(owner, talk, "send my clips by Friday")
    capture_referral(owner, talk, "talk to Sam Park at the Harbor Institute")
    other = add_person(outsider, NewPerson("Dana Reyes", notes="someone else's note"))
    Note.objects.create(owner=outsider, person=other, body="not yours")

    entries = person_timeline(owner, dana)
    texts = {entry.kind: entry.text for entry in entries if entry.source != "touch"}
    assert texts["person_note"] == "Met at the alumni mixer"
    assert texts["held_notes"] == "She loves zebrafish datasets"
    assert texts["note_added"] == "A long transcript\nwith a second line"  # the full text, lines kept
    assert texts["insight"] == "Clips beat grades (hiring)"
    assert texts["commitment"] == "send my clips by Friday"
    assert texts["referral_note"] == "talk to Sam Park at the Harbor Institute"
    assert {"held", "added", "scheduled"} <= {entry.kind for entry in entries}
    assert "not yours" not in str(entries) and "someone else" not in str(entries)
    assert [entry.at for entry in entries] == sorted((entry.at for entry in entries), reverse=True)
    label = next(entry.label for entry in entries if entry.kind == "referral_note")
    assert label == "Referral to Sam Park"
    sam_entries = person_timeline(owner, Referral.objects.get().to_person)
    assert any(entry.label == "Referred by Dana Reyes" for entry in sam_entries)
    shape = entry_as_json(next(entry for entry in entries if entry.kind == "note_added"))
    assert shape["text"] == "A long transcript\nwith a second line" and shape["summary"] == "A long transcript with a second line"
    assert set(shape) == {"at", "kind", "label", "summary", "text", "source", "source_id", "conversation_id", "written",
                          "origin"}


def test_the_timeline_is_cut_to_the_newest_and_costs_the_same_for_any_history(owner, django_assert_max_num_queries) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    Note.objects.bulk_create([Note(owner=owner, person=dana, body=f"note {n}") for n in range(120)])
    Touch.objects.bulk_create([Touch(owner=owner, person=dana, kind="note", summary=f"touch {n}",
                                     at=AT + timedelta(days=n)) for n in range(120)])
    Task.objects.bulk_create([Task(owner=owner, person=dana, title=f"task {n}") for n in range(50)])
    Insight.objects.bulk_create([Insight(owner=owner, person=dana, text=f"insight {n}") for n in range(50)])
    with django_assert_max_num_queries(7):
        entries = person_timeline(owner, dana, limit=41)
    assert len(entries) == 41
    assert len(person_timeline(owner, dana, limit=100_000)) == 120 + 120 + 50 + 50 + 1


def test_reflections_are_about_a_goal_not_a_person(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    goal = Goal.objects.create(owner=owner, title="Policy")
    GoalReflection.objects.create(owner=owner, goal=goal, body="I like the research side")
    assert all("research side" not in entry.text for entry in person_timeline(owner, dana))
