"""Markdown notes: one file per person and an index, readable in any notes app (Obsidian, Logseq, an editor).

Each person's file starts with a small front matter block (``---`` … ``---``) that notes apps read as
properties, then their details, conversations with notes and insights, their own notes, and the timeline.
Rendering is pure: it takes the plain records below and returns text; the service writes the files.

Everything a user (or an old backup) wrote is inert in the file: names and one-line values go through
``inline``, note bodies through ``block``, which keep line breaks and simple emphasis but escape what
could become raw HTML, an HTML or Obsidian comment, a code fence, a heading, a link or an image. Only an
http(s) address becomes a link (``core.links.is_web_url``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from coffeechat.core.links import is_web_url

_SLUG_LIMIT = 60
# Characters with a meaning in inline Markdown; escaped in names and titles so they show as typed.
# An underscore inside a word ("America/New_York") is plain text in CommonMark, so it stays as it is.
_INLINE_SPECIALS = re.compile(r"([\\`*\[\]<>#|~]|(?<!\w)_|_(?!\w))")
# In a note body: what could open HTML, a comment, a code span or fence, a link or an image, anywhere.
_BLOCK_SPECIALS = re.compile(r"([\\`<>\[\]])")
# At the start of a line: a heading, a fence of tildes.
_BLOCK_LINE_START = re.compile(r"^( {0,3})(#|~)")
# A line that alone would underline the paragraph above into a heading, or draw a rule.
_RULE_LINE = re.compile(r"^ {0,3}([-=*_+])[ \t]*(?:\1[ \t]*)*$")
# Control characters (but tab) and Unicode line separators: shown as a space, never as a new line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a person's timeline."""

    at: datetime
    summary: str


@dataclass(frozen=True)
class NoteEntry:
    """A note the user wrote."""

    at: datetime
    body: str


@dataclass(frozen=True)
class InsightEntry:
    """Something learned, with its theme, skill and goal when set."""

    at: datetime
    text: str
    theme: str = ""
    skill: str = ""
    goal: str = ""


@dataclass(frozen=True)
class ConversationEntry:
    """One conversation with the person, with what was planned, written and learned in it."""

    scheduled_at: datetime | None
    state: str
    purpose: str = "career"
    channel: str = ""
    minutes: int = 20
    goal: str = ""
    notes: str = ""
    questions: tuple[tuple[str, bool], ...] = ()  # (question, answered)
    written: tuple[NoteEntry, ...] = ()
    insights: tuple[InsightEntry, ...] = ()


@dataclass(frozen=True)
class PersonNotes:
    """Everything the notes file of one person shows."""

    id: int
    name: str
    organization: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin_url: str = ""
    location: str = ""
    timezone: str = ""
    how_known: str = ""
    stage: str = ""
    tags: tuple[str, ...] = ()
    referred_by: str = ""
    connected_on: date | None = None
    notes: str = ""
    conversations: tuple[ConversationEntry, ...] = ()
    written: tuple[NoteEntry, ...] = ()
    insights: tuple[InsightEntry, ...] = ()
    timeline: tuple[TimelineEntry, ...] = field(default=())


def note_file_name(person_id: int, name: str) -> str:
    """A file name safe on every system: ASCII letters, digits and dashes from the name, then the id.

    "Dana Ødegaard-Reyes", 12 -> "dana-odegaard-reyes-12.md". The id keeps two people of the same name
    apart and keeps the name stable when the person is renamed back and forth.
    """
    folded = unicodedata.normalize("NFKD", name.replace("ø", "o").replace("Ø", "O").replace("ß", "ss"))
    ascii_name = folded.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:_SLUG_LIMIT].rstrip("-")
    return f"{slug or 'person'}-{person_id}.md"


def inline(text: str) -> str:
    """User text for one line of Markdown: specials escaped, line breaks folded into spaces."""
    return _no_comment(_INLINE_SPECIALS.sub(r"\\\1", " ".join(_CONTROL.sub(" ", text).split())))


def _no_comment(line: str) -> str:
    # "%%" opens a comment in Obsidian that hides the rest of the file: no two percent signs stay raw.
    return line.replace("%", "\\%") if "%%" in line else line


def block(text: str) -> str:
    """User text of several lines (a note, a transcript) as inert Markdown: its lines and paragraphs kept,
    ``*emphasis*`` and ``- lists`` kept, but no raw HTML or comment, no code fence, no heading, no link
    or image, and nothing that can end the file's front matter or hide the rest of the file."""
    lines = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = _no_comment(_BLOCK_SPECIALS.sub(r"\\\1", _CONTROL.sub(" ", raw).rstrip()))
        if _RULE_LINE.match(line):
            line = "\\" + line.lstrip()
        else:
            line = _BLOCK_LINE_START.sub(r"\1\\\2", line)
        lines.append(line)
    return "\n".join(lines).strip("\n")


def link(url: str) -> str:
    """A web address as a Markdown autolink; anything that is not http(s) stays plain, inert text."""
    if not is_web_url(url):
        return inline(url)
    return "<" + url.strip().replace("<", "%3C").replace(">", "%3E") + ">"


def render_person(person: PersonNotes, tz: tzinfo) -> str:
    """The Markdown notes file of one person; times are shown in ``tz`` (the user's time zone)."""
    lines = _front_matter(person)
    lines += [f"# {inline(person.name)}", ""]
    role = " at ".join(inline(part) for part in (person.title, person.organization) if part)
    if role:
        lines += [f"*{role}*", ""]
    lines += _details(person)
    if person.notes.strip():
        lines += ["## About", "", block(person.notes), ""]
    if person.conversations:
        lines += ["## Conversations", ""]
        for conversation in person.conversations:
            lines += _conversation(conversation, tz)
    if person.insights:
        lines += ["## Insights", ""]
        lines += [_insight_line(insight, tz) for insight in person.insights] + [""]
    if person.written:
        lines += ["## Notes", ""]
        for note in person.written:
            lines += [f"### {_day(note.at, tz)}", "", block(note.body), ""]
    if person.timeline:
        lines += ["## Timeline", ""]
        lines += [f"- {_minute(entry.at, tz)} — {inline(entry.summary)}" for entry in person.timeline] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_index(people: list[PersonNotes], *, generated_at: datetime, tz: tzinfo) -> str:
    """index.md: every person, by organisation then name, each linked to their file."""
    lines = ["# coffeechat notes", "", f"{len(people)} people, exported {_minute(generated_at, tz)}.", ""]
    by_org: dict[str, list[PersonNotes]] = {}
    for person in people:
        by_org.setdefault(person.organization, []).append(person)
    for organization in sorted(by_org, key=lambda name: (name == "", name.casefold())):
        lines += [f"## {inline(organization) if organization else 'No organisation'}", ""]
        for person in sorted(by_org[organization], key=lambda p: (p.name.casefold(), p.id)):
            extra = ", ".join(part for part in (inline(person.title), person.stage) if part)
            link = f"[{inline(person.name)}]({note_file_name(person.id, person.name)})"
            lines.append(f"- {link}" + (f" — {extra}" if extra else ""))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _front_matter(person: PersonNotes) -> list[str]:
    # JSON strings and lists are valid YAML, so any name or tag is quoted safely.
    values: list[tuple[str, object]] = [
        ("coffeechat_id", person.id), ("name", person.name), ("organization", person.organization),
        ("title", person.title), ("stage", person.stage), ("how_known", person.how_known),
        ("tags", list(person.tags)), ("emails", list(person.emails)),
    ]
    lines = ["---"]
    for key, value in values:
        if value not in ("", []):
            # YAML reads U+0085, U+2028 and U+2029 as line breaks; JSON would leave them raw.
            quoted = json.dumps(value, ensure_ascii=False)
            quoted = quoted.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
            if "%%" in quoted:  # and no Obsidian comment marker, even in a property
                quoted = quoted.replace("%", "\\u0025")
            lines.append(f"{key}: {quoted}")
    return lines + ["---", ""]


def _details(person: PersonNotes) -> list[str]:
    rows = [
        ("Email", ", ".join(person.emails)), ("Phone", ", ".join(person.phones)),
        ("LinkedIn", person.linkedin_url), ("Location", person.location), ("Time zone", person.timezone),
        ("Known as", person.how_known), ("Stage", person.stage), ("Tags", ", ".join(person.tags)),
        ("Referred by", person.referred_by),
        ("Connected on", person.connected_on.isoformat() if person.connected_on else ""),
    ]
    shown = [f"- **{label}:** {link(value) if label == 'LinkedIn' else inline(value)}" for label, value in rows if value]
    return shown + [""] if shown else []


def _conversation(conversation: ConversationEntry, tz: tzinfo) -> list[str]:
    when = _minute(conversation.scheduled_at, tz) if conversation.scheduled_at else "not scheduled"
    facts = [conversation.state, f"{conversation.minutes} min"]
    facts += [part for part in (conversation.channel, conversation.purpose if conversation.purpose != "career"
                                else "") if part]
    lines = [f"### {when} ({', '.join(facts)})", ""]
    if conversation.goal:
        lines += [f"Goal: {inline(conversation.goal)}", ""]
    if conversation.notes.strip():
        lines += [block(conversation.notes), ""]
    if conversation.questions:
        lines += [f"- [{'x' if answered else ' '}] {inline(text)}" for text, answered in conversation.questions]
        lines.append("")
    for note in conversation.written:
        if note.body.strip():
            lines += [block(note.body), ""]
    if conversation.insights:
        lines += ["Learned:", ""]
        lines += [_insight_line(insight, tz) for insight in conversation.insights] + [""]
    return lines


def _insight_line(insight: InsightEntry, tz: tzinfo) -> str:
    labels = [f"#{_tag_word(label)}" for label in (insight.theme, insight.skill) if _tag_word(label)]
    goal = f" (goal: {inline(insight.goal)})" if insight.goal else ""
    tags = f" {' '.join(labels)}" if labels else ""
    return f"- {inline(insight.text)}{goal}{tags} — {_day(insight.at, tz)}"


def _tag_word(label: str) -> str:
    # A #tag in notes apps is one word; keep letters, digits, dashes and slashes.
    return re.sub(r"[^\w/-]+", "-", label.strip()).strip("-")


def _day(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d")


def _minute(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
