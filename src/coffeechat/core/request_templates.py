"""Starter drafts for the messages of the outreach workflow, written to pass the 6-point check.

Five first-request templates (alumni, referral, cold, journalism, politics), one follow-up for the single
reminder at +7 business days, and ``keep_in_touch``: a short keep-in-touch note for a later touch that
reports what the user did with the advice (docs/practice.md §4.8).

Each request draft opens with the connection, keeps the user's own sentences few, names the goal narrowly
and then broadly, and asks a question. The journalism and politics drafts also say the conversation is for
career planning, not for a story (docs/practice.md §4.9). A draft is a starting point: the user edits it, and the
service runs ``check_message`` on whatever is finally sent, because long names or goals can push any
template over the word limit.

For a cold message, ``connection`` is something of the recipient's that the user knows: "article on
rural hospitals", "talk at the ONA conference"; it is read after "Your". ``school`` is the school or group
the user shares with an alum, and only an alumni draft (or a field draft to an alum) names it: a stranger
is never called a fellow alum. The journalism and politics drafts open with whatever the record holds —
the referrer, else the shared school, else the recipient's work — and speak of the field in the goal's
words (``field_words``), so a policy goal never says "a career in news".
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from coffeechat.core.message_rules import MessageContext
from coffeechat.core.wording import with_article

DEFAULT_MINUTES = 20


@dataclass(frozen=True)
class RequestContext:
    """Everything a template can fill in; which fields are needed depends on the template."""

    recipient_first_name: str = ""
    organisation: str = ""
    user_name: str = ""
    connection: str = ""
    school: str = ""  # the school or group shared with an alum; only then is anyone a "fellow alum"
    referrer_name: str = ""
    field_words: str = ""  # the goal's field as words: "news", "politics", "public policy"
    goal_narrow: str = ""
    goal_broad: str = ""
    minutes: int = DEFAULT_MINUTES
    update: str = ""  # keep_in_touch only: what the user did with the advice

    def message_context(self) -> MessageContext:
        """The checker's view of this context, so a rendered draft can be checked against it."""
        return MessageContext(
            connection=self.school or self.connection or None,
            referrer_name=self.referrer_name or None,
            recipient_first_name=self.recipient_first_name or None,
            recipient_organisation=self.organisation or None,
            goal_narrow=self.goal_narrow or None,
            goal_broad=self.goal_broad or None,
        )


@dataclass(frozen=True)
class Draft:
    """A message ready to edit: a subject line and a plain-text body."""

    subject: str
    body: str


@dataclass(frozen=True)
class RequestTemplate:
    """One template: its id, what it is for, the context fields it needs, and its wording."""

    id: str
    title: str
    description: str
    kind: str  # "request", "follow_up" or "keep_in_touch"
    required: tuple[str, ...]
    subject: str
    body: str
    # Alternatives: at least one of these fields must be filled (e.g. a school or a referrer).
    one_of: tuple[str, ...] = field(default=())


_REQUEST_FIELDS = ("recipient_first_name", "organisation", "user_name", "goal_narrow", "goal_broad")
_SIGN_OFF = "\n\nBest,\n{user_name}"

TEMPLATES: dict[str, RequestTemplate] = {
    template.id: template
    for template in (
        RequestTemplate(
            id="alumni",
            title="A fellow alum",
            description="For someone who went to your school or belongs to a group you share.",
            kind="request",
            required=(*_REQUEST_FIELDS, "school"),
            subject="A fellow {school} alum asking for your advice",
            body=(
                "Hi {recipient_first_name},\n\n"
                "As a fellow {school} alum, I was glad to see your work at {organisation}. "
                "I'm exploring {goal_narrow} and, more broadly, {goal_broad}. "
                "Would you be open to {a_minutes} conversation in the coming weeks to share your insight "
                "on how you got where you are? Your advice would mean a lot." + _SIGN_OFF
            ),
        ),
        RequestTemplate(
            id="referral",
            title="Referred by someone",
            description="For someone a contact suggested you talk to; their name opens the message.",
            kind="request",
            required=(*_REQUEST_FIELDS, "referrer_name"),
            subject="{referrer_name} suggested I write to you",
            body=(
                "Hi {recipient_first_name},\n\n"
                "{referrer_name} suggested I reach out to you, since you know {organisation} from the inside. "
                "I'm exploring {goal_narrow} and, more broadly, {goal_broad}. "
                "Would you be willing to spend {minutes} minutes sharing your advice on how you built your "
                "career there?" + _SIGN_OFF
            ),
        ),
        RequestTemplate(
            id="cold",
            title="No connection yet",
            description="For someone you know only through their work; open with that work.",
            kind="request",
            required=(*_REQUEST_FIELDS, "connection"),
            subject="Your {connection}",
            body=(
                "Hi {recipient_first_name},\n\n"
                "Your {connection} is the reason I'm writing to you. "
                "I'm exploring {goal_narrow} and, more broadly, {goal_broad}. "
                "Could you spare {minutes} minutes in the next few weeks to share your insight on the path "
                "that took you to {organisation}? Your perspective would help a great deal." + _SIGN_OFF
            ),
        ),
        RequestTemplate(
            id="journalism",
            title="A reporter or editor",
            description="Asking a journalist about their career, made clear it is not for a story.",
            kind="request",
            required=_REQUEST_FIELDS,
            one_of=("connection", "school", "referrer_name"),
            subject="A career question about your work at {organisation}",
            body=(
                "Hi {recipient_first_name},\n\n"
                "{opener} What you do there is the kind of work I hope to do. "
                "I'm exploring {goal_narrow} and, more broadly, {goal_broad}, for career planning, "
                "not for a story. Could I ask for {minutes} minutes of your advice on how you built "
                "your career{in_field}?" + _SIGN_OFF
            ),
        ),
        RequestTemplate(
            id="politics",
            title="A staffer or campaign worker",
            description="Asking someone on a staff or a campaign about their path; not for a story.",
            kind="request",
            required=_REQUEST_FIELDS,
            one_of=("connection", "school", "referrer_name"),
            subject="A question about your path to {organisation}",
            body=(
                "Hi {recipient_first_name},\n\n"
                "{opener} Your work shows the side of {field} I most want to understand. "
                "I'm exploring {goal_narrow} and, more broadly, {goal_broad}, for career "
                "planning only. Would you share your advice, over {minutes} minutes by phone or coffee, on how "
                "you found your way into that work?" + _SIGN_OFF
            ),
        ),
        RequestTemplate(
            id="follow_up",
            title="The one follow-up",
            description="The single reminder to someone who has not replied after seven business days.",
            kind="follow_up",
            required=("recipient_first_name", "user_name", "goal_narrow"),
            subject="Following up: {minutes} minutes of your advice?",
            body=(
                "Hi {recipient_first_name},\n\n"
                "I'm writing once more in case my earlier note got buried. Would you have {minutes} minutes "
                "in the next few weeks to share your advice on {goal_narrow}? Your view would help, and I "
                "will not write again if now is not a good time." + _SIGN_OFF
            ),
        ),
        RequestTemplate(
            id="keep_in_touch",
            title="Keeping in touch",
            description="A short later note that tells them what you did with their advice.",
            kind="keep_in_touch",
            required=("recipient_first_name", "user_name", "goal_narrow", "update"),
            subject="An update since we spoke",
            body=(
                "Hi {recipient_first_name},\n\n"
                "A quick update since we talked about {goal_narrow}: {update}. Your advice had a real part in "
                "it, and I wanted you to know. I hope all is well with you." + _SIGN_OFF
            ),
        ),
    )
}


def _opener(ctx: RequestContext) -> str:
    # The journalism and politics drafts open with whichever connection the record holds, the referrer
    # first because a name the recipient knows is the strongest opening; an alum's school next; otherwise
    # the recipient's own work, as a cold request does. Never "fellow alum" without a shared school.
    if ctx.referrer_name.strip():
        return f"{ctx.referrer_name.strip()} suggested I write to you at {ctx.organisation.strip()}."
    if ctx.school.strip():
        return f"As a fellow {ctx.school.strip()} alum, I have followed your work at {ctx.organisation.strip()}."
    return f"Your {ctx.connection.strip()} is the reason I'm writing to you."


def missing_fields(template: RequestTemplate, ctx: RequestContext) -> list[str]:
    """The context fields ``template`` needs that ``ctx`` leaves empty."""
    missing = [name for name in template.required if not str(getattr(ctx, name)).strip()]
    if template.one_of and not any(str(getattr(ctx, name)).strip() for name in template.one_of):
        missing.append(" or ".join(template.one_of))
    return missing


def render_request(template_id: str, ctx: RequestContext) -> Draft:
    """Fill template ``template_id`` from ``ctx``; a ValueError names a missing field or unknown id."""
    template = TEMPLATES.get(template_id)
    if template is None:
        raise ValueError(f"unknown template {template_id!r}: choose one of {', '.join(TEMPLATES)}")
    missing = missing_fields(template, ctx)
    if missing:
        raise ValueError(f"the {template_id} template needs: {', '.join(missing)}")
    if ctx.minutes < 1:
        raise ValueError(f"a conversation needs at least 1 minute, not {ctx.minutes}")
    values = {item.name: str(getattr(ctx, item.name)).strip() for item in fields(ctx)}
    values["update"] = values["update"].rstrip(".")
    values["opener"] = _opener(ctx)
    values["a_minutes"] = with_article(f"{ctx.minutes}-minute")
    values["in_field"] = f" in {values['field_words']}" if values["field_words"] else ""
    values["field"] = values["field_words"] or "this field"
    return Draft(subject=template.subject.format(**values), body=template.body.format(**values))
