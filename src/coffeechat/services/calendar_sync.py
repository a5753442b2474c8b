"""Reading the user's own calendar: busy times, and meetings with people in the network.

A calendar is connected once (``connect``): a published .ics address (Google's secret address, Outlook's
published calendar), an .ics file, or a CalDAV collection (Apple/iCloud, Fastmail, Nextcloud, Radicale),
whose password is sealed through ``services/secrets.py``. It is read before it is stored, so a wrong
address or password is said at once.

``sync_calendars`` reads every connected calendar (the CLI, the web page's "Sync now", and the server's
background loop in ``web/background.py`` call it): the occurrences from 7 days back to 60 days ahead
replace that calendar's ``CalendarEvent`` rows in one transaction, keyed by (UID, recurrence id), so a
second sync with nothing new changes nothing. Then meetings are picked up:

- an upcoming, busy event (not declined by the user, not cancelled, not all-day) with someone in the
  network among its organizer and attendees (by their email address; people taken off the mail allowlist,
  ``Person.mail_sync``, are left out) becomes a scheduled conversation through ``logbook.log_meeting``, its
  timeline entry marked ``source="calendar"``, and the event row is linked to it;
- an event coffeechat put on the calendar itself (its UID is a conversation's ``ical_uid``) is matched to
  that conversation, never doubled;
- a linked event that moved moves its conversation (a reschedule: same calendar UID, next SEQUENCE);
- a linked event that was cancelled, declined or deleted is reported and kept (not busy) so the Calendar
  page can show it; the conversation is never cancelled here: the user decides.

Nothing is ever written back to the calendar. Errors are stored on the calendar (``last_error``) and raised.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models.functions import Lower

from coffeechat.core.errors import NotFound, UserError
from coffeechat.formats.calendar_read import CalendarReadError, Occurrence, read_occurrences
from coffeechat.models import CalendarEvent, CalendarSource, ContactPoint, Conversation, Person, Touch
from coffeechat.services.clock import now
from coffeechat.services.preferences import get_setting
from coffeechat.services.secrets import SecretUnavailable, reveal_secret, seal_secret

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DAYS_BEFORE = 7
DAYS_AFTER = 60
TIMEOUT_SECONDS = 20
MAX_BYTES = 20 * 1024 * 1024
NAME_LIMIT = 80
# An event with more people than this is a meeting, not a conversation: never picked up.
MAX_PEOPLE = 6
UPCOMING = (Conversation.State.PROPOSED, Conversation.State.SCHEDULED)
SOURCE_TAG = "calendar"


class CalendarError(UserError):
    """A calendar that cannot be connected as given; the message says why."""


class CalendarSyncFailed(UserError):
    """A sync that could not read one or more calendars (each reason is stored on its calendar too).

    ``report`` holds what the sync did all the same (the calendars it could read)."""

    def __init__(self, message: str, report: CalendarSyncReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class Connected:
    """A calendar just connected, and what was found in it."""

    source: CalendarSource
    events: int
    busy: int
    first: Occurrence | None


@dataclass
class SourceResult:
    """What one sync did to one calendar's events."""

    name: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    error: str = ""


@dataclass(frozen=True)
class PickedUp:
    """A conversation the calendar created, moved, matched, or flagged as called off there."""

    action: str  # "scheduled", "rescheduled", "matched", "called_off"
    conversation_id: int
    person_id: int
    person: str
    start: datetime
    summary: str
    calendar: str


@dataclass
class CalendarSyncReport:
    """What one sync read and did."""

    calendars: list[SourceResult] = field(default_factory=list)
    picked_up: list[PickedUp] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [f"{result.name}: {result.error}" for result in self.calendars if result.error]

    def of(self, action: str) -> list[PickedUp]:
        return [item for item in self.picked_up if item.action == action]


def secret_key(name: str) -> str:
    """Where a calendar's password is sealed (one per calendar name)."""
    return f"calendar_password:{name}"


def window(moment: datetime | None = None) -> tuple[datetime, datetime]:
    """The span a sync reads: a week back (moves of recent meetings) to two months ahead."""
    at = moment or now()
    return at - timedelta(days=DAYS_BEFORE), at + timedelta(days=DAYS_AFTER)


# -- reading a calendar ---------------------------------------------------------------------------------


def _short_reason(error: BaseException) -> str:
    text = str(error)
    for words in ("Connection refused", "timed out", "Name or service not known", "No route to host",
                  "certificate verify failed", "Temporary failure in name resolution"):
        if words.lower() in text.lower():
            return words.lower()
    reason = getattr(error, "reason", None)
    return str(reason) if reason else (text.splitlines()[0][:200] if text else type(error).__name__)


def _fetch_url(location: str, username: str, password: str) -> bytes:
    request = urllib.request.Request(location, headers={"User-Agent": "coffeechat (calendar read)",
                                                        "Accept": "text/calendar, */*"})
    if username:
        import base64

        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # the user's own address
            data: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        hint = " (is the address still valid? a reset secret address stops the old one)" if error.code in (
            401, 403, 404, 410) else ""
        raise CalendarError(f"{location} answered {error.code} {error.reason}{hint}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise CalendarError(f"cannot reach {_host(location)}: {_short_reason(error)}") from None
    if len(data) > MAX_BYTES:
        raise CalendarError(f"{location} sent more than {MAX_BYTES // (1024 * 1024)} MB; is it a calendar?")
    return data


def _read_file(location: str) -> bytes:
    path = Path(location)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CalendarError(f"{location} is larger than {MAX_BYTES // (1024 * 1024)} MB; is it a calendar?")
        return path.read_bytes()
    except FileNotFoundError:
        raise CalendarError(f"{location} does not exist (was it moved?)") from None
    except IsADirectoryError:
        raise CalendarError(f"{location} is a folder; give the .ics file itself") from None
    except OSError as error:
        raise CalendarError(f"cannot read {location}: {error.strerror or error}") from None


def _host(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1] or url


def _caldav_client(location: str, username: str, password: str) -> Any:
    import caldav

    client_class: Any = caldav.DAVClient
    return client_class(url=location, username=username or None, password=password or None,
                            timeout=TIMEOUT_SECONDS)


def _caldav_message(error: Exception, location: str) -> str:
    from caldav.lib import error as dav_error

    if isinstance(error, dav_error.AuthorizationError):
        return (f"{_host(location)} refused the user name or password (for iCloud, Fastmail and most hosted "
                "calendars use an app password, not your account password)")
    if isinstance(error, dav_error.NotFoundError):
        return f"{location} is not there (404): check the calendar's address"
    if isinstance(error, dav_error.DAVError):
        return f"{_host(location)} answered with an error: {_short_reason(error)}"
    return f"cannot reach {_host(location)}: {_short_reason(error)}"


def _fetch_caldav(location: str, username: str, password: str, start: datetime, end: datetime) -> list[str]:
    """The iCalendar text of every event in the collection that touches [start, end)."""
    try:
        client = _caldav_client(location, username, password)
        calendar = client.calendar(url=location)
        found = calendar.search(start=start, end=end, event=True, expand=False)
        return [str(item.data) for item in found]
    except Exception as error:  # caldav and its HTTP library raise many kinds; each becomes one sentence
        raise CalendarError(_caldav_message(error, location)) from None


def _calendars_under(location: str, username: str, password: str) -> list[tuple[str, str]]:
    """The calendars an account has (name, address), when ``location`` is an account rather than one."""
    try:
        principal = _caldav_client(location, username, password).principal()
        return [(str(item.get_display_name() or ""), str(item.url)) for item in principal.calendars()]
    except Exception:  # only a hint for an error message: no hint is better than a second error
        return []


def _my_addresses(owner: User, source: CalendarSource) -> list[str]:
    addresses = [str(get_setting(owner, "your_email") or "")]
    if "@" in source.username:
        addresses.append(source.username)
    return [address.strip().lower() for address in addresses if address.strip()]


def _password(owner: User, source: CalendarSource) -> str:
    if not source.secret:
        return ""
    try:
        return reveal_secret(owner, secret_key(source.name), source.secret)
    except SecretUnavailable:
        raise CalendarError(
            f"the password of calendar {source.name!r} cannot be read on this computer; connect it again: "
            f"coffeechat calendar disconnect {source.name!r}, then coffeechat calendar connect …"
        ) from None


def _read(owner: User, source: CalendarSource, password: str, start: datetime, end: datetime) -> list[Occurrence]:
    zone = str(get_setting(owner, "timezone") or "UTC")
    mine = _my_addresses(owner, source)
    if source.kind == CalendarSource.Kind.CALDAV:
        texts = _fetch_caldav(source.location, source.username, password, start, end)
    elif source.kind == CalendarSource.Kind.ICS_URL:
        texts = [_fetch_url(source.location, source.username, password).decode("utf-8-sig", "replace")]
    else:
        texts = [_read_file(source.location).decode("utf-8-sig", "replace")]
    found: dict[tuple[str, str], Occurrence] = {}
    for text in texts:
        try:
            occurrences = read_occurrences(text, start=start, end=end, zone=zone, my_addresses=mine)
        except CalendarReadError as error:
            raise CalendarError(f"the calendar cannot be read: {error}") from None
        for occurrence in occurrences:
            found[occurrence.key] = occurrence
    return sorted(found.values(), key=lambda item: (item.start, item.uid, item.recurrence_id))


# -- connecting -----------------------------------------------------------------------------------------


def _name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise CalendarError("give the calendar a name, e.g. calendar or work")
    if len(cleaned) > NAME_LIMIT:
        raise CalendarError(f"the calendar name is too long (at most {NAME_LIMIT} characters)")
    return cleaned


def _web_address(location: str, what: str) -> str:
    text = location.strip()
    if text.lower().startswith("webcal://"):  # Apple's and Outlook's links to subscribe: plain HTTPS
        text = "https://" + text[len("webcal://"):]
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise CalendarError(f"{what} must be a web address starting with https:// (or http://), not {location!r}")
    if parts.username or parts.password:
        raise CalendarError(f"put the user name and password in their own fields, not in the {what}")
    return text


def check_location(kind: str, location: str, username: str = "") -> str:
    """The location cleaned up, or CalendarError saying what is wrong with it (nothing is read)."""
    if kind == CalendarSource.Kind.ICS_FILE:
        path = Path(location.strip()).expanduser()
        if not location.strip():
            raise CalendarError("give the path of the .ics file")
        if not path.exists():
            raise CalendarError(f"{path} does not exist")
        if not path.is_file():
            raise CalendarError(f"{path} is not a file; give the .ics file itself")
        return str(path.resolve())
    if kind == CalendarSource.Kind.ICS_URL:
        return _web_address(location, "the calendar's .ics address")
    if kind == CalendarSource.Kind.CALDAV:
        if not username.strip():
            raise CalendarError("a CalDAV calendar needs your user name (--user)")
        return _web_address(location, "the CalDAV address")
    raise CalendarError(f"kind must be one of {', '.join(CalendarSource.Kind.values)}, not {kind!r}")


def connect(owner: User, *, kind: str, location: str, username: str = "", password: str = "",
            name: str = "calendar") -> Connected:
    """Read a calendar once and, when that works, store it (replacing a calendar of the same name).

    Raises CalendarError saying what is wrong (address, file, password, content); nothing is stored then.
    Connecting the same CalDAV address and user again without a password keeps the stored one.
    """
    name = _name(name)
    location = check_location(kind, location, username)
    username = username.strip()
    existing = CalendarSource.objects.owned_by(owner).filter(name=name).first()
    same_login = (existing is not None and existing.kind == kind and existing.location == location
                  and existing.username == username and bool(existing.secret))
    if not password and same_login and existing is not None:
        password = _password(owner, existing)
    if kind == CalendarSource.Kind.CALDAV and not password:
        raise CalendarError("a CalDAV calendar needs a password (an app password for iCloud or Fastmail)")
    probe = CalendarSource(owner=owner, name=name, kind=kind, location=location, username=username)
    start, end = window()
    failure: CalendarError | None = None
    try:
        occurrences = _read(owner, probe, password, start, end)
    except CalendarError as error:
        if kind != CalendarSource.Kind.CALDAV or "refused the user name" in str(error):
            raise
        occurrences, failure = [], error
    if kind == CalendarSource.Kind.CALDAV and not occurrences:
        # An account's address (https://caldav.icloud.com/) rather than one calendar's: say which there are.
        calendars = [found for found in _calendars_under(location, username, password)
                     if found[1].rstrip("/") != location.rstrip("/")]
        if calendars:
            listed = "; ".join(f"{title or 'untitled'}: {url}" for title, url in calendars[:10])
            raise CalendarError(f"{location} is not one calendar; connect one of its calendars: {listed}")
    if failure is not None:
        raise failure
    with transaction.atomic():
        secret = seal_secret(owner, secret_key(name), password) if password else ""
        if existing is not None and (existing.kind != kind or existing.location != location):
            CalendarEvent.objects.owned_by(owner).filter(source=existing).delete()  # another calendar now
        source, _ = CalendarSource.objects.update_or_create(
            owner=owner, name=name,
            defaults={"kind": kind, "location": location, "username": username, "secret": secret,
                      "last_error": "", "last_synced_at": None},
        )
    if existing is not None and existing.secret and not secret:
        seal_secret(owner, secret_key(name), "")  # the old password leaves the keyring too
    busy = [occurrence for occurrence in occurrences if occurrence.busy]
    upcoming = [occurrence for occurrence in occurrences if occurrence.start >= now()]
    return Connected(source=source, events=len(occurrences), busy=len(busy),
                     first=upcoming[0] if upcoming else None)


def find_source(owner: User, name: str) -> CalendarSource:
    """The owner's calendar of that name; NotFound lists the names there are."""
    found = CalendarSource.objects.owned_by(owner).filter(name=" ".join(name.split())).first()
    if found is None:
        names = list(CalendarSource.objects.owned_by(owner).values_list("name", flat=True))
        known = f"your calendars: {', '.join(names)}" if names else "no calendar is connected"
        raise NotFound(f"no calendar named {name!r} ({known})")
    return found


def disconnect(owner: User, name: str) -> CalendarSource:
    """Forget a calendar, its password and the events read from it. Conversations it created stay."""
    source = find_source(owner, name)
    with transaction.atomic():
        CalendarSource.objects.owned_by(owner).filter(pk=source.pk).delete()
    if source.secret:
        seal_secret(owner, secret_key(source.name), "")  # out of the keyring too
    return source


def sources(owner: User) -> list[CalendarSource]:
    """The owner's calendars, by name."""
    return list(CalendarSource.objects.owned_by(owner).order_by("name", "id"))


# -- syncing --------------------------------------------------------------------------------------------

_COMPARED = ("start", "end", "all_day", "busy", "summary", "sequence", "attendees")


def _values(occurrence: Occurrence) -> dict[str, Any]:
    return {
        "start": occurrence.start, "end": occurrence.end, "all_day": occurrence.all_day, "busy": occurrence.busy,
        "summary": occurrence.summary[:300], "sequence": occurrence.sequence,
        "attendees": "\n".join(occurrence.people),
    }


@transaction.atomic
def _replace_events(owner: User, source: CalendarSource, occurrences: list[Occurrence], start: datetime,
                    result: SourceResult, called_off: list[CalendarEvent]) -> set[int]:
    """One calendar's rows become what was read: added, changed, removed by (UID, recurrence id).

    A row linked to an upcoming conversation is kept when its event disappears (marked not busy), so the
    user sees that the calendar dropped it; ``called_off`` receives the rows that just stopped being busy.
    Returns the ids of rows linked to an upcoming conversation whose event moved in this sync."""
    moved: set[int] = set()
    rows = {(row.uid, row.recurrence_id): row
            for row in CalendarEvent.objects.owned_by(owner).filter(source=source).select_related("conversation")}
    # Keys as the columns hold them (a UID longer than the column is kept cut, and known again cut).
    read = {(occurrence.uid[:500], occurrence.recurrence_id[:40]): occurrence for occurrence in occurrences}
    for key, occurrence in read.items():
        values = _values(occurrence)
        row = rows.pop(key, None)
        if row is None:
            CalendarEvent.objects.create(owner=owner, source=source, uid=key[0], recurrence_id=key[1], **values)
            result.added += 1
            continue
        if all(getattr(row, column) == values[column] for column in _COMPARED):
            result.unchanged += 1
            continue
        if row.busy and not occurrence.busy and _upcoming(row.conversation):
            called_off.append(row)
        if row.start != occurrence.start and _upcoming(row.conversation):
            moved.add(row.pk)
        for column in _COMPARED:
            setattr(row, column, values[column])
        row.save(update_fields=[*_COMPARED, "updated_at"])
        result.updated += 1
    gone: list[int] = []
    for row in rows.values():
        if _upcoming(row.conversation) and row.end >= start:
            if row.busy:
                row.busy = False
                row.save(update_fields=["busy", "updated_at"])
                called_off.append(row)
                result.updated += 1
            else:
                result.unchanged += 1
            continue
        gone.append(row.pk)
    if gone:
        CalendarEvent.objects.owned_by(owner).filter(pk__in=gone).delete()
        result.removed += len(gone)
    CalendarSource.objects.owned_by(owner).filter(pk=source.pk).update(last_synced_at=now(), last_error="")
    return moved


def _upcoming(conversation: Conversation | None) -> bool:
    return conversation is not None and conversation.state in UPCOMING


def _store_error(owner: User, source: CalendarSource, message: str) -> None:
    with transaction.atomic():
        CalendarSource.objects.owned_by(owner).filter(pk=source.pk).update(last_error=message[:2000])
    source.last_error = message


def _people_by_address(owner: User, addresses: set[str]) -> dict[str, Person]:
    """The network's people by lower-case email address (only those on the allowlist)."""
    if not addresses:
        return {}
    points = (ContactPoint.objects.owned_by(owner).filter(kind=ContactPoint.Kind.EMAIL, person__mail_sync=True)
              .annotate(folded=Lower("value")).filter(folded__in=sorted(addresses))
              .select_related("person").order_by("id"))
    found: dict[str, Person] = {}
    for point in points:
        found.setdefault(str(getattr(point, "folded", point.value.lower())), point.person)
    return found


def _minutes(row: CalendarEvent) -> int:
    return min(max(round((row.end - row.start).total_seconds() / 60), 5), 240)


def _mark_calendar_touch(owner: User, conversation: Conversation) -> None:
    latest = (Touch.objects.owned_by(owner).filter(conversation=conversation, kind=Touch.Kind.SCHEDULED)
              .order_by("-id").first())
    if latest is not None and latest.source != SOURCE_TAG:
        latest.source = SOURCE_TAG
        latest.save(update_fields=["source", "updated_at"])


def _place(owner: User, person: Person, row: CalendarEvent) -> Conversation:
    """Schedule (or move) the person's upcoming conversation to the event's time, as the calendar says."""
    from coffeechat.core.meeting_time import validate_zone
    from coffeechat.services.logbook import log_meeting
    from coffeechat.services.scheduling import contact_zone

    try:
        zone = validate_zone(contact_zone(owner, person))
    except ValueError:
        zone = validate_zone(str(get_setting(owner, "timezone") or "UTC"))
    conversation = log_meeting(owner, person, at=row.start.astimezone(zone), minutes=_minutes(row),
                               timezone=zone.key)
    if not conversation.ical_uid:  # as scheduling.schedule does: coffeechat's own invites use it later
        import uuid

        conversation.ical_uid = f"{uuid.uuid4()}@coffeechat"
        conversation.save(update_fields=["ical_uid", "updated_at"])
    _mark_calendar_touch(owner, conversation)
    return conversation


def _picked(action: str, conversation: Conversation, row: CalendarEvent, source: CalendarSource) -> PickedUp:
    return PickedUp(action=action, conversation_id=conversation.pk, person_id=conversation.person_id,
                    person=conversation.person.full_name, start=row.start, summary=row.summary,
                    calendar=source.name)


def _pick_up(owner: User, source: CalendarSource, mine: set[str], report: CalendarSyncReport,
             called_off: list[CalendarEvent], moved: set[int]) -> None:
    moment = now()
    for row in called_off:
        if row.conversation is not None:
            report.picked_up.append(_picked("called_off", row.conversation, row, source))
    rows = list(CalendarEvent.objects.owned_by(owner).filter(source=source, busy=True, all_day=False)
                .select_related("conversation", "conversation__person").order_by("start", "id"))
    by_uid = {conversation.ical_uid: conversation for conversation in Conversation.objects.owned_by(owner)
              .filter(ical_uid__in={row.uid for row in rows}).select_related("person")} if rows else {}
    addresses = {address for row in rows for address in row.attendees.split("\n") if address and address not in mine}
    people = _people_by_address(owner, addresses)
    # Conversations already tied to an event that is still on: a person gets one upcoming conversation.
    linked = set(CalendarEvent.objects.owned_by(owner).filter(conversation__isnull=False, busy=True)
                 .values_list("conversation_id", flat=True))
    for row in rows:
        conversation = row.conversation or by_uid.get(row.uid)
        if conversation is not None:
            first_seen = row.conversation is None
            if first_seen:
                # coffeechat's own invite, found on the calendar: moved there only if the calendar's copy
                # is newer (a higher SEQUENCE); an older copy is waiting for the update the user sends.
                _link(owner, row, conversation)
                move = row.sequence > conversation.ical_sequence
            else:
                move = row.pk in moved
            if move and _upcoming(conversation) and conversation.scheduled_at != row.start:
                _reschedule(owner, conversation, row, source, report)
            elif first_seen:
                report.picked_up.append(_picked("matched", conversation, row, source))
            linked.add(conversation.pk)
            continue
        if row.start < moment:
            continue  # a past meeting is not scheduled after the fact
        others = [address for address in row.attendees.split("\n") if address and address not in mine]
        if len(others) > MAX_PEOPLE:
            continue
        person = next((people[address] for address in others if address in people), None)
        if person is None:
            continue
        upcoming = _upcoming_of(owner, person)
        if upcoming is not None and upcoming.pk in linked:
            continue  # already has a conversation from another event
        with transaction.atomic():
            action = "rescheduled" if upcoming is not None and upcoming.scheduled_at is not None else "scheduled"
            if upcoming is not None and upcoming.scheduled_at == row.start:
                placed, action = upcoming, "matched"
            else:
                placed = _place(owner, person, row)
            _link(owner, row, placed)
        linked.add(placed.pk)
        report.picked_up.append(_picked(action, placed, row, source))


def _reschedule(owner: User, conversation: Conversation, row: CalendarEvent, source: CalendarSource,
                report: CalendarSyncReport) -> None:
    """Move the conversation to where its event now is (the person's one upcoming conversation only)."""
    with transaction.atomic():
        upcoming = _upcoming_of(owner, conversation.person)
        if upcoming is None or upcoming.pk != conversation.pk:
            return  # another conversation with them is upcoming first: the user sorts it out
        placed = _place(owner, conversation.person, row)
        _link(owner, row, placed)
    report.picked_up.append(_picked("rescheduled", placed, row, source))


def _upcoming_of(owner: User, person: Person) -> Conversation | None:
    from coffeechat.services.logbook import upcoming_conversation

    return upcoming_conversation(owner, person)


def _link(owner: User, row: CalendarEvent, conversation: Conversation) -> None:
    with transaction.atomic():
        CalendarEvent.objects.owned_by(owner).filter(pk=row.pk).update(conversation=conversation)
    row.conversation = conversation


def _sync_one(owner: User, source: CalendarSource, report: CalendarSyncReport) -> None:
    result = SourceResult(name=source.name)
    report.calendars.append(result)
    start, end = window()
    try:
        occurrences = _read(owner, source, _password(owner, source), start, end)
    except UserError as error:
        result.error = str(error)
        _store_error(owner, source, result.error)
        return
    except Exception as error:  # unexpected: stored and reported all the same, never silent
        result.error = f"{type(error).__name__}: {error}"
        _store_error(owner, source, result.error)
        return
    called_off: list[CalendarEvent] = []
    moved = _replace_events(owner, source, occurrences, start, result, called_off)
    _pick_up(owner, source, set(_my_addresses(owner, source)), report, called_off, moved)


def sync_calendars(owner: User, name: str | None = None) -> CalendarSyncReport:
    """Read the named calendar (every calendar when no name) and pick up meetings; one report.

    A calendar that cannot be read keeps its reason in ``last_error``; the others are still read, then
    CalendarSyncFailed (carrying the report) names every one that failed. No calendar: an empty report."""
    chosen = [find_source(owner, name)] if name is not None else sources(owner)
    report = CalendarSyncReport()
    for source in chosen:
        _sync_one(owner, source, report)
    if report.errors:
        raise CalendarSyncFailed("could not read " + "; ".join(report.errors), report)
    return report


def busy_intervals(owner: User, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """What coffeechat sees as busy between ``start`` and ``end``: the busy events of your calendars (an
    all-day one blocks your whole days) and your proposed or scheduled conversations; merged, in order,
    cut to the span. The free-slot search reads the same (``services/free_slots.busy_intervals``)."""
    from coffeechat.core.when import zone as zone_named
    from coffeechat.services.free_slots import busy_intervals as busy_spans

    spans = sorted(busy_spans(owner, start, end, zone_named(str(get_setting(owner, "timezone") or "UTC"))))
    merged: list[tuple[datetime, datetime]] = []
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_end <= span_start:
            continue
        if merged and span_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span_end))
        else:
            merged.append((span_start, span_end))
    return merged


# -- reading for the faces ------------------------------------------------------------------------------


def picked_up_events(owner: User, days: int = DAYS_AFTER) -> list[CalendarEvent]:
    """Upcoming events that are (or were) conversations, soonest first, with their conversation."""
    moment = now()
    return list(CalendarEvent.objects.owned_by(owner).filter(conversation__isnull=False, end__gte=moment,
                                                             start__lte=moment + timedelta(days=days))
                .select_related("conversation", "conversation__person", "source").order_by("start", "id"))


def called_off(owner: User) -> list[CalendarEvent]:
    """Events the calendar cancelled, declined or dropped while their conversation is still upcoming here."""
    return [event for event in picked_up_events(owner) if not event.busy and _upcoming(event.conversation)]


def source_as_json(owner: User, source: CalendarSource) -> dict[str, Any]:
    """A calendar as `calendar status --json` prints it (never the password)."""
    events = CalendarEvent.objects.owned_by(owner).filter(source=source)
    return {
        "name": source.name, "kind": source.kind, "location": source.location, "username": source.username,
        "has_password": bool(source.secret),
        "last_synced_at": source.last_synced_at.isoformat() if source.last_synced_at else None,
        "last_error": source.last_error, "events": events.count(), "busy": events.filter(busy=True).count(),
    }


def report_as_json(report: CalendarSyncReport) -> dict[str, Any]:
    """A sync report as `calendar sync --json` prints it."""
    return {
        "calendars": [
            {"name": result.name, "added": result.added, "updated": result.updated, "removed": result.removed,
             "unchanged": result.unchanged, "error": result.error or None}
            for result in report.calendars
        ],
        "conversations": [
            {"action": item.action, "conversation_id": item.conversation_id, "person_id": item.person_id,
             "person": item.person, "start": item.start.isoformat(), "summary": item.summary,
             "calendar": item.calendar}
            for item in report.picked_up
        ],
        "errors": report.errors,
    }


ACTION_WORDS = {
    "scheduled": "scheduled from your calendar",
    "rescheduled": "moved, as on your calendar",
    "matched": "matched to its calendar event",
    "called_off": "cancelled, declined or removed on your calendar (still scheduled here: cancel it if it is off)",
}


def summary_lines(report: CalendarSyncReport) -> list[str]:
    """The report in sentences, one per calendar and one per conversation."""
    lines: list[str] = []
    for result in report.calendars:
        if result.error:
            lines.append(f"{result.name}: could not be read: {result.error}")
            continue
        changed = [f"{count} {word}" for count, word in ((result.added, "new"), (result.updated, "changed"),
                                                          (result.removed, "removed")) if count]
        lines.append(f"{result.name}: {', '.join(changed) if changed else 'nothing new'} "
                     f"({result.added + result.updated + result.unchanged} events in the next {DAYS_AFTER} days "
                     f"and the last {DAYS_BEFORE})")
    for item in report.picked_up:
        lines.append(f"Conversation #{item.conversation_id} with {item.person} at "
                     f"{item.start:%Y-%m-%d %H:%M} UTC: {ACTION_WORDS.get(item.action, item.action)}")
    return lines
