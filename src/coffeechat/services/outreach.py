"""Writing and sending a request: a draft from a template, the rules check, and three ways to send it.

The templates and the checker are pure (``core.request_templates``, ``core.message_rules``); this module
fills a template from the person, their organisation, the user's goal and settings, and records a sent
message so the follow-up clock starts. A first message never carries an attachment: nothing here can
attach one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.db import transaction

from coffeechat.core.message_rules import MODES, MessageContext, RuleResult, check_message
from coffeechat.core.request_templates import RequestContext, render_request
from coffeechat.core.wording import NAME_PLACEHOLDER, title_mid_sentence, with_article
from coffeechat.models import Goal, Message, Person, Referral
from coffeechat.services.logbook import log_sent
from coffeechat.services.mail import send_mail_as_user
from coffeechat.services.preferences import all_settings

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REQUEST_TEMPLATES = ("alumni", "referral", "cold", "journalism", "politics")
# How a goal's field pack reads as words ("a career in public policy").
FIELD_WORDS = {
    "newsroom_politics": "news and politics",
    "tech": "technology",
    "public_policy": "public policy",
    "finance": "finance",
    "nonprofit": "the nonprofit world",
}
# newsroom_politics covers two trades; the goal's own words say which one it is about.
_NEWS_WORDS = re.compile(r"journalis|report|newsroom|\bnews|editor|producer|\bdesk\b|media|press\b|broadcast", re.I)
_POLITICS_WORDS = re.compile(r"legislat|\bhill\b|capitol|congress|senat|campaign|staff|politic|government|"
                             r"\bpolicy\b|lobby", re.I)
DEFAULT_NARROW = "the work you do"
DEFAULT_BROAD = "careers in your field"


class OutreachError(ValueError):
    """A draft or a send that cannot go ahead; the message says what is missing."""


@dataclass(frozen=True)
class Composition:
    """A filled draft, the template it came from, and what the checker should know about it."""

    template: str
    subject: str
    body: str
    context: RequestContext

    @property
    def message_context(self) -> MessageContext:
        """The checker's view of the draft's context."""
        return self.context.message_context()


def referrer_of(person: Person) -> Person | None:
    """Who referred the user to ``person``: ``referred_by``, else the latest referral on record, else None."""
    if person.referred_by_id:
        return person.referred_by
    referral = (
        Referral.objects.filter(owner_id=person.owner_id, to_person=person)
        .select_related("from_person").order_by("-created_at", "-id").first()
    )
    return referral.from_person if referral is not None else None


def field_words(goal: Goal | None) -> str:
    """The goal's field in words ("news", "politics", "public policy"), or "" when the goal names none."""
    if goal is None:
        return ""
    words = FIELD_WORDS.get(goal.field, "")
    if goal.field == "newsroom_politics":
        text = " ".join((goal.target_role, goal.title, goal.description))
        news, politics = bool(_NEWS_WORDS.search(text)), bool(_POLITICS_WORDS.search(text))
        if news != politics:
            words = "news" if news else "politics"
    return words


def how_known_template(person: Person) -> str:
    """The template the record supports: referral if someone referred them, alumni for an alum, else cold."""
    if referrer_of(person) is not None:
        return "referral"
    if person.how_known == Person.HowKnown.ALUMNI:
        return "alumni"
    return "cold"


def default_template(person: Person, goal: Goal | None = None) -> str:
    """The template that fits: referral or alumni when the record says so, else the goal's field
    (journalism for a news goal, politics for a politics goal), else cold."""
    fitting = how_known_template(person)
    if fitting != "cold":
        return fitting
    words = field_words(goal)
    if words == "news":
        return "journalism"
    if words == "politics":
        return "politics"
    return "cold"


def contradiction(person: Person, template: str) -> str | None:
    """Why the record rules ``template`` out for ``person`` (None when it does not)."""
    if template == "alumni" and person.how_known != Person.HowKnown.ALUMNI:
        how = Person.HowKnown(person.how_known).label.lower() if person.how_known in Person.HowKnown.values else person.how_known
        return (
            f"{person.full_name} is not recorded as an alum of your school (how known: {how}), so the alumni "
            f"template would call a stranger a fellow alum; use the {how_known_template(person)} template, or, if "
            f"you do share a school, record it first: coffeechat edit \"{person.full_name}\" --how alumni"
        )
    if template == "referral" and referrer_of(person) is None:
        return (
            f"nobody is recorded as having referred you to {person.full_name}, so the referral template would "
            f"name a referrer who does not exist; log who did (coffeechat log referral FROM \"{person.full_name}\") "
            f"or use the {how_known_template(person)} template"
        )
    return None


def find_goal(owner: User, reference: str | int | None) -> Goal | None:
    """The goal the user means (an id or a piece of its title); None asks for the first active goal."""
    goals = Goal.objects.owned_by(owner).filter(archived=False).order_by("id")
    if reference in (None, ""):
        return goals.first()
    text = str(reference).strip()
    found = goals.filter(pk=int(text)).first() if text.isdigit() else goals.filter(title__icontains=text).first()
    if found is None:
        raise OutreachError(f"no active goal matches {text!r}")
    return found


def _lower_first(text: str) -> str:
    # "Data journalism" reads as "data journalism" mid-sentence; "NGO work" keeps its capitals.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def goal_phrases(goal: Goal | None) -> tuple[str, str]:
    """The narrow and the broad side of the user's interest, from their goal.

    The narrow side reads after "I'm exploring": "work as a data reporter" from the target role, else the
    goal's title ("data journalism at a metro newsroom"). The broad side is the field ("careers in public
    policy"), else the title when the role was the narrow side.
    """
    if goal is None:
        return DEFAULT_NARROW, DEFAULT_BROAD
    role = " ".join(goal.target_role.split())
    title = " ".join(goal.title.split())
    narrow = f"work as {with_article(title_mid_sentence(role))}" if role else _lower_first(title)
    words = field_words(goal)
    broad = f"careers in {words}" if words else ""
    if not broad and role and title.casefold() != role.casefold():
        broad = _lower_first(title)
    return narrow or DEFAULT_NARROW, broad or DEFAULT_BROAD


def request_context(owner: User, person: Person, *, template: str, goal: Goal | None = None, connection: str = "",
                    narrow: str = "", broad: str = "") -> RequestContext:
    """Everything a template can fill, from the person, their organisation, the goal and the settings.

    Only what the record supports goes in: the shared school only for an alum, the referrer only when
    someone referred them.
    """
    settings = all_settings(owner)
    goal_narrow, goal_broad = goal_phrases(goal)
    organisation = person.organization.name if person.organization else ""
    referrer = referrer_of(person)
    is_alum = person.how_known == Person.HowKnown.ALUMNI
    school = ""
    if template == "alumni" or (template in ("journalism", "politics") and is_alum and referrer is None):
        school = (connection if template == "alumni" else "") or settings["your_school"]
    if template != "alumni" and not connection:
        connection = f"work at {organisation}" if organisation else "work"
    return RequestContext(
        recipient_first_name=person.first_name or person.full_name,
        organisation=organisation or "your organisation",
        user_name=settings["your_name"] or NAME_PLACEHOLDER,
        connection=connection.strip() if template != "alumni" else "",
        school=school.strip(),
        referrer_name=referrer.full_name if referrer is not None and template in ("referral", "journalism", "politics") else "",
        goal_narrow=(narrow or goal_narrow).strip(),
        goal_broad=(broad or goal_broad).strip(),
        field_words=field_words(goal),
        minutes=int(settings["meeting_minutes"]),
    )


def compose(owner: User, person: Person, *, template: str | None = None, goal: Goal | None = None,
            connection: str = "", narrow: str = "", broad: str = "") -> Composition:
    """A draft request to ``person``, filled from the chosen template (default: the one that fits)."""
    chosen = template or default_template(person, goal)
    if chosen not in REQUEST_TEMPLATES:
        raise OutreachError(f"unknown template {chosen!r}: choose one of {', '.join(REQUEST_TEMPLATES)}")
    refused = contradiction(person, chosen)
    if refused:
        raise OutreachError(refused)
    ctx = request_context(owner, person, template=chosen, goal=goal, connection=connection, narrow=narrow,
                          broad=broad)
    try:
        draft = render_request(chosen, ctx)
    except ValueError as error:
        hint = {
            "school": "set your school (coffeechat settings set your_school \"Northwestern\") or give it with --connection",
            "referrer_name": "record who referred you (coffeechat log referral FROM TO) or pick another template",
        }
        extra = "; ".join(text for key, text in hint.items() if key in str(error))
        raise OutreachError(f"{error}{': ' + extra if extra else ''}") from error
    return Composition(template=chosen, subject=draft.subject, body=draft.body, context=ctx)


def check(text: str, mode: str, context: MessageContext | None = None) -> list[RuleResult]:
    """Every rule of ``mode`` (5point or 6point) applied to ``text``, each pass or fail with the reason."""
    if mode not in MODES:
        raise OutreachError(f"unknown mode {mode!r}: use 5point or 6point")
    return check_message(text, mode, context)  # type: ignore[arg-type]


def rule_as_json(result: RuleResult) -> dict[str, Any]:
    """The stable JSON shape of one rule's verdict (docs/json.md)."""
    return {"rule": result.rule_id, "label": result.label, "passed": result.passed, "reason": result.reason}


def mailto_link(address: str, subject: str, body: str) -> str:
    """A ``mailto:`` link that opens the user's mail client with the recipient, subject and text filled in."""
    # RFC 6068: percent-encode everything, line breaks as %0D%0A.
    text = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}&body={quote(text, safe='')}"


def record_sent(owner: User, person: Person, *, subject: str, body: str, template: str = "",
                channel: str = "email") -> Message:
    """The user sent the request themselves (mail client, copy and paste): log it and start the clock."""
    if not body.strip():
        raise OutreachError("the message is empty")
    with transaction.atomic():
        message = log_sent(owner, person, kind=Message.Kind.REQUEST, subject=subject.strip(), body=body,
                           channel=channel)
        if template:
            message.template = template[:40]
            message.save(update_fields=["template", "updated_at"])
    return message


def send_by_email(owner: User, person: Person, *, subject: str, body: str, template: str = "") -> Message:
    """Send the request through the user's SMTP server, then log it (nothing is logged if sending fails)."""
    address = person.primary_email
    if not address:
        raise OutreachError(f"{person.full_name} has no email address on file")
    if not subject.strip():
        raise OutreachError("the message needs a subject")
    if not body.strip():
        raise OutreachError("the message is empty")
    send_mail_as_user(owner, to=[address], subject=subject.strip(), text=body)
    return record_sent(owner, person, subject=subject, body=body, template=template, channel="email")
