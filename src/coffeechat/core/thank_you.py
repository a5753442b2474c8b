"""Thank-you notes and the later messages that close the loop (docs/practice.md §4.7 and §4.8).

A thank-you is due within 24 hours of the conversation (three days at the very latest). The draft names
what the user captured during the conversation: an insight, a piece of advice and what the user will do
with it, a referral and whether it has been followed up. A résumé sentence appears only when the goal's
field expects one (Capitol Hill offices do; most fields do not unless asked).

``draft_report_back`` tells a person what the user did with their advice or that their referral was
contacted; ``draft_good_news`` tells everyone who helped that the user landed something.

Captured items are inserted after a colon or as sentences of their own, so they read well whether the
user wrote a phrase ("build a clip file") or a sentence ("Most hires come through the fellowship.").
Commitments read best as what the user will do ("send my clips to Dana"). The wording is fixed, never
drawn at random: the same context always gives the same draft, which the user then edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from coffeechat.core.request_templates import Draft

DUE_HOURS = 24
LATEST_HOURS = 72
# Shown when nothing specific was captured: a thank-you must cite something the person said.
SPECIFIC_PLACEHOLDER = "[Add one specific thing they said that helped you, and what you will do with it.]"
# Two of each is enough to show the user listened; a longer list reads like minutes of a meeting.
MOST_ITEMS = 2

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

ThankYouState = Literal["sent", "due", "late", "very_late"]


@dataclass(frozen=True)
class CapturedReferral:
    """Someone the person suggested the user talk to, and whether the user has already written to them."""

    name: str
    contacted: bool = False


@dataclass(frozen=True)
class ThankYouContext:
    """What a thank-you draft can draw on: who, when, what was captured, and the goal's résumé setting."""

    user_name: str
    recipient_first_name: str
    organisation: str = ""
    conversation_date: date | None = None
    goal: str = ""
    insights: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()
    referrals: tuple[CapturedReferral, ...] = ()
    commitments: tuple[str, ...] = ()
    include_resume: bool = False


def thank_you_due(held_end: datetime, hours: int = DUE_HOURS) -> datetime:
    """When the thank-you should be sent by: ``hours`` after the conversation ended."""
    return held_end + timedelta(hours=hours)


def thank_you_state(
    held_end: datetime,
    now: datetime,
    thanked_at: datetime | None = None,
    due_hours: int = DUE_HOURS,
    latest_hours: int = LATEST_HOURS,
) -> ThankYouState:
    """Where a thank-you stands: "sent", "due" (still on time), "late" (past the due time but within the
    latest), or "very_late" (past the latest: still worth sending, but it should not wait any longer)."""
    if thanked_at is not None:
        return "sent"
    if now <= thank_you_due(held_end, due_hours):
        return "due"
    if now <= thank_you_due(held_end, latest_hours):
        return "late"
    return "very_late"


def draft_thank_you(ctx: ThankYouContext) -> Draft:
    """A thank-you that cites what was captured, says how the advice will be used, mentions referrals,
    and offers a résumé only when the goal's field expects one."""
    opening = "Thank you for taking the time to talk with me"
    if ctx.conversation_date is not None:
        opening += f" on {spoken_date(ctx.conversation_date)}"
        # the date ends in a day number, so a comma keeps it from running into the goal
        opening += "," if ctx.goal.strip() else ""
    opening += f" about {ctx.goal.strip()}." if ctx.goal.strip() else "."
    if ctx.organisation.strip():
        opening += (
            f" Hearing how the work really happens at {ctx.organisation.strip()} was exactly what I needed."
        )

    specifics = [
        sentence
        for sentence in (_insight_sentence(ctx.insights), _advice_sentence(ctx.advice, ctx.commitments))
        if sentence
    ]
    paragraphs = [opening, " ".join(specifics) or SPECIFIC_PLACEHOLDER]
    referral = _referral_sentence(ctx.referrals)
    if referral:
        paragraphs.append(referral)
    closing = "Thank you again for your generosity. I'll let you know how things go."
    if ctx.include_resume:
        closing = "I've attached my résumé in case it is useful to have on hand. " + closing
    paragraphs.append(closing)
    return Draft(
        subject=f"Thank you, {ctx.recipient_first_name}",
        body=_letter(ctx.recipient_first_name, paragraphs, ctx.user_name),
    )


def spoken_date(day: date) -> str:
    """A date the way a letter says it: "Tuesday, 14 October"."""
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]}"


def _insight_sentence(insights: Sequence[str]) -> str:
    kept = _kept(insights)
    if not kept:
        return ""
    if len(kept) == 1:
        return f"One thing you said has stayed with me: {_phrase(kept[0])}."
    return "Two things you said have stayed with me. " + " ".join(_sentence(item) for item in kept)


def _advice_sentence(advice: Sequence[str], commitments: Sequence[str]) -> str:
    """The advice, then what the user will do with it: the commitments when there are some."""
    kept_advice, kept_commitments = _kept(advice), _kept(commitments)
    parts: list[str] = []
    if len(kept_advice) == 1:
        parts.append(f"I'm taking your advice to heart: {_phrase(kept_advice[0])}.")
    elif kept_advice:
        parts.append(
            "Two pieces of your advice are shaping my plans. " + " ".join(map(_sentence, kept_advice))
        )
    if kept_commitments:
        steps = [_commitment(item) for item in kept_commitments]
        lead = "As a first step" if kept_advice else "As a next step"
        parts.append(f"{lead}, {_join(steps)}.")
    elif kept_advice:
        parts.append("I'll put it into practice over the next few weeks.")
    return " ".join(parts)


def _referral_sentence(referrals: Sequence[CapturedReferral]) -> str:
    done = [r.name.strip() for r in referrals if r.contacted and r.name.strip()]
    pending = [r.name.strip() for r in referrals if not r.contacted and r.name.strip()]
    if not done and not pending:
        return ""
    sentences = [f"Thank you also for suggesting I speak with {_join(done + pending)}."]
    if done:
        sentences.append(
            f"I have already written to {_join(done)} and mentioned that you pointed me their way."
        )
    if pending:
        sentences.append(f"I will reach out to {_join(pending)} this week and say that you suggested it.")
    return " ".join(sentences)


def _commitment(text: str) -> str:
    """A commitment as the user will say it: "I will send my clips", whichever way it was typed."""
    phrase = _phrase(text)
    if phrase.lower().startswith(("i will ", "i'll ", "i’ll ", "i am going to ", "i'm going to ")):
        return "I" + phrase[1:]
    return f"I will {phrase[0].lower() + phrase[1:] if _is_plain_word_start(phrase) else phrase}"


def _kept(items: Sequence[str]) -> list[str]:
    return [item for item in (text.strip() for text in items) if item][:MOST_ITEMS]


def _phrase(text: str) -> str:
    """Captured text without its closing full stop, so the draft can add its own."""
    return " ".join(text.split()).rstrip(".")


def _sentence(text: str) -> str:
    """Captured text as a sentence: capital first letter, closing punctuation."""
    phrase = _phrase(text)
    phrase = phrase[0].upper() + phrase[1:] if phrase else phrase
    return phrase if phrase.endswith(("!", "?")) else phrase + "."


def _is_plain_word_start(phrase: str) -> bool:
    # "Send my clips" becomes "send my clips"; "SQL course" or "Dana's list" keep their capitals.
    first = phrase.split(" ", 1)[0]
    return first[:1].isupper() and first[1:].islower() and "'" not in first and "’" not in first


def _join(names: Sequence[str]) -> str:
    """ "Dana", "Dana and Luis", "Dana, Luis and Ada"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _letter(first_name: str, paragraphs: Sequence[str], user_name: str) -> str:
    greeting = f"Hi {first_name.strip()}," if first_name.strip() else "Hello,"
    return "\n\n".join([greeting, *paragraphs, f"Best,\n{user_name.strip()}"])
