"""Backing up everything a user owns to one JSON document, and restoring it exactly.

The file format and its checks live in ``formats/backup.py``; this module maps its sections to models,
reads the owner's rows, and writes a backup back in one transaction (so a failure changes nothing).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Case, Value, When

from coffeechat import __version__
from coffeechat.core.when import WhenError, zone
from coffeechat.formats.backup import (
    SECTIONS,
    Backup,
    BackupError,
    action_key_target,
    fields_of,
    parse_backup,
    retarget_action_key,
    serialize_backup,
)
from coffeechat.models import (
    ActionState,
    AdvisorComment,
    AdvisorView,
    AlumniOffer,
    AlumniRequest,
    CalendarEvent,
    CalendarSource,
    Consent,
    ContactPoint,
    Conversation,
    Goal,
    GoalReflection,
    Insight,
    MailAccount,
    MailSeen,
    MentorshipDismissal,
    Message,
    Milestone,
    Note,
    Organization,
    Person,
    PlanItem,
    Question,
    Referral,
    Tag,
    Task,
    Touch,
    UserSetting,
)
from coffeechat.services.clock import now
from coffeechat.services.preference_specs import SPECS, SettingsInvalid, check_changes

# Every model a user owns, by backup section. Login links are left out on purpose: they are secrets
# tied to one machine and expire within minutes.
MODELS: dict[str, type[models.Model]] = {
    "settings": UserSetting,
    "action_states": ActionState,
    "organizations": Organization,
    "tags": Tag,
    "goals": Goal,
    "people": Person,
    "contact_points": ContactPoint,
    "conversations": Conversation,
    "messages": Message,
    "referrals": Referral,
    "tasks": Task,
    "touches": Touch,
    "questions": Question,
    "plan_items": PlanItem,
    "notes": Note,
    "insights": Insight,
    "goal_reflections": GoalReflection,
    "milestones": Milestone,
    "mentorship_dismissals": MentorshipDismissal,
    "mail_accounts": MailAccount,
    "mail_seen": MailSeen,
    "calendar_sources": CalendarSource,
    "calendar_events": CalendarEvent,
}
# The career centre's rows (models/centre.py) are not part of a practice backup: they name other accounts,
# which exist only on that server.
CENTRE_MODELS: frozenset[type[models.Model]] = frozenset({
    AdvisorComment, AdvisorView, AlumniOffer, AlumniRequest, Consent,
})
# Sections whose ``secret`` (a sealed password of this machine) never goes into a file or comes out of one.
SECRET_SECTIONS = ("mail_accounts", "calendar_sources")

# Rows whose presence makes a practice "not empty"; settings and action states are simply replaced.
_PRACTICE_SECTIONS = [name for name in SECTIONS if name not in ("settings", "action_states")]
_BATCH = 250

# How each section is named in messages to the user.
LABELS = {name: name.replace("_", " ") for name in SECTIONS} | {"organizations": "organisations"}


class RestoreRefused(RuntimeError):
    """The practice already holds data, and the user did not ask to replace it."""


class RestoreError(ValueError):
    """The backup could not be restored; nothing was written. The message says what is wrong."""


# -- backing up ----------------------------------------------------------------------------------------

def collect_backup(owner: Any) -> Backup:
    """Everything ``owner`` owns (except login links), as a Backup with rows in id order."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for name in MODELS:
        columns = ["id"] + [_column(spec.name, spec.kind) for spec in fields_of(name) if spec.kind != "refs"]
        rows = []
        for values in _owned_rows(owner, name).order_by("pk").values(*columns):
            rows.append({spec_name: values[column] for spec_name, column in zip(_names(name), columns)})
        if name in SECRET_SECTIONS:
            rows = [{**row, "secret": ""} for row in rows]
        sections[name] = rows
    tag_ids: dict[int, list[int]] = {}
    through = Person.tags.through.objects.filter(person__owner=owner).order_by("person_id", "tag_id")
    for person_id, tag_id in through.values_list("person_id", "tag_id"):
        tag_ids.setdefault(person_id, []).append(tag_id)
    for row in sections["people"]:
        row["tags"] = tag_ids.get(row["id"], [])
    people_of: dict[int, list[int]] = {}
    links = Milestone.people.through.objects.filter(milestone__owner=owner).order_by("milestone_id", "person_id")
    for milestone_id, person_id in links.values_list("milestone_id", "person_id"):
        people_of.setdefault(milestone_id, []).append(person_id)
    for row in sections["milestones"]:
        row["people"] = people_of.get(row["id"], [])
    return Backup(created_at=now(), app_version=__version__, sections=sections)


def backup_json(owner: Any) -> tuple[str, dict[str, int]]:
    """The owner's whole backup as JSON text, with how many rows of each kind it holds."""
    backup = collect_backup(owner)
    return serialize_backup(backup), backup.counts()


def default_backup_name(owner: Any) -> str:
    """``coffeechat-backup-YYYY-MM-DD.json`` for today in the user's time zone."""
    from coffeechat.services.preferences import get_setting

    try:
        today: date = now().astimezone(zone(get_setting(owner, "timezone"))).date()
    except WhenError:
        today = now().date()
    return f"coffeechat-backup-{today.isoformat()}.json"


def machine_secrets() -> list[str]:
    """Settings that are secrets of this machine: the SMTP password and the calendar feed's token.

    They never leave it in a backup, a restore keeps the ones set here, and one found in a file (written
    by hand, or by an older coffeechat) is ignored — so a restore never revives a retired feed address.
    """
    from coffeechat.services.scheduling import FEED_TOKEN_KEY

    return [key for key, spec in SPECS.items() if spec.secret] + [FEED_TOKEN_KEY]


def _owned_rows(owner: Any, section: str) -> Any:
    """The owner's rows of a section, without the machine's secrets (see ``machine_secrets``)."""
    rows = MODELS[section].objects.owned_by(owner)  # type: ignore[attr-defined]
    if section == "settings":
        rows = rows.exclude(key__in=machine_secrets())
    return rows


def _column(name: str, kind: str) -> str:
    return f"{name}_id" if kind == "ref" else name


def _names(section: str) -> list[str]:
    return ["id"] + [spec.name for spec in fields_of(section) if spec.kind != "refs"]


# -- restoring -----------------------------------------------------------------------------------------

def restore_from_text(owner: Any, text: str, *, replace: bool = False) -> dict[str, int]:
    """Check a backup file's text and restore it; raises RestoreError (bad file) or RestoreRefused.

    Every value is checked before anything is written (formats/backup.py for kinds and ranges, then
    the settings through their own checks, choices and uniqueness here); a refused file changes nothing.
    """
    try:
        backup = parse_backup(text)
    except BackupError as error:
        raise RestoreError(str(error)) from error
    return restore_backup(owner, backup, replace=replace)


def practice_contents(owner: Any) -> dict[str, int]:
    """How many rows of each kind the owner's practice holds (only the kinds that are not empty)."""
    counts = {name: MODELS[name].objects.owned_by(owner).count() for name in _PRACTICE_SECTIONS}  # type: ignore[attr-defined]
    return {name: count for name, count in counts.items() if count}


def restore_backup(owner: Any, backup: Backup, *, replace: bool = False) -> dict[str, int]:
    """Write ``backup`` into ``owner``'s practice, reproducing every row and timestamp exactly.

    The practice must be empty unless ``replace`` is true, in which case the owner's data is deleted
    first. Everything happens in one transaction: on any error the practice is left as it was.
    Returns how many rows of each kind were restored.
    """
    _check_choices(backup)
    _check_unique(backup)
    backup.sections["settings"] = checked_settings(backup.sections["settings"])
    try:
        with transaction.atomic():
            present = practice_contents(owner)
            if present and not replace:
                summary = ", ".join(f"{count} {LABELS[name]}" for name, count in present.items())
                raise RestoreRefused(
                    f"your practice is not empty ({summary}); restore into an empty practice, "
                    "or use --replace to delete your data and put the backup in its place"
                )
            for name in reversed(SECTIONS):
                _owned_rows(owner, name).delete()
            new_ids: dict[str, dict[int, int]] = {}
            counts = {}
            for name in SECTIONS:
                rows = backup.sections[name]
                if name == "action_states":
                    rows = _retargeted_action_states(rows, new_ids)
                elif name in SECRET_SECTIONS:
                    rows = [{**row, "secret": ""} for row in rows]
                new_ids[name] = _insert(owner, name, rows, new_ids)
                counts[name] = len(rows)
    except IntegrityError as error:
        raise RestoreError(f"the backup breaks a rule of the database, nothing was restored: {error}") from error
    return counts


def _retargeted_action_states(rows: list[dict[str, Any]], new_ids: dict[str, dict[int, int]]) -> list[dict[str, Any]]:
    """Action states with keys naming the restored rows' new ids.

    A state whose row is no longer in the backup (the message was deleted) is dropped: kept as it is,
    its old id could name an unrelated restored row and hide that row's action.
    """
    kept = []
    for row in rows:
        target = action_key_target(row["action_key"])
        if target is None:
            kept.append(row)
        elif target[1] in new_ids[target[0]]:
            kept.append({**row, "action_key": retarget_action_key(row["action_key"], new_ids[target[0]][target[1]])})
    return kept


def _insert(owner: Any, section: str, rows: list[dict[str, Any]], new_ids: dict[str, dict[int, int]]) -> dict[int, int]:
    model = MODELS[section]
    specs = SECTIONS[section]
    objects = []
    for row in rows:
        values: dict[str, Any] = {}
        for spec in specs:
            if spec.kind == "refs" or (spec.kind == "ref" and spec.target == section):
                continue  # filled in once every row of the section has its new id
            if spec.kind == "ref":
                old = row[spec.name]
                values[f"{spec.name}_id"] = None if old is None else new_ids[spec.target][old]
            else:
                values[spec.name] = row[spec.name]
        obj = model(owner=owner, **values)
        if isinstance(obj, Person):
            obj.refresh_folded_name()  # bulk_create skips save(), which keeps the folded name
        objects.append(obj)
    created = model.objects.bulk_create(objects, batch_size=_BATCH)  # type: ignore[attr-defined]
    mapping = {row["id"]: obj.pk for row, obj in zip(rows, created)}
    # bulk_create stamps created_at/updated_at with "now" (auto_now); put the originals back with update().
    fixes: dict[str, dict[int, Any]] = {"created_at": {}, "updated_at": {}}
    for spec in specs:
        if spec.kind == "ref" and spec.target == section:
            fixes[f"{spec.name}_id"] = {
                mapping[row["id"]]: mapping[row[spec.name]] for row in rows if row[spec.name] is not None
            }
    for row in rows:
        fixes["created_at"][mapping[row["id"]]] = row["created_at"]
        fixes["updated_at"][mapping[row["id"]]] = row["updated_at"]
    _update_by_pk(model, fixes)
    for spec in specs:
        if spec.kind == "refs":
            through = getattr(model, spec.name).through
            # The through model names its two ends after the models: person/tag, milestone/person.
            own, other = f"{model._meta.model_name}_id", f"{MODELS[spec.target]._meta.model_name}_id"
            links = [
                through(**{own: mapping[row["id"]], other: new_ids[spec.target][ref]})
                for row in rows for ref in row[spec.name]
            ]
            through.objects.bulk_create(links, batch_size=_BATCH)
    return mapping


def _update_by_pk(model: type[models.Model], fixes: dict[str, dict[int, Any]]) -> None:
    """Set per-row values of several columns with a few UPDATE … CASE statements."""
    pks = sorted(fixes["created_at"])
    for start in range(0, len(pks), _BATCH):
        batch = pks[start:start + _BATCH]
        changes = {}
        for column, by_pk in fixes.items():
            whens = [When(pk=pk, then=Value(by_pk[pk])) for pk in batch if pk in by_pk]
            if whens:
                field = model._meta.get_field(column.removesuffix("_id") if column.endswith("_id") else column)
                changes[column] = Case(*whens, default=models.F(column), output_field=_output(field))
        model.objects.filter(pk__in=batch).update(**changes)  # type: ignore[attr-defined]


def _output(field: Any) -> Any:
    return field.target_field if field.is_relation else field


def _check_choices(backup: Backup) -> None:
    """Values with a fixed set of choices (stage, kind, state…) must be one of them."""
    for name, model in MODELS.items():
        for spec in SECTIONS[name]:
            if spec.kind != "text":
                continue
            choices = getattr(model._meta.get_field(spec.name), "choices", None)
            if not choices:
                continue
            allowed = {value for value, _ in choices}
            for index, row in enumerate(backup.sections[name]):
                if row[spec.name] not in allowed:
                    raise RestoreError(
                        f"data.{name}[{index}].{spec.name}: {row[spec.name]!r} is not one of "
                        f"{', '.join(sorted(allowed))}"
                    )


_DIGEST_MARK = re.compile(r"^digest_sent:\S+$")  # the address a daily digest went to (services/digest.py)


def checked_settings(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The settings rows to restore, each value checked as `settings set` checks it, plus the rules
    between settings; the machine's secrets are left out. Raises RestoreError naming the entry."""
    secrets = set(machine_secrets())
    where = {row["key"]: f"data.settings[{index}] (key {row['key']!r})" for index, row in enumerate(rows)}
    changes: dict[str, str] = {}
    kept = []
    for index, row in enumerate(rows):
        key, value = row["key"], row["value"]
        if key in secrets:
            continue
        if key in SPECS:
            changes[key] = value
        elif _DIGEST_MARK.match(key):  # the day a digest last went to an address
            if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise RestoreError(f"{where[key]}.value: {value[:40]!r} is not a date like 2026-11-26")
        else:
            raise RestoreError(f"data.settings[{index}].key: {ascii(key)[:60]} is not a setting this coffeechat knows")
        kept.append(row)
    try:
        cleaned = check_changes({}, changes)
    except SettingsInvalid as refused:
        key, reason = next(iter(refused.errors.items()))
        raise RestoreError(f"{where[key]}.value: {reason}") from None
    return [{**row, "value": cleaned.get(row["key"], row["value"])} for row in kept]


def _check_unique(backup: Backup) -> None:
    """Rows the database keeps unique per owner (a tag's name, a setting's key…) appear once in the file."""
    for name, model in MODELS.items():
        for constraint in model._meta.constraints:
            fields = [f for f in getattr(constraint, "fields", ()) if f != "owner"]
            if not isinstance(constraint, models.UniqueConstraint) or not fields or constraint.condition is not None:
                continue
            seen: dict[tuple[Any, ...], int] = {}
            for index, row in enumerate(backup.sections[name]):
                values = tuple(row[f] for f in fields)
                if values in seen:
                    shown = ", ".join(f"{f} {row[f]!r}"[:80] for f in fields)
                    raise RestoreError(
                        f"data.{name}[{index}]: the same {shown} as data.{name}[{seen[values]}] "
                        f"(in {name} entry with id {row['id']}); each may appear once"
                    )
                seen[values] = index
