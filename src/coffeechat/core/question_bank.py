"""The built-in question bank: questions for each phase of an informational interview (docs/practice.md §4.6).

The bank lives in ``core/data/questions.toml`` and ships inside the package, so it is read through
``importlib.resources`` (that works from a source tree and from an installed wheel alike). Reading that
package file is the only I/O here; ``parse_bank`` does the rest on text, so tests and the service layer
can build banks of their own.

A question belongs to one *category*. The categories of the middle phase follow TIARA (Trends, Insights,
Advice, Resources, Assignments); the other useful categories (day-to-day work, career path, skills and
education, culture) sit inside a TIARA stage, given by ``TIARA_STAGE``. A question may belong to a *field
pack* (newsroom_politics, tech, public_policy, finance, nonprofit); questions without one suit any field.
The tag ``referral`` marks the ask for further people to talk to, which every plan includes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

CATEGORIES: tuple[str, ...] = (
    "small_talk",
    "day_to_day",
    "career_path",
    "skills_education",
    "culture",
    "trends",
    "insights",
    "advice",
    "resources",
    "assignments",
    "closing",
)
FIELDS: tuple[str, ...] = ("newsroom_politics", "tech", "public_policy", "finance", "nonprofit")
PHASES: tuple[str, ...] = ("small_talk", "questions", "next_steps")

# The TIARA stages of the middle phase, in the order they are asked.
TIARA: tuple[str, ...] = ("trends", "insights", "advice", "resources", "assignments")
# Where each middle-phase category is asked. Day-to-day work, career path and culture are the person's
# own experience, so they go with Insights; skills and education are about what the user should do, so
# they go with Advice.
TIARA_STAGE: dict[str, str] = {
    "trends": "trends",
    "insights": "insights",
    "day_to_day": "insights",
    "career_path": "insights",
    "culture": "insights",
    "advice": "advice",
    "skills_education": "advice",
    "resources": "resources",
    "assignments": "assignments",
}
DEFAULT_PHASE: dict[str, str] = {
    category: (
        "small_talk" if category == "small_talk" else "next_steps" if category == "closing" else "questions"
    )
    for category in CATEGORIES
}
REFERRAL_TAG = "referral"

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class BankError(ValueError):
    """The bank's file breaks a rule; ``problems`` lists every one found, not just the first."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class BankQuestion:
    """One question: its stable key, its wording, where it belongs, and how it can be found."""

    key: str
    text: str
    category: str
    phase: str = ""
    field: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A question written by the user need not name its phase: it follows from the category.
        if not self.phase and self.category in DEFAULT_PHASE:
            object.__setattr__(self, "phase", DEFAULT_PHASE[self.category])

    @property
    def is_referral(self) -> bool:
        """True for the ask "who else should I talk to, and may I mention you?"."""
        return REFERRAL_TAG in self.tags

    @property
    def stage(self) -> str | None:
        """The TIARA stage this question is asked in, or None outside the middle phase."""
        return TIARA_STAGE.get(self.category)


def validate_bank(questions: Iterable[BankQuestion]) -> None:
    """Raise ``BankError`` naming every problem: repeated or malformed keys, unknown category, field or
    phase, empty text, and a question that does not end with "?".

    Every entry, small talk included, is phrased as a question: an opener that is a statement belongs in
    the user's 30-second introduction, not in the plan.
    """
    problems: list[str] = []
    seen: set[str] = set()
    for question in questions:
        where = question.key or "(no key)"
        if not _KEY.match(question.key):
            problems.append(f"{where}: a key is lower-case letters, digits, '-' or '_'")
        if question.key in seen:
            problems.append(f"{where}: the key is used twice")
        seen.add(question.key)
        if question.category not in CATEGORIES:
            problems.append(f"{where}: unknown category {question.category!r}")
        if question.field is not None and question.field not in FIELDS:
            problems.append(f"{where}: unknown field pack {question.field!r}")
        # An empty phase under an unknown category is one problem, already reported above.
        if question.phase not in PHASES and (question.phase or question.category in CATEGORIES):
            problems.append(f"{where}: unknown phase {question.phase!r}")
        if not question.text.strip():
            problems.append(f"{where}: the text is empty")
        elif not question.text.rstrip().endswith("?"):
            problems.append(f"{where}: the text does not end with '?'")
    if problems:
        raise BankError(problems)


def parse_bank(text: str) -> tuple[BankQuestion, ...]:
    """Read a bank written in the TOML layout of ``questions.toml`` and check it with ``validate_bank``."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BankError([f"not valid TOML: {error}"]) from error
    questions: list[BankQuestion] = []
    problems: list[str] = []
    for number, entry in enumerate(document.get("question", []), start=1):
        unknown = set(entry) - {"key", "text", "category", "phase", "field", "tags"}
        if unknown:
            problems.append(f"question {number}: unknown entries {sorted(unknown)}")
        tags = entry.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            problems.append(f"question {number}: tags must be a list of words")
            tags = []
        questions.append(
            BankQuestion(
                key=str(entry.get("key", "")),
                text=str(entry.get("text", "")).strip(),
                category=str(entry.get("category", "")),
                phase=str(entry.get("phase", "")),
                field=entry.get("field") or None,
                tags=tuple(tags),
            )
        )
    if problems:
        raise BankError(problems)
    validate_bank(questions)
    return tuple(questions)


@cache
def load_bank() -> tuple[BankQuestion, ...]:
    """The built-in bank, read once per process from the package's ``data/questions.toml``."""
    source = resources.files("coffeechat.core").joinpath("data", "questions.toml")
    return parse_bank(source.read_text(encoding="utf-8"))


