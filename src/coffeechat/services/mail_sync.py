"""Mail headers turned into the record (issue 16 §2): requests, replies, follow-ups and thank-yous logged
from the user's own mail, exactly as if they had typed ``coffeechat log``.

``record_headers`` takes the header records a reader produced (formats/mail_headers.py, read by
services/mail_readers.py) and, in one transaction:

- keeps only messages that involve someone in the network whose mail is read (``allowed_addresses``: for a
  message you sent, any recipient; for one you received, the sender). Anything else is only counted — not
  stored at all, not even its Message-ID;
- records each message once (``MailSeen``, unique by Message-ID per owner): a second sync changes nothing,
  and a message the user corrected keeps the kind they chose;
- reads the messages in date order, so an older one never moves the record backwards;
- takes a message the user already logged by hand (the same kind of entry for that person within
  ``ADOPT_WINDOW`` of its date, not yet linked to a message) for that entry instead of logging it twice;
- otherwise decides what it was (core/mail_log.py) and writes it through services/logbook.py (``log_sent``,
  ``log_reply``, ``log_thanked``), so the 3B7 clock, Booster/Obligate/Curmudgeon, stages and the dashboard
  move as they do for a typed entry; the timeline entry is marked ``source="mail"`` ("from mail");
- when the logbook refuses (a second follow-up, docs/practice.md §4.4; a reply with nothing to answer), keeps
  the message as ``other`` and says why in ``SyncReport.skipped``: the rest of the sync goes on.

A body is stored only for a person whose ``mail_bodies`` is on, and only when the caller can fetch it.
``correct_kind`` lets the user take a recorded message for another kind, undoing what the first kind wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coffeechat.core.errors import UserError
from coffeechat.core.mail_log import PersonState, allowed_kinds, classify, thread_root
from coffeechat.models import ContactPoint, Conversation, MailAccount, MailSeen, Message, Person, Referral, Touch
from coffeechat.services import logbook
from coffeechat.services.timeline import record_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from coffeechat.formats.mail_headers import HeaderRecord

# A message and an entry the user typed for the same person and kind this close in time are the same event.
ADOPT_WINDOW = timedelta(hours=36)

# Entries that mean the record already goes past a message's date (old mail never starts a clock behind them).
LATER_KINDS = (Touch.Kind.REQUEST_SENT, Touch.Kind.FOLLOW_UP_SENT, Touch.Kind.REPLY, Touch.Kind.SCHEDULED,
               Touch.Kind.HELD, Touch.Kind.THANKED)

# The entries a typed `log` leaves, by the kind of message they stand for.
_TYPED_KINDS: dict[str, dict[str, str]] = {
    MailSeen.Direction.SENT: {Touch.Kind.REQUEST_SENT: "request", Touch.Kind.FOLLOW_UP_SENT: "follow_up",
                              Touch.Kind.THANKED: "thank_you"},
    MailSeen.Direction.RECEIVED: {Touch.Kind.REPLY: "reply"},
}

_CHUNK = 500
_ID_LIMIT = 500  # MailSeen.mail_id's length


@dataclass
class SyncReport:
    """What one sync did: messages read, recorded (by kind), already seen, about no one, and what was skipped."""

    read: int = 0
    recorded: dict[str, int] = field(default_factory=dict)
    already_seen: int = 0
    not_in_network: int = 0
    skipped: list[str] = field(default_factory=list)
    entries: list[MailSeen] = field(default_factory=list)


def _allowed_ids(owner: User) -> dict[str, int]:
    """Lower-case email → person id, for people whose mail is read (the first person on file wins)."""
    rows = (ContactPoint.objects.owned_by(owner)
            .filter(kind=ContactPoint.Kind.EMAIL, person__mail_sync=True)
            .order_by("person_id", "id").values_list("value", "person_id"))
    allowed: dict[str, int] = {}
    for value, person_id in rows:
        address = value.strip().lower()
        if address and address not in allowed:
            allowed[address] = person_id
    return allowed


def allowed_addresses(owner: User) -> dict[str, Person]:
    """The allowlist: lower-case email → person, for every email of the people whose mail is read."""
    allowed = _allowed_ids(owner)
    people = Person.objects.owned_by(owner).in_bulk(set(allowed.values()))
    return {address: people[person_id] for address, person_id in allowed.items()}


def record_headers(owner: User, records: Iterable[HeaderRecord], *, account: MailAccount | None = None,
                   bodies: Callable[[HeaderRecord], str] | None = None) -> SyncReport:
    """Record what the messages say about people in the network (see the module's docstring), oldest first.

    ``bodies`` fetches one message's body; it is called only for a person whose ``mail_bodies`` is on.
    """
    ordered = sorted(records, key=lambda record: (record.date, record.folder != "sent", record.mail_id))
    report = SyncReport(read=len(ordered))
    allowed = _allowed_ids(owner)
    people: dict[int, Person] = {}
    with transaction.atomic():
        known = _recorded_ids(owner, [record.mail_id for record in ordered])
        for record in ordered:
            if record.mail_id in known:
                report.already_seen += 1
                continue
            person_id = _person_of(record, allowed)
            if person_id is None:
                report.not_in_network += 1
                continue
            if person_id not in people:
                people[person_id] = Person.objects.owned_by(owner).get(pk=person_id)
            if len(record.mail_id) > _ID_LIMIT:
                report.skipped.append(f"a message {'to' if record.folder == 'sent' else 'from'} "
                                      f"{people[person_id].full_name} on {record.date:%Y-%m-%d}: its Message-ID is "
                                      f"longer than {_ID_LIMIT} characters, so it cannot be recorded")
                continue
            known.add(record.mail_id)
            seen = _record_one(owner, record, people[person_id], account, bodies, report)
            report.entries.append(seen)
            report.recorded[seen.recorded] = report.recorded.get(seen.recorded, 0) + 1
    return report


def correct_kind(owner: User, seen: MailSeen, kind: str) -> MailSeen:
    """Take a recorded message for another kind, in one step: what the old kind wrote is undone (a reply taken
    back restores the follow-up clock), the new kind is logged, and the message keeps the kind the user chose
    (a later sync never changes it). What is undone is what the message stands for on the record, even an
    entry the user had typed and the sync took this message for. A kind the logbook refuses (or one the
    message's direction cannot be) raises ``UserError`` and changes nothing."""
    if kind not in allowed_kinds(_direction(seen.direction)):
        choices = ", ".join(sorted(allowed_kinds(_direction(seen.direction))))
        who = "you sent" if seen.direction == MailSeen.Direction.SENT else "you received"
        raise UserError(f"a message {who} cannot be taken for {_label(kind)}: choose one of {choices}")
    with transaction.atomic():
        current = MailSeen.objects.owned_by(owner).select_related("person").get(pk=seen.pk)
        if current.recorded == kind:
            return current
        if current.person is None:
            raise UserError("the person this message was about is no longer in your network")
        _undo(owner, current)
        if kind == MailSeen.Recorded.THANK_YOU and not _person_state(owner, current.person, current.at).thank_you_due:
            raise UserError(f"this message cannot be taken for a thank-you: no conversation with "
                            f"{current.person.full_name} held before {current.at:%Y-%m-%d} waits for one")
        try:
            _write(owner, current, current.person, kind)
        except (logbook.NothingToLog, logbook.RefusedDate) as refusal:
            raise UserError(f"this message cannot be taken for {_label(kind)}: {refusal}") from refusal
        current.save()
    return current


# -- one message ---------------------------------------------------------------------------------------------


def _record_one(owner: User, record: HeaderRecord, person: Person, account: MailAccount | None,
                bodies: Callable[[HeaderRecord], str] | None, report: SyncReport) -> MailSeen:
    direction = MailSeen.Direction.SENT if record.folder == "sent" else MailSeen.Direction.RECEIVED
    seen = MailSeen(owner=owner, account=account, mail_id=record.mail_id, direction=direction, at=record.date,
                    subject=record.subject[:300], person=person, recorded=MailSeen.Recorded.OTHER,
                    thread_root=_thread_root(owner, record))
    if person.mail_bodies and bodies is not None:
        try:
            seen.body = bodies(record)
        except UserError as error:
            report.skipped.append(f"{_describe(seen, person)}: its text could not be read ({error})")
    if not _adopt_typed_entry(owner, seen, person):
        earlier = (MailSeen.objects.owned_by(owner)
                   .filter(thread_root=seen.thread_root, person=person, at__lte=seen.at).exists())
        decision = classify(_direction(direction), seen.at, earlier_in_thread=earlier,
                            state=_person_state(owner, person, seen.at))
        try:
            with transaction.atomic():
                _write(owner, seen, person, decision.kind)
        except (logbook.NothingToLog, logbook.RefusedDate) as refusal:
            report.skipped.append(f"{_describe(seen, person)}: kept as another message, not as "
                                  f"{_label(decision.kind)}: {refusal}")
            _write(owner, seen, person, MailSeen.Recorded.OTHER)
    seen.save()
    return seen


def _write(owner: User, seen: MailSeen, person: Person, kind: str) -> None:
    """Log ``seen`` as ``kind`` through the logbook, and link what it wrote (the timeline entry from mail)."""
    seen.recorded = kind
    seen.message = seen.touch = seen.conversation = None
    touch: Touch | None = None
    if kind in (MailSeen.Recorded.REQUEST, MailSeen.Recorded.FOLLOW_UP):
        message = logbook.log_sent(owner, person, at=seen.at, kind=kind, subject=seen.subject, channel="email")
        seen.message = message
        touch = Touch.objects.owned_by(owner).filter(message=message).order_by("-id").first()
    elif kind == MailSeen.Recorded.REPLY:
        seen.message = logbook.log_reply(owner, person, at=seen.at)
        touch = (Touch.objects.owned_by(owner).filter(message=seen.message, kind=Touch.Kind.REPLY)
                 .order_by("-id").first())
    elif kind == MailSeen.Recorded.THANK_YOU:
        conversation = logbook.log_thanked(owner, person, at=seen.at)
        seen.conversation = conversation
        touch = (Touch.objects.owned_by(owner).filter(conversation=conversation, kind=Touch.Kind.THANKED)
                 .order_by("-id").first())
        if touch is not None and touch.message_id is not None:
            Message.objects.owned_by(owner).filter(pk=touch.message_id).update(subject=seen.subject, channel="email")
            seen.message = touch.message
    elif seen.direction == MailSeen.Direction.SENT:
        # Another message you sent: one plain entry, which counts as being in touch (docs/practice.md §4.8).
        about = f": {seen.subject}" if seen.subject else ""
        touch = record_touch(owner, person, Touch.Kind.UPDATE_SENT, f"You wrote to {person.full_name}{about}",
                             at=seen.at)
    if touch is not None:
        Touch.objects.owned_by(owner).filter(pk=touch.pk).update(source="mail")
        touch.source = "mail"
        seen.touch = touch


def _undo(owner: User, seen: MailSeen) -> None:
    """Take back what ``seen`` wrote on the record: its entry, the message it logged, the reply or thank-you time."""
    touch, message, conversation = seen.touch, seen.message, seen.conversation
    person = seen.person
    moment = touch.at if touch is not None else seen.at
    if seen.recorded in (MailSeen.Recorded.REQUEST, MailSeen.Recorded.FOLLOW_UP) and message is not None:
        if message.sent_at is not None:
            Referral.objects.owned_by(owner).filter(to_person=person, contacted_at=message.sent_at).update(
                contacted_at=None)
        Message.objects.owned_by(owner).filter(pk=message.pk).delete()
        _restore_stage(owner, person)
    elif seen.recorded == MailSeen.Recorded.REPLY and message is not None and message.replied_at == moment:
        message.replied_at = None
        message.save(update_fields=["replied_at", "updated_at"])
    elif seen.recorded == MailSeen.Recorded.THANK_YOU:
        if conversation is not None and conversation.thanked_at == moment:
            conversation.thanked_at = None
            conversation.save(update_fields=["thanked_at", "updated_at"])
        if message is not None:
            Message.objects.owned_by(owner).filter(pk=message.pk).delete()
    if touch is not None:
        Touch.objects.owned_by(owner).filter(pk=touch.pk).delete()
    seen.message = seen.touch = seen.conversation = None
    seen.recorded = MailSeen.Recorded.OTHER


def _restore_stage(owner: User, person: Person | None) -> None:
    """A request taken back leaves someone never written to as new again (the stage a request moved)."""
    if person is None or person.stage != Person.Stage.CONTACTED:
        return
    written = Message.objects.owned_by(owner).filter(
        person=person, status=Message.Status.SENT, kind__in=[Message.Kind.REQUEST, Message.Kind.FOLLOW_UP]).exists()
    met = Conversation.objects.owned_by(owner).filter(person=person, state=Conversation.State.HELD).exists()
    if not written and not met:
        person.stage = Person.Stage.NEW
        person.save(update_fields=["stage", "updated_at"])


def _adopt_typed_entry(owner: User, seen: MailSeen, person: Person) -> bool:
    """The message is one the user already logged by hand: link that entry instead of logging it twice."""
    kinds = _TYPED_KINDS[seen.direction]
    linked = MailSeen.objects.owned_by(owner).filter(touch__isnull=False).values("touch_id")
    candidates = list(
        Touch.objects.owned_by(owner)
        .filter(person=person, kind__in=list(kinds), source="", at__gte=seen.at - ADOPT_WINDOW,
                at__lte=seen.at + ADOPT_WINDOW)
        .exclude(pk__in=linked).select_related("message", "conversation")
    )
    if not candidates:
        return False
    touch = min(candidates, key=lambda entry: (abs(entry.at - seen.at), entry.pk))
    seen.recorded = kinds[touch.kind]
    seen.touch, seen.message, seen.conversation = touch, touch.message, touch.conversation
    return True


def _person_state(owner: User, person: Person, at: datetime) -> PersonState:
    """The facts core/mail_log.py decides on, read as the logbook would act at ``at``."""
    asks = Message.objects.owned_by(owner).filter(
        person=person, status=Message.Status.SENT, kind__in=[Message.Kind.REQUEST, Message.Kind.FOLLOW_UP],
        sent_at__lte=at)
    waiting = asks.filter(replied_at__isnull=True).order_by("-sent_at", "-id").values_list("sent_at", flat=True).first()
    held = Conversation.objects.owned_by(owner).filter(person=person, state=Conversation.State.HELD)
    unthanked = held.filter(thanked_at__isnull=True).order_by("-held_at", "-id").first()
    return PersonState(
        thank_you_due=unthanked is not None and unthanked.held_at is not None and unthanked.held_at <= at,
        waiting_since=waiting,
        talked_before=held.filter(held_at__lte=at).exists(),
        answered_before=asks.filter(replied_at__isnull=False).exists(),
        later_on_record=Touch.objects.owned_by(owner).filter(person=person, kind__in=LATER_KINDS, at__gt=at).exists(),
    )


# -- small helpers -------------------------------------------------------------------------------------------


def _recorded_ids(owner: User, mail_ids: list[str]) -> set[str]:
    found: set[str] = set()
    unique = sorted(set(mail_ids))
    for start in range(0, len(unique), _CHUNK):
        found.update(MailSeen.objects.owned_by(owner).filter(mail_id__in=unique[start:start + _CHUNK])
                     .values_list("mail_id", flat=True))
    return found


def _person_of(record: HeaderRecord, allowed: dict[str, int]) -> int | None:
    """The person a message is about: for one you sent, the first recipient in the allowlist; else the sender."""
    if record.folder == "sent":
        return next((allowed[address] for address in record.recipients if address in allowed), None)
    return allowed.get(record.sender)


def _thread_root(owner: User, record: HeaderRecord) -> str:
    parents = [parent for parent in (record.in_reply_to, *record.references[-200:]) if parent]
    known = dict(MailSeen.objects.owned_by(owner).filter(mail_id__in=parents).values_list("mail_id", "thread_root")) \
        if parents else {}
    return thread_root(record.mail_id, record.in_reply_to, record.references, known)[:500]


def _direction(value: str) -> Any:
    return "sent" if value == MailSeen.Direction.SENT else "received"


def _label(kind: str) -> str:
    return {"request": "a request", "reply": "a reply", "follow_up": "a follow-up", "thank_you": "a thank-you",
            "other": "another message"}.get(kind, repr(kind))


def _describe(seen: MailSeen, person: Person) -> str:
    way = "to" if seen.direction == MailSeen.Direction.SENT else "from"
    subject = f" “{seen.subject}”" if seen.subject else ""
    return f"the message{subject} {way} {person.full_name} on {seen.at:%Y-%m-%d}"
