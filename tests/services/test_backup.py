"""A backup holds everything the user owns and restores it exactly, or refuses and changes nothing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.apps import apps
from django.db import models as django_models

from coffeechat import models
from coffeechat.formats.backup import SECTIONS, action_key_target, fields_of, retarget_action_key
from coffeechat.models import ActionState, Message, Organization, Person, Tag, Touch, UserSetting
from coffeechat.services.backup import (
    CENTRE_MODELS,
    MODELS,
    RestoreError,
    RestoreRefused,
    backup_json,
    restore_from_text,
)
from coffeechat.services.demo import build_demo
from coffeechat.services.people import NewPerson, add_person


def normalised(text: str) -> dict[str, Any]:
    """The backup with every id replaced by the row's position in its section, and no backup time.

    Rows are written in id order and restored in file order, so positions are the same on both sides;
    everything else must then be equal, value for value.
    """
    document = json.loads(text)
    del document["created_at"]
    data = document["data"]
    position = {name: {row["id"]: index for index, row in enumerate(rows)} for name, rows in data.items()}
    for name, rows in data.items():
        for row in rows:
            row["id"] = position[name][row["id"]]
            for spec in SECTIONS[name]:
                if spec.kind == "ref" and row[spec.name] is not None:
                    row[spec.name] = position[spec.target][row[spec.name]]
                elif spec.kind == "refs":
                    row[spec.name] = sorted(position[spec.target][old] for old in row[spec.name])
            if name == "action_states":
                target = action_key_target(row["action_key"])
                if target:
                    row["action_key"] = retarget_action_key(row["action_key"], position[target[0]][target[1]])
    return document


def practice_rows(owner: Any) -> int:
    return sum(model.objects.owned_by(owner).count() for model in MODELS.values())


def test_the_backup_covers_every_model_and_field_a_user_owns() -> None:
    owned = {m for m in apps.get_app_config("coffeechat").get_models() if issubclass(m, models.Owned)}
    owned -= {models.LoginToken} | CENTRE_MODELS
    assert set(MODELS.values()) == owned, "a new model needs a section in formats/backup.py"
    for name, model in MODELS.items():
        in_model = {
            f.name for f in model._meta.get_fields()
            if (f.concrete or isinstance(f, django_models.ManyToManyField)) and not f.auto_created
        } - {"owner", "folded_name"}  # derived from full_name on every write
        in_file = {spec.name for spec in fields_of(name)}
        assert in_model == in_file, f"section {name} and model {model.__name__} disagree"


def test_demo_restores_exactly_into_another_user(owner, outsider) -> None:
    build_demo(owner)
    first, counts = backup_json(owner)
    assert counts["people"] == 200 and counts["touches"] > 200 and counts["action_states"] > 0
    restored = restore_from_text(outsider, first)
    assert restored == counts
    second, _ = backup_json(outsider)
    assert json.loads(second)["data"]["people"][0]["id"] != json.loads(first)["data"]["people"][0]["id"]
    assert normalised(second) == normalised(first)
    # The owner's practice is untouched and the two users' rows are separate.
    assert Person.objects.owned_by(owner).count() == Person.objects.owned_by(outsider).count() == 200


def test_action_states_follow_their_message_to_its_new_id(owner, outsider) -> None:
    build_demo(owner)
    restore_from_text(outsider, backup_json(owner)[0])
    state = ActionState.objects.owned_by(outsider).filter(action_key__startswith="next_contact:message:").first()
    assert state is not None
    message = Message.objects.owned_by(outsider).get(pk=action_key_target(state.action_key)[1])
    original_key = ActionState.objects.owned_by(owner).get(done_at=state.done_at, created_at=state.created_at).action_key
    original = Message.objects.owned_by(owner).get(pk=action_key_target(original_key)[1])
    assert (message.person.full_name, message.sent_at, message.body) == (
        original.person.full_name, original.sent_at, original.body,
    )


def test_timestamps_tags_and_referrals_come_back_exactly(owner, outsider) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", tags=("alumni", "journalism"),
                                       emails=("dana@tribune.example",)))
    sam = add_person(owner, NewPerson("Sam Ortiz", how_known="referral"))
    sam.referred_by = dana
    sam.save()
    long_ago = datetime(2020, 2, 29, 8, 15, 30, 123456, tzinfo=UTC)
    Person.objects.filter(pk=dana.pk).update(created_at=long_ago, updated_at=long_ago, connected_on=date(2019, 5, 1))
    UserSetting.objects.create(owner=owner, key="country", value="US")
    ActionState.objects.create(owner=owner, action_key=f"keep_in_touch:person:{dana.pk}@3",
                               snoozed_until=date(2027, 1, 4))
    restore_from_text(outsider, backup_json(owner)[0])
    new_dana = Person.objects.owned_by(outsider).get(full_name="Dana Reyes")
    assert new_dana.created_at == long_ago and new_dana.updated_at == long_ago
    assert new_dana.connected_on == date(2019, 5, 1)
    assert sorted(t.name for t in new_dana.tags.all()) == ["alumni", "journalism"]
    assert all(t.owner_id == outsider.pk for t in new_dana.tags.all())
    assert new_dana.organization.owner_id == outsider.pk
    assert Person.objects.owned_by(outsider).get(full_name="Sam Ortiz").referred_by == new_dana
    assert UserSetting.objects.owned_by(outsider).get().value == "US"
    assert ActionState.objects.owned_by(outsider).get().action_key == f"keep_in_touch:person:{new_dana.pk}@3"


def test_a_backup_holds_only_the_owners_rows(owner, outsider) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    add_person(outsider, NewPerson("Someone Else", organization="Elsewhere"))
    data = json.loads(backup_json(owner)[0])["data"]
    assert [p["full_name"] for p in data["people"]] == ["Dana Reyes"]
    assert data["organizations"] == []


def test_restore_refuses_a_practice_with_people_and_changes_nothing(owner) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    text = backup_json(owner)[0]
    add_person(owner, NewPerson("Sam Ortiz"))
    with pytest.raises(RestoreRefused, match=r"not empty \(2 people.*--replace"):
        restore_from_text(owner, text)
    assert Person.objects.owned_by(owner).count() == 2


def test_replace_deletes_the_owners_data_first_and_leaves_others_alone(owner, outsider) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    text = backup_json(owner)[0]
    add_person(owner, NewPerson("Sam Ortiz", organization="Metro Radio"))
    add_person(outsider, NewPerson("Outsider Friend"))
    counts = restore_from_text(owner, text, replace=True)
    assert counts["people"] == 1
    assert list(Person.objects.owned_by(owner).values_list("full_name", flat=True)) == ["Dana Reyes"]
    assert list(Organization.objects.owned_by(owner).values_list("name", flat=True)) == ["The Tribune"]
    assert Person.objects.owned_by(outsider).count() == 1
    assert normalised(backup_json(owner)[0]) == normalised(text)


def _corrupt(text: str, change: Any) -> str:
    document = json.loads(text)
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.update(version=99), "format version 99"),
    (lambda d: d["data"]["people"][1].pop("stage"), r"data.people\[1\].stage: missing"),
    (lambda d: d["data"]["touches"][0].update(person=424242), r"data.touches\[0\].person: points to id 424242"),
    (lambda d: d["data"]["people"][0].update(stage="famous"), r"data.people\[0\].stage: 'famous' is not one of"),
])
def test_a_corrupted_backup_is_refused_and_nothing_is_written(owner, outsider, change, expected) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", tags=("alumni",)))
    add_person(owner, NewPerson("Sam Ortiz"))
    bad = _corrupt(backup_json(owner)[0], change)
    with pytest.raises(RestoreError, match=expected):
        restore_from_text(outsider, bad)
    assert practice_rows(outsider) == 0
    # Even with --replace, the practice is left exactly as it was.
    before = backup_json(owner)[0]
    with pytest.raises(RestoreError):
        restore_from_text(owner, bad, replace=True)
    assert normalised(backup_json(owner)[0]) == normalised(before)


def test_a_database_rule_broken_late_rolls_back_everything(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", tags=("alumni",)))
    good = backup_json(owner)[0]
    # Two action states naming the same message (the id spelt 7 and 07) pass the file checks but become
    # one key once retargeted: the database refuses the second mid-restore, after the replace has
    # already deleted the owner's rows inside the transaction.
    states = [{"id": n, "action_key": key, "done_at": None, "snoozed_until": None,
               "created_at": "2026-11-26T09:30:00+00:00", "updated_at": "2026-11-26T09:30:00+00:00"}
              for n, key in ((1, f"keep_in_touch:person:{dana.pk}"), (2, f"keep_in_touch:person:0{dana.pk}"))]
    bad = _corrupt(good, lambda d: d["data"]["action_states"].extend(states))
    with pytest.raises(RestoreError, match="nothing was restored"):
        restore_from_text(owner, bad, replace=True)
    assert list(Person.objects.owned_by(owner).values_list("full_name", flat=True)) == ["Dana Reyes"]
    assert Tag.objects.owned_by(owner).count() == 1
    assert Touch.objects.owned_by(owner).count() == 1


def test_an_action_state_for_a_deleted_row_is_dropped_not_misdirected(owner, outsider) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    ActionState.objects.create(owner=owner, action_key="follow_up:message:777", done_at=datetime.now(UTC))
    ActionState.objects.create(owner=owner, action_key=f"keep_in_touch:person:{dana.pk}@1")
    counts = restore_from_text(outsider, backup_json(owner)[0])
    assert counts["action_states"] == 1
    assert list(ActionState.objects.owned_by(outsider).values_list("action_key", flat=True)) == [
        f"keep_in_touch:person:{Person.objects.owned_by(outsider).get().pk}@1"
    ]


def test_secret_settings_stay_on_this_machine(owner, outsider) -> None:
    UserSetting.objects.create(owner=owner, key="smtp_password", value="hunter2")
    UserSetting.objects.create(owner=owner, key="smtp_host", value="smtp.example.org")
    text = backup_json(owner)[0]
    assert "hunter2" not in text and "smtp.example.org" in text
    UserSetting.objects.create(owner=outsider, key="smtp_password", value="outsiders-own")
    UserSetting.objects.create(owner=outsider, key="smtp_host", value="old.example.org")
    restore_from_text(outsider, text)
    assert dict(UserSetting.objects.owned_by(outsider).values_list("key", "value")) == {
        "smtp_password": "outsiders-own", "smtp_host": "smtp.example.org",
    }


# -- every value a restore writes is checked first --------------------------------------------------------

def _with_setting(text: str, key: str, value: str) -> str:
    def change(d: dict[str, Any]) -> None:
        rows = [row for row in d["data"]["settings"] if row["key"] != key]
        stamp = "2026-11-26T09:30:00+00:00"
        rows.append({"id": 9000 + len(rows), "key": key, "value": value, "created_at": stamp, "updated_at": stamp})
        d["data"]["settings"] = rows

    return _corrupt(text, change)


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("timezone", "Mars/Olympus", "(key 'timezone').value: unknown time zone 'Mars/Olympus'"),
    ("country", "XX-EVIL", "(key 'country').value: unknown country code 'XX-EVIL'"),
    ("follow_up_business_days", "-5", "(key 'follow_up_business_days').value: -5 is outside 2–60"),
    ("next_contact_business_days", "9", "(key 'next_contact_business_days').value: the second contact (9 business "
                                        "days) must come before the follow-up (7 business days)"),
    ("meeting_minutes", str(10**12), "(key 'meeting_minutes').value: '1000000000000' is not a whole number"),
    ("smtp_security", "tls", "(key 'smtp_security').value: choose one of starttls, ssl, none"),
    ("shoe_size", "9", ".key: 'shoe_size' is not a setting this coffeechat knows"),
    ("digest_sent:me@example.org", "yesterday", "(key 'digest_sent:me@example.org').value: 'yesterday' is not a date"),
])
def test_each_setting_is_checked_as_settings_set_checks_it(owner, outsider, key, value, expected) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    UserSetting.objects.create(owner=owner, key="timezone", value="Europe/Paris")
    before = backup_json(owner)[0]
    bad = _with_setting(before, key, value)
    with pytest.raises(RestoreError) as refused:
        restore_from_text(outsider, bad)
    assert str(refused.value).startswith("data.settings[")
    assert expected in str(refused.value)
    assert practice_rows(outsider) == 0
    with pytest.raises(RestoreError):
        restore_from_text(owner, bad, replace=True)
    assert normalised(backup_json(owner)[0]) == normalised(before)


def test_settings_are_restored_in_their_one_spelling(owner, outsider) -> None:
    text = _with_setting(_with_setting(backup_json(owner)[0], "timezone", "europe/london"), "country", "gbr")
    restore_from_text(outsider, text)
    assert dict(UserSetting.objects.owned_by(outsider).values_list("key", "value")) == {
        "timezone": "Europe/London", "country": "GB"}


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["data"]["people"][0].update(timezone="Mars/Olympus"),
     "data.people[0].timezone: 'Mars/Olympus' is not a known time zone (in people entry with id"),
    (lambda d: d["data"]["people"][0].update(cadence_days=2**63), "data.people[0].cadence_days: a 19-digit number"),
    (lambda d: d["data"]["people"][0].update(full_name="x" * 201), "data.people[0].full_name: 201 characters"),
    (lambda d: d["data"]["people"][0].update(notes="\ud800"), "data.people[0].notes: holds a character that is not"),
    (lambda d: d["data"]["touches"][0].update(at="9999-12-31T23:00:00-05:00"), "data.touches[0].at: '9999-12-31T23"),
    (lambda d: d["data"]["tags"].append({**d["data"]["tags"][0], "id": 999999}),
     "data.tags[1]: the same name 'alumni' as data.tags[0] (in tags entry with id 999999); each may appear once"),
])
def test_values_out_of_range_are_refused_before_anything_is_written(owner, change, expected) -> None:
    add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", tags=("alumni",)))
    before = backup_json(owner)[0]
    with pytest.raises(RestoreError) as refused:
        restore_from_text(owner, _corrupt(before, change), replace=True)
    assert expected in str(refused.value)
    assert normalised(backup_json(owner)[0]) == normalised(before)


def test_a_conversation_of_a_trillion_minutes_is_refused(owner) -> None:
    from coffeechat.services.logbook import log_meeting

    dana = add_person(owner, NewPerson("Dana Reyes"))
    log_meeting(owner, dana, at=datetime(2026, 12, 1, 15, tzinfo=UTC), minutes=20)
    before = backup_json(owner)[0]
    bad = _corrupt(before, lambda d: d["data"]["conversations"][0].update(minutes=10**12))
    with pytest.raises(RestoreError, match=r"data.conversations\[0\].minutes: 1000000000000 is outside 1–1440"):
        restore_from_text(owner, bad, replace=True)
    assert normalised(backup_json(owner)[0]) == normalised(before)


def test_the_limits_of_the_file_are_the_limits_of_the_database() -> None:
    for name, model in MODELS.items():
        for spec in SECTIONS[name]:
            if spec.kind in ("ref", "refs"):
                continue
            column = model._meta.get_field(spec.name)
            if spec.kind in ("text", "zone") and name != "settings":
                assert spec.max_length == (column.max_length or 1_000_000), f"{name}.{spec.name}"
            if spec.kind == "int":
                limit = 32767 if isinstance(column, django_models.PositiveSmallIntegerField) else 2**31 - 1
                assert 0 <= spec.low and spec.high <= limit, f"{name}.{spec.name}"


def test_the_calendar_feed_token_never_leaves_nor_comes_back(owner, outsider) -> None:
    from coffeechat.services.scheduling import FEED_TOKEN_KEY, new_feed_token, owner_of_feed, revoke_feed_token

    add_person(owner, NewPerson("Dana Reyes"))
    token = new_feed_token(owner)
    text = backup_json(owner)[0]
    assert FEED_TOKEN_KEY not in text
    stored_hash = UserSetting.objects.owned_by(owner).get(key=FEED_TOKEN_KEY).value
    assert stored_hash not in text
    # An older backup that still carries the feed's hash: restoring it after a revoke revives nothing.
    old = _with_setting(text, FEED_TOKEN_KEY, stored_hash)
    revoke_feed_token(owner)
    restore_from_text(owner, old, replace=True)
    assert owner_of_feed(token) is None
    assert not UserSetting.objects.owned_by(owner).filter(key=FEED_TOKEN_KEY).exists()
    # The feed set up on this machine stays as it is through a restore.
    live = new_feed_token(outsider)
    restore_from_text(outsider, old)
    assert owner_of_feed(live) == outsider


def test_a_password_in_a_hand_written_backup_is_ignored(owner, outsider) -> None:
    text = _with_setting(backup_json(owner)[0], "smtp_password", "from-the-file")
    restore_from_text(outsider, text)
    assert not UserSetting.objects.owned_by(outsider).filter(key="smtp_password").exists()


def test_the_day_a_digest_went_out_comes_back(owner, outsider) -> None:
    UserSetting.objects.create(owner=owner, key="digest_sent:alex@example.edu", value="2026-12-04")
    restore_from_text(outsider, backup_json(owner)[0])
    assert UserSetting.objects.owned_by(outsider).get(key="digest_sent:alex@example.edu").value == "2026-12-04"


def test_mail_and_calendar_come_back_without_their_passwords(owner, outsider) -> None:
    """What was read from mail and calendar restores exactly; the sealed passwords of this machine do not
    leave it (the restored account asks for its password again)."""
    person = add_person(owner, NewPerson(full_name="Dana Reyes", emails=["dana@example.org"]))
    at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    account = models.MailAccount.objects.create(owner=owner, kind="imap", host="imap.example.org",
                                                username="me@example.org", secret="sealed:abc", inbox="INBOX")
    models.MailSeen.objects.create(owner=owner, account=account, mail_id="a1@example.org", direction="sent",
                                   recorded="request", at=at, subject="Hello", person=person)
    source = models.CalendarSource.objects.create(owner=owner, kind="caldav", location="http://127.0.0.1:1/c/",
                                                  username="me", secret="sealed:def")
    models.CalendarEvent.objects.create(owner=owner, source=source, uid="e1", start=at, end=at, summary="Busy")
    text, counts = backup_json(owner)
    assert counts["mail_seen"] == counts["calendar_events"] == 1
    assert "sealed:" not in text
    forged = json.loads(text)
    forged["data"]["mail_accounts"][0]["secret"] = "sealed:from-elsewhere"
    restore_from_text(outsider, json.dumps(forged))
    restored = models.MailAccount.objects.owned_by(outsider).get()
    assert (restored.host, restored.secret) == ("imap.example.org", "")
    seen = models.MailSeen.objects.owned_by(outsider).get()
    assert (seen.account, seen.person.full_name, seen.recorded) == (restored, "Dana Reyes", "request")
    assert models.CalendarEvent.objects.owned_by(outsider).get().source.secret == ""
