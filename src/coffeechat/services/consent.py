"""Consent, not surveillance (issue 15 §3-4): what each advisor may see of a student's record, and the log of
every look.

A student (the owner of every row here) chooses per advisor: **counts only** (funnel numbers, last activity,
late thank-yous), **goals and timeline** (adds the goals and the dated timeline, never the text of a note),
or **everything** (adds notes, insights and conversation notes). No ``Consent`` row: nothing at all.

Every read an advisor makes goes through ``counts_view`` / ``timeline_view`` / ``everything_view``, which
check the level and write an ``AdvisorView`` row (who, at which level, what, when) in the same transaction.
A level below what a read needs raises ``NotPermitted`` and writes nothing; the web answers that with 404,
so an advisor without consent cannot even learn that the student exists.

Journalism sources are never shown to an advisor, at any level: people marked ``is_source``, conversations
with the purpose ``reporting``, and their messages, notes, insights and timeline entries. They are left out
of the counts too (a count that moved when a source was added would say something about the reporting).

Advisors never write a student's record: the only rows this module writes on an advisor's behalf are the
audit log and the advisor's comments, which the student reads and which are not practice rows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Max, Q, Value, When, Window
from django.db.models.functions import Coalesce

from coffeechat.core.analytics import compute_stats
from coffeechat.core.errors import NotFound, UserError
from coffeechat.models import Conversation, Goal, Insight, Message, Note, Person, Touch
from coffeechat.models.centre import Account, AdvisorComment, AdvisorView, Consent, Role
from coffeechat.services.analytics import practice_record
from coffeechat.services.clock import now

if TYPE_CHECKING:
    from django.contrib.auth.models import User

LEVELS = tuple(Consent.Level.values)  # counts < timeline < everything
RANK = {level: rank for rank, level in enumerate(LEVELS, start=1)}
LEVEL_LABELS = dict(Consent.Level.choices)
NONE = "none"  # the "share nothing" choice of the Sharing page: no Consent row
QUIET_DAYS = 14  # "no request sent in 14 days" (issue 15 §4)
TIMELINE_LIMIT = 300
COMMENT_LIMIT = 4000


class ConsentError(UserError):
    """Something about sharing the user can fix; the message says what."""


class NotPermitted(ConsentError):
    """This advisor may not see this (no consent, or a level below what the read needs).

    Faces answer it as "not found" (404), never as "forbidden": it must not reveal that the student exists."""


# --- who is who --------------------------------------------------------------------------------------


def _role(user: Any) -> str | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return Account.objects.filter(user_id=user.pk).values_list("role", flat=True).first()


def _require_student(user: Any) -> None:
    if _role(user) != Role.STUDENT:
        raise ConsentError("only a student shares their own record")


def _require_advisor(user: Any) -> None:
    if _role(user) != Role.ADVISOR:
        raise ConsentError("that account is not an advisor of the centre")


def _check_level(level: str) -> str:
    level = (level or "").strip().lower()
    if level not in LEVELS:
        raise ConsentError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level


def display_name(user: Any) -> str:
    """The name a centre shows for an account: its display name, else the user's name, else the email."""
    account = Account.objects.filter(user_id=user.pk).first()
    return (account.display_name if account else "") or user.get_full_name() or user.email or user.username


# --- the student's choices ---------------------------------------------------------------------------


def grant(student: User, advisor: User, level: str) -> Consent:
    """The student lets ``advisor`` see ``level`` of their record (a new choice, or a change)."""
    _require_student(student)
    _require_advisor(advisor)
    level = _check_level(level)
    with transaction.atomic():
        consent, _ = Consent.objects.update_or_create(owner=student, advisor=advisor, defaults={"level": level})
    return consent


def change(student: User, advisor: User, level: str) -> Consent:
    """A new level for an advisor the student already shares with."""
    _require_student(student)
    if not Consent.objects.owned_by(student).filter(advisor=advisor).exists():
        raise NotFound("you share nothing with that advisor yet; grant a level first")
    return grant(student, advisor, level)


def revoke(student: User, advisor: User) -> bool:
    """The advisor sees nothing any more (from the next page they open). True if something was shared."""
    _require_student(student)
    with transaction.atomic():
        deleted, _ = Consent.objects.owned_by(student).filter(advisor=advisor).delete()
    return deleted > 0


def set_level(student: User, advisor_id: int | str, level: str) -> Consent | None:
    """The Sharing page's one choice per advisor: a level, or ``"none"`` to share nothing."""
    _require_student(student)
    advisor = centre_advisor(advisor_id)
    if (level or "").strip().lower() == NONE:
        revoke(student, advisor)
        return None
    return grant(student, advisor, level)


def centre_advisor(advisor_id: int | str) -> User:
    """An advisor of the centre by account id, or NotFound."""
    found = None
    if str(advisor_id).isdigit():
        found = get_user_model().objects.filter(pk=int(advisor_id), centre_account__role=Role.ADVISOR).first()
    if found is None:
        raise NotFound("no such advisor in this centre")
    return found


def advisors_of(student: User) -> list[Consent]:
    """What the student shares, with whom: one row per advisor with a level."""
    return list(Consent.objects.owned_by(student).select_related("advisor", "advisor__centre_account")
                .order_by("advisor__centre_account__display_name", "advisor__email", "id"))


@dataclass(frozen=True)
class SharingRow:
    advisor: Any
    name: str
    level: str  # one of LEVELS, or NONE


def sharing_choices(student: User) -> list[SharingRow]:
    """Every advisor of the centre, with what the student shares with each (``"none"`` if nothing)."""
    levels = dict(Consent.objects.owned_by(student).values_list("advisor_id", "level"))
    advisors = (get_user_model().objects.filter(centre_account__role=Role.ADVISOR).select_related("centre_account")
                .order_by("centre_account__display_name", "email", "id"))
    return [SharingRow(a, a.centre_account.display_name or a.email, levels.get(a.pk, NONE)) for a in advisors]


def students_of(advisor: User, cohort: str | None = None) -> list[User]:
    """Students who granted this advisor anything (optionally of one cohort), by name."""
    _require_advisor(advisor)
    query = get_user_model().objects.filter(
        pk__in=Consent.objects.filter(advisor=advisor).values("owner_id"), centre_account__role=Role.STUDENT,
    ).select_related("centre_account")
    if cohort is not None:
        query = query.filter(centre_account__cohort=cohort)
    return list(query.order_by("centre_account__cohort", "centre_account__display_name", "email", "id"))


def level_for(advisor: Any, student: Any) -> str | None:
    """The level ``student`` grants ``advisor``, or None (nothing shared, or not an advisor/student pair)."""
    if not getattr(advisor, "pk", None) or not getattr(student, "pk", None):
        return None
    if _role(advisor) != Role.ADVISOR or _role(student) != Role.STUDENT:
        return None
    return Consent.objects.filter(owner_id=student.pk, advisor_id=advisor.pk).values_list("level", flat=True).first()


def student_for(advisor: User, student_id: int | str) -> User:
    """The student ``student_id`` if they share anything with ``advisor``; else NotPermitted (a 404 on the web)."""
    student = None
    if str(student_id).isdigit():
        student = get_user_model().objects.filter(pk=int(student_id)).first()
    if student is None or level_for(advisor, student) is None:
        raise NotPermitted("no such student")
    return student


# --- what an advisor sees ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Hidden:
    """The ids of the student's journalism: never shown to an advisor, never counted."""

    people: frozenset[int]
    conversations: frozenset[int]
    messages: frozenset[int]


def hidden_rows(student: User) -> Hidden:
    people = frozenset(Person.objects.owned_by(student).filter(is_source=True).values_list("id", flat=True))
    conversations = frozenset(Conversation.objects.owned_by(student).filter(
        Q(purpose=Conversation.Purpose.REPORTING) | Q(person__is_source=True)).values_list("id", flat=True))
    messages = frozenset(Message.objects.owned_by(student).filter(
        Q(person__is_source=True) | Q(conversation__purpose=Conversation.Purpose.REPORTING)
        | Q(conversation__person__is_source=True)).values_list("id", flat=True))
    return Hidden(people, conversations, messages)


@dataclass(frozen=True)
class Counts:
    """Funnel numbers of a student's career practice (sources left out), as of ``at``."""

    people: int
    requests: int
    replies: int
    conversations: int
    thank_yous: int
    last_activity: datetime | None
    last_request: datetime | None
    thank_yous_sent_late: int  # sent, but more than thank_you_due_hours (24) after the conversation
    thank_yous_owed_late: int  # not sent yet, and already late (docs/practice.md §4.7)
    at: datetime

    @property
    def late_thank_yous(self) -> int:
        return self.thank_yous_sent_late + self.thank_yous_owed_late

    def as_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("last_activity", "last_request", "at"):
            data[key] = data[key].isoformat() if data[key] else None
        data["late_thank_yous"] = self.late_thank_yous
        return data


def _counts(student: User, moment: datetime, hidden: Hidden | None = None) -> Counts:
    """The numbers, from services/analytics and the agenda's thank-you rule, without the journalism."""
    from coffeechat.services.agenda import agenda, rule_settings

    hidden = hidden or hidden_rows(student)
    record = practice_record(student)
    record = dataclasses.replace(
        record,
        people=tuple(p for p in record.people if p.id not in hidden.people),
        messages=tuple(m for m in record.messages if m.id not in hidden.messages and m.person_id not in hidden.people),
        templates={k: v for k, v in record.templates.items() if k not in hidden.messages},
        conversations=tuple(c for c in record.conversations
                            if c.id not in hidden.conversations and c.person_id not in hidden.people),
    )
    stats = compute_stats(record, moment, rule_settings(student))
    owed = [a for a in agenda(student, kinds={"thank_you"}, at=moment).actions
            if (a.late or a.overdue) and a.person_id not in hidden.people
            and not (a.refers_to[0] == "conversation" and a.refers_to[1] in hidden.conversations)]
    touches = Touch.objects.owned_by(student).exclude(person_id__in=hidden.people).exclude(
        conversation_id__in=hidden.conversations)
    last_request = (Message.objects.owned_by(student).filter(kind=Message.Kind.REQUEST, status=Message.Status.SENT)
                    .exclude(id__in=hidden.messages).aggregate(last=Max("sent_at"))["last"])
    return Counts(
        people=Person.objects.owned_by(student).filter(is_source=False).count(),
        requests=stats.funnel.requests,
        replies=stats.funnel.replies,
        conversations=stats.funnel.conversations,
        thank_yous=stats.funnel.thank_yous,
        last_activity=touches.filter(at__lte=moment).aggregate(last=Max("at"))["last"],
        last_request=last_request,
        thank_yous_sent_late=stats.thank_you_late,
        thank_yous_owed_late=len(owed),
        at=moment,
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    label: str
    person: str
    summary: str  # empty for a note: its text is for "everything" only


@dataclass(frozen=True)
class GoalLine:
    title: str
    target_role: str
    archived: bool


@dataclass(frozen=True)
class NoteLine:
    at: datetime
    about: str
    body: str


class _Journalism:
    """The students' journalism as small subqueries (their sources are few): excluding ids found this way
    lets the database read only these students' rows, not join every person of the centre."""

    def __init__(self, ids: list[int]) -> None:
        self.people = Person.objects.filter(owner_id__in=ids, is_source=True).values("id")
        self.conversations = Conversation.objects.filter(owner_id__in=ids).filter(
            Q(purpose=Conversation.Purpose.REPORTING) | Q(person__is_source=True)).values("id")

    def messages(self, **where: Any) -> Any:
        """Sent messages the counts read: journalism left out exactly as ``hidden_rows`` does."""
        return (Message.objects.filter(status=Message.Status.SENT, sent_at__isnull=False, **where)
                .exclude(person_id__in=self.people).exclude(conversation_id__in=self.conversations))

    def conversations_kept(self, **where: Any) -> Any:
        return Conversation.objects.filter(**where).exclude(id__in=self.conversations)

    def touches(self, **where: Any) -> Any:
        return (Touch.objects.filter(**where).exclude(person_id__in=self.people)
                .exclude(conversation_id__in=self.conversations))


def cohort_counts(student_ids: list[int], moment: datetime) -> dict[int, Counts]:
    """``_counts`` for many students at once, in a fixed number of grouped queries (not one set per student).

    The same definitions as ``_counts`` (services/analytics + core/analytics + the agenda's thank-you rule),
    written as aggregates grouped by owner; tests/services/test_cohort_counts.py checks that both agree."""
    from coffeechat.core.clock import local_date
    from coffeechat.models import ActionState, UserSetting
    from coffeechat.services.preference_specs import with_defaults

    ids = list(student_ids)
    if not ids:
        return {}
    stored: dict[int, dict[str, str]] = {pk: {} for pk in ids}
    for owner_id, key, value in UserSetting.objects.filter(
            owner_id__in=ids, key__in=("thank_you_due_hours", "timezone")).values_list("owner_id", "key", "value"):
        stored[owner_id][key] = value
    settings = {pk: with_defaults(values) for pk, values in stored.items()}
    due_hours = {pk: int(values["thank_you_due_hours"]) for pk, values in settings.items()}

    journalism = _Journalism(ids)
    people = dict(Person.objects.filter(owner_id__in=ids, is_source=False).values("owner_id")
                  .annotate(n=Count("id")).order_by().values_list("owner_id", "n"))

    # Requests sent by now, and how many were answered: a request's story runs from it until the next
    # request to the same person (core/responsiveness.request_outcomes); a reply by now to any message of the
    # story answers it. Each sent message's story is the latest request sent at or before it (a window over
    # the person's messages); the answered requests are the distinct stories with a reply.
    sent_requests: dict[int, int] = {}
    last_request: dict[int, datetime | None] = {}
    for owner, n, last in (journalism.messages(owner_id__in=ids, kind=Message.Kind.REQUEST).values("owner_id")
                           .annotate(n=Count("id", filter=Q(sent_at__lte=moment)), last=Max("sent_at"))
                           .order_by().values_list("owner_id", "n", "last")):
        sent_requests[owner], last_request[owner] = n, last
    stories = (journalism.messages(owner_id__in=ids, sent_at__lte=moment).annotate(
        story=Window(Max(Case(When(kind=Message.Kind.REQUEST, then=F("sent_at")))),
                     partition_by=[F("owner_id"), F("person_id")], order_by=F("sent_at").asc()),
        answers=Case(When(replied_at__lte=moment, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by().values_list("owner_id", "person_id", "story", "answers"))
    sql, params = stories.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT owner_id, COUNT(*) FROM (SELECT DISTINCT s.owner_id, s.person_id, s.story FROM (" + sql
            + ") s WHERE s.story IS NOT NULL AND s.answers = 1) a GROUP BY owner_id", params)
        replies = dict(cursor.fetchall())
    funnel = {pk: (sent_requests.get(pk, 0), replies.get(pk, 0)) for pk in ids}

    # Held conversations, their thank-yous, and those sent late (one query per thank-you deadline in use).
    held: dict[int, tuple[int, int, int]] = {}
    for hours in sorted(set(due_hours.values())):
        group = [pk for pk in ids if due_hours[pk] == hours]
        at = Coalesce("held_at", "scheduled_at")
        thanked = Q(state=Conversation.State.HELD, thanked_at__isnull=False)
        for owner, n, thanks, late in (
                journalism.conversations_kept(owner_id__in=group).alias(held_when=at).values("owner_id").annotate(
                    n=Count("id", filter=Q(state=Conversation.State.HELD)),
                    thanks=Count("id", filter=thanked),
                    late=Count("id", filter=thanked & (Q(held_when__isnull=True) | Q(
                        thanked_at__gt=F("held_when") + timedelta(hours=hours)))))
                .order_by().values_list("owner_id", "n", "thanks", "late")):
            held[owner] = (n, thanks, late)

    # Thank-yous owed and already late (core/followup_meetings: ended + due hours has passed), minus the
    # ones the student marked done or snoozed past today.
    earliest = moment - timedelta(hours=min(due_hours.values()))
    candidates = (journalism.conversations_kept(owner_id__in=ids, thanked_at__isnull=True, scheduled_at__isnull=False,
                                         scheduled_at__lt=earliest,
                                         state__in=(Conversation.State.HELD, Conversation.State.SCHEDULED))
                  .values_list("owner_id", "id", "scheduled_at", "minutes"))
    owed_rows = [(owner, pk) for owner, pk, start, minutes in candidates
                 if moment > start + timedelta(minutes=minutes) + timedelta(hours=due_hours[owner])]
    states: dict[tuple[int, str], tuple[Any, Any]] = {}
    if owed_rows:
        keys = {f"thank_you:conversation:{pk}" for _, pk in owed_rows}
        states = {(owner, key): (done, until) for owner, key, done, until in ActionState.objects.filter(
            owner_id__in={owner for owner, _ in owed_rows}, action_key__in=keys)
            .values_list("owner_id", "action_key", "done_at", "snoozed_until")}
    owed: dict[int, int] = {}
    for owner, pk in owed_rows:
        done, until = states.get((owner, f"thank_you:conversation:{pk}"), (None, None))
        today = local_date(moment, settings[owner]["timezone"] or "UTC")
        if done is None and not (until is not None and until > today):
            owed[owner] = owed.get(owner, 0) + 1

    last_activity = dict(journalism.touches(owner_id__in=ids, at__lte=moment).values("owner_id")
                         .annotate(last=Max("at")).order_by().values_list("owner_id", "last"))
    result = {}
    for pk in ids:
        requests, replies = funnel.get(pk, (0, 0))
        conversations, thank_yous, sent_late = held.get(pk, (0, 0, 0))
        result[pk] = Counts(people=people.get(pk, 0), requests=requests, replies=replies,
                            conversations=conversations, thank_yous=thank_yous,
                            last_activity=last_activity.get(pk), last_request=last_request.get(pk),
                            thank_yous_sent_late=sent_late, thank_yous_owed_late=owed.get(pk, 0), at=moment)
    return result


@dataclass
class StudentView:
    """What an advisor sees of one student at one level (the parts above the level stay empty)."""

    student: Any
    name: str
    cohort: str
    level: str
    counts: Counts
    goals: list[GoalLine] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)
    insights: list[NoteLine] = field(default_factory=list)
    conversation_notes: list[NoteLine] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        line = lambda n: {"at": n.at.isoformat(), "about": n.about, "body": n.body}
        return {
            "student": self.student.pk, "name": self.name, "cohort": self.cohort, "level": self.level,
            "counts": self.counts.as_json(),
            "goals": [dataclasses.asdict(g) for g in self.goals],
            "timeline": [{"at": e.at.isoformat(), "kind": e.kind, "label": e.label, "person": e.person,
                          "summary": e.summary} for e in self.timeline],
            "notes": [line(n) for n in self.notes],
            "insights": [line(n) for n in self.insights],
            "conversation_notes": [line(n) for n in self.conversation_notes],
        }


WHAT = {"counts": "counts (funnel numbers, last activity, late thank-yous)",
        "timeline": "goals and timeline (no note text)",
        "everything": "everything, including notes"}


def _look(advisor: User, student: User, needs: str, what: str) -> tuple[str, datetime]:
    """Check the level inside the caller's transaction and write the audit row; NotPermitted writes nothing."""
    _require_advisor(advisor)
    level = (Consent.objects.select_for_update().filter(owner_id=student.pk, advisor_id=advisor.pk)
             .values_list("level", flat=True).first())
    if level is None or _role(student) != Role.STUDENT or RANK[level] < RANK[needs]:
        raise NotPermitted("no such student")
    moment = now()
    AdvisorView.objects.create(owner=student, advisor=advisor, level=level, what=what, at=moment)
    return level, moment


def _base(student: User, level: str, moment: datetime) -> StudentView:
    account = Account.objects.filter(user_id=student.pk).first()
    return StudentView(student=student, name=display_name(student), cohort=account.cohort if account else "",
                       level=level, counts=_counts(student, moment))


def _add_timeline(view: StudentView, student: User, hidden: Hidden | None = None) -> None:
    hidden = hidden or hidden_rows(student)
    view.goals = [GoalLine(g.title, g.target_role, g.archived) for g in Goal.objects.owned_by(student).order_by("archived", "title", "id")]
    labels = dict(Touch.Kind.choices)
    touches = (Touch.objects.owned_by(student).exclude(person_id__in=hidden.people)
               .exclude(conversation_id__in=hidden.conversations).select_related("person")
               .order_by("-at", "-id")[:TIMELINE_LIMIT])
    view.timeline = [TimelineEntry(t.at, t.kind, labels.get(t.kind, t.kind), t.person.full_name,
                                   "" if t.kind == Touch.Kind.NOTE else t.summary) for t in touches]


def _add_everything(view: StudentView, student: User, hidden: Hidden | None = None) -> None:
    hidden = hidden or hidden_rows(student)
    notes = (Note.objects.owned_by(student).exclude(person_id__in=hidden.people)
             .exclude(conversation_id__in=hidden.conversations).select_related("person", "conversation__person", "goal")
             .order_by("-created_at", "-id"))
    view.notes = [NoteLine(n.created_at, _about(n), n.body) for n in notes]
    insights = (Insight.objects.owned_by(student).exclude(person_id__in=hidden.people)
                .exclude(conversation_id__in=hidden.conversations).select_related("person", "conversation__person", "goal")
                .order_by("-created_at", "-id"))
    view.insights = [NoteLine(i.created_at, _about(i), i.text) for i in insights]
    conversations = (Conversation.objects.owned_by(student).exclude(id__in=hidden.conversations)
                     .exclude(person_id__in=hidden.people).exclude(notes="").select_related("person")
                     .order_by("-held_at", "-scheduled_at", "-id"))
    view.conversation_notes = [NoteLine(c.held_at or c.scheduled_at or c.created_at, c.person.full_name, c.notes)
                               for c in conversations]


def _about(row: Any) -> str:
    conversation = getattr(row, "conversation", None)
    if conversation is not None:
        return f"conversation with {conversation.person.full_name}"
    if getattr(row, "person", None) is not None:
        return row.person.full_name
    if getattr(row, "goal", None) is not None:
        return f"goal: {row.goal.title}"
    return ""


def counts_view(advisor: User, student: User, *, where: str = "") -> StudentView:
    """Funnel numbers, last activity and late thank-yous (any level); logged (``where``: e.g. the cohort page)."""
    with transaction.atomic():
        level, moment = _look(advisor, student, "counts", WHAT["counts"] + (f" on {where}" if where else ""))
        return _base(student, level, moment)


def counts_views(advisor: User, students: list[Any], *, where: str = "") -> list[StudentView]:
    """``counts_view`` for many students in a fixed number of queries: the consents locked and read at once,
    one audit row per student written with one ``bulk_create`` in the same transaction. Students who share
    nothing with ``advisor`` (or are not students) are left out, never an error."""
    _require_advisor(advisor)
    by_id = {s.pk: s for s in students}
    what = WHAT["counts"] + (f" on {where}" if where else "")
    with transaction.atomic():
        # ``students`` come from ``students_of`` (students only); the lock is on the consent rows alone.
        levels = dict(Consent.objects.select_for_update().filter(advisor_id=advisor.pk, owner_id__in=list(by_id))
                      .order_by("id").values_list("owner_id", "level"))
        moment = now()
        AdvisorView.objects.bulk_create([AdvisorView(owner_id=pk, advisor=advisor, level=levels[pk], what=what,
                                                     at=moment) for pk in by_id if pk in levels])
        counts = cohort_counts([pk for pk in by_id if pk in levels], moment)
    views = []
    for pk, student in by_id.items():
        if pk not in levels:
            continue
        account = getattr(student, "centre_account", None)
        name = (account.display_name if account else "") or student.get_full_name() or student.email \
            or student.username
        views.append(StudentView(student=student, name=name, cohort=account.cohort if account else "",
                                 level=levels[pk], counts=counts[pk]))
    return views


def timeline_view(advisor: User, student: User) -> StudentView:
    """The counts, goals and the timeline without note text (level timeline or everything); logged."""
    with transaction.atomic():
        level, moment = _look(advisor, student, "timeline", WHAT["timeline"])
        view = _base(student, level, moment)
        _add_timeline(view, student)
        return view


def everything_view(advisor: User, student: User) -> StudentView:
    """All of the above plus notes, insights and conversation notes (level everything); logged."""
    with transaction.atomic():
        level, moment = _look(advisor, student, "everything", WHAT["everything"])
        view = _base(student, level, moment)
        _add_timeline(view, student)
        _add_everything(view, student)
        return view


def view_at_granted_level(advisor: User, student: User) -> StudentView:
    """The widest view the student grants this advisor (one audit row), or NotPermitted."""
    level = level_for(advisor, student)
    if level is None:
        raise NotPermitted("no such student")
    if level == Consent.Level.EVERYTHING:
        return everything_view(advisor, student)
    if level == Consent.Level.TIMELINE:
        return timeline_view(advisor, student)
    return counts_view(advisor, student)


def granted_view(advisor: User, student_id: int | str) -> StudentView:
    """The advisor's one-student page: the widest view the student grants, read once per request.

    Like ``student_for`` then ``view_at_granted_level``, with one look-up of both accounts' roles (not six)
    and the journalism found once (not three times); one audit row. NotPermitted (a 404) if the student
    shares nothing with this advisor, is no student, or does not exist."""
    student = None
    if str(student_id).isdigit():
        student = get_user_model().objects.filter(pk=int(student_id)).first()
    if student is None or not getattr(advisor, "pk", None):
        raise NotPermitted("no such student")
    accounts = {a.user_id: a for a in Account.objects.filter(user_id__in=[advisor.pk, student.pk])}
    mine, theirs = accounts.get(advisor.pk), accounts.get(student.pk)
    if mine is None or mine.role != Role.ADVISOR or theirs is None or theirs.role != Role.STUDENT:
        raise NotPermitted("no such student")
    with transaction.atomic():
        level = (Consent.objects.select_for_update().filter(owner_id=student.pk, advisor_id=advisor.pk)
                 .values_list("level", flat=True).first())
        if level is None:
            raise NotPermitted("no such student")
        moment = now()
        AdvisorView.objects.create(owner=student, advisor=advisor, level=level, what=WHAT[level], at=moment)
        hidden = hidden_rows(student)
        view = StudentView(student=student, cohort=theirs.cohort, level=level,
                           name=theirs.display_name or student.get_full_name() or student.email or student.username,
                           counts=_counts(student, moment, hidden))
        if RANK[level] >= RANK[Consent.Level.TIMELINE]:
            _add_timeline(view, student, hidden)
        if level == Consent.Level.EVERYTHING:
            _add_everything(view, student, hidden)
        return view


# --- the log the student reads -----------------------------------------------------------------------


def audit_log(student: User, limit: int = 500) -> list[AdvisorView]:
    """Every look at the student's record, newest first."""
    return list(AdvisorView.objects.owned_by(student).select_related("advisor", "advisor__centre_account")
                .order_by("-at", "-id")[:limit])


# --- comments ----------------------------------------------------------------------------------------


def comment(advisor: User, student: User, body: str) -> AdvisorComment:
    """A comment the student will see; the advisor needs some consent. The record itself is not touched."""
    _require_advisor(advisor)
    body = (body or "").strip()
    if not body:
        raise ConsentError("write something first")
    if len(body) > COMMENT_LIMIT:
        raise ConsentError(f"a comment is at most {COMMENT_LIMIT} characters")
    with transaction.atomic():
        if not Consent.objects.select_for_update().filter(owner_id=student.pk, advisor_id=advisor.pk).exists():
            raise NotPermitted("no such student")
        return AdvisorComment.objects.create(owner=student, author=advisor, body=body)


def comments_for(student: User) -> list[AdvisorComment]:
    """Every comment advisors left for the student, newest first."""
    return list(AdvisorComment.objects.owned_by(student).select_related("author", "author__centre_account")
                .order_by("-created_at", "-id"))


def comments_by(advisor: User, student: User) -> list[AdvisorComment]:
    """The comments this advisor left for the student (shown beside the student's view)."""
    return list(AdvisorComment.objects.owned_by(student).filter(author=advisor).order_by("-created_at", "-id"))


def unread_comments(student: User) -> int:
    return AdvisorComment.objects.owned_by(student).filter(read_at__isnull=True).count()


def mark_read(student: User, comment_id: int | str | None = None) -> int:
    """Mark one comment (or all, without an id) read; how many changed."""
    query = AdvisorComment.objects.owned_by(student).filter(read_at__isnull=True)
    if comment_id is not None:
        if not str(comment_id).isdigit():
            raise NotFound("no such comment")
        query = query.filter(pk=int(comment_id))
    with transaction.atomic():
        return query.update(read_at=now())


def quiet_since(moment: datetime) -> datetime:
    return moment - timedelta(days=QUIET_DAYS)
