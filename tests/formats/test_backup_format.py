"""The backup file: written in a fixed shape, read back to the same values, and refused with a clear
message naming the entry and field when something in it is wrong."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from coffeechat.formats.backup import (
    FORMAT_VERSION,
    SECTIONS,
    Backup,
    BackupError,
    action_key_target,
    parse_backup,
    retarget_action_key,
    serialize_backup,
)

WHEN = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))


def small_backup() -> Backup:
    stamps = {"created_at": WHEN, "updated_at": WHEN + timedelta(microseconds=7)}
    sections: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
    sections["tags"] = [{"id": 4, "name": "alumni", **stamps}]
    sections["organizations"] = [{"id": 9, "name": "The Tribune", "website": "", "advocacy": True,
                                  "motivation": 3, "posting": 2, "notes": "", **stamps}]
    person = {"full_name": "Dana Reyes", "first_name": "Dana", "last_name": "Reyes", "organization": 9,
              "title": "Editor", "location": "Chicago", "timezone": "America/Chicago", "linkedin_url": "",
              "how_known": "alumni", "stage": "met", "cadence_days": None, "tags": [4], "notes": "Ünïcode ✓",
              "connected_on": date(2025, 12, 7), "vcard_uid": "", "is_source": False,
              "ground_rules": "", "mail_sync": True, "mail_bodies": False, **stamps}
    sections["people"] = [{"id": 12, "referred_by": None, **person},
                          {"id": 13, "referred_by": 12, **person, "full_name": "Sam Ortiz", "tags": []}]
    sections["touches"] = [{"id": 1, "person": 13, "kind": "added", "at": WHEN.astimezone(PARIS),
                            "summary": "Added Sam", "message": None, "conversation": None, "source": "",
                            **stamps}]
    return Backup(created_at=WHEN, app_version="0.1.0", sections=sections)


def document() -> dict[str, Any]:
    return json.loads(serialize_backup(small_backup()))


def test_a_file_from_before_mail_and_calendar_reads_with_them_empty() -> None:
    older = document()
    for name in ("mail_accounts", "mail_seen", "calendar_sources", "calendar_events"):
        del older["data"][name]
    for person in older["data"]["people"]:
        del person["mail_sync"], person["mail_bodies"]
    del older["data"]["touches"][0]["source"]
    read = parse_backup(json.dumps(older))
    assert read.sections["mail_seen"] == [] and read.sections["calendar_events"] == []
    assert [(p["mail_sync"], p["mail_bodies"]) for p in read.sections["people"]] == [(True, False), (True, False)]
    assert read.sections["touches"][0]["source"] == ""


def test_a_file_missing_an_older_section_is_still_refused() -> None:
    broken = document()
    del broken["data"]["touches"]
    with pytest.raises(BackupError, match="data.touches: missing"):
        parse_backup(json.dumps(broken))


def test_written_and_read_back_to_the_same_values() -> None:
    original = small_backup()
    read = parse_backup(serialize_backup(original))
    assert read.sections == original.sections
    assert (read.created_at, read.app_version, read.version) == (WHEN, "0.1.0", FORMAT_VERSION)
    assert read.counts()["people"] == 2 and read.counts()["goals"] == 0


def test_the_file_is_plain_json_with_metadata_and_iso_times() -> None:
    data = document()
    assert data["format"] == "coffeechat-backup" and data["version"] == FORMAT_VERSION
    assert data["created_at"] == "2026-11-26T09:30:00+00:00"
    assert list(data["data"]) == list(SECTIONS)
    assert data["data"]["touches"][0]["at"] == "2026-11-26T10:30:00+01:00"
    assert data["data"]["people"][0]["connected_on"] == "2025-12-07"
    assert data["data"]["people"][0]["notes"] == "Ünïcode ✓"


def test_a_time_without_an_offset_is_never_written() -> None:
    backup = small_backup()
    backup.sections["tags"][0]["created_at"] = datetime(2026, 1, 1, 12, 0)
    with pytest.raises(BackupError, match="tags.created_at: a time without an offset"):
        serialize_backup(backup)


def test_a_byte_order_mark_is_accepted() -> None:
    assert parse_backup("\ufeff" + serialize_backup(small_backup())).counts()["tags"] == 1


def refused(change: Any) -> str:
    data = document()
    change(data)
    with pytest.raises(BackupError) as caught:
        parse_backup(json.dumps(data))
    return str(caught.value)


def test_not_json_and_not_a_backup() -> None:
    with pytest.raises(BackupError, match="not a JSON file"):
        parse_backup("{oops")
    with pytest.raises(BackupError, match="not a coffeechat backup"):
        parse_backup('{"people": []}')
    with pytest.raises(BackupError, match="not a coffeechat backup"):
        parse_backup("[]")


def test_versions_newer_than_this_program_or_nonsense_are_refused() -> None:
    assert "format version 2" in refused(lambda d: d.update(version=FORMAT_VERSION + 1))
    assert "upgrade coffeechat" in refused(lambda d: d.update(version=FORMAT_VERSION + 1))
    assert refused(lambda d: d.update(version=0)).startswith("version: 0 is not")
    assert refused(lambda d: d.update(version="1")).startswith("version: missing or not a whole number")
    assert refused(lambda d: d.pop("version")).startswith("version:")


def test_metadata_must_be_there() -> None:
    assert refused(lambda d: d.update(created_at="yesterday")).startswith("created_at: 'yesterday' is not a time")
    assert refused(lambda d: d.pop("app_version")).startswith("app_version: missing")
    assert refused(lambda d: d.pop("data")).startswith("data: missing")


def test_sections_must_all_be_there_and_known() -> None:
    assert refused(lambda d: d["data"].pop("goals")) == "data.goals: missing or not a list"
    assert refused(lambda d: d["data"].update(gossip=[])) == "data.gossip: not a section this coffeechat knows"


def test_a_missing_or_unknown_field_names_the_entry() -> None:
    message = refused(lambda d: d["data"]["people"][1].pop("stage"))
    assert message == "data.people[1].stage: missing (in people entry with id 13)"
    assert refused(lambda d: d["data"]["people"][0].update(shoe_size=9)) == "data.people[0].shoe_size: not a field of people"
    assert refused(lambda d: d["data"]["tags"][0].pop("id")) == "data.tags[0].id: missing or not a whole number"


@pytest.mark.parametrize(("path", "value", "expected"), [
    (("organizations", 0, "advocacy"), "yes", "should be true or false"),
    (("organizations", 0, "motivation"), 2.5, "should be a whole number"),
    (("organizations", 0, "motivation"), True, "should be a whole number"),
    (("people", 0, "full_name"), 42, "should be text"),
    (("people", 0, "full_name"), None, "may not be null"),
    (("people", 0, "tags"), ["4"], "should be a list of ids"),
    (("people", 0, "connected_on"), "07 Dec 2025", "is not a date like"),
    (("touches", 0, "at"), "2026-11-26T09:30:00", "has no UTC offset"),
    (("touches", 0, "at"), 1764149400, "should be an ISO datetime"),
])
def test_a_value_of_the_wrong_kind_names_its_path(path: tuple[str, int, str], value: Any, expected: str) -> None:
    section, index, name = path
    message = refused(lambda d: d["data"][section][index].update({name: value}))
    assert message.startswith(f"data.{section}[{index}].{name}: ")
    assert expected in message


def test_nullable_fields_may_be_null() -> None:
    data = document()
    data["data"]["people"][0]["connected_on"] = None
    data["data"]["people"][0]["organization"] = None
    assert parse_backup(json.dumps(data)).sections["people"][0]["connected_on"] is None


def test_a_dangling_reference_is_refused() -> None:
    assert refused(lambda d: d["data"]["people"][0].update(organization=77)) == (
        "data.people[0].organization: points to id 77, but there is no such entry in organizations"
    )
    assert "data.people[1].referred_by: points to id 5" in refused(lambda d: d["data"]["people"][1].update(referred_by=5))
    assert "data.people[0].tags: points to id 8" in refused(lambda d: d["data"]["people"][0].update(tags=[4, 8]))
    assert "data.touches[0].person" in refused(lambda d: d["data"]["touches"][0].update(person=9))


def test_duplicate_ids_are_refused() -> None:
    assert refused(lambda d: d["data"]["people"][1].update(id=12)) == "data.people[1].id: id 12 appears twice in people"


def test_action_keys_name_their_row_and_can_be_retargeted() -> None:
    assert action_key_target("follow_up:message:12") == ("messages", 12)
    assert action_key_target("confirm:conversation:3@2026-12-01") == ("conversations", 3)
    assert action_key_target("keep_in_touch:person:40@2") == ("people", 40)
    assert action_key_target("task:task:5") == ("tasks", 5)
    assert action_key_target("report_back:referral:8") == ("referrals", 8)
    assert action_key_target("weekly-review") is None
    assert action_key_target("follow_up:planet:3") is None
    assert retarget_action_key("confirm:conversation:3@2026-12-01", 301) == "confirm:conversation:301@2026-12-01"
    assert retarget_action_key("follow_up:message:12", 7) == "follow_up:message:7"


def test_a_file_written_before_journalism_mode_still_reads() -> None:
    # Fields added to the format later take their default when an older backup lacks them.
    import json

    document = json.loads(serialize_backup(small_backup()))
    for person in document["data"]["people"]:
        del person["is_source"], person["ground_rules"]
    people = parse_backup(json.dumps(document)).sections["people"]
    assert all(p["is_source"] is False and p["ground_rules"] == "" for p in people)


# -- every value in range, every bad file refused with the entry named ------------------------------------

def conversation_row() -> dict[str, Any]:
    stamps = {"created_at": "2026-11-26T09:30:00+00:00", "updated_at": "2026-11-26T09:30:00+00:00"}
    return {"id": 31, "person": 12, "goal": None, "state": "scheduled", "scheduled_at": "2026-12-01T15:00:00+00:00",
            "minutes": 20, "timezone": "America/Chicago", "channel": "video", "purpose": "career", "location": "",
            "notes": "", "plan_finished": False, "confirmed_at": None, "held_at": None, "thanked_at": None,
            "ical_uid": "", "ical_sequence": 0, "confidence_before": None, "confidence_after": None, **stamps}


def with_conversation(change: Any) -> str:
    def both(d: dict[str, Any]) -> None:
        d["data"]["conversations"].append(conversation_row())
        change(d)

    return refused(both)


def test_a_good_conversation_row_reads() -> None:
    data = document()
    data["data"]["conversations"].append(conversation_row())
    assert parse_backup(json.dumps(data)).sections["conversations"][0]["minutes"] == 20


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["data"]["conversations"][0].update(minutes=10**12),
     "data.conversations[0].minutes: 1000000000000 is outside 1–1440 (in conversations entry with id 31)"),
    (lambda d: d["data"]["conversations"][0].update(minutes=0),
     "data.conversations[0].minutes: 0 is outside 1–1440 (in conversations entry with id 31)"),
    (lambda d: d["data"]["conversations"][0].update(ical_sequence=2**63),
     "data.conversations[0].ical_sequence: a 19-digit number is outside 0–2147483647 (in conversations entry with id 31)"),
    (lambda d: d["data"]["conversations"][0].update(confidence_after=6),
     "data.conversations[0].confidence_after: 6 is outside 1–5 (in conversations entry with id 31)"),
    (lambda d: d["data"]["conversations"][0].update(timezone="Mars/Olympus"),
     "data.conversations[0].timezone: 'Mars/Olympus' is not a known time zone (in conversations entry with id 31)"),
    (lambda d: d["data"]["conversations"][0].update(scheduled_at="9999-12-31T23:00:00-05:00"),
     "data.conversations[0].scheduled_at: '9999-12-31T23:00:00-05:00' is not between 1900 and 2199 "
     "(in conversations entry with id 31)"),
    (lambda d: d["data"]["conversations"][0].update(held_at="0001-01-01T00:30:00+01:00"),
     "data.conversations[0].held_at: '0001-01-01T00:30:00+01:00' is not between 1900 and 2199 "
     "(in conversations entry with id 31)"),
])
def test_conversation_values_out_of_range_are_refused(change: Any, expected: str) -> None:
    assert with_conversation(change) == expected


@pytest.mark.parametrize(("path", "value", "expected"), [
    (("people", 0, "timezone"), "Mars/Olympus", "'Mars/Olympus' is not a known time zone"),
    (("people", 0, "cadence_days"), -5, "-5 is outside 1–3650"),
    (("people", 0, "cadence_days"), 2**63, "a 19-digit number is outside 1–3650"),
    (("people", 0, "connected_on"), "9999-12-31", "'9999-12-31' is not between 1900 and 2199"),
    (("people", 0, "full_name"), "x" * 201, "201 characters, longer than the 200 it may hold"),
    (("people", 0, "linkedin_url"), "https://x.example/" + "a" * 300, "318 characters, longer than the 300 it may hold"),
    (("people", 0, "notes"), "\ud800 lone", "holds a character that is not text (a lone surrogate or NUL)"),
    (("people", 0, "title"), "nul\x00byte", "holds a character that is not text (a lone surrogate or NUL)"),
    (("people", 0, "tags"), [4, 4], "lists the same id twice"),
    (("people", 0, "tags"), [2**63], "a 19-digit number is not an id"),
    (("organizations", 0, "motivation"), 9, "9 is outside 0–4"),
    (("organizations", 0, "posting"), 0, "0 is outside 1–3"),
    (("people", 1, "referred_by"), 2**64, "a 20-digit number is outside 1–9223372036854775807"),
    (("touches", 0, "at"), "9999-12-31T23:59:59-05:00", "'9999-12-31T23:59:59-05:00' is not between 1900 and 2199"),
])
def test_each_value_is_held_to_its_range_and_named(path: tuple[str, int, str], value: Any, expected: str) -> None:
    section, index, name = path
    message = refused(lambda d: d["data"][section][index].update({name: value}))
    row_id = document()["data"][section][index]["id"]
    assert message == f"data.{section}[{index}].{name}: {expected} (in {section} entry with id {row_id})"


def test_an_id_of_64_bits_or_more_is_refused() -> None:
    assert refused(lambda d: d["data"]["tags"][0].update(id=2**63)) == (
        "data.tags[0].id: a 19-digit number is not an id (from 1 to 9223372036854775807)")
    assert refused(lambda d: d["data"]["tags"][0].update(id=0)).startswith("data.tags[0].id: 0 is not an id")


def test_a_lone_surrogate_in_the_raw_file_is_refused_and_the_message_prints() -> None:
    text = serialize_backup(small_backup()).replace('"Ünïcode ✓"', '"bad \\udc80 text"')
    with pytest.raises(BackupError) as caught:
        parse_backup(text)
    message = str(caught.value)
    assert message.startswith("data.people[0].notes: holds a character that is not text")
    message.encode("utf-8")  # the message itself can always be printed


def test_a_field_name_with_a_lone_surrogate_is_named_safely() -> None:
    text = serialize_backup(small_backup()).replace('"vcard_uid"', '"\\ud800"', 1)
    with pytest.raises(BackupError) as caught:
        parse_backup(text)
    assert str(caught.value) == "data.people[0].'\\ud800': not a field of people"


def test_json_nested_100000_deep_is_a_clean_refusal() -> None:
    with pytest.raises(BackupError, match="nests deeper than 8 levels"):
        parse_backup("[" * 100_000 + "]" * 100_000)
    deep_field = serialize_backup(small_backup()).replace('"notes": "Ünïcode ✓"', '"notes": ' + "[" * 500 + "]" * 500)
    with pytest.raises(BackupError, match="nests deeper than 8 levels"):
        parse_backup(deep_field)


def test_a_number_too_long_to_read_is_a_clean_refusal() -> None:
    text = serialize_backup(small_backup()).replace('"motivation": 3', '"motivation": ' + "9" * 5000)
    with pytest.raises(BackupError, match="^not a coffeechat backup: "):
        parse_backup(text)


def test_long_text_of_a_note_is_kept_up_to_the_limit() -> None:
    data = document()
    data["data"]["people"][0]["notes"] = "word " * 100_000  # a long transcript is normal
    assert len(parse_backup(json.dumps(data)).sections["people"][0]["notes"]) == 500_000
    data["data"]["people"][0]["notes"] = "x" * 1_000_001
    with pytest.raises(BackupError, match="1000001 characters, longer than the 1000000"):
        parse_backup(json.dumps(data))
