"""Small grammar helpers for the sentences coffeechat writes: "a" or "an", titles mid-sentence, plurals.

A draft is read by a stranger, so it must read right: "a data reporter" and "an editor" (the article
follows the sound of the next word, so "an MBA student", "a UX researcher", "an 8-minute call", "a
one-off"); a job title typed as "Politics editor" reads "as a politics editor" mid-sentence while
acronyms and proper nouns keep their capitals ("a BBC producer", "an NPR Politics editor" keeps "NPR");
and counts agree with their noun ("1 conversation", "2 conversations").
"""

from __future__ import annotations

import re

# The one form of the placeholder coffeechat writes where the user's name goes while the setting your_name
# is empty (drafts, thank-yous, the prep brief): square brackets, like every other "fill this in" mark.
NAME_PLACEHOLDER = "[your name]"

# Letters whose spoken name starts with a vowel sound: "an MBA", "an NGO", "an SEC filing", "an FBI agent".
_AN_LETTERS = frozenset("AEFHILMNORSX")
# Words spelt with a vowel that start with a consonant sound, and the reverse.
_YOU_OR_WON = re.compile(r"^(?:uni(?!nform|nterest|mport|ndent)|use|usu|uti|uro|eu|ewe|one\b|once\b|ufo|ubiq)")
_SILENT_H = re.compile(r"^(?:hour|honest|honou?r|heir)")
_NUMBER = re.compile(r"^(\d[\d,]*)")


def _number_takes_an(digits: str) -> bool:
    # Said aloud: 8, 11, 18, 80-89, 800-899, 8,000..., 11,000, 18,000, 11 million ...
    plain = digits.replace(",", "")
    if plain.startswith("8"):
        return True
    if plain[:2] in ("11", "18"):
        # 11 and 18, and 11/18 followed by groups of three (11,000; 18,500,000), but not 110 or 1,100.
        return len(plain) % 3 == 2
    return False


def indefinite_article(phrase: str) -> str:
    """ "a" or "an" for ``phrase``, by the sound of its first word."""
    words = phrase.strip().split(None, 1)
    if not words:
        return "a"
    first = words[0].strip("\"'“‘(")
    number = _NUMBER.match(first)
    if number:
        return "an" if _number_takes_an(number.group(1)) else "a"
    letters = re.sub(r"[^A-Za-z]", "", first.split("-", 1)[0])
    if not letters:
        return "a"
    if len(letters) > 1 and letters.isupper():
        return "an" if letters[0] in _AN_LETTERS else "a"
    lowered = letters.lower()
    if _SILENT_H.match(lowered):
        return "an"
    if _YOU_OR_WON.match(lowered):
        return "a"
    return "an" if lowered[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """ "a data reporter", "an editor": ``phrase`` after the article it takes."""
    text = " ".join(phrase.split())
    return f"{indefinite_article(text)} {text}" if text else ""


def _mid_sentence_word(word: str) -> str:
    # "Politics" -> "politics"; "BBC", "iOS", "McKinsey", "NPR's" keep their capitals (more than one capital
    # or a capital after the first letter means an acronym or a proper noun).
    if not word[:1].isupper():
        return word
    rest = word[1:]
    if any(char.isupper() for char in rest) or not any(char.isalpha() for char in rest):
        return word
    return word[0].lower() + rest


# Words that are proper nouns in job titles: kept capitalised mid-sentence.
_PROPER = frozenset(
    """Congress Senate House Hill Capitol White State Washington America American Europe European English
    Spanish French Chinese Arabic Latin Africa African Asia Asian Google Microsoft Apple Amazon Meta Reuters
    Bloomberg Times Post Tribune Guardian Economist Democratic Republican Democrat Republicans Democrats
    Congressional Senator Representative Governor Mayor""".split()
)


def title_mid_sentence(title: str) -> str:
    """A job title as it reads mid-sentence: "Politics editor" -> "politics editor", "CEO" and "BBC"
    kept, and proper nouns ("Senate", "Reuters") kept."""
    kept = []
    for word in " ".join(title.split()).split(" "):
        core = word.strip(",.;:()")
        if core.endswith(("'s", "’s")):
            core = core[:-2]
        kept.append(word if core in _PROPER else _mid_sentence_word(word))
    return " ".join(word for word in kept if word)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 conversation", "2 conversations", "0 replies" (give ``plural_form`` when adding "s" is wrong)."""
    if count == 1:
        return f"{count} {singular}"
    if plural_form is None:
        if singular.endswith("y") and singular[-2:-1] not in tuple("aeiou"):
            plural_form = singular[:-1] + "ies"
        elif singular.endswith(("s", "sh", "ch", "x", "z")):
            plural_form = singular + "es"
        else:
            plural_form = singular + "s"
    return f"{count} {plural_form}"


def role_line(title: str, organisation: str) -> tuple[str, str]:
    """The brief's "Role" line as a label and a value that read right whatever is on record:
    ("Role", "Data editor at the Tribune"), ("Role", "Data editor"), ("Organisation", "the Tribune"),
    or ("Role", "not on record") — never an organisation passed off as a role."""
    title, organisation = " ".join(title.split()), " ".join(organisation.split())
    if title and organisation:
        return "Role", f"{title} at {organisation}"
    if title:
        return "Role", title
    if organisation:
        return "Organisation", organisation
    return "Role", "not on record"
