"""The user's 30-second introduction at the start of a conversation, built from their profile.

It says who the user is (school and programme, or current role), what they are exploring (the goal), and
why they wanted to talk with this person. Spoken at about 150 words a minute, thirty seconds is about 75
words, so the introduction aims for 60 to 80: the three parts it must have come first, then optional
sentences are added in order of usefulness while the text is under 60 words and the next one still fits
under 80. Very long profile entries can push the required parts alone past 80 words; the text is then
returned as is, and ``speaking_seconds`` lets the user see that it runs long.

The parts are filled in as written, so each profile entry reads best in the shape its docstring gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from coffeechat.core.wording import indefinite_article, title_mid_sentence, with_article

WORDS_PER_MINUTE = 150
MIN_WORDS = 60
MAX_WORDS = 80


@dataclass(frozen=True)
class IntroProfile:
    """Who the user is. ``programme`` is a subject ("journalism", "MPP"); ``year`` a word such as
    "second-year"; ``current_role`` follows "currently" ("a paralegal at a housing nonprofit");
    ``background`` is one sentence of experience ("I've spent two years on my student paper's politics desk")."""

    name: str
    school: str = ""
    programme: str = ""
    year: str = ""
    current_role: str = ""
    background: str = ""


@dataclass(frozen=True)
class IntroPerson:
    """Whom the user is talking to. ``why`` follows "because" ("you moved from the Hill into a newsroom");
    ``shared`` follows "a connection through" ("Northwestern", "the Daily Northwestern")."""

    first_name: str
    role: str = ""
    organisation: str = ""
    why: str = ""
    referred_by: str = ""
    shared: str = ""


def thirty_second_intro(profile: IntroProfile, goal: str, person: IntroPerson) -> str:
    """The introduction to say after the greeting: who, what the user is exploring, and why this person."""
    required = [
        (1, _who(profile)),
        (3, _exploring(goal)),
        (4, _why_you(person)),
    ]
    # In order of usefulness; the number is where the sentence goes in the spoken order.
    optional = [
        (2, _sentence(profile.background) if profile.background.strip() else ""),
        (5, _what_i_hope_to_hear(person)),
        (0, "Thank you so much for making the time to talk with me today."),
        (6, "I have a few questions ready, and I'll keep an eye on the time."),
    ]
    chosen = list(required)
    total = sum(word_count(text) for _, text in chosen)
    for position, text in optional:
        words = word_count(text)
        if text and total < MIN_WORDS and total + words <= MAX_WORDS:
            chosen.append((position, text))
            total += words
    return " ".join(text for _, text in sorted(chosen))


def word_count(text: str) -> int:
    """Words as a listener hears them: runs of characters between spaces."""
    return len(text.split())


def _who(profile: IntroProfile) -> str:
    name = profile.name.strip()
    school, programme, year = profile.school.strip(), profile.programme.strip(), profile.year.strip()
    if school:
        student = " ".join(part for part in (year, programme, "student") if part)
        return f"I'm {name}, {_article(student)} {student} at {school}."
    if profile.current_role.strip():
        return f"I'm {name}, currently {_phrase(profile.current_role)}."
    return f"I'm {name}."


def _exploring(goal: str) -> str:
    subject = _phrase(goal) or "my next step"
    return (
        f"At the moment I'm exploring {subject}, and I'm trying to understand what the work is really like "
        "day to day and how people find their way into it."
    )


def _why_you(person: IntroPerson) -> str:
    why = _phrase(person.why)
    because = f"because {why}" if why else ""
    if person.referred_by.strip():
        return f"{person.referred_by.strip()} suggested I talk with you" + (f", {because}." if why else ".")
    if person.shared.strip():
        reason = f"we share a connection through {_phrase(person.shared)}"
        return f"I reached out because {reason}" + (f", and {because}." if why else ".")
    if why:
        return f"I wanted to talk with you {because}."
    if person.role.strip() or person.organisation.strip():
        return f"I wanted to talk with you because your work{_as_at(person)} is close to what I hope to do."
    return "I wanted to talk with you because your experience is close to what I hope to do."


def _what_i_hope_to_hear(person: IntroPerson) -> str:
    where = f" at {person.organisation.strip()}" if person.organisation.strip() else ""
    return (
        f"I'd love to hear how you got to where you are{where}, and what you wish you had known at my stage."
    )


def _as_at(person: IntroPerson) -> str:
    # "as a politics editor at the Tribune": the title lower-case mid-sentence, acronyms ("BBC") kept.
    role, organisation = title_mid_sentence(person.role.strip()), person.organisation.strip()
    return (f" as {with_article(role)}" if role else "") + (f" at {organisation}" if organisation else "")


def _article(words: str) -> str:
    """ "a" or "an" for the first word as it is spoken."""
    return indefinite_article(words)


def _phrase(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def _sentence(text: str) -> str:
    phrase = _phrase(text)
    return (phrase[0].upper() + phrase[1:] + ".") if phrase else ""
