"""The request-message checker: each proven rule for a first message, shown as pass or fail with why.

Two modes (docs/practice.md §4.3):

``5point`` (first edition of *The 2-Hour Job Search*)
    under 100 words; no mention of jobs; the connection comes first; the interest is general (no
    particular opening named); the sender keeps control of the follow-up.
``6point`` (second edition)
    under 75 words; asks for insight and advice, not job leads; the connection first; the request is a
    question ending in "?"; the interest is given both narrowly and broadly; more than half the words
    are about the recipient.

Both modes also flag an attachment or a résumé: a first message never carries one.

How the softer rules are judged (the word lists live in ``message_text``):

* *Connection first*: the connection (the school, group or referrer from the context, or a connection
  word such as "fellow" or "referred" when there is no context) must be in the first sentence of the
  body, after any "I hope you are well" or bare "My name is …" opener.
* *General interest*: fails when the message names a particular opening: "the … position", "the
  role you posted", "I applied", "job ID".
* *Sender keeps control*: fails when a phrase hands the next step away ("let me know when you're free",
  "at your convenience", "I look forward to hearing from you"); passes otherwise, and says so when the
  sender states they will follow up ("I'll follow up next week").
* *Narrow and broad*: with the goal's narrow and broad phrasings in the context, every meaningful word
  of each must appear; without them, the message needs an interest phrase ("interested in", "exploring")
  and a widening one ("more broadly", "in general").
* *About the recipient*: sentence by sentence, see ``message_text.recipient_share``; the share must be
  over one half.
"""

from __future__ import annotations

from dataclasses import dataclass

from coffeechat.core import message_text as mt
from coffeechat.core.message_text import (
    connection_position,
    count_words,
    ends_with_question,
    job_words_found,
    mentions_attachment,
    recipient_share,
)
from coffeechat.core.vocabulary import MODES, Mode

# The pure measuring functions live in message_text; they are re-exported so callers need one import.
__all__ = [
    "MODES",
    "WORD_LIMITS",
    "MessageContext",
    "Mode",
    "RuleResult",
    "all_passed",
    "check_message",
    "connection_position",
    "count_words",
    "ends_with_question",
    "job_words_found",
    "mentions_attachment",
    "recipient_share",
]

# Mode and MODES live in core/vocabulary.py (the CLI's --mode and the web form read them there too).
WORD_LIMITS: dict[Mode, int] = {"5point": 100, "6point": 75}


@dataclass(frozen=True)
class MessageContext:
    """What the checker knows about the message beyond its text; every field is optional."""

    connection: str | None = None
    referrer_name: str | None = None
    recipient_first_name: str | None = None
    recipient_organisation: str | None = None
    goal_narrow: str | None = None
    goal_broad: str | None = None
    has_attachment: bool = False

    def connection_phrases(self) -> list[str]:
        """The phrases that show the connection in the text (school or group, referrer)."""
        return [phrase for phrase in (self.connection, self.referrer_name) if phrase and phrase.strip()]

    def recipient_names(self) -> list[str]:
        """The names that point at the recipient (first name, organisation)."""
        names = (self.recipient_first_name, self.recipient_organisation)
        return [name for name in names if name and name.strip()]


@dataclass(frozen=True)
class RuleResult:
    """One rule applied to one draft: whether it passed and a sentence saying why."""

    rule_id: str
    label: str
    passed: bool
    reason: str


def _quoted(items: list[str]) -> str:
    return ", ".join(f'"{item}"' for item in items)


def check_length(text: str, limit: int) -> RuleResult:
    """Under ``limit`` words: ``limit - 1`` passes, ``limit`` fails."""
    words = mt.count_words(text)
    label = f"Under {limit} words"
    if words < limit:
        return RuleResult("length", label, True, f"{words} words, under the {limit}-word limit.")
    return RuleResult(
        "length", label, False, f"{words} words: cut at least {words - limit + 1} to get under {limit}."
    )


def check_no_jobs(text: str) -> RuleResult:
    """5-point: the message does not mention jobs at all."""
    found = mt.job_words_found(text)
    label = "No mention of jobs"
    if found:
        return RuleResult(
            "no_jobs", label, False, f"Mentions jobs ({_quoted(found)}); ask about the work instead."
        )
    return RuleResult("no_jobs", label, True, "Says nothing about jobs or openings.")


def check_insight_not_jobs(text: str) -> RuleResult:
    """6-point: asks for insight or advice, and not for job leads."""
    jobs = mt.job_words_found(text)
    advice = mt.advice_words_found(text)
    label = "Asks for insight and advice, not job leads"
    if jobs:
        reason = f"Mentions jobs ({_quoted(jobs)}): ask for their insight and advice instead."
        return RuleResult("insight_not_jobs", label, False, reason)
    if not advice:
        reason = 'Does not ask for anything they know: say you want their "insight" or "advice".'
        return RuleResult("insight_not_jobs", label, False, reason)
    return RuleResult("insight_not_jobs", label, True, f"Asks for {_quoted(advice)} and never for a job.")


def check_connection_first(text: str, context: MessageContext) -> RuleResult:
    """The connection is in the first sentence of the body."""
    phrases = context.connection_phrases()
    position = mt.connection_position(text, phrases)
    label = "The connection comes first"
    what = _quoted(phrases) if phrases else "a connection"
    if position == 0:
        return RuleResult("connection_first", label, True, f"Opens with {what}.")
    if position is None:
        reason = f"No sign of {what}: open with what you share (school, group, who referred you)."
        return RuleResult("connection_first", label, False, reason)
    reason = f"{what[:1].upper()}{what[1:]} first appears in sentence {position + 1}: move it to the first."
    return RuleResult("connection_first", label, False, reason)


def check_general_interest(text: str) -> RuleResult:
    """5-point: the interest is in the field or the organisation, not in a particular opening."""
    found = mt.specific_openings(text)
    label = "The interest is general"
    if found:
        reason = f"Points at a particular opening ({_quoted(found)}): speak of the field instead."
        return RuleResult("general_interest", label, False, reason)
    return RuleResult("general_interest", label, True, "Speaks of the field, not of one opening.")


def check_sender_keeps_control(text: str) -> RuleResult:
    """5-point: nothing hands the next step to the recipient."""
    handed = mt.handover_phrases(text)
    label = "You keep control of the follow-up"
    if handed:
        reason = f"{_quoted(handed).capitalize()} leaves the next step to them; say when you will follow up."
        return RuleResult("sender_keeps_control", label, False, reason)
    own = mt.sender_follow_up_phrases(text)
    if own:
        return RuleResult(
            "sender_keeps_control", label, True, f"You say {_quoted(own)}: the next step is yours."
        )
    return RuleResult("sender_keeps_control", label, True, "Nothing hands the next step to them.")


def check_question(text: str) -> RuleResult:
    """6-point: the request is a question ending in "?"."""
    label = 'The request is a question ending in "?"'
    sentence = mt.request_sentence(text)
    if mt.ends_with_question(text):
        return RuleResult("question", label, True, "The request ends with a question mark.")
    if sentence is None:
        reason = 'No request found: ask, for example, "Would you be open to a 20-minute chat?"'
        return RuleResult("question", label, False, reason)
    return RuleResult("question", label, False, f'"{sentence}" is not a question: rephrase it to end in "?".')


def check_narrow_and_broad(text: str, context: MessageContext) -> RuleResult:
    """6-point: the interest is given both narrowly and broadly."""
    label = "The interest is defined narrowly and broadly"
    if context.goal_narrow or context.goal_broad:
        missing = [
            f"{kind} ({phrase})"
            for kind, phrase in (("narrow", context.goal_narrow), ("broad", context.goal_broad))
            if not phrase or not mt.phrase_present(text, phrase)
        ]
        if missing:
            reason = f"Missing the {' and the '.join(missing)} interest."
            return RuleResult("narrow_and_broad", label, False, reason)
        reason = f'Names "{context.goal_narrow}" and, more broadly, "{context.goal_broad}".'
        return RuleResult("narrow_and_broad", label, True, reason)
    narrow, broad = mt.interest_markers(text)
    if narrow and broad:
        reason = f"Names an interest ({_quoted(narrow[:1])}) and widens it ({_quoted(broad[:1])})."
        return RuleResult("narrow_and_broad", label, True, reason)
    needs = [
        part
        for part, found in (
            ('an interest ("exploring …")', narrow),
            ('a wider one ("… and more broadly …")', broad),
        )
        if not found
    ]
    return RuleResult("narrow_and_broad", label, False, f"Name {' and '.join(needs)}.")


def check_about_recipient(text: str, context: MessageContext) -> RuleResult:
    """6-point: more than half the words are about the recipient."""
    counted = mt.recipient_share(text, context.recipient_names())
    label = "More than half the words are about them"
    percent = round(counted.share * 100)
    detail = f"{counted.recipient_words} words about them, {counted.sender_words} about you"
    if counted.share > 0.5:
        return RuleResult("about_recipient", label, True, f"{detail} ({percent}% about them).")
    return RuleResult(
        "about_recipient",
        label,
        False,
        f"{detail} ({percent}% about them): turn some I-sentences into you-sentences.",
    )


def check_no_attachment(text: str, context: MessageContext) -> RuleResult:
    """Both modes: no résumé and no attachment with a first message."""
    label = "No résumé or attachment"
    found = mt.mentions_attachment(text)
    if context.has_attachment:
        return RuleResult(
            "no_attachment", label, False, "A file is attached: send a first message without one."
        )
    if found:
        reason = f"Mentions {_quoted(found)}: keep the résumé for when they ask for it."
        return RuleResult("no_attachment", label, False, reason)
    return RuleResult("no_attachment", label, True, "Nothing attached, no résumé mentioned.")


def check_message(
    text: str, mode: Mode, context: MessageContext | None = None, *, word_limit: int | None = None
) -> list[RuleResult]:
    """Every rule of ``mode`` applied to ``text``, in the order the rules are taught.

    ``word_limit`` overrides the mode's default (100 for 5-point, 75 for 6-point).
    """
    if mode not in MODES:
        raise ValueError(f"unknown message mode {mode!r}: use one of {', '.join(MODES)}")
    ctx = context or MessageContext()
    limit = word_limit if word_limit is not None else WORD_LIMITS[mode]
    if limit < 1:
        raise ValueError(f"the word limit must be at least 1, not {limit}")
    if mode == "5point":
        return [
            check_length(text, limit),
            check_no_jobs(text),
            check_connection_first(text, ctx),
            check_general_interest(text),
            check_sender_keeps_control(text),
            check_no_attachment(text, ctx),
        ]
    return [
        check_length(text, limit),
        check_insight_not_jobs(text),
        check_connection_first(text, ctx),
        check_question(text),
        check_narrow_and_broad(text, ctx),
        check_about_recipient(text, ctx),
        check_no_attachment(text, ctx),
    ]


def all_passed(results: list[RuleResult]) -> bool:
    """Whether every rule passed."""
    return all(result.passed for result in results)
