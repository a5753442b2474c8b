"""Editing, deleting and finding people; twins refused; phones stored once; the words of the timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.models import ContactPoint, Conversation, Message, Person, Task, Touch
from coffeechat.services.people import (
    MAX_SEARCH_WORDS,
    NewPerson,
    PersonChanges,
    PersonInvalid,
    PersonNotFound,
    TooManyWords,
    TwinPerson,
    add_person,
    delete_person,
    deletion_summary,
    edit_person,
    find_person,
    people_query,
)
from coffeechat.services.preferences import set_setting


@pytest.mark.parametrize(("title", "org", "expected"), [
    ("Politics editor", "The Tribune", "Added Dana Reyes (Politics editor at The Tribune)"),
    ("", "The Tribune", "Added Dana Reyes (The Tribune)"),
    ("Politics editor", "", "Added Dana Reyes (Politics editor)"),
    ("", "", "Added Dana Reyes"),
])
def test_the_added_entry_reads_right_with_or_without_title_and_organisation(owner, title, org, expected) -> None:
    person = add_person(owner, NewPerson("Dana Reyes", organization=org, title=title))
    assert person.touches.get().summary == expected


def test_a_twin_is_refused_with_the_id_to_use_unless_asked_for(owner) -> None:
    first = add_person(owner, NewPerson("José Núñez", organization="Acme, Inc."))
    with pytest.raises(TwinPerson) as refused:
        add_person(owner, NewPerson("jose nunez", organization="ACME"), allow_twin=False)
    assert refused.value.existing == first
    assert f"#{first.pk}" in str(refused.value)
    assert Person.objects.count() == 1
    # Another organisation is another person; asked for, a twin is made on purpose.
    add_person(owner, NewPerson("José Núñez", organization="Quarry Labs"), allow_twin=False)
    add_person(owner, NewPerson("José Núñez", organization="Acme"), allow_twin=True)
    assert Person.objects.count() == 3


def test_edit_changes_every_field_in_one_entry_that_says_what_changed(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Reporter",
                                       emails=("dana@tribune.example",), tags=("cold",)))
    said = edit_person(owner, dana, PersonChanges(
        full_name="Dana M. Reyes", organization="Metro Radio", title="Politics editor", how_known="alumni",
        stage="met", timezone="Europe/Berlin", location="Berlin", linkedin_url="linkedin.com/in/Dana-Reyes",
        cadence_days=120, notes="Met at the conference", add_tags=("alumni",), remove_tags=("cold",),
        add_emails=("dana@metro.example",), remove_emails=("dana@tribune.example",), add_phones=("+49 30 1234567",),
        add_links=("https://dana.example/portfolio",)))
    dana = Person.objects.get(pk=dana.pk)
    assert (dana.full_name, dana.first_name, dana.last_name) == ("Dana M. Reyes", "Dana", "Reyes")
    assert dana.folded_name == "dana m reyes"
    assert dana.organization.name == "Metro Radio" and dana.title == "Politics editor"
    assert (dana.how_known, dana.stage, dana.timezone, dana.location) == ("alumni", "met", "Europe/Berlin", "Berlin")
    assert dana.linkedin_url == "https://www.linkedin.com/in/dana-reyes"
    assert dana.cadence_days == 120 and dana.notes == "Met at the conference"
    assert [t.name for t in dana.tags.all()] == ["alumni"]
    points = {(p.kind, p.value) for p in dana.contact_points.all()}
    assert points == {("email", "dana@metro.example"), ("phone", "+49 30 1234567"),
                      ("url", "https://dana.example/portfolio")}
    entry = dana.touches.get(kind=Touch.Kind.UPDATED)
    # Thirteen changes do not fit in one entry: the last ones are counted, never cut mid-word.
    assert len(entry.summary) <= 500 and entry.summary.endswith("more changes")
    shown = entry.summary.split("; ")[:-1]
    assert shown == said[:len(shown)]
    assert entry.summary.endswith(f"and {len(said) - len(shown)} more changes")
    for words in ("Title changed from “Reporter” to “Politics editor”", "Organisation changed from “The Tribune” to "
                  "“Metro Radio”", "Stage changed from New to Met", "Cadence set to every 120 days",
                  "Tag added: alumni", "Tag removed: cold", "Email added: dana@metro.example",
                  "Email removed: dana@tribune.example", "Time zone set to “Europe/Berlin”"):
        assert words in said


def test_an_edit_that_changes_nothing_records_nothing(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", title="Reporter"))
    assert edit_person(owner, dana, PersonChanges(title="Reporter ")) == []
    assert not dana.touches.filter(kind=Touch.Kind.UPDATED).exists()


@pytest.mark.parametrize(("changes", "field", "words"), [
    (PersonChanges(timezone="Mars/Olympus"), "timezone", "unknown time zone"),
    (PersonChanges(linkedin_url="javascript:alert(1)"), "linkedin_url", "javascript:"),
    (PersonChanges(add_links=("data:text/html,<script>1</script>",)), "links", "data:"),
    (PersonChanges(add_links=("vbscript:msgbox",)), "links", "vbscript:"),
    (PersonChanges(how_known="enemy"), "how_known", "how you know them"),
    (PersonChanges(stage="married"), "stage", "a stage is one of"),
    (PersonChanges(cadence_days=30), "cadence_days", "at least 90 days"),
    (PersonChanges(full_name="  "), "full_name", "needs a name"),
    (PersonChanges(add_emails=("not-an-address",)), "emails", "not an email address"),
    (PersonChanges(remove_tags=("never-there",)), "tags", "no tag"),
])
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(owner, changes, field, words) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", title="Reporter"))
    with pytest.raises(PersonInvalid) as refused:
        edit_person(owner, dana, PersonChanges(title="Editor", **{
            k: v for k, v in changes.__dict__.items() if v not in (None, ())}))
    assert refused.value.field == field
    assert words in str(refused.value)
    dana.refresh_from_db()
    assert dana.title == "Reporter"
    assert not dana.touches.filter(kind=Touch.Kind.UPDATED).exists()


def test_cadence_zero_removes_it(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    edit_person(owner, dana, PersonChanges(cadence_days=90))
    assert edit_person(owner, dana, PersonChanges(cadence_days=0)) == ["Cadence removed"]
    assert Person.objects.get(pk=dana.pk).cadence_days is None


def test_the_same_phone_in_two_spellings_is_stored_once_using_the_country(owner) -> None:
    set_setting(owner, "country", "US")
    dana = add_person(owner, NewPerson("Dana Reyes", phones=("(212) 555-0100", "212.555.0100", "+1 212 555 0100")))
    assert [p.value for p in dana.contact_points.filter(kind="phone")] == ["+1 212-555-0100"]
    assert edit_person(owner, dana, PersonChanges(add_phones=("212 555 0100",))) == []
    edit_person(owner, dana, PersonChanges(remove_phones=("2125550100",)))
    assert not dana.contact_points.filter(kind="phone").exists()


def test_an_import_with_a_phone_in_another_spelling_adds_no_second_phone(owner, tmp_path: Path) -> None:
    from coffeechat.services.imports import import_contacts

    set_setting(owner, "country", "US")
    add_person(owner, NewPerson("Dana Reyes", emails=("dana@tribune.example",), phones=("(212) 555-0100",)))
    card = tmp_path / "dana.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Reyes\r\nN:Reyes;Dana;;;\r\n"
                    "EMAIL:dana@tribune.example\r\nTEL:212.555.0100\r\nEND:VCARD\r\n", encoding="utf-8")
    import_contacts(owner, card)
    assert [p.value for p in ContactPoint.objects.filter(kind="phone")] == ["+1 212-555-0100"]


def test_find_person_ignores_accents_and_case_and_a_number_is_an_id(owner) -> None:
    nunez = add_person(owner, NewPerson("José Núñez"))
    chloe = add_person(owner, NewPerson("Chloé Martin"))
    assert find_person(owner, "nunez") == nunez
    assert find_person(owner, "NÚÑEZ") == nunez
    assert find_person(owner, "chloe") == chloe
    assert find_person(owner, "jose nunez") == nunez
    assert find_person(owner, str(chloe.pk)) == chloe == find_person(owner, f"#{chloe.pk}")
    with pytest.raises(PersonNotFound):
        find_person(owner, "99999")


def test_people_search_folds_names_and_refuses_too_many_words(owner) -> None:
    nunez = add_person(owner, NewPerson("José Núñez", organization="Acme", title="Data editor"))
    add_person(owner, NewPerson("Chloé Martin"))
    assert list(people_query(owner, text="nunez editor")) == [nunez]
    assert list(people_query(owner, text="acme")) == [nunez]
    # Repeated words count once; many different ones are refused with the limit in the message.
    assert list(people_query(owner, text=" ".join(["nunez"] * 500))) == [nunez]
    with pytest.raises(TooManyWords, match=str(MAX_SEARCH_WORDS)):
        list(people_query(owner, text=" ".join(f"w{i}" for i in range(500))))
    assert list(people_query(owner, text=" ".join(f"w{i}" for i in range(MAX_SEARCH_WORDS)))) == []


def test_delete_says_what_goes_and_removes_it_all_in_one_go(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", emails=("dana@tribune.example",), phones=("+1 212 555 0100",)))
    sam = add_person(owner, NewPerson("Sam Park"))
    sam.referred_by = dana
    sam.save()
    Conversation.objects.create(owner=owner, person=dana)
    Message.objects.create(owner=owner, person=dana, kind="request", subject="Hello", body="Hi")
    Task.objects.create(owner=owner, person=dana, title="Send Dana my clips")
    summary = deletion_summary(owner, dana)
    assert dict(summary.kept) == {"task stays, no longer about anyone": 1, "person they referred you to stays": 1}
    assert dict(summary.counts) == {"conversation": 1, "message": 1, "timeline entry": 1,
                                    "email address": 1, "phone number": 1}
    assert summary.sentence() == "1 conversation, 1 message, 1 timeline entry, 1 email address and 1 phone number"
    delete_person(owner, dana)
    assert not Person.objects.filter(pk=dana.pk).exists()
    assert not Conversation.objects.exists() and not Message.objects.exists()
    assert not ContactPoint.objects.exists()
    sam.refresh_from_db()
    assert sam.referred_by is None
    assert Task.objects.get().person is None


def test_another_owners_person_cannot_be_edited_or_deleted(owner, outsider) -> None:
    theirs = add_person(outsider, NewPerson("Dana Reyes"))
    with pytest.raises(Person.DoesNotExist):
        edit_person(owner, theirs, PersonChanges(title="Mine now"))
    with pytest.raises(Person.DoesNotExist):
        delete_person(owner, theirs)
    assert Person.objects.filter(pk=theirs.pk).exists()
