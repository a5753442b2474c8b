"""Reading a request message: words, sentences and the tell-tale phrases the message rules look for.

Each function answers one question about a draft and is tested on its own; ``message_rules`` turns the
answers into pass/fail results. The heuristics, in plain words:

* **Words** are what a word processor counts: runs of text between spaces that hold a letter or a digit
  ("20-minute" and "Ms." are one word each, a lone dash is none). The whole text is counted, greeting and
  sign-off included, because the recipient reads all of it.
* **The body** is the text without the greeting line ("Hi Dana,") and without the short sign-off lines at
  the end ("Best," / "Sam Rivera"). Sentence-level rules look at the body only.
* **Sentences** end at ``.``, ``!`` or ``?`` followed by a space, or at a line break; common abbreviations
  (Ms., Dr., e.g.) do not end a sentence.
* **Who a sentence is about**: a sentence is about the recipient when it has more "you" words (you, your,
  yours, you're…, and the recipient's first name or organisation) than "I" words (I, me, my, mine, I'm…),
  about the sender when it has more "I" words, and about neither on a tie. "We" and "us" are shared and
  count for no one. The recipient's share is the words of recipient sentences over the words of the
  sentences about someone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


def _word_set(spaced: str) -> frozenset[str]:
    """The words of a space-separated list (easier to read and edit than a literal of quoted words)."""
    return frozenset(spaced.split())


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
ABBREVIATIONS = _word_set("mr mrs ms dr prof st jr sr e.g i.e etc vs no sen rep gov gen col lt capt hon rev")
GREETING_WORDS = _word_set("hi hello dear hey greetings good")

SELF_WORDS = _word_set("i me my mine myself i'm i've i'd i'll")
RECIPIENT_WORDS = _word_set("you your yours yourself you're you've you'd you'll")

JOB_WORDS = _word_set(
    """job jobs position positions opening openings vacancy vacancies hiring hire hired employment
    internship internships recruiting recruiter apply applying applied application applications
    posting postings"""
)
ADVICE_WORDS = _word_set(
    "insight insights advice advise perspective perspectives learn learning thoughts guidance tips "
    "lessons wisdom"
)
ATTACHMENT_WORDS = _word_set("attach attached attaching attachment attachments enclosed resume résumé cv")

# A request that names an opening rather than a field: "the analyst position you posted", "job ID 4411".
SPECIFIC_OPENING = re.compile(
    r"\b(?:posted|posting|listing|listed|advertised|applied|applying|job\s+id|req(?:uisition)?\s*#?\d+)\b"
    r"|\b(?:the|this|that|your|an?)\s+(?:[\w-]+\s+){0,3}(?:position|opening|vacancy|internship)s?\b",
    re.IGNORECASE,
)
# Phrases that leave the next step to the recipient, so the sender can no longer follow up politely.
HANDOVER = re.compile(
    r"\blet me know (?:when|if|what|your|whether)\b|\bwhenever (?:works|you|it)\b|\bat your (?:earliest )?"
    r"convenience\b|\bwhen you(?:'re| are) free\b|\bwhen you (?:get|have) (?:a )?(?:chance|time|a moment)\b"
    r"|\b(?:hope|look forward) to hear(?:ing)? (?:from|back)\b|\bget back to me\b|\bfeel free to\b"
    r"|\breach out (?:if|when)\b|\bif you(?:'re| are) interested\b",
    re.IGNORECASE,
)
# Phrases in which the sender says the next step is theirs.
SENDER_FOLLOWS_UP = re.compile(
    r"\bi(?:'ll| will| shall) (?:follow up|reach out again|check back|call|be in touch|write again|"
    r"get in touch|try you again)\b",
    re.IGNORECASE,
)
# Wording that asks for something: the sentence holding the request.
ASKING = re.compile(
    r"\b(?:would|could|can|will|might|may) (?:you|i|we)\b|\b(?:are|were) you\b|\bwilling\b|\bopen to\b"
    r"|\bavailable\b|\bspare\b|\blet me know\b",
    re.IGNORECASE,
)
INTEREST_MARKERS = re.compile(
    r"\b(?:interested in|interest in|exploring|curious about|learning about|focus(?:ed)? on|drawn to|"
    r"passionate about|career in|looking into|insights? (?:on|into)|advice on)\b",
    re.IGNORECASE,
)
BROADER_MARKERS = re.compile(
    r"\b(?:more broadly|broadly|more generally|in general|broader|wider|as a whole|beyond that)\b",
    re.IGNORECASE,
)
_PHRASE_STOP_WORDS = _word_set("a an and at for in of on or the to with")


def _straight(text: str) -> str:
    # Phones and word processors turn "I'll" into "I’ll"; the phrase patterns are written with straight ones.
    return text.replace("’", "'")


def tokens(text: str) -> list[str]:
    """The lower-case words of ``text``, with curly apostrophes made straight."""
    return [token.replace("’", "'") for token in _TOKEN.findall(text.casefold())]


def count_words(text: str) -> int:
    """How many words a word processor would count in ``text``."""
    return sum(1 for chunk in text.split() if any(char.isalnum() for char in chunk))


def _is_greeting(line: str) -> bool:
    words = tokens(line)
    if not words or len(words) > 6:
        return False
    return words[0] in GREETING_WORDS or (len(words) <= 3 and line.rstrip().endswith(","))


def _is_sign_off(line: str) -> bool:
    stripped = line.strip()
    return 0 < count_words(stripped) <= 4 and not stripped.endswith((".", "?"))


def body(text: str) -> str:
    """``text`` without its greeting line and its short sign-off lines."""
    lines = [line for line in text.strip().splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    if len(lines) > 1 and _is_greeting(lines[0]):
        lines.pop(0)
    while len(lines) > 1 and (not lines[-1].strip() or _is_sign_off(lines[-1])):
        lines.pop()
    return "\n".join(lines).strip()


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order, each stripped."""
    found: list[str] = []
    for line in text.splitlines():
        pending = ""
        for piece in _SENTENCE_END.split(line.strip()):
            pending = f"{pending} {piece}".strip() if pending else piece.strip()
            last_word = pending.rsplit(None, 1)[-1].rstrip(".").casefold() if pending else ""
            if pending.endswith(".") and last_word in ABBREVIATIONS:
                continue
            if pending:
                found.append(pending)
            pending = ""
        if pending:
            found.append(pending)
    return found


def body_sentences(text: str) -> list[str]:
    """The sentences of the message body (greeting and sign-off left out)."""
    return sentences(body(text))


def job_words_found(text: str) -> list[str]:
    """The words in ``text`` that talk about jobs, in order of appearance, each once."""
    return list(dict.fromkeys(word for word in tokens(text) if word in JOB_WORDS))


def advice_words_found(text: str) -> list[str]:
    """The words in ``text`` that ask for insight or advice, each once."""
    return list(dict.fromkeys(word for word in tokens(text) if word in ADVICE_WORDS))


def mentions_attachment(text: str) -> list[str]:
    """The words in ``text`` that point at an attachment or a résumé, each once."""
    return list(dict.fromkeys(word for word in tokens(text) if word in ATTACHMENT_WORDS))


def specific_openings(text: str) -> list[str]:
    """The phrases in ``text`` that name a particular opening rather than a general interest."""
    return [match.group(0) for match in SPECIFIC_OPENING.finditer(text)]


def handover_phrases(text: str) -> list[str]:
    """The phrases in ``text`` that hand the next step to the recipient."""
    return [match.group(0) for match in HANDOVER.finditer(_straight(text))]


def sender_follow_up_phrases(text: str) -> list[str]:
    """The phrases in ``text`` in which the sender says they will follow up."""
    return [match.group(0) for match in SENDER_FOLLOWS_UP.finditer(_straight(text))]


def _contains_phrase(text: str, phrase: str) -> bool:
    needle = " ".join(phrase.casefold().split())
    return bool(needle) and needle in " ".join(text.casefold().split())


CONNECTION_MARKERS = re.compile(
    r"\b(?:fellow|alum|alumna|alumnus|alumni|graduate[ds]?|class of|referred|suggested (?:i|that i)|"
    r"recommended|we met|also studied|shared|mutual|mentioned you)\b",
    re.IGNORECASE,
)
# Openers that carry no content, so a connection in the sentence after them still comes first.
_FILLER = re.compile(r"^(?:i hope (?:this|you)\b.*\bwell|my name is [\w .'-]+)[.!]?$", re.IGNORECASE)


def connection_position(text: str, connection_phrases: Sequence[str] = ()) -> int | None:
    """The index of the first body sentence that carries the connection, or None when none does.

    With ``connection_phrases`` (the school, the group, the referrer's name) a sentence carries the
    connection when it contains one of them; without, when it uses a connection word such as "fellow",
    "alumna" or "referred". A pleasantry ("I hope you are well.") or a bare "My name is …" sentence
    at the start is skipped, so the index counts from the first sentence with content.
    """
    phrases = [phrase for phrase in connection_phrases if phrase.strip()]
    content = list(body_sentences(text))
    while content and _FILLER.match(content[0]) and count_words(content[0]) <= 8:
        content.pop(0)
    for index, sentence in enumerate(content):
        if phrases and any(_contains_phrase(sentence, phrase) for phrase in phrases):
            return index
        if not phrases and CONNECTION_MARKERS.search(sentence):
            return index
    return None


def request_sentence(text: str) -> str | None:
    """The sentence that asks for the conversation: the last body sentence that asks for something."""
    asking = [s for s in body_sentences(text) if s.endswith("?") or ASKING.search(s)]
    return asking[-1] if asking else None


def ends_with_question(text: str) -> bool:
    """Whether the message's request is phrased as a question ending in "?"."""
    sentence = request_sentence(text)
    return sentence is not None and sentence.rstrip("\"'”’) ").endswith("?")


@dataclass(frozen=True)
class RecipientShare:
    """How many body words sit in sentences about the recipient and about the sender."""

    recipient_words: int
    sender_words: int

    @property
    def share(self) -> float:
        """The recipient's part of the words that are about someone (0.0 when nothing is)."""
        total = self.recipient_words + self.sender_words
        return self.recipient_words / total if total else 0.0


def _recipient_mentions(sentence: str, names: Sequence[str]) -> int:
    count = sum(1 for word in tokens(sentence) if word in RECIPIENT_WORDS)
    lowered = " ".join(sentence.casefold().split())
    return count + sum(lowered.count(" ".join(name.casefold().split())) for name in names if name.strip())


def recipient_share(text: str, recipient_names: Sequence[str] = ()) -> RecipientShare:
    """Words of the body in sentences about the recipient versus about the sender.

    ``recipient_names`` (first name, organisation) count as "you" words.
    """
    recipient = sender = 0
    for sentence in body_sentences(text):
        about_you = _recipient_mentions(sentence, recipient_names)
        about_me = sum(1 for word in tokens(sentence) if word in SELF_WORDS)
        if about_you > about_me:
            recipient += count_words(sentence)
        elif about_me > about_you:
            sender += count_words(sentence)
    return RecipientShare(recipient, sender)


def phrase_present(text: str, phrase: str) -> bool:
    """Whether every meaningful word of ``phrase`` appears in ``text`` (in any order)."""
    wanted = [word for word in tokens(phrase) if word not in _PHRASE_STOP_WORDS]
    present = set(tokens(text))
    return bool(wanted) and all(word in present for word in wanted)


def interest_markers(text: str) -> tuple[list[str], list[str]]:
    """The phrases that name an interest ("interested in", "exploring") and that widen it ("more broadly")."""
    narrow = [match.group(0) for match in INTEREST_MARKERS.finditer(text)]
    broad = [match.group(0) for match in BROADER_MARKERS.finditer(text)]
    return narrow, broad
