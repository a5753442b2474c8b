"""The story of the large practice, by organisation: who was written to, who replied, who met, who is due.

Each organisation holds five people (person ``o + 2000 * k`` works at organisation ``o``). The first person
there (``lead``) carries the organisation's story; the second (``second``) is the other starter when one was
written to. Ranges of organisations play one situation each, so every kind of due action appears.
Import this module only after Django has started.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bench import practice_names as names
from coffeechat.models import Conversation, Message, Person, Referral, Task, Touch

ORGANISATIONS = 2_000
PEOPLE = 10_000
TOUCHES = 50_000
SMALLEST = 10_000  # the story below needs 2,000 organisations


def scale(people: int) -> None:
    """Size the network to ``people`` (five per organisation, five timeline entries each).

    The story (who was written to, met, referred; the tasks) keeps its size: a larger network adds quiet
    imported connections with old timeline entries, as a student's 100,000-row LinkedIn export would.
    """
    global ORGANISATIONS, PEOPLE, TOUCHES
    if people < SMALLEST or people % 5:
        raise ValueError(f"--people must be a multiple of 5 and at least {SMALLEST:,}")
    PEOPLE, ORGANISATIONS, TOUCHES = people, people // 5, people * 5

HISTORY = range(1200)  # old outreach, every thread settled
NEXT_CONTACT = range(1200, 1260)  # a request 4 business days ago, no reply: write to a second person
FOLLOW_UP = range(1260, 1320)  # a request 8 business days ago, no reply: one follow-up
REPLIED = range(1320, 1380)  # a recent request with a reply
UPCOMING = range(1380, 1440)  # a conversation in the next days: confirm, prepare
NO_NOTES = range(1440, 1480)  # a conversation just past with no notes: log notes (and thank)
NO_THANKS = range(1480, 1520)  # held with notes, no thank-you yet
REFERRED = range(1520, 1600)  # people someone pointed the user to
MENTORS = range(1600, 1700)  # mentors, half of them not heard from for months
CADENCE = range(1700, 1750)  # people with a cadence, half of them past it
TASKS = 400


def person_index(organisation: int, slot: int) -> int:
    """The index of the ``slot``-th person (0-4) working at ``organisation``."""
    return organisation + ORGANISATIONS * slot


def planned_stage(index: int) -> tuple[str, int | None]:
    """The relationship stage and cadence a person ends the story with (set before the row is written)."""
    organisation, slot = index % ORGANISATIONS, index // ORGANISATIONS
    if slot == 0:
        if organisation in HISTORY:
            return ("met" if organisation % 3 == 0 else "contacted"), None
        if organisation in MENTORS:
            return "mentor", (90 if organisation % 2 else None)
        if organisation in CADENCE:
            return "ongoing", 60
        if organisation in NO_NOTES or organisation in NO_THANKS:
            return "met", None
        if organisation in REFERRED:
            return ("contacted" if organisation >= 1560 else "new"), None
        if organisation < 1440:
            return "contacted", None
    if slot == 1 and ((organisation in HISTORY and organisation % 3) or (organisation in FOLLOW_UP and organisation % 2)):
        return "contacted", None
    return "new", None


def business_days_before(day: date, count: int) -> date:
    """``day`` moved back by ``count`` weekdays (the practice has no holiday country set)."""
    while count > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def business_days_after(day: date, count: int) -> date:
    """``day`` moved forward by ``count`` weekdays."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A UTC instant on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


class Story:
    """Unsaved rows of the practice's history, written later in dependency order with bulk_create."""

    def __init__(self, owner: Any, now: datetime, people: list[Person], goals: list[Any], seed: int) -> None:
        self.owner, self.now, self.today = owner, now, now.date()
        self.people, self.goals = people, goals
        self.rng = random.Random(seed)
        self.conversations: list[Conversation] = []
        self.messages: list[Message] = []
        self.referrals: list[Referral] = []
        self.tasks: list[Task] = []
        self.touches: list[Touch] = []
        self.held_by_organisation: dict[int, Conversation] = {}

    # -- rows ----------------------------------------------------------------------------------------
    def touch(self, person: Person, kind: str, when: datetime, summary: str, *, message: Message | None = None,
              conversation: Conversation | None = None) -> None:
        """One timeline entry."""
        self.touches.append(Touch(owner=self.owner, person=person, kind=kind, at=when, summary=summary[:500],
                                  message=message, conversation=conversation, created_at=when, updated_at=when))

    def send(self, person: Person, when: datetime, kind: str = "request", replied: datetime | None = None,
             conversation: Conversation | None = None) -> Message:
        """A sent message, with its timeline entries."""
        message = Message(owner=self.owner, person=person, organization_id=person.organization_id, kind=kind,
                          status="sent", channel="email", subject="A short question about your work",
                          body=f"Hello {person.first_name}, …", sent_at=when, replied_at=replied,
                          conversation=conversation, created_at=when, updated_at=replied or when)
        self.messages.append(message)
        touch_kind = {"request": "request_sent", "follow_up": "follow_up_sent", "thank_you": "thanked",
                      "report_back": "update_sent"}[kind]
        self.touch(person, touch_kind, when, f"{kind.replace('_', ' ').capitalize()} sent to {person.first_name}",
                   message=message, conversation=conversation)
        if replied is not None:
            self.touch(person, "reply", replied, f"{person.first_name} replied", message=message)
        return message

    def meet(self, person: Person, when: datetime, organisation: int, *, state: str, notes: str = "",
             thanked: bool = False, plan_finished: bool = True, confirmed: bool = False) -> Conversation:
        """A conversation, its timeline entries, and the thank-you when one was sent."""
        held = state == "held"
        booked = min(when - timedelta(days=4), self.now)
        conversation = Conversation(
            owner=self.owner, person=person, goal=self.goals[organisation % len(self.goals)], state=state,
            scheduled_at=when, minutes=(20, 30, 15, 20)[organisation % 4], timezone="UTC", notes=notes,
            plan_finished=plan_finished, held_at=when if held else None,
            thanked_at=when + timedelta(hours=5) if thanked else None,
            confirmed_at=booked if confirmed else None, purpose="career",
            ical_uid=f"bench-{organisation}-{int(when.timestamp())}@coffeechat", created_at=booked, updated_at=booked,
        )
        self.conversations.append(conversation)
        self.touch(person, "scheduled", booked, f"Conversation set for {when:%a %d %b, %H:%M} UTC",
                   conversation=conversation)
        if held:
            self.touch(person, "held", when, f"Talked with {person.first_name}", conversation=conversation)
        if thanked and conversation.thanked_at is not None:
            self.send(person, conversation.thanked_at, "thank_you", conversation=conversation)
        return conversation

    # -- the situations ------------------------------------------------------------------------------
    def lead(self, organisation: int) -> Person:
        return self.people[person_index(organisation, 0)]

    def second(self, organisation: int) -> Person:
        return self.people[person_index(organisation, 1)]

    def history(self) -> None:
        """Old outreach: a third met someone (notes, thank-you); the rest wrote to two starters and followed up."""
        for o in HISTORY:
            sent_day = business_days_before(self.today, 15 + o % 120)
            sent = at(sent_day, 9 + o % 8)
            if o % 3 == 0:
                replied = sent + timedelta(days=1 + o % 4, hours=3)
                self.send(self.lead(o), sent, replied=replied)
                talk = at((replied + timedelta(days=5 + o % 6)).date(), 16)
                self.held_by_organisation[o] = self.meet(self.lead(o), talk, o, state="held", thanked=True,
                                                         notes=names.NOTES[o % len(names.NOTES)])
                continue
            follow = at(business_days_after(sent_day, 7), 10)
            self.send(self.lead(o), sent)
            self.send(self.second(o), sent + timedelta(minutes=20))
            self.send(self.lead(o), follow, "follow_up")
            self.send(self.second(o), follow, "follow_up",
                      replied=follow + timedelta(days=2) if o % 3 == 1 else None)

    def waiting(self) -> None:
        """Requests waiting for a reply (next_contact, follow_up) and recent requests that got one."""
        for o in NEXT_CONTACT:
            self.send(self.lead(o), at(business_days_before(self.today, 4), 9 + o % 6))
        for o in FOLLOW_UP:
            sent = at(business_days_before(self.today, 8), 9 + o % 6)
            self.send(self.lead(o), sent)
            if o % 2:  # a second starter written to the same day: only the follow-ups are due
                self.send(self.second(o), sent + timedelta(minutes=15))
        for o in REPLIED:
            sent = at(business_days_before(self.today, 5 + o % 5), 11)
            self.send(self.lead(o), sent, replied=sent + timedelta(days=1 + o % 3))
            if o % 2:
                self.conversations.append(Conversation(
                    owner=self.owner, person=self.lead(o), goal=self.goals[o % 3], state="proposed", minutes=20,
                    created_at=self.now - timedelta(days=1), updated_at=self.now - timedelta(days=1)))

    def meetings(self) -> None:
        """Conversations coming up (confirm, prepare) and just past (log notes, thank-you)."""
        for i, o in enumerate(UPCOMING):
            sent = at(business_days_before(self.today, 8 + i % 3), 10)
            self.send(self.lead(o), sent, replied=sent + timedelta(days=1))
            when = at(self.today + timedelta(days=1 + i % 5), 14 + i % 4)
            self.meet(self.lead(o), when, o, state="scheduled", plan_finished=i % 2 == 0, confirmed=i % 3 == 0)
        for i, o in enumerate(NO_NOTES):
            when = self.now - timedelta(hours=3 + i)
            self.meet(self.lead(o), when, o, state="held" if i % 2 else "scheduled")
        for i, o in enumerate(NO_THANKS):
            when = self.now - timedelta(hours=5 + 2 * i)
            self.meet(self.lead(o), when, o, state="held", notes=names.NOTES[i % len(names.NOTES)])

    def referrals_made(self) -> None:
        """Referrals from people the user met: half not contacted yet, half contacted and not reported back."""
        givers = sorted(self.held_by_organisation)
        for i, o in enumerate(REFERRED):
            giver_org = givers[i % len(givers)]
            giver, talk = self.lead(giver_org), self.held_by_organisation[giver_org]
            person = self.lead(o)
            person.referred_by = giver
            noted = self.now - timedelta(days=1 + i % 6) if o < 1560 else self.now - timedelta(days=6 + i % 9)
            contacted = reported = None
            if o >= 1560:
                contacted = noted + timedelta(days=1)
                self.send(person, contacted, replied=contacted + timedelta(days=1) if o % 4 == 0 else None)
                if o >= 1590:
                    reported = contacted + timedelta(days=2)
                    self.send(giver, reported, "report_back")
            self.referrals.append(Referral(
                owner=self.owner, from_person=giver, to_person=person, conversation=talk,
                note=f"{giver.first_name} suggested talking to {person.first_name}", contacted_at=contacted,
                reported_back_at=reported, created_at=noted, updated_at=noted))
            self.touch(person, "referral", noted, f"Referred by {giver.full_name}")

    def relationships(self) -> None:
        """Mentors and people with a cadence; the first half of each range has not been touched for long."""
        for o in (*MENTORS, *CADENCE):
            first_half = o < 1650 if o in MENTORS else o < 1725
            days = (100 + o % 100) if first_half else (10 + o % 50)
            last = self.now - timedelta(days=days)
            self.meet(self.lead(o), last - timedelta(days=30), o, state="held", thanked=True,
                      notes=names.NOTES[o % len(names.NOTES)])
            self.touch(self.lead(o), "note", last, "Caught up over coffee")

    def commitments(self) -> None:
        """The user's own tasks, due from two weeks ago to six weeks ahead; a third are done."""
        for i in range(TASKS):
            person = self.people[self.rng.randrange(PEOPLE)] if i % 2 else None
            title = names.TASK_TITLES[i % len(names.TASK_TITLES)].format(name=person.first_name if person else "Dana")
            created = self.now - timedelta(days=20)
            self.tasks.append(Task(
                owner=self.owner, title=title, due=self.today + timedelta(days=-14 + i % 60), person=person,
                done_at=self.now - timedelta(days=1) if i % 3 == 0 else None, created_at=created, updated_at=created))

    def padding(self, showcase: Person) -> None:
        """Older timeline entries (notes, edits, job moves) until the timeline holds TOUCHES entries."""
        kinds = ("note", "updated", "moved_job", "note")
        summaries = {"note": "Noted something about {name}", "updated": "Details changed",
                     "moved_job": "{name} changed job"}
        # The showcase person's page gets a long timeline.
        extra = [showcase] * 120
        while len(self.touches) < TOUCHES:
            person = extra.pop() if extra else self.people[self.rng.randrange(PEOPLE)]
            kind = kinds[self.rng.randrange(len(kinds))]
            when = self.now - timedelta(days=200 + self.rng.randrange(1300), minutes=self.rng.randrange(1440))
            self.touch(person, kind, when, summaries[kind].format(name=person.first_name))
