"""The full JSON backup: what it holds, how it is written, and how a file is checked before a restore.

A backup is one JSON document::

    {"format": "coffeechat-backup", "version": 1, "created_at": "2026-11-26T22:40:00+00:00",
     "app_version": "0.1.0", "data": {"organizations": [{"id": 3, "name": "…", …}, …], "people": […], …}}

Rows keep the ids they had, and references between rows use those ids, so relations survive a restore
into a database where the rows get new ids. Times are ISO 8601 with an offset; dates are ``YYYY-MM-DD``.
This module is pure: rows are plain dicts of Python values (``datetime``, ``date``, ``str``, ``int``,
``bool``, ``None``); the service layer reads and writes the database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

FORMAT_NAME = "coffeechat-backup"
FORMAT_VERSION = 1


class BackupError(ValueError):
    """A backup file that cannot be restored; the message names the entry and field that is wrong."""


@dataclass(frozen=True)
class Field:
    """One field of a row: its kind, whether it may be null, and for references the section it points to."""

    name: str
    kind: str  # text, int, bool, datetime, date, ref, refs
    nullable: bool = False
    target: str = ""
    # Fields added after the first format: a file written before them is read with this value instead.
    added_later: object = None


def _text(name: str) -> Field:
    return Field(name, "text")


def _ref(name: str, target: str, nullable: bool = True) -> Field:
    return Field(name, "ref", nullable, target)


_STAMPS = (Field("created_at", "datetime"), Field("updated_at", "datetime"))

# Sections in an order where every reference points to an earlier section (or to the same one, for
# "referred by"), so a restore can insert them top to bottom.
SECTIONS: dict[str, tuple[Field, ...]] = {
    "settings": (_text("key"), _text("value")),
    "organizations": (
        _text("name"), _text("website"), Field("advocacy", "bool"), Field("motivation", "int"),
        Field("posting", "int"), _text("notes"),
    ),
    "tags": (_text("name"),),
    "goals": (
        _text("title"), _text("description"), _text("field"), _text("target_role"),
        Field("resume_with_thank_you", "bool"), Field("archived", "bool"), Field("interests", "text", added_later=""),
    ),
    "people": (
        _text("full_name"), _text("first_name"), _text("last_name"), _ref("organization", "organizations"),
        _text("title"), _text("location"), _text("timezone"), _text("linkedin_url"), _text("how_known"),
        _text("stage"), Field("cadence_days", "int", True), _ref("referred_by", "people"),
        Field("tags", "refs", target="tags"), _text("notes"), Field("connected_on", "date", True),
        _text("vcard_uid"), Field("is_source", "bool", added_later=False), Field("ground_rules", "text", added_later=""),
    ),
    "contact_points": (_ref("person", "people", False), _text("kind"), _text("value"), _text("label")),
    "conversations": (
        _ref("person", "people", False), _ref("goal", "goals"), _text("state"),
        Field("scheduled_at", "datetime", True), Field("minutes", "int"), _text("timezone"), _text("channel"),
        _text("purpose"), _text("location"), _text("notes"), Field("plan_finished", "bool"),
        Field("confirmed_at", "datetime", True), Field("held_at", "datetime", True), Field("thanked_at", "datetime", True), _text("ical_uid"),
        Field("ical_sequence", "int"), Field("confidence_before", "int", True),
        Field("confidence_after", "int", True),
    ),
    "messages": (
        _ref("person", "people", False), _ref("organization", "organizations"),
        _ref("conversation", "conversations"), _text("kind"), _text("status"), _text("channel"),
        _text("template"), _text("subject"), _text("body"), Field("sent_at", "datetime", True),
        Field("replied_at", "datetime", True),
    ),
    "referrals": (
        _ref("from_person", "people", False), _ref("to_person", "people", False),
        _ref("conversation", "conversations"), _text("note"), Field("contacted_at", "datetime", True),
        Field("reported_back_at", "datetime", True),
    ),
    "tasks": (
        _text("title"), Field("due", "date", True), _ref("person", "people"),
        _ref("conversation", "conversations"), Field("done_at", "datetime", True),
    ),
    "touches": (
        _ref("person", "people", False), _text("kind"), Field("at", "datetime"), _text("summary"),
        _ref("message", "messages"), _ref("conversation", "conversations"),
    ),
    "questions": (
        _text("bank_key"), _text("text"), _text("category"), _text("field"), _text("tags"),
        Field("hidden", "bool"), _ref("goal", "goals"),
    ),
    "plan_items": (
        _ref("conversation", "conversations", False), Field("position", "int"), _text("bank_key"),
        _text("text"), _text("category"), Field("answered", "bool"), Field("rating", "int", True),
    ),
    "notes": (
        _ref("person", "people"), _ref("conversation", "conversations"), _ref("goal", "goals"), _text("body"),
    ),
    "insights": (
        _ref("conversation", "conversations"), _ref("person", "people"), _ref("goal", "goals"),
        _text("text"), _text("theme"), _text("skill"),
    ),
    "goal_reflections": (_ref("goal", "goals", False), _text("body")),
    "milestones": (_text("title"), Field("at", "datetime"), Field("people", "refs", target="people")),
    "mentorship_dismissals": (_ref("person", "people", False),),
    # Last, because an action key names a row of another section ("follow_up:message:12").
    "action_states": (
        _text("action_key"), Field("done_at", "datetime", True), Field("snoozed_until", "date", True),
    ),
}

# The rows an action key can name, by the word in its middle part.
_ACTION_TARGETS = {
    "message": "messages", "conversation": "conversations", "person": "people", "task": "tasks",
    "referral": "referrals",
}
_ACTION_KEY = re.compile(r"^(?P<rule>[a-z_]+):(?P<kind>[a-z_]+):(?P<id>\d+)(?P<rest>@.*)?$")

Row = dict[str, Any]


@dataclass
class Backup:
    """A whole backup: its metadata and, per section, the rows in file order (each with its ``id``)."""

    created_at: datetime
    app_version: str
    sections: dict[str, list[Row]] = field(default_factory=dict)
    version: int = FORMAT_VERSION

    def counts(self) -> dict[str, int]:
        """How many rows each section holds."""
        return {name: len(self.sections.get(name, [])) for name in SECTIONS}


def fields_of(section: str) -> tuple[Field, ...]:
    """Every field of a section, including ``created_at`` and ``updated_at`` (not ``id``)."""
    return SECTIONS[section] + _STAMPS


# -- writing -------------------------------------------------------------------------------------------

def serialize_backup(backup: Backup) -> str:
    """The backup as JSON text: UTF-8, indented, sections and fields in a fixed order."""
    data = {name: [_encode_row(name, row) for row in backup.sections.get(name, [])] for name in SECTIONS}
    document = {
        "format": FORMAT_NAME,
        "version": backup.version,
        "created_at": _encode_datetime(backup.created_at, "created_at"),
        "app_version": backup.app_version,
        "data": data,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _encode_row(section: str, row: Row) -> Row:
    encoded: Row = {"id": row["id"]}
    for spec in fields_of(section):
        value = row[spec.name]
        if value is not None and spec.kind == "datetime":
            value = _encode_datetime(value, f"{section}.{spec.name}")
        elif value is not None and spec.kind == "date":
            value = value.isoformat()
        elif spec.kind == "refs":
            value = sorted(value)
        encoded[spec.name] = value
    return encoded


def _encode_datetime(value: datetime, where: str) -> str:
    if value.tzinfo is None:
        raise BackupError(f"{where}: a time without an offset cannot be written ({value.isoformat()})")
    return value.isoformat()


# -- reading -------------------------------------------------------------------------------------------

def parse_backup(text: str) -> Backup:
    """Read and check a backup completely; raises BackupError naming the first thing that is wrong.

    Checks: it is JSON, it is a coffeechat backup of a version this program reads, every section and
    field is known and present with the right type, ids are unique, and every reference points to a row
    in the file.
    """
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise BackupError(f"not a JSON file (line {error.lineno}, column {error.colno}: {error.msg})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BackupError(f'not a coffeechat backup: "format" should be "{FORMAT_NAME}"')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BackupError('version: missing or not a whole number')
    if version > FORMAT_VERSION:
        raise BackupError(
            f"version: this backup has format version {version}, but this coffeechat reads up to version "
            f"{FORMAT_VERSION}; upgrade coffeechat to restore it"
        )
    if version < 1:
        raise BackupError(f"version: {version} is not a backup format version")
    created_at = _decode(Field("created_at", "datetime"), document.get("created_at"), "created_at")
    app_version = document.get("app_version")
    if not isinstance(app_version, str):
        raise BackupError("app_version: missing or not text")
    data = document.get("data")
    if not isinstance(data, dict):
        raise BackupError('data: missing or not an object of sections')
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise BackupError(f"data.{unknown[0]}: not a section this coffeechat knows")
    sections: dict[str, list[Row]] = {}
    for name in SECTIONS:
        rows = data.get(name)
        if not isinstance(rows, list):
            raise BackupError(f"data.{name}: missing or not a list")
        sections[name] = [_decode_row(name, index, row) for index, row in enumerate(rows)]
    _check_references(sections)
    return Backup(created_at=created_at, app_version=app_version, sections=sections, version=version)


def _decode_row(section: str, index: int, row: Any) -> Row:
    where = f"data.{section}[{index}]"
    if not isinstance(row, dict):
        raise BackupError(f"{where}: not an object")
    specs = fields_of(section)
    known = {"id"} | {spec.name for spec in specs}
    extra = sorted(set(row) - known)
    if extra:
        raise BackupError(f"{where}.{extra[0]}: not a field of {section}")
    row_id = row.get("id")
    if not isinstance(row_id, int) or isinstance(row_id, bool):
        raise BackupError(f"{where}.id: missing or not a whole number")
    decoded: Row = {"id": row_id}
    for spec in specs:
        if spec.name not in row and spec.added_later is not None:
            row = {**row, spec.name: spec.added_later}
        if spec.name not in row:
            raise BackupError(f"{where}.{spec.name}: missing (in {section} entry with id {row_id})")
        decoded[spec.name] = _decode(spec, row[spec.name], f"{where}.{spec.name}")
    return decoded


def _decode(spec: Field, value: Any, where: str) -> Any:
    if value is None:
        if spec.nullable:
            return None
        raise BackupError(f"{where}: may not be null")
    if spec.kind == "text":
        if isinstance(value, str):
            return value
        raise BackupError(f"{where}: should be text, not {_describe(value)}")
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value
        raise BackupError(f"{where}: should be true or false, not {_describe(value)}")
    if spec.kind in ("int", "ref"):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise BackupError(f"{where}: should be a whole number, not {_describe(value)}")
    if spec.kind == "refs":
        if isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return list(value)
        raise BackupError(f"{where}: should be a list of ids, not {_describe(value)}")
    if not isinstance(value, str):
        raise BackupError(f"{where}: should be an ISO {spec.kind} in quotes, not {_describe(value)}")
    if spec.kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BackupError(f"{where}: {value!r} is not a date like 2026-11-26") from None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BackupError(f"{where}: {value!r} is not a time like 2026-11-26T09:30:00+00:00") from None
    if moment.tzinfo is None:
        raise BackupError(f"{where}: {value!r} has no UTC offset")
    return moment


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {json.dumps(value)[:40]}"


def _check_references(sections: dict[str, list[Row]]) -> None:
    ids: dict[str, set[int]] = {}
    for name, rows in sections.items():
        seen: set[int] = set()
        for index, row in enumerate(rows):
            if row["id"] in seen:
                raise BackupError(f"data.{name}[{index}].id: id {row['id']} appears twice in {name}")
            seen.add(row["id"])
        ids[name] = seen
    for name, rows in sections.items():
        for index, row in enumerate(rows):
            for spec in SECTIONS[name]:
                if spec.kind == "ref" and row[spec.name] is not None:
                    targets = [row[spec.name]]
                elif spec.kind == "refs":
                    targets = row[spec.name]
                else:
                    continue
                for target in targets:
                    if target not in ids[spec.target]:
                        raise BackupError(
                            f"data.{name}[{index}].{spec.name}: points to id {target}, but there is no such "
                            f"entry in {spec.target}"
                        )


def action_key_target(key: str) -> tuple[str, int] | None:
    """The section and id of the row an action key names ("follow_up:message:12" -> ("messages", 12))."""
    match = _ACTION_KEY.match(key)
    if not match or match["kind"] not in _ACTION_TARGETS:
        return None
    return _ACTION_TARGETS[match["kind"]], int(match["id"])


def retarget_action_key(key: str, new_id: int) -> str:
    """The same action key naming the row's new id, for a row restored under another id."""
    match = _ACTION_KEY.match(key)
    if not match:
        return key
    return f"{match['rule']}:{match['kind']}:{new_id}{match['rest'] or ''}"
