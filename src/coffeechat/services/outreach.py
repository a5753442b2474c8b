"""Writing and sending a request: a draft from a template, the rules check, and three ways to send it.

The templates and the checker are pure (``core.request_templates``, ``core.message_rules``); this module
fills a template from the person, their organisation, the user's goal and settings, and records a sent
message so the follow-up clock starts. A first message never carries an attachment: nothing here can
attach one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db import transaction

from coffeechat.core.message_rules import MODES, MessageContext, RuleResult, check_message
from coffeechat.core.request_templates import RequestContext, render_request
from coffeechat.models import Goal, Message, Person
from coffeechat.services.logbook import log_sent
from coffeechat.services.mail import send_mail_as_user
from coffeechat.services.preferences import all_settings

REQUEST_TEMPLATES = ("alumni", "referral", "cold", "journalism", "politics")
# How a goal's field pack reads as the broad side of the user's interest.
BROAD_BY_FIELD = {
    "newsroom_politics": "news and politics",
    "tech": "technology",
    "public_policy": "public policy",
    "finance": "finance",
    "nonprofit": "the nonprofit world",
}
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


def default_template(person: Person, goal: Goal | None = None) -> str:
    """The template that fits how the user knows ``person``: alumni, referral, a field's, or cold."""
    if person.how_known == Person.HowKnown.REFERRAL or person.referred_by_id:
        return "referral"
    if person.how_known == Person.HowKnown.ALUMNI:
        return "alumni"
    if goal is not None and goal.field == "newsroom_politics":
        return "journalism"
    return "cold"


def find_goal(owner: Any, reference: str | int | None) -> Goal | None:
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
    """The narrow and the broad side of the user's interest, from their goal."""
    if goal is None:
        return DEFAULT_NARROW, DEFAULT_BROAD
    narrow = _lower_first((goal.target_role or goal.title).strip()) or DEFAULT_NARROW
    broad = BROAD_BY_FIELD.get(goal.field, "")
    if not broad and goal.target_role and goal.title.strip().casefold() != goal.target_role.strip().casefold():
        broad = _lower_first(goal.title.strip())
    return narrow, broad or DEFAULT_BROAD


def request_context(owner: Any, person: Person, *, template: str, goal: Goal | None = None, connection: str = "",
                    narrow: str = "", broad: str = "") -> RequestContext:
    """Everything a template can fill, from the person, their organisation, the goal and the settings."""
    settings = all_settings(owner)
    goal_narrow, goal_broad = goal_phrases(goal)
    organisation = person.organization.name if person.organization else ""
    referrer = person.referred_by.full_name if person.referred_by_id and person.referred_by else ""
    if not connection:
        if template == "cold":
            connection = f"work at {organisation}" if organisation else "work"
        elif template != "referral":
            connection = settings["your_school"]
    return RequestContext(
        recipient_first_name=person.first_name or person.full_name,
        organisation=organisation or "your organisation",
        user_name=settings["your_name"] or "(your name)",
        connection=connection.strip(),
        referrer_name=referrer if template in ("referral", "journalism", "politics") else "",
        goal_narrow=(narrow or goal_narrow).strip(),
        goal_broad=(broad or goal_broad).strip(),
        minutes=int(settings["meeting_minutes"]),
    )


def compose(owner: Any, person: Person, *, template: str | None = None, goal: Goal | None = None,
            connection: str = "", narrow: str = "", broad: str = "") -> Composition:
    """A draft request to ``person``, filled from the chosen template (default: the one that fits)."""
    chosen = template or default_template(person, goal)
    if chosen not in REQUEST_TEMPLATES:
        raise OutreachError(f"unknown template {chosen!r}: choose one of {', '.join(REQUEST_TEMPLATES)}")
    ctx = request_context(owner, person, template=chosen, goal=goal, connection=connection, narrow=narrow,
                          broad=broad)
    try:
        draft = render_request(chosen, ctx)
    except ValueError as error:
        hint = {
            "connection": "set your school (coffeechat settings set your_school \"Northwestern\") or give a connection",
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


def record_sent(owner: Any, person: Person, *, subject: str, body: str, template: str = "",
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


def send_by_email(owner: Any, person: Person, *, subject: str, body: str, template: str = "") -> Message:
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
