"""Alumni volunteers (issue 15 §6): alumni offer conversations, students request them through the centre.

- An alumnus (role ``alumnus``) opts in with an ``AlumniOffer``: topics (one a line), how many
  conversations a month, active or not. They change it or opt out at any time; requests already open
  stay theirs to answer.
- A student browses the directory (active offers with room left this month, by topic) and requests one.
  Capacity: the alumnus's open and accepted requests made this calendar month (the server's time zone)
  stay under ``per_month``. One open request per student and alumnus (the database says so too).
- A request is an outreach request like any other: its text is checked by the composer's rules
  (``services/outreach.check`` with the student's mode), shown as a warning, never a refusal (the
  composer warns the same way); the alumnus becomes a person in the student's network (how known:
  alumni) and the request is logged as sent (``logbook.log_sent``), so the same follow-up clock runs
  (a follow-up is due after seven business days without an answer).
- The alumnus is told by mail (``queue.enqueue_mail``) and answers on their "Alumni requests" page:
  accepting or declining logs the reply in the student's record (an answer stops the follow-up clock:
  nobody follows up on a "no") and tells the student by mail.
- ``expire_requests(now)`` (``coffeechat centre alumni-tick``): a request open 14 days expires; at day 7
  the alumnus gets one reminder (``reminded_at`` makes it one, even with two workers at once).

All times come from ``services/clock.now``. A request's day 0 is ``expires_at - 14 days`` (``created_at``
is the database's clock, which ``--now`` does not move).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone as dj_timezone

from coffeechat.core.errors import NotFound, UserError
from coffeechat.core.message_rules import MODES, MessageContext, RuleResult
from coffeechat.models import ContactPoint, Message, Person
from coffeechat.models.centre import Account, AlumniOffer, AlumniRequest, Role
from coffeechat.services.centre_accounts import role_of
from coffeechat.services.clock import now
from coffeechat.services.logbook import NothingToLog, RefusedDate, log_reply, log_sent
from coffeechat.services.outreach import check, find_goal, goal_phrases, request_context
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import all_settings
from coffeechat.services.queue import MailNotSent
from coffeechat.services.queue import enqueue_mail as queue_mail

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger("coffeechat.alumni")

OPEN_DAYS = 14
REMIND_AFTER_DAYS = 7
MAX_PER_MONTH = 20
TOPIC_LIMIT = 200
BODY_LIMIT = 5000
CHANNEL = "alumni directory"


class AlumniError(UserError):
    """Something about an offer or a request that the user can fix; the message says what."""


@dataclass(frozen=True)
class DirectoryEntry:
    """One alumnus a student may request: name, topics, room left this month."""

    alumnus: Any
    name: str
    topics: tuple[str, ...]
    per_month: int
    remaining: int


@dataclass(frozen=True)
class RequestOutcome:
    """The request made, and the outreach rules' verdicts on its text (failures are warnings)."""

    request: AlumniRequest
    results: list[RuleResult]

    @property
    def warnings(self) -> list[RuleResult]:
        return [r for r in self.results if not r.passed]


@dataclass
class TickResult:
    """What one ``expire_requests`` round did."""

    reminded: int = 0
    expired: int = 0
    failed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"reminded": self.reminded, "expired": self.expired, "failed": self.failed}


# --- helpers ----------------------------------------------------------------------------------------


def enqueue_mail(to: str, subject: str, body: str) -> None:
    """Hand a mail to the centre's queue; sent at once (no queue) and refused, the caller's transaction is
    rolled back and the user told, so nothing is recorded that the other side never heard of."""
    try:
        queue_mail(to, subject, body)
    except MailNotSent as error:
        raise AlumniError("the centre's mail server did not take the mail, so nothing was recorded; "
                          f"try again in a while ({error})") from error


def display_name(user: Any) -> str:
    account = Account.objects.filter(user_id=user.pk).first()
    return (account.display_name if account else "") or user.get_full_name() or user.email or user.username


def split_topics(text: str) -> tuple[str, ...]:
    """Topics typed one a line (or separated by commas), cleaned, without repeats."""
    seen: dict[str, str] = {}
    for raw in (text or "").replace(",", "\n").splitlines():
        topic = " ".join(raw.split())[:TOPIC_LIMIT]
        if topic and topic.casefold() not in seen:
            seen[topic.casefold()] = topic
    return tuple(seen.values())


def _month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The calendar month holding ``moment``, in the server's time zone: [start, next start)."""
    local = dj_timezone.localtime(moment)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following


def _sent_moment(request: AlumniRequest) -> datetime:
    return request.expires_at - timedelta(days=OPEN_DAYS)


def used_this_month(alumnus: Any, moment: datetime | None = None) -> int:
    """How many of the alumnus's requests made this calendar month are open or accepted."""
    start, following = _month_bounds(moment or now())
    span = timedelta(days=OPEN_DAYS)
    return AlumniRequest.objects.filter(
        alumnus_id=alumnus.pk, status__in=[AlumniRequest.Status.OPEN, AlumniRequest.Status.ACCEPTED],
        expires_at__gte=start + span, expires_at__lt=following + span).count()


def _used_by_alumnus(moment: datetime) -> dict[int, int]:
    """``used_this_month`` for every alumnus at once (one query)."""
    from django.db.models import Count

    start, following = _month_bounds(moment)
    span = timedelta(days=OPEN_DAYS)
    rows = (AlumniRequest.objects.filter(
        status__in=[AlumniRequest.Status.OPEN, AlumniRequest.Status.ACCEPTED],
        expires_at__gte=start + span, expires_at__lt=following + span)
        .values("alumnus_id").annotate(n=Count("id")).values_list("alumnus_id", "n"))
    return dict(rows)


def _public_url(path: str) -> str:
    return str(getattr(settings, "COFFEECHAT_PUBLIC_URL", "") or "").rstrip("/") + path


# --- the alumnus's offer ----------------------------------------------------------------------------


def _require_alumnus(user: Any) -> None:
    if role_of(user) != Role.ALUMNUS:
        raise AlumniError("only alumni volunteers offer conversations")


def offer_of(alumnus: Any) -> AlumniOffer | None:
    return AlumniOffer.objects.owned_by(alumnus).first()


@transaction.atomic
def save_offer(alumnus: User, topics: str, per_month: Any, *, active: bool = True) -> AlumniOffer:
    """Opt in, or change the offer: topics one a line, 1 to 20 conversations a month."""
    _require_alumnus(alumnus)
    cleaned = split_topics(topics)
    if not cleaned:
        raise AlumniError("say at least one topic you are glad to talk about (one a line)")
    text = str(per_month).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_PER_MONTH:
        raise AlumniError(f"conversations a month must be a whole number from 1 to {MAX_PER_MONTH}")
    offer, _ = AlumniOffer.objects.update_or_create(
        owner=alumnus, defaults={"topics": "\n".join(cleaned), "per_month": int(text), "active": active})
    return offer


@transaction.atomic
def opt_out(alumnus: User) -> AlumniOffer | None:
    """Leave the directory (the offer is kept, inactive, to come back to); open requests stay answerable."""
    _require_alumnus(alumnus)
    offer = AlumniOffer.objects.owned_by(alumnus).select_for_update().first()
    if offer is not None and offer.active:
        offer.active = False
        offer.save(update_fields=["active", "updated_at"])
    return offer


# --- students: the directory and a request ----------------------------------------------------------


def _require_student(user: Any) -> None:
    if role_of(user) != Role.STUDENT:
        raise AlumniError("only students request conversations through the alumni directory")


def directory(student: User, topic: str = "", *, at: datetime | None = None) -> list[DirectoryEntry]:
    """Alumni taking requests: an active offer with room left this month, optionally on a topic (words of
    any of their topics)."""
    _require_student(student)
    moment = at or now()
    wanted = " ".join(topic.split()).casefold()
    offers = (AlumniOffer.objects.filter(active=True, owner__is_active=True,
                                         owner__centre_account__role=Role.ALUMNUS)
              .select_related("owner", "owner__centre_account").order_by("id"))
    used = _used_by_alumnus(moment)
    entries = []
    for offer in offers:
        topics = split_topics(offer.topics)
        if wanted and not any(wanted in t.casefold() for t in topics):
            continue
        remaining = offer.per_month - used.get(offer.owner_id, 0)
        if remaining <= 0:
            continue
        entries.append(DirectoryEntry(alumnus=offer.owner, name=display_name(offer.owner), topics=topics,
                                      per_month=offer.per_month, remaining=remaining))
    return sorted(entries, key=lambda e: (e.name.casefold(), e.alumnus.pk))


def alumnus_for(student: User, pk: Any) -> Any:
    """The alumnus a student names by id; NotFound unless they are an alumnus with an active offer."""
    from django.contrib.auth.models import User

    text = str(pk).strip()
    user = User.objects.filter(pk=int(text), is_active=True).first() if text.isdigit() else None
    if user is None or role_of(user) != Role.ALUMNUS or not AlumniOffer.objects.filter(owner=user, active=True).exists():
        raise NotFound("no such alumni volunteer in the directory")
    return user


def _person_for(student: User, alumnus: Any) -> Person:
    """The alumnus in the student's network (found by email), added (how known: alumni) when not there."""
    known = _known_person(student, alumnus)
    if known is not None:
        return known
    email = (alumnus.email or alumnus.username).strip().lower()
    return add_person(student, NewPerson(display_name(alumnus), emails=(email,),
                                         how_known=Person.HowKnown.ALUMNI, tags=("alumni-volunteer",)))


def _known_person(student: User, alumnus: Any) -> Person | None:
    email = (alumnus.email or alumnus.username).strip().lower()
    point = (ContactPoint.objects.owned_by(student).filter(kind=ContactPoint.Kind.EMAIL, value__iexact=email)
             .select_related("person").order_by("id").first())
    return point.person if point is not None else None


def check_request(student: User, alumnus: Any, body: str) -> list[RuleResult]:
    """The composer's rules (the student's mode) for a request to this alumnus, without saving anything."""
    person = _known_person(student, alumnus)
    if person is not None:
        return _rules(student, person, body)
    # Not in the network yet: the context an alum with no referrer would have.
    name = display_name(alumnus)
    settings_ = all_settings(student)
    narrow, broad = goal_phrases(find_goal(student, None))
    context = MessageContext(connection=settings_["your_school"].strip() or None,
                             recipient_first_name=(name.split() or [name])[0] or None,
                             recipient_organisation="your organisation", goal_narrow=narrow or None,
                             goal_broad=broad or None)
    return check(body, _mode(student), context)


def _mode(student: User) -> str:
    mode = all_settings(student)["message_mode"]
    return mode if mode in MODES else "6point"


def _rules(student: User, person: Person, body: str) -> list[RuleResult]:
    ctx = request_context(student, person, template="alumni", goal=find_goal(student, None))
    return check(body, _mode(student), ctx.message_context())


def _request_mail(student: User, request: AlumniRequest) -> tuple[str, str]:
    name = display_name(student)
    subject = f"{name} asks for a conversation" + (f" about {request.topic}" if request.topic else "")
    body = (
        f"Hello {display_name(request.alumnus)},\n\n"
        f"{name}, a student of the centre, asked you for a conversation through the alumni directory"
        + (f" (topic: {request.topic})" if request.topic else "") + ".\nTheir message:\n\n"
        f"{request.body}\n\n"
        f"Accept or decline on your Alumni requests page: {_public_url('/centre/alumni/requests/')}\n"
        f"The request stays open {OPEN_DAYS} days. If you accept, {name} will write to you to agree a time.\n"
    )
    return subject, body


@transaction.atomic
def request_alumnus(student: User, alumnus: Any, topic: str, body: str, *, at: datetime | None = None
                    ) -> RequestOutcome:
    """A student's request to an alumnus: capacity and one-open-per-pair enforced, the text checked by the
    outreach rules (warnings), logged as a sent request in the student's record, the alumnus mailed.

    All or nothing: if the mail cannot be handed over (sent at once, outside a centre's queue), nothing is
    recorded."""
    _require_student(student)
    if role_of(alumnus) != Role.ALUMNUS:
        raise NotFound("no such alumni volunteer in the directory")
    moment = at or now()
    # The offer's row is the lock that makes the capacity count exact when two students ask at once.
    offer = AlumniOffer.objects.owned_by(alumnus).select_for_update().first()
    if offer is None or not offer.active:
        raise AlumniError(f"{display_name(alumnus)} is not taking requests at the moment")
    topics = split_topics(offer.topics)
    topic = " ".join((topic or "").split())
    if topic:
        matching = [t for t in topics if t.casefold() == topic.casefold()]
        if not matching:
            raise AlumniError(f"{display_name(alumnus)} talks about: {'; '.join(topics)} — pick one of those")
        topic = matching[0]
    body = (body or "").strip().replace("\r\n", "\n")
    if not body:
        raise AlumniError("the request needs your message to them")
    if len(body) > BODY_LIMIT:
        raise AlumniError(f"the message is longer than {BODY_LIMIT} characters")
    already = AlumniRequest.objects.owned_by(student).filter(alumnus=alumnus, status=AlumniRequest.Status.OPEN).first()
    if already is not None:
        raise AlumniError(
            f"you already have an open request to {display_name(alumnus)} (sent {_sent_moment(already):%d %b %Y}); "
            f"one at a time — it stays open until they answer or it expires on {already.expires_at:%d %b %Y}")
    if used_this_month(alumnus, moment) >= offer.per_month:
        _, following = _month_bounds(moment)
        raise AlumniError(
            f"{display_name(alumnus)} takes {offer.per_month} conversation{'s' if offer.per_month != 1 else ''} "
            f"a month and this month is full; try again from {following:%d %b %Y}, or ask another alumnus")
    person = _person_for(student, alumnus)
    results = _rules(student, person, body)
    subject = "Conversation request" + (f": {topic}" if topic else "")
    message = log_sent(student, person, at=moment, kind=Message.Kind.REQUEST, subject=subject, body=body,
                       channel=CHANNEL)
    try:
        with transaction.atomic():
            request = AlumniRequest.objects.create(
                owner=student, alumnus=alumnus, topic=topic[:TOPIC_LIMIT], body=body,
                expires_at=moment + timedelta(days=OPEN_DAYS), message=message)
    except IntegrityError as error:  # another request to the same alumnus won the race
        raise AlumniError(f"you already have an open request to {display_name(alumnus)}") from error
    mail_subject, mail_body = _request_mail(student, request)
    enqueue_mail(alumnus.email or alumnus.username, mail_subject, mail_body)
    return RequestOutcome(request=request, results=results)


@transaction.atomic
def withdraw(student: User, pk: Any) -> AlumniRequest:
    """The student takes back an open request (the alumnus's capacity is freed)."""
    request = _open_request(AlumniRequest.objects.owned_by(student), pk)
    request.status = AlumniRequest.Status.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    return request


def requests_of(student: User) -> list[AlumniRequest]:
    """The student's requests, newest first."""
    return list(AlumniRequest.objects.owned_by(student).select_related("alumnus", "alumnus__centre_account"))


# --- the alumnus answers ----------------------------------------------------------------------------


def requests_for(alumnus: User, *, open_only: bool = False) -> list[AlumniRequest]:
    """Requests made to this alumnus (open ones first), newest first."""
    _require_alumnus(alumnus)
    rows = AlumniRequest.objects.filter(alumnus=alumnus).select_related("owner", "owner__centre_account")
    if open_only:
        rows = rows.filter(status=AlumniRequest.Status.OPEN)
    found = list(rows.order_by("-expires_at", "-id"))
    return sorted(found, key=lambda r: r.status != AlumniRequest.Status.OPEN)


def _open_request(rows: Any, pk: Any) -> AlumniRequest:
    text = str(pk).strip()
    request = rows.select_for_update(of=("self",)).filter(pk=int(text)).first() if text.isdigit() else None
    if request is None:
        raise NotFound("no such request")
    if request.status != AlumniRequest.Status.OPEN:
        raise AlumniError(f"this request is already {request.get_status_display().lower()}")
    return request


def _log_answer(request: AlumniRequest, moment: datetime) -> None:
    """The answer, as a reply in the student's record (stops their follow-up clock)."""
    message = request.message
    if message is None:
        return
    try:
        log_reply(request.owner, message.person, at=moment)
    except (NothingToLog, RefusedDate) as error:  # the student logged the reply already, or deleted it
        logger.info("alumni request %s: no reply logged: %s", request.pk, error)


def _answer(alumnus: User, pk: Any, status: str, at: datetime | None) -> AlumniRequest:
    _require_alumnus(alumnus)
    request = _open_request(AlumniRequest.objects.filter(alumnus=alumnus).select_related("owner", "message__person"), pk)
    moment = at or now()
    request.status = status
    request.answered_at = moment
    request.save(update_fields=["status", "answered_at", "updated_at"])
    _log_answer(request, moment)
    return request


@transaction.atomic
def accept(alumnus: User, pk: Any, *, at: datetime | None = None) -> AlumniRequest:
    """Yes: the student's record gets the reply, and the student a mail with the alumnus's address."""
    request = _answer(alumnus, pk, AlumniRequest.Status.ACCEPTED, at)
    name, address = display_name(alumnus), alumnus.email or alumnus.username
    enqueue_mail(request.owner.email or request.owner.username, f"{name} accepted your request",
                 f"Good news: {name} accepted your request for a conversation"
                 + (f" about {request.topic}" if request.topic else "") + ".\n\n"
                 f"Write to them at {address} to agree a time; coffeechat has logged their reply.\n")
    return request


@transaction.atomic
def decline(alumnus: User, pk: Any, *, at: datetime | None = None) -> AlumniRequest:
    """No, thank you: logged as their answer (no follow-up is due), and the student is told kindly."""
    request = _answer(alumnus, pk, AlumniRequest.Status.DECLINED, at)
    name = display_name(alumnus)
    enqueue_mail(request.owner.email or request.owner.username, f"{name} cannot take your request",
                 f"{name} cannot take your request for a conversation this time. Nothing to follow up: "
                 "it is logged as their answer. The alumni directory lists others who talk about the same topics.\n")
    return request


# --- the clock: reminders and expiry ----------------------------------------------------------------


def _remind(request: AlumniRequest) -> None:
    student = display_name(request.owner)
    left = request.expires_at
    enqueue_mail(request.alumnus.email or request.alumnus.username,
                 f"Reminder: {student} is waiting for your answer",
                 f"{student} asked you for a conversation {REMIND_AFTER_DAYS} days ago"
                 + (f" (topic: {request.topic})" if request.topic else "") + ".\n"
                 f"The request expires on {left:%d %b %Y}. Accept or decline: "
                 f"{_public_url('/centre/alumni/requests/')}\n"
                 "This is the only reminder.\n")


def _expired_mail(request: AlumniRequest) -> None:
    name = display_name(request.alumnus)
    enqueue_mail(request.owner.email or request.owner.username, f"Your request to {name} expired",
                 f"Your request to {name} had no answer in {OPEN_DAYS} days and has expired. "
                 "Your follow-up list in coffeechat says what to do next; the alumni directory lists others.\n")


def expire_requests(moment: datetime | None = None) -> TickResult:
    """One round: expire requests open 14 days, remind (once) those open 7 days. Each request is its own
    transaction, claimed with SKIP LOCKED so several workers never remind twice; a failed mail leaves that
    request for the next round."""
    at = moment or now()
    result = TickResult()
    due = (AlumniRequest.objects.filter(status=AlumniRequest.Status.OPEN)
           .filter(expires_at__lte=at + timedelta(days=OPEN_DAYS - REMIND_AFTER_DAYS))
           .values_list("pk", flat=True).order_by("expires_at", "id"))
    for pk in list(due):
        try:
            with transaction.atomic():
                request = (AlumniRequest.objects.select_for_update(skip_locked=True, of=("self",))
                           .select_related("owner", "alumnus").filter(pk=pk, status=AlumniRequest.Status.OPEN).first())
                if request is None:
                    continue
                if request.expires_at <= at:
                    request.status = AlumniRequest.Status.EXPIRED
                    request.save(update_fields=["status", "updated_at"])
                    _expired_mail(request)
                    result.expired += 1
                elif request.reminded_at is None:
                    request.reminded_at = at
                    request.save(update_fields=["reminded_at", "updated_at"])
                    _remind(request)
                    result.reminded += 1
        except Exception as error:  # one bad mail must not stop the round; it is tried next time
            logger.warning("alumni request %s: %s", pk, error)
            result.failed.append(f"request {pk}: {error}")
    return result


def request_as_json(request: AlumniRequest) -> dict[str, Any]:
    return {"id": request.pk, "student": request.owner_id, "alumnus": request.alumnus_id, "topic": request.topic,
            "status": request.status, "expires_at": request.expires_at.isoformat(),
            "reminded_at": request.reminded_at.isoformat() if request.reminded_at else None,
            "answered_at": request.answered_at.isoformat() if request.answered_at else None}


ROUND_EVERY = timedelta(hours=1)


def start_hourly_rounds(stop: Any, every: timedelta = ROUND_EVERY) -> Any:
    """Run ``expire_requests`` now and then every hour in a daemon thread until ``stop`` (a threading.Event)
    is set: what `coffeechat worker` does next to sending mail. A failed round is logged and tried next time."""
    import threading

    from django.db import connection

    def rounds() -> None:
        while not stop.is_set():
            try:
                result = expire_requests()
                if result.reminded or result.expired or result.failed:
                    logger.warning("alumni round: %s reminded, %s expired, %s failed",
                                   result.reminded, result.expired, len(result.failed))
            except Exception as error:  # the worker goes on sending mail; the next round tries again
                logger.warning("alumni round failed: %s", error)
            finally:
                connection.close()
            stop.wait(every.total_seconds())

    thread = threading.Thread(target=rounds, name="coffeechat-alumni-rounds", daemon=True)
    thread.start()
    return thread
