"""Duplicates are found with their evidence, and merging two records keeps everything of both."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coffeechat.models import (
    ActionState,
    ContactPoint,
    Conversation,
    Insight,
    Message,
    Note,
    Person,
    Referral,
    Task,
    Touch,
)
from coffeechat.services.merging import MergeRefused, duplicate_candidates, merge_people
from coffeechat.services.people import NewPerson, add_person

AT = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def both_records(owner):
    """Dana twice: a hand-entered record with history, and an imported one with other details."""
    keep = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor",
                                       emails=("dana@tribune.example",), tags=("journalism",), notes="Met at the fair."))
    other = add_person(owner, NewPerson("Dana M. Reyes", organization="Tribune Media", title="Editor",
                                        emails=("DANA@tribune.example", "dana.reyes@gmail.example"),
                                        phones=("+1 312 555 0100",), linkedin_url="https://linkedin.com/in/dana-r",
                                        location="Chicago", timezone="America/Chicago", how_known="alumni",
                                        tags=("alumni", "journalism"), notes="Prefers mornings."))
    Person.objects.filter(pk=other.pk).update(stage=Person.Stage.MET, cadence_days=90, vcard_uid="uid-dana",
                                              connected_on=date(2025, 12, 7))
    other.refresh_from_db()
    return keep, other


def test_merge_keeps_every_field_and_timeline_entry_of_both(owner) -> None:
    keep, other = both_records(owner)
    sam = add_person(owner, NewPerson("Sam Park"))
    lee = add_person(owner, NewPerson("Lee Chen"))
    Person.objects.filter(pk=lee.pk).update(referred_by=other)
    conversation = Conversation.objects.create(owner=owner, person=other, scheduled_at=AT)
    message = Message.objects.create(owner=owner, person=other, subject="Hello", status="sent", sent_at=AT)
    Touch.objects.create(owner=owner, person=other, kind=Touch.Kind.REPLY, at=AT, summary="Dana replied")
    Task.objects.create(owner=owner, person=other, title="Send clips")
    Note.objects.create(owner=owner, person=other, body="Ask about the statehouse")
    Insight.objects.create(owner=owner, person=other, text="Learn SQL")
    Referral.objects.create(owner=owner, from_person=other, to_person=sam, note="talk to Sam")
    Referral.objects.create(owner=owner, from_person=sam, to_person=other)
    before = set(Touch.objects.filter(person__in=[keep, other]).values_list("summary", flat=True))

    report = merge_people(owner, keep, other)

    dana = report.person
    assert not Person.objects.filter(pk=other.pk).exists()
    assert dana.pk == keep.pk
    assert (dana.full_name, dana.title, dana.organization.name) == ("Dana Reyes", "Politics editor", "The Tribune")
    assert dana.linkedin_url == "https://www.linkedin.com/in/dana-r"
    assert (dana.location, dana.timezone, dana.vcard_uid) == ("Chicago", "America/Chicago", "uid-dana")
    assert (dana.connected_on, dana.cadence_days, dana.stage, dana.how_known) == (date(2025, 12, 7), 90, "met", "alumni")
    assert dana.notes == "Met at the fair.\n\nPrefers mornings."
    points = sorted((p.kind, p.value) for p in dana.contact_points.all())
    assert points == [("email", "dana.reyes@gmail.example"), ("email", "dana@tribune.example"),
                      ("phone", "+1 312-555-0100")]
    assert sorted(t.name for t in dana.tags.all()) == ["alumni", "journalism"]
    summaries = set(Touch.objects.filter(person=dana).values_list("summary", flat=True))
    assert before < summaries
    merged = Touch.objects.get(person=dana, kind=Touch.Kind.MERGED)
    # The other record's job is not lost: it stays on the timeline.
    assert "Dana M. Reyes" in merged.summary and "Tribune Media" in merged.summary and "Editor" in merged.summary
    for model in (Conversation, Message, Task, Note, Insight):
        assert model.objects.filter(person=dana).count() == 1, model.__name__
    assert Message.objects.get(pk=message.pk).person_id == dana.pk
    assert Conversation.objects.get(pk=conversation.pk).person_id == dana.pk
    assert Referral.objects.get(from_person=dana).to_person_id == sam.pk
    assert Referral.objects.get(to_person=dana).from_person_id == sam.pk
    assert Person.objects.get(pk=lee.pk).referred_by_id == dana.pk
    assert report.moved["touches"] == 2 and report.moved["conversations"] == 1


def test_a_referral_between_the_two_records_is_dropped_not_made_self_referral(owner) -> None:
    keep, other = both_records(owner)
    Referral.objects.create(owner=owner, from_person=keep, to_person=other)
    Person.objects.filter(pk=keep.pk).update(referred_by=other)
    report = merge_people(owner, keep, other)
    assert report.dropped_referrals == 1
    assert not Referral.objects.filter(from_person=keep).exists()
    assert report.person.referred_by_id is None


def test_two_referrals_from_one_person_become_one_keeping_what_was_done(owner) -> None:
    keep, other = both_records(owner)
    sam = add_person(owner, NewPerson("Sam Park"))
    Referral.objects.create(owner=owner, from_person=sam, to_person=keep, note="talk to Dana")
    Referral.objects.create(owner=owner, from_person=sam, to_person=other, contacted_at=AT, note="at the Tribune")
    merge_people(owner, keep, other)
    referral = Referral.objects.get(to_person=keep)
    assert referral.contacted_at == AT
    assert referral.note == "talk to Dana\n\nat the Tribune"


def test_done_and_snoozed_marks_follow_the_person(owner) -> None:
    keep, other = both_records(owner)
    ActionState.objects.create(owner=owner, action_key=f"keep_in_touch:person:{other.pk}@2026-11-01",
                               snoozed_until=date(2026, 12, 1))
    merge_people(owner, keep, other)
    assert ActionState.objects.filter(action_key=f"keep_in_touch:person:{keep.pk}@2026-11-01").exists()


def test_merge_refuses_one_person_twice_and_other_practices(owner, outsider) -> None:
    keep, _ = both_records(owner)
    stranger = add_person(outsider, NewPerson("Dana Reyes"))
    with pytest.raises(MergeRefused):
        merge_people(owner, keep, keep)
    with pytest.raises(MergeRefused):
        merge_people(owner, keep, stranger)
    with pytest.raises(MergeRefused):
        merge_people(outsider, stranger, keep)
    assert Person.objects.filter(pk=stranger.pk).exists() and Person.objects.filter(pk=keep.pk).exists()


def test_a_failed_merge_changes_nothing(owner, monkeypatch) -> None:
    keep, other = both_records(owner)
    Touch.objects.create(owner=owner, person=other, kind=Touch.Kind.REPLY, at=AT, summary="Dana replied")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("coffeechat.services.merging.record_touch", broken)
    with pytest.raises(RuntimeError):
        merge_people(owner, keep, other)
    assert Person.objects.filter(pk=other.pk).exists()
    assert Touch.objects.filter(person=other, summary="Dana replied").exists()
    assert ContactPoint.objects.filter(person=other).count() == 3


def test_duplicates_are_found_with_the_evidence_in_words(owner, outsider) -> None:
    add_person(owner, NewPerson("Dana Reyes", emails=("dana@tribune.example",)))
    add_person(owner, NewPerson("Dana Reyes-Cole", emails=("dana@tribune.example",)))
    add_person(owner, NewPerson("Marcus Okafor", linkedin_url="https://www.linkedin.com/in/marcus-okafor"))
    add_person(owner, NewPerson("M. Okafor", linkedin_url="https://linkedin.com/in/Marcus-Okafor/"))
    add_person(owner, NewPerson("Priya Nair", organization="Civic Data Lab"))
    add_person(owner, NewPerson("Priya Nairr", organization="Civic Data Lab Inc"))
    add_person(owner, NewPerson("Jonathan Smithson", organization="Harbor"))
    add_person(owner, NewPerson("Jonathan Smithson", organization="Lighthouse"))
    add_person(owner, NewPerson("Grace Liu"))
    add_person(owner, NewPerson("Grace  Liu", title="Reporter"))
    add_person(owner, NewPerson("Sam Park", organization="Harbor"))
    add_person(outsider, NewPerson("Sam Park", organization="Harbor"))
    found = duplicate_candidates(owner)
    by_names = {(c.left.full_name, c.right.full_name): c.evidence for c in found}
    assert by_names == {
        ("Marcus Okafor", "M. Okafor"): "same LinkedIn profile",
        ("Dana Reyes", "Dana Reyes-Cole"): "same email (dana@tribune.example)",
        ("Priya Nair", "Priya Nairr"): "similar name at a similar organisation",
        ("Jonathan Smithson", "Jonathan Smithson"): "similar name at another organisation — please check",
        ("Grace Liu", "Grace Liu"): "similar name — please check",
    }
    assert [c.reason for c in found] == ["url", "email", "fuzzy", "uncertain", "uncertain"]
    assert all(c.left.pk < c.right.pk for c in found)


def test_no_duplicates_in_a_clean_network(owner) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    add_person(owner, NewPerson("Sam Park", organization="The Tribune"))
    assert duplicate_candidates(owner) == []


def test_a_second_linkedin_profile_is_kept_as_a_link(owner) -> None:
    keep = add_person(owner, NewPerson("Dana Reyes", linkedin_url="https://www.linkedin.com/in/dana-reyes"))
    other = add_person(owner, NewPerson("Dana Reyes", linkedin_url="https://www.linkedin.com/in/dana-reyes-2"))
    dana = merge_people(owner, keep, other).person
    assert dana.linkedin_url == "https://www.linkedin.com/in/dana-reyes"
    assert [(p.kind, p.value) for p in dana.contact_points.all()] == [("url", "https://www.linkedin.com/in/dana-reyes-2")]


def test_what_mail_saw_moves_to_the_kept_person(owner) -> None:
    """A merge keeps the mail record: otherwise the next sync would record those messages again."""
    from coffeechat.models import MailSeen

    keep = add_person(owner, NewPerson(full_name="Dana Reyes"))
    other = add_person(owner, NewPerson(full_name="Dana R."))
    MailSeen.objects.create(owner=owner, mail_id="m1@example.org", direction="received", recorded="reply",
                            at=datetime(2026, 11, 20, tzinfo=UTC), person=other)
    report = merge_people(owner, keep, other)
    assert report.moved["mail_messages"] == 1
    assert MailSeen.objects.owned_by(owner).get().person == keep
