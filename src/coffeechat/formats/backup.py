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
from datetime import UTC, date, datetime
from typing import Any

from coffeechat.core.zones import canonical_zone

FORMAT_NAME = "coffeechat-backup"
FORMAT_VERSION = 1

# Limits every value is held to while a file is read, so nothing a database or a page cannot hold gets in.
TEXT_LIMIT = 1_000_000  # characters in a long text (a note, a transcript) — about a 400-page book
ID_LIMIT = 2**63 - 1  # ids are 64-bit in every database coffeechat runs on
INT_LIMIT = 2**31 - 1  # a whole number with no range of its own (PositiveIntegerField)
SMALL_INT_LIMIT = 32767  # PositiveSmallIntegerField
FIRST_YEAR, LAST_YEAR = 1900, 2199  # dates and times outside these years cannot be right in a practice
MAX_DEPTH = 8  # the format nests five deep; a deeper file is not a backup


class BackupError(ValueError):
    """A backup file that cannot be restored; the message names the entry and field that is wrong."""


@dataclass(frozen=True)
class Field:
    """One field of a row: its kind, whether it may be null, and for references the section it points to.

    ``max_length`` bounds a text (the model's max_length, else TEXT_LIMIT); ``low``/``high`` bound a
    whole number. A ``zone`` is text that is empty or an IANA time zone.
    """

    name: str
    kind: str  # text, zone, int, bool, datetime, date, ref, refs
    nullable: bool = False
    target: str = ""
    # Fields added after the first format: a file written before them is read with this value instead.
    added_later: object = None
    max_length: int = TEXT_LIMIT
    low: int = 0
    high: int = INT_LIMIT


def _text(name: str, max_length: int = TEXT_LIMIT) -> Field:
    return Field(name, "text", max_length=max_length)


def _int(name: str, low: int, high: int, nullable: bool = False) -> Field:
    return Field(name, "int", nullable, low=low, high=high)


def _ref(name: str, target: str, nullable: bool = True) -> Field:
    return Field(name, "ref", nullable, target, low=1, high=ID_LIMIT)


_STAMPS = (Field("created_at", "datetime"), Field("updated_at", "datetime"))

# Sections in an order where every reference points to an earlier section (or to the same one, for
# "referred by"), so a restore can insert them top to bottom.
SECTIONS: dict[str, tuple[Field, ...]] = {
    "settings": (_text("key", 80), _text("value", 10_000)),
    "organizations": (
        _text("name", 200), _text("website", 200), Field("advocacy", "bool"), _int("motivation", 0, 4),
        _int("posting", 1, 3), _text("notes"),
    ),
    "tags": (_text("name", 80),),
    "goals": (
        _text("title", 200), _text("description"), _text("field", 40), _text("target_role", 200),
        Field("resume_with_thank_you", "bool"), Field("archived", "bool"), Field("interests", "text", added_later=""),
    ),
    "people": (
        _text("full_name", 200), _text("first_name", 100), _text("last_name", 100),
        _ref("organization", "organizations"), _text("title", 200), _text("location", 200),
        Field("timezone", "zone", max_length=64), _text("linkedin_url", 300), _text("how_known", 20),
        _text("stage", 20), _int("cadence_days", 1, 3650, nullable=True), _ref("referred_by", "people"),
        Field("tags", "refs", target="tags", low=1, high=ID_LIMIT), _text("notes"), Field("connected_on", "date", True),
        _text("vcard_uid", 200), Field("is_source", "bool", added_later=False),
        Field("ground_rules", "text", added_later=""),
        Field("mail_sync", "bool", added_later=True), Field("mail_bodies", "bool", added_later=False),
    ),
    "contact_points": (_ref("person", "people", False), _text("kind", 10), _text("value", 300), _text("label", 60)),
    "conversations": (
        _ref("person", "people", False), _ref("goal", "goals"), _text("state", 20),
        Field("scheduled_at", "datetime", True), _int("minutes", 1, 1440), Field("timezone", "zone", max_length=64),
        _text("channel", 20), _text("purpose", 20), _text("location", 300), _text("notes"),
        Field("plan_finished", "bool"), Field("confirmed_at", "datetime", True), Field("held_at", "datetime", True),
        Field("thanked_at", "datetime", True), _text("ical_uid", 200), _int("ical_sequence", 0, INT_LIMIT),
        _int("confidence_before", 1, 5, nullable=True), _int("confidence_after", 1, 5, nullable=True),
    ),
    "messages": (
        _ref("person", "people", False), _ref("organization", "organizations"),
        _ref("conversation", "conversations"), _text("kind", 20), _text("status", 10), _text("channel", 20),
        _text("template", 40), _text("subject", 300), _text("body"), Field("sent_at", "datetime", True),
        Field("replied_at", "datetime", True),
    ),
    "referrals": (
        _ref("from_person", "people", False), _ref("to_person", "people", False),
        _ref("conversation", "conversations"), _text("note"), Field("contacted_at", "datetime", True),
        Field("reported_back_at", "datetime", True),
    ),
    "tasks": (
        _text("title", 300), Field("due", "date", True), _ref("person", "people"),
        _ref("conversation", "conversations"), Field("done_at", "datetime", True),
    ),
    "touches": (
        _ref("person", "people", False), _text("kind", 20), Field("at", "datetime"), _text("summary", 500),
        _ref("message", "messages"), _ref("conversation", "conversations"),
        Field("source", "text", max_length=20, added_later=""),
    ),
    "questions": (
        _text("bank_key", 60), _text("text"), _text("category", 40), _text("field", 40), _text("tags", 300),
        Field("hidden", "bool"), _ref("goal", "goals"),
    ),
    "plan_items": (
        _ref("conversation", "conversations", False), _int("position", 0, SMALL_INT_LIMIT), _text("bank_key", 60),
        _text("text"), _text("category", 40), Field("answered", "bool"), _int("rating", 1, 5, nullable=True),
    ),
    "notes": (
        _ref("person", "people"), _ref("conversation", "conversations"), _ref("goal", "goals"), _text("body"),
    ),
    "insights": (
        _ref("conversation", "conversations"), _ref("person", "people"), _ref("goal", "goals"),
        _text("text"), _text("theme", 80), _text("skill", 80),
    ),
    "goal_reflections": (_ref("goal", "goals", False), _text("body")),
    "milestones": (_text("title", 300), Field("at", "datetime"),
                   Field("people", "refs", target="people", low=1, high=ID_LIMIT)),
    "mentorship_dismissals": (_ref("person", "people", False),),
    # Mail and calendar (issue 16). Passwords are secrets of this machine: ``secret`` is always written
    # empty and ignored on restore, so a restored account asks for its password again.
    "mail_accounts": (
        _text("name", 80), _text("kind", 10), _text("host", 255), _text("security", 10),
        _int("port", 1, 65535, nullable=True), _text("username", 254), _text("secret"), _text("inbox", 500),
        _text("sent", 500), Field("last_synced_at", "datetime", True), _text("last_error"),
    ),
    "mail_seen": (
        _ref("account", "mail_accounts"), _text("mail_id", 500), _text("thread_root", 500), _text("direction", 10),
        _text("recorded", 20), Field("at", "datetime"), _text("subject", 300), _ref("person", "people"),
        _ref("message", "messages"), _ref("touch", "touches"), _ref("conversation", "conversations"),
        _text("body"),
    ),
    "calendar_sources": (
        _text("name", 80), _text("kind", 10), _text("location", 1000), _text("username", 254), _text("secret"),
        Field("last_synced_at", "datetime", True), _text("last_error"),
    ),
    "calendar_events": (
        _ref("source", "calendar_sources", False), _text("uid", 500), _text("recurrence_id", 40),
        Field("start", "datetime"), Field("end", "datetime"), Field("all_day", "bool"), Field("busy", "bool"),
        _text("summary", 300), _int("sequence", 0, INT_LIMIT), _text("attendees"),
        _ref("conversation", "conversations"),
    ),
    # Last, because an action key names a row of another section ("follow_up:message:12").
    "action_states": (
        _text("action_key", 120), Field("done_at", "datetime", True), Field("snoozed_until", "date", True),
    ),
}

# Sections a file written before them does not have: read as empty.
LATER_SECTIONS = frozenset({"mail_accounts", "mail_seen", "calendar_sources", "calendar_events"})

# The rows an action key can name, by the word in its middle part.
_ACTION_TARGETS = {
    "message": "messages", "conversation": "conversations", "person": "people", "task": "tasks",
    "referral": "referrals", "touch": "touches",
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
        value = row[spec.name] if spec.added_later is None else row.get(spec.name, spec.added_later)
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

    Checks: it is JSON (not nested deeper than a backup is), it is a coffeechat backup of a version this
    program reads, every section and field is known and present with the right type, every value is in
    its range (text no longer than its column, whole numbers within theirs, dates between 1900 and 2199,
    time zones known), ids are unique, and every reference points to a row in the file.
    """
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise BackupError(f"not a JSON file (line {error.lineno}, column {error.colno}: {error.msg})") from error
    except RecursionError:
        raise BackupError(f"not a coffeechat backup: the JSON nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:  # a number with thousands of digits
        raise BackupError(f"not a coffeechat backup: {_line(str(error), 120)}") from None
    if _depth(document) > MAX_DEPTH:
        raise BackupError(f"not a coffeechat backup: the JSON nests deeper than {MAX_DEPTH} levels")
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BackupError(f'not a coffeechat backup: "format" should be "{FORMAT_NAME}"')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BackupError('version: missing or not a whole number')
    if version > FORMAT_VERSION:
        raise BackupError(
            f"version: this backup has format version {_show(version)}, but this coffeechat reads up to version "
            f"{FORMAT_VERSION}; upgrade coffeechat to restore it"
        )
    if version < 1:
        raise BackupError(f"version: {_show(version)} is not a backup format version")
    created_at = _decode(Field("created_at", "datetime"), document.get("created_at"), "created_at", "")
    app_version = document.get("app_version")
    if not isinstance(app_version, str) or len(app_version) > 40 or not _clean_text(app_version):
        raise BackupError("app_version: missing or not a short text")
    data = document.get("data")
    if not isinstance(data, dict):
        raise BackupError('data: missing or not an object of sections')
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise BackupError(f"data.{_name(unknown[0])}: not a section this coffeechat knows")
    sections: dict[str, list[Row]] = {}
    for name in SECTIONS:
        rows = data.get(name, [] if name in LATER_SECTIONS else None)
        if not isinstance(rows, list):
            raise BackupError(f"data.{name}: missing or not a list")
        sections[name] = [_decode_row(name, index, row) for index, row in enumerate(rows)]
    _check_references(sections)
    return Backup(created_at=created_at, app_version=app_version, sections=sections, version=version)


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _decode_row(section: str, index: int, row: Any) -> Row:
    where = f"data.{section}[{index}]"
    if not isinstance(row, dict):
        raise BackupError(f"{where}: not an object")
    specs = fields_of(section)
    known = {"id"} | {spec.name for spec in specs}
    extra = sorted(set(row) - known)
    if extra:
        raise BackupError(f"{where}.{_name(extra[0])}: not a field of {section}")
    row_id = row.get("id")
    if not isinstance(row_id, int) or isinstance(row_id, bool):
        raise BackupError(f"{where}.id: missing or not a whole number")
    if not 1 <= row_id <= ID_LIMIT:
        raise BackupError(f"{where}.id: {_show(row_id)} is not an id (from 1 to {ID_LIMIT})")
    decoded: Row = {"id": row_id}
    entry = f" (in {section} entry with id {row_id})"
    for spec in specs:
        if spec.name not in row and spec.added_later is not None:
            row = {**row, spec.name: spec.added_later}
        if spec.name not in row:
            raise BackupError(f"{where}.{spec.name}: missing{entry}")
        decoded[spec.name] = _decode(spec, row[spec.name], f"{where}.{spec.name}", entry)
    return decoded


def _decode(spec: Field, value: Any, where: str, entry: str) -> Any:
    """The value of one field, checked for its kind and range; ``entry`` names the row in messages."""
    if value is None:
        if spec.nullable:
            return None
        raise BackupError(f"{where}: may not be null{entry}")
    if spec.kind in ("text", "zone"):
        if not isinstance(value, str):
            raise BackupError(f"{where}: should be text, not {_describe(value)}{entry}")
        if len(value) > spec.max_length:
            raise BackupError(f"{where}: {len(value)} characters, longer than the {spec.max_length} it may hold{entry}")
        if not _clean_text(value):
            raise BackupError(f"{where}: holds a character that is not text (a lone surrogate or NUL){entry}")
        if spec.kind == "zone" and value:
            name = canonical_zone(value)
            if name is None:
                raise BackupError(f"{where}: {_show(value)} is not a known time zone{entry}")
            return name
        return value
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value
        raise BackupError(f"{where}: should be true or false, not {_describe(value)}{entry}")
    if spec.kind in ("int", "ref"):
        if not isinstance(value, int) or isinstance(value, bool):
            raise BackupError(f"{where}: should be a whole number, not {_describe(value)}{entry}")
        if not spec.low <= value <= spec.high:
            raise BackupError(f"{where}: {_show(value)} is outside {spec.low}–{spec.high}{entry}")
        return value
    if spec.kind == "refs":
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise BackupError(f"{where}: should be a list of ids, not {_describe(value)}{entry}")
        for ref in value:
            if not spec.low <= ref <= spec.high:
                raise BackupError(f"{where}: {_show(ref)} is not an id{entry}")
        if len(set(value)) != len(value):
            raise BackupError(f"{where}: lists the same id twice{entry}")
        return list(value)
    if not isinstance(value, str):
        raise BackupError(f"{where}: should be an ISO {spec.kind} in quotes, not {_describe(value)}{entry}")
    if spec.kind == "date":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise BackupError(f"{where}: {_show(value)} is not a date like 2026-11-26{entry}") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise BackupError(f"{where}: {_show(value)} is not between {FIRST_YEAR} and {LAST_YEAR}{entry}")
        return day
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BackupError(f"{where}: {_show(value)} is not a time like 2026-11-26T09:30:00+00:00{entry}") from None
    if moment.tzinfo is None:
        raise BackupError(f"{where}: {_show(value)} has no UTC offset{entry}")
    try:
        in_utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        in_utc = None
    if in_utc is None or not FIRST_YEAR <= in_utc.year <= LAST_YEAR or not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise BackupError(f"{where}: {_show(value)} is not between {FIRST_YEAR} and {LAST_YEAR}{entry}")
    return moment


def _clean_text(value: str) -> bool:
    """True if the text can be stored and shown: no lone surrogate (not UTF-8) and no NUL character."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _line(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    """A value as a short, printable quotation for a message (a huge number or text is cut)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"a {len(str(abs(value)))}-digit number"
    return _line(ascii(value) if isinstance(value, str) and not value.isprintable() else repr(value), 60)


def _name(text: str) -> str:
    """A section or field name from the file, safe to print."""
    return text if text.isprintable() and _clean_text(text) and len(text) <= 60 else _line(ascii(text), 60)


def _describe(value: Any) -> str:
    kind = {dict: "object", list: "list", str: "text", bool: "boolean", float: "number", int: "number"}.get(
        type(value), type(value).__name__)
    if isinstance(value, (dict, list)):
        return kind
    return f"{kind} {_show(value)}"


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
