"""Building the demo: a deterministic, lived-in practice a newcomer can explore.

The story is anchored at "now" (the real clock or ``--now``), so the demo always looks current: requests
waiting for replies, conversations coming up this week, thank-yous due, referrals to follow.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from coffeechat.core.matching import normalise_linkedin_url
from coffeechat.core.when import zone
from coffeechat.models import (
    ActionState,
    ContactPoint,
    Conversation,
    Goal,
    GoalReflection,
    Insight,
    Message,
    Note,
    Organization,
    Person,
    PlanItem,
    Question,
    Referral,
    Tag,
    Task,
    Touch,
)
from coffeechat.services import demo_cast as cast
from coffeechat.services.clock import now
from coffeechat.services.people import split_name
from coffeechat.services.preferences import get_setting
from coffeechat.services.timeline import record_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class DemoRefused(RuntimeError):
    """The demo would mix into a practice that already has people in it."""


def ascii_fold(text: str) -> str:
    """"Ødegaard" -> "Odegaard", for invented emails and profile links."""
    folded = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    return folded.encode("ascii", "ignore").decode()


def business_days_before(moment: datetime, days: int) -> datetime:
    """``moment`` moved back by ``days`` weekdays (the demo ignores holidays)."""
    while days > 0:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


class _DemoBuilder:
    def __init__(self, owner: User, seed: int) -> None:
        self.owner = owner
        self.rng = random.Random(seed)
        self.now = now().replace(second=0, microsecond=0)
        self.people: list[Person] = []
        self.goals: list[Goal] = []
        self.by_org: dict[int, list[Person]] = {}

    # -- the network -------------------------------------------------------------------------------
    def organisations(self) -> list[tuple[Organization, str, str, str]]:
        made = []
        for index, (name, sector, tz, city) in enumerate(cast.ORGANIZATIONS):
            org = Organization.objects.create(
                owner=self.owner, name=name, advocacy=index % 3 != 2,
                motivation=self.rng.choice((0, 1, 2, 2, 3, 3)), posting=self.rng.choice((1, 1, 2, 3)),
            )
            made.append((org, sector, tz, city))
        return made

    def network(self, orgs: list[tuple[Organization, str, str, str]]) -> None:
        tags = {name: Tag.objects.create(owner=self.owner, name=name)
                for name in ("alumni-network", "journalism", "policy", "hill", "data", "mentor-material")}
        seen: set[str] = set()
        for index in range(200):
            org, sector, tz, city = orgs[index % len(orgs)]
            first = cast.FIRST_NAMES[(index * 7 + index // 40) % len(cast.FIRST_NAMES)]
            last = cast.LAST_NAMES[(index * 11 + index // 13) % len(cast.LAST_NAMES)]
            full = f"{first} {last}"
            if full in seen:
                full = f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTVW')}. {last}"
            seen.add(full)
            how = self.rng.choices(("alumni", "cold", "colleague", "friend"), (30, 50, 12, 8))[0]
            slug = ascii_fold(f"{first}-{last}-{index}".lower().replace("'", "").replace(" ", "-"))
            person = Person.objects.create(
                owner=self.owner, full_name=full, first_name=split_name(full)[0], last_name=split_name(full)[1],
                organization=org, title=self.rng.choice(cast.TITLES[sector]), location=city, timezone=tz,
                linkedin_url=normalise_linkedin_url(f"https://www.linkedin.com/in/{slug}"), how_known=how,
                connected_on=(connected := (self.now - timedelta(days=self.rng.randint(30, 1500))).date()),
            )
            if self.rng.random() < 0.7:
                domain = org.name.lower().replace("the ", "").replace(" ", "").replace("&", "")[:18]
                email = ascii_fold(f"{first[0]}.{last}@{domain}.example".lower().replace("'", ""))
                ContactPoint.objects.create(owner=self.owner, person=person, kind="email", value=email)
            chosen = [tags["alumni-network"]] if how == "alumni" else []
            chosen += {"newsroom": [tags["journalism"]], "policy": [tags["policy"]], "politics": [tags["hill"]],
                       "tech": [tags["data"]]}.get(sector, [])
            person.tags.set(chosen)
            record_touch(self.owner, person, Touch.Kind.IMPORTED, f"Connected on LinkedIn ({org.name})",
                         at=datetime.combine(connected, datetime.min.time(), tzinfo=self.now.tzinfo))
            self.people.append(person)
            self.by_org.setdefault(org.pk, []).append(person)

    def make_goals(self) -> None:
        for title, field, role, resume, description in cast.GOALS:
            self.goals.append(Goal.objects.create(
                owner=self.owner, title=title, field=field, target_role=role, resume_with_thank_you=resume,
                description=description,
            ))

    # -- what happened -----------------------------------------------------------------------------
    def send(self, person: Person, at: datetime, kind: str = "request", replied_after: timedelta | None = None) -> Message:
        replied = at + replied_after if replied_after is not None else None
        message = Message.objects.create(
            owner=self.owner, person=person, organization=person.organization, kind=kind, status="sent",
            channel="email", subject="A short question about your work", body=f"Hello {person.first_name}, …",
            sent_at=at, replied_at=replied if replied and replied < self.now else None,
        )
        label = "Request" if kind == "request" else "Follow-up"
        record_touch(self.owner, person, f"{kind}_sent", f"{label} sent to {person.first_name}", at=at, message=message)
        if message.replied_at:
            record_touch(self.owner, person, Touch.Kind.REPLY, f"{person.first_name} replied", at=message.replied_at, message=message)
        if person.stage == Person.Stage.NEW:
            person.stage = Person.Stage.CONTACTED
            person.save(update_fields=["stage"])
        return message

    def meet(self, person: Person, at: datetime, goal: Goal, *, held: bool, notes: str = "", thanked: bool = False,
             plan_finished: bool = False, state: str | None = None) -> Conversation:
        conversation = Conversation.objects.create(
            owner=self.owner, person=person, goal=goal, state=state or ("held" if held else "scheduled"),
            scheduled_at=at, minutes=self.rng.choice((20, 20, 30, 15)), timezone=person.timezone,
            notes=notes, plan_finished=plan_finished, held_at=at if held else None,
            thanked_at=at + timedelta(hours=self.rng.randint(3, 20)) if thanked else None,
            purpose="career", ical_uid=f"demo-{person.pk}-{int(at.timestamp())}@coffeechat",
        )
        record_touch(self.owner, person, Touch.Kind.SCHEDULED, f"Conversation set for {at:%a %d %b, %H:%M} UTC",
                     at=min(at - timedelta(days=4), self.now), conversation=conversation)
        if held:
            record_touch(self.owner, person, Touch.Kind.HELD, f"Talked with {person.first_name} for {conversation.minutes} minutes",
                         at=at, conversation=conversation)
            person.stage = Person.Stage.MET if person.stage != Person.Stage.MENTOR else person.stage
            person.save(update_fields=["stage"])
        if thanked and conversation.thanked_at:
            Message.objects.create(owner=self.owner, person=person, organization=person.organization,
                                   conversation=conversation, kind="thank_you", status="sent", channel="email",
                                   subject="Thank you", body="…", sent_at=conversation.thanked_at)
            record_touch(self.owner, person, Touch.Kind.THANKED, f"Thanked {person.first_name}", at=conversation.thanked_at,
                         conversation=conversation)
        return conversation

    def history(self) -> None:
        rng = self.rng
        contacted = rng.sample(self.people, 90)
        for index, person in enumerate(contacted[:60]):
            sent = business_days_before(self.now, rng.randint(12, 70)).replace(hour=rng.randint(8, 17))
            replied_after = timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 9))) if index % 10 < 3 else None
            message = self.send(person, sent, replied_after=replied_after)
            if replied_after is None:
                # An attentive user: one follow-up after 7 business days, and a second person tried.
                follow = sent + timedelta(days=11)
                if follow < self.now:
                    self.send(person, follow, kind="follow_up",
                              replied_after=timedelta(days=2) if index % 6 == 0 else None)
                ActionState.objects.create(owner=self.owner, action_key=f"next_contact:message:{message.pk}",
                                           done_at=sent + timedelta(days=5))
            if message.replied_at:
                goal = self.goals[index % 3]
                held_at = message.replied_at + timedelta(days=rng.randint(4, 10))
                if held_at < self.now - timedelta(days=2):
                    insight = cast.INSIGHTS[index % len(cast.INSIGHTS)]
                    conversation = self.meet(person, held_at, goal, held=True, thanked=True,
                                             notes=f"{insight[0]} Suggested I stay in touch.", plan_finished=True)
                    Insight.objects.create(owner=self.owner, conversation=conversation, person=person, goal=goal,
                                           text=insight[0], theme=insight[1], skill=insight[2])
                    Note.objects.create(owner=self.owner, person=person, conversation=conversation, goal=goal,
                                        body=f"Warm and direct. {insight[0]}")
        self.scenarios(contacted[60:])

    def scenarios(self, pool: list[Person]) -> None:
        """Situations that make every kind of due action appear today."""
        goal_news, goal_policy, goal_hill = self.goals
        at = self.now.replace(minute=0)
        local = self.now.astimezone(zone(get_setting(self.owner, "timezone")))

        def local_day(days: int, hour: int) -> datetime:
            return datetime.combine(local.date() + timedelta(days=days), time(hour), tzinfo=local.tzinfo)

        # Waiting for replies: 4 and 8 business days ago (second contact, then follow-up), at
        # organisations where nobody has answered yet (a reply there would stop the clock).
        replied_orgs = set(Message.objects.owned_by(self.owner).filter(replied_at__isnull=False)
                           .values_list("organization_id", flat=True))
        quiet = [p for p in pool if p.organization_id not in replied_orgs]
        for person, days in zip(quiet, (4, 8, 2, 5)):
            self.send(person, business_days_before(at, days).replace(hour=10))
            pool.remove(person)
        # Coming up: in two days (confirm), tomorrow without a plan (prepare).
        self.meet(pool[4], local_day(2, 11), goal_news, held=False)
        tomorrow = self.meet(pool[5], local_day(1, 15), goal_policy, held=False)
        Conversation.objects.filter(pk=tomorrow.pk).update(confirmed_at=at - timedelta(days=1))
        self.meet(pool[6], local_day(6, 10), goal_hill, held=False, plan_finished=True)
        # Just happened: notes to log, a thank-you to write.
        self.meet(pool[7], at - timedelta(hours=3), goal_news, held=False)
        talked = self.meet(pool[8], at - timedelta(days=8), goal_hill, held=True, thanked=True,
                           notes="Hill offices read every résumé that comes through a referral.")
        Insight.objects.create(owner=self.owner, conversation=talked, person=pool[8], goal=goal_hill,
                               text=cast.INSIGHTS[5][0], theme=cast.INSIGHTS[5][1], skill=cast.INSIGHTS[5][2])
        self.meet(pool[9], at - timedelta(days=9), goal_policy, held=False, state="cancelled")
        self.meet(pool[16], at - timedelta(hours=26), goal_news, held=True, notes="Generous with time; suggested the data desk.")
        Conversation.objects.create(owner=self.owner, person=pool[10], goal=goal_news, state="proposed", minutes=20)
        # Referral chains: pool[8] pointed to two people; one contacted, one not yet.
        for referrer, referred, contacted in ((pool[8], pool[11], None), (pool[8], pool[12], at - timedelta(days=6)),
                                              (pool[12], pool[13], None)):
            referral = Referral.objects.create(
                owner=self.owner, from_person=referrer, to_person=referred, conversation=talked,
                contacted_at=contacted, note=f"{referrer.first_name} suggested talking to {referred.first_name}")
            # Recorded right after the conversation, not at demo-build time.
            assert talked.scheduled_at is not None  # the demo schedules every conversation it holds
            Referral.objects.filter(pk=referral.pk).update(created_at=talked.scheduled_at + timedelta(hours=1))
            referred.referred_by = referrer
            referred.how_known = Person.HowKnown.REFERRAL
            referred.save(update_fields=["referred_by", "how_known"])
            record_touch(self.owner, referred, Touch.Kind.REFERRAL, f"Referred by {referrer.full_name}", at=at - timedelta(days=1))
        # Mentors and relationships with a cadence, one past due.
        for person, last in ((pool[14], 130), (pool[15], 20)):
            person.stage = Person.Stage.MENTOR
            person.cadence_days = 90
            person.save(update_fields=["stage", "cadence_days"])
            record_touch(self.owner, person, Touch.Kind.NOTE, "Caught up over coffee", at=at - timedelta(days=last))
        # The user's own commitments.
        for offset, title in zip((-1, 0, 3, 10), cast.COMMITMENTS):
            Task.objects.create(owner=self.owner, title=title, due=(at + timedelta(days=offset)).date(),
                                person=pool[8] if offset < 1 else None)

    def learning(self) -> None:
        """Goal questions (some answered in held conversations), dated reflections, confidence that grows."""
        held = list(Conversation.objects.owned_by(self.owner).filter(state="held").order_by("scheduled_at", "id"))
        for goal_index, goal in enumerate(self.goals):
            questions = [Question.objects.create(owner=self.owner, goal=goal, category="career_path", text=text)
                         for text in cast.GOAL_QUESTIONS[goal_index]]
            for days, body in cast.REFLECTIONS[goal_index]:
                reflection = GoalReflection.objects.create(owner=self.owner, goal=goal, body=body)
                GoalReflection.objects.filter(pk=reflection.pk).update(created_at=self.now - timedelta(days=days))
            answered = [c for c in held if c.goal_id == goal.pk][:2]
            for conversation in answered:
                PlanItem.objects.create(owner=self.owner, conversation=conversation, position=1, text=questions[0].text,
                                        category="goal", answered=True, rating=4)
        for index, conversation in enumerate(held):
            # Nervous at first, steadier with practice: the trend the analytics page draws.
            before = min(5, 2 + index * 3 // max(len(held), 1))
            Conversation.objects.filter(pk=conversation.pk).update(
                confidence_before=before, confidence_after=min(5, before + 1 + index % 2))


@transaction.atomic
def build_demo(owner: User, *, seed: int = 2026, progress: Callable[[str], None] = lambda _: None) -> str:
    """Fill ``owner``'s empty practice with the demo story; returns a one-line summary."""
    if Person.objects.owned_by(owner).exists():
        raise DemoRefused("this practice already has people in it; the demo only fills an empty one")
    builder = _DemoBuilder(owner, seed)
    progress("organisations and goals")
    orgs = builder.organisations()
    builder.make_goals()
    progress("200 people")
    builder.network(orgs)
    progress("requests, replies, conversations and referrals")
    builder.history()
    progress("questions, reflections and confidence")
    builder.learning()
    people = Person.objects.owned_by(owner).count()
    conversations = Conversation.objects.owned_by(owner).count()
    return f"{people} people at {len(orgs)} organisations, {conversations} conversations, 3 goals"
