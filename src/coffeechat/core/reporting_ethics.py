"""Keeping career conversations and reporting apart, for journalism and politics students (docs/practice.md §4.9).

``conflict_warnings`` looks at an activity the user logs (a job, a volunteer shift, a note) and, when one
of their goals is political reporting, warns about campaign and partisan work: professional journalism
ethics codes ask reporters to stay out of politics they might cover. The check is a set of word patterns,
so it errs towards asking: a warning is advice to think about, never a block.

``ground_rules_reminder`` is shown before a conversation marked "reporting": once someone is approached as
a reporter, the terms of attribution are agreed before the first question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Goal fields (or goal titles) that mean the user wants to report: the newsroom and politics pack covers
# both newsroom and campaign/Hill careers, so a student aiming for the Hill gets the warning too, worded
# as "if you plan to report".
_REPORTING_GOAL = re.compile(
    r"newsroom_politics|journalis|reporter|reporting|newsroom|\bnews\b|editor", re.IGNORECASE
)
# Coverage words: "covered the campaign" or "interviewed campaign volunteers" is reporting, not taking part.
_COVERAGE = re.compile(
    r"\b(cover(ed|ing|s)?|report(ed|ing)? on|stor(y|ies)|article|interview\w*|profil\w*|wrote about|"
    r"writing about|fact-?check\w*|podcast episode)\b",
    re.IGNORECASE,
)
# "campaign" in these senses has nothing to do with elections.
_NOT_ELECTORAL = re.compile(
    r"\b(ad|advertising|marketing|e-?mail|awareness|social media|fundraising|capital|brand|pr|recruit\w*|"
    r"vaccination|public health|membership|donor|giving|crowdfunding)\s+campaigns?\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[.;\n]+")
_OFFICE = r"(senate|congress|mayor|governor|president|city council|council|assembly|state house|sheriff|school board)"
# Campaign committees are named like "Alvarez for Senate"; the capitals tell it from "applied for congress".
_COMMITTEE_NAME = re.compile(
    r"\b[A-Z][a-z]+ for (Senate|Congress|Mayor|Governor|President|City Council|Council|Assembly|Sheriff|"
    r"School Board)\b"
)


@dataclass(frozen=True)
class _Signal:
    """One pattern of political activity; ``strong`` ones count even in a sentence about coverage."""

    kind: str
    pattern: re.Pattern[str]
    strong: bool


_SIGNALS: tuple[_Signal, ...] = (
    _Signal(
        "campaign",
        re.compile(
            r"\bcanvass\w*|\b(phone|text)[- ]?bank\w*|\bget[- ]out[- ]the[- ]vote\b|\bGOTV\b", re.IGNORECASE
        ),
        True,
    ),
    _Signal(
        "campaign",
        re.compile(
            r"\b(volunteer\w*|intern\w*|work\w*|staff\w*|organi[sz]\w*|help\w*|field director|manag\w*)\b"
            r"[^.;]{0,40}\b(campaigns?|candidate|candidacy|re-?election)\b",
            re.IGNORECASE,
        ),
        False,
    ),
    _Signal("campaign", re.compile(r"\bcampaigns?\b", re.IGNORECASE), False),
    _Signal("campaign", _COMMITTEE_NAME, False),
    _Signal(
        "money",
        re.compile(
            r"\b(fund-?rais\w*|donat\w*|contribut\w*|gave money|bundl\w*|raised money)\b[^.;]{0,40}"
            r"\b(campaigns?|candidates?|party|PACs?|committee|senator|congress\w*|mayor|governor|"
            + _OFFICE
            + r")\b",
            re.IGNORECASE,
        ),
        True,
    ),
    _Signal("pac", re.compile(r"\b(super ?)?PACs?\b|political action committee", re.IGNORECASE), True),
    _Signal(
        "party",
        re.compile(
            r"\b(democratic|republican|labour|labor|conservative|green|libertarian|liberal|socialist|tory|"
            r"political)\s+party\b|\bparty (committee|convention|caucus|precinct|chair\w*|delegate|"
            r"primar\w*|member\w*|official|office)\b|\b(young|college) (democrats|republicans)\b|"
            r"\bprecinct (captain|committee\w*)\b",
            re.IGNORECASE,
        ),
        True,
    ),
    _Signal(
        "support",
        re.compile(
            r"\byard sign|\bbumper sticker|\bendors\w*|\b(attend\w*|march\w*|spoke at)\b[^.;]{0,30}\brall(y|ies)\b",
            re.IGNORECASE,
        ),
        True,
    ),
)

_KIND_LABEL: dict[str, str] = {
    "campaign": "campaign work",
    "money": "political fundraising or donations",
    "pac": "work or money for a political action committee",
    "party": "a role in a political party",
    "support": "public support for a candidate or party",
}
_KIND_ADVICE: dict[str, str] = {
    "campaign": (
        "Campaign work is valuable experience, and plenty of people move from campaigns into newsrooms. "
        "If you do it, say so openly when you apply, and do not cover that race or the people you worked with."
    ),
    "money": (
        "Donations to candidates, parties and PACs are often public records; an editor or a source can look "
        "yours up, and even a small gift can be read as taking a side."
    ),
    "pac": "A political action committee exists to help elect or defeat candidates, so working or giving for "
    "one is partisan work in the same way a campaign is.",
    "party": (
        "A party role, even a small local one, ties your name to one side; many newsrooms ask their reporters "
        "not to hold one."
    ),
    "support": (
        "Public signs of support, such as a yard sign, a rally or an endorsement on social media, can be "
        "enough for a source or a reader to doubt that your coverage is fair."
    ),
}


def is_reporting_goal(goal_fields: Sequence[str]) -> bool:
    """True when any goal field (or goal title) points to reporting, including the newsroom_politics pack."""
    return any(_REPORTING_GOAL.search(field or "") for field in goal_fields)


def conflict_kinds(activity: str) -> list[str]:
    """The kinds of political activity found in ``activity``, in a fixed order, without repeats.

    Coverage words silence the weaker signals only in their own clause: "wrote a story; donated to the
    campaign" still counts the campaign.
    """
    kinds: set[str] = set()
    for clause in _CLAUSE.split(_NOT_ELECTORAL.sub(" ", activity)):
        about_coverage = bool(_COVERAGE.search(clause))
        kinds.update(
            signal.kind
            for signal in _SIGNALS
            if (signal.strong or not about_coverage) and signal.pattern.search(clause)
        )
    return [kind for kind in _KIND_LABEL if kind in kinds]


def conflict_warnings(goal_fields: Sequence[str], activity: str) -> list[str]:
    """Warnings for a user whose goal is political reporting and who logs campaign or partisan work.

    The first warning explains the conflict; one more follows per kind of activity found. Empty when no
    goal is about reporting or nothing political was found.
    """
    if not is_reporting_goal(goal_fields):
        return []
    kinds = conflict_kinds(activity)
    if not kinds:
        return []
    found = _join([_KIND_LABEL[kind] for kind in kinds])
    summary = (
        f"This looks like {found}. If you plan to report on politics, think twice: professional journalism "
        "ethics codes ask reporters to stay out of campaigns and partisan causes, so that their work is "
        "independent and is seen to be. Many student papers and newsrooms ask the same of interns and "
        "freelancers."
    )
    return [summary, *(_KIND_ADVICE[kind] for kind in kinds)]


# One line each; the service shows them as a list before a reporting conversation starts.
GROUND_RULES: tuple[str, ...] = (
    "This conversation is marked as reporting, not a career conversation.",
    (
        "Before your first question, say that you are talking as a reporter, and for which publication "
        "or class, then agree on the terms together:"
    ),
    "- On the record: you may quote them and use their name.",
    (
        "- On background: you may use what they say, credited only in the way you agree "
        '(for example, "a staff member on the committee"), never by name.'
    ),
    (
        "- Off the record: you may not publish it. Agree first whether you may use it to find the same "
        "information from someone else."
    ),
    (
        "Terms hold from when you agree them: if the person wants to change them for something already "
        "said, that is a new agreement you both have to make. Note what you agreed and when."
    ),
    "If you also want career advice from this person, ask for it in a separate conversation.",
)


def ground_rules_reminder() -> str:
    """What to settle at the start of a conversation marked "reporting", before the first question."""
    return "\n".join(GROUND_RULES)


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
