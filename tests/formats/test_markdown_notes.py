"""Markdown notes read well in a notes app: safe file names, front matter, sections, times in the user's zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from coffeechat.formats.markdown_notes import (
    ConversationEntry,
    InsightEntry,
    NoteEntry,
    PersonNotes,
    TimelineEntry,
    inline,
    note_file_name,
    render_index,
    render_person,
)

CHICAGO = ZoneInfo("America/Chicago")
HELD = datetime(2026, 11, 2, 19, 40, tzinfo=UTC)


def dana(**changes: object) -> PersonNotes:
    fields: dict[str, object] = {
        "id": 12, "name": "Dana Reyes", "organization": "The Tribune", "title": "Politics editor",
        "emails": ("dana@tribune.example",), "phones": ("+1 312 555 0100",),
        "linkedin_url": "https://www.linkedin.com/in/dana-reyes", "location": "Chicago", "timezone": "America/Chicago",
        "how_known": "alumni", "stage": "met", "tags": ("alumni", "journalism"), "referred_by": "Sam Ortiz",
        "connected_on": date(2025, 12, 7), "notes": "Covers the statehouse.\n\nPrefers email.",
        "conversations": (ConversationEntry(
            scheduled_at=HELD, state="held", channel="Video call", minutes=20,
            goal="Data journalism at a metro newsroom", notes="Talked about the night desk.",
            questions=(("What does a normal week look like?", True), ("Who else should I talk to?", False)),
            written=(NoteEntry(HELD, "Send her my clips by Friday."),),
            insights=(InsightEntry(HELD, "Clips beat certificates.", theme="hiring", skill="data viz",
                                   goal="Data journalism"),),
        ),),
        "written": (NoteEntry(datetime(2026, 11, 20, 3, 0, tzinfo=UTC), "Met her again at the alumni event."),),
        "insights": (InsightEntry(HELD, "Statehouse beats open in January."),),
        "timeline": (TimelineEntry(datetime(2026, 10, 21, 14, 0, tzinfo=UTC), "Request sent to Dana"),),
    }
    fields.update(changes)
    return PersonNotes(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("person_id", "name", "expected"), [
    (12, "Dana Reyes", "dana-reyes-12.md"),
    (7, "Aisha J. Ødegaard", "aisha-j-odegaard-7.md"),
    (3, "Chloé O'Brien-Núñez", "chloe-o-brien-nunez-3.md"),
    (4, "../../etc/passwd", "etc-passwd-4.md"),
    (5, "CON: <AUX>|*?", "con-aux-5.md"),
    (6, "李小龍", "person-6.md"),
    (8, "   ", "person-8.md"),
])
def test_file_names_use_only_safe_characters_and_keep_the_id(person_id: int, name: str, expected: str) -> None:
    assert note_file_name(person_id, name) == expected


def test_a_long_name_is_cut_but_keeps_the_id() -> None:
    name = note_file_name(99, "Maximiliana " * 12)
    assert name.endswith("-99.md") and len(name) <= 60 + len("-99.md")
    assert "--" not in name


def test_the_person_file_has_front_matter_details_and_every_section() -> None:
    text = render_person(dana(), CHICAGO)
    assert text.startswith('---\ncoffeechat_id: 12\nname: "Dana Reyes"\norganization: "The Tribune"\n')
    assert 'tags: ["alumni", "journalism"]\n' in text
    _front, body = text.split("\n---\n", 1)
    assert "# Dana Reyes\n\n*Politics editor at The Tribune*" in body
    assert "- **Email:** dana@tribune.example" in body
    assert "- **Referred by:** Sam Ortiz" in body
    assert "- **Connected on:** 2025-12-07" in body
    assert "- **LinkedIn:** <https://www.linkedin.com/in/dana-reyes>" in body
    sections = [line for line in body.splitlines() if line.startswith("## ")]
    assert sections == ["## About", "## Conversations", "## Insights", "## Notes", "## Timeline"]
    assert "Covers the statehouse.\n\nPrefers email." in body


def test_conversations_show_local_time_plan_notes_and_insights() -> None:
    text = render_person(dana(), CHICAGO)
    # 19:40 UTC on 2 Nov 2026 is 13:40 in Chicago (standard time began the day before).
    assert "### 2026-11-02 13:40 (held, 20 min, Video call)" in text
    assert "Goal: Data journalism at a metro newsroom" in text
    assert "- [x] What does a normal week look like?\n- [ ] Who else should I talk to?" in text
    assert "Send her my clips by Friday." in text
    assert "- Clips beat certificates. (goal: Data journalism) #hiring #data-viz — 2026-11-02" in text
    assert "- 2026-10-21 09:00 — Request sent to Dana" in text
    # A note written at 03:00 UTC on the 20th was written on the evening of the 19th in Chicago.
    assert "### 2026-11-19\n\nMet her again at the alumni event." in text


def test_a_reporting_conversation_says_so_and_a_career_one_does_not() -> None:
    reporting = ConversationEntry(scheduled_at=None, state="proposed", purpose="reporting", minutes=30)
    text = render_person(dana(conversations=(reporting,)), CHICAGO)
    assert "### not scheduled (proposed, 30 min, reporting)" in text
    assert "career" not in render_person(dana(), CHICAGO).split("## Conversations")[1].split("\n\n")[1]


def test_a_person_with_only_a_name_has_no_empty_sections() -> None:
    text = render_person(PersonNotes(id=1, name="Sam Ortiz"), UTC)
    assert text == '---\ncoffeechat_id: 1\nname: "Sam Ortiz"\n---\n\n# Sam Ortiz\n'


def test_user_text_cannot_break_the_markup() -> None:
    tricky = dana(name='Ann "The Hammer" [Lee]', title="**Boss**", tags=('say "hi"',), how_known="",
                  organization="", conversations=(), insights=(), written=(), timeline=())
    text = render_person(tricky, UTC)
    assert 'name: "Ann \\"The Hammer\\" [Lee]"' in text
    assert 'tags: ["say \\"hi\\""]' in text
    assert "# Ann \"The Hammer\" \\[Lee\\]" in text
    assert "*\\*\\*Boss\\*\\**" in text
    assert inline("line one\nline two") == "line one line two"
    assert inline("America/New_York _x_") == "America/New_York \\_x\\_"


def test_the_index_groups_people_by_organisation_and_links_their_files() -> None:
    people = [dana(), dana(id=3, name="Ana Álvarez", title="Reporter", stage="new"),
              dana(id=4, name="Sam [Ortiz]", organization="", title="", stage="")]
    text = render_index(people, generated_at=datetime(2026, 11, 26, 22, 0, tzinfo=UTC), tz=CHICAGO)
    assert text.startswith("# coffeechat notes\n\n3 people, exported 2026-11-26 16:00.\n")
    tribune = text.index("## The Tribune")
    assert tribune < text.index("- [Ana Álvarez](ana-alvarez-3.md) — Reporter, new")
    assert text.index("- [Ana Álvarez]") < text.index("- [Dana Reyes](dana-reyes-12.md) — Politics editor, met")
    assert text.index("## No organisation") > tribune
    assert "- [Sam \\[Ortiz\\]](sam-ortiz-4.md)\n" in text


# -- a hostile note cannot break the file --------------------------------------------------------------------

HOSTILE = "\n".join([
    "Real note first.",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- everything after this is hidden",
    "```",
    "~~~",
    "# Fake heading",
    "## Timeline",
    "Underlined",
    "---",
    "===",
    "[click](javascript:alert(1)) ![img](data:text/html,hi) [[Wiki link]]",
    "<javascript:alert(1)> <https://ok.example/path>",
    "[ref]: javascript:alert(2)",
    "%% hides the rest in Obsidian",
    "back\\slash \\<b>bold\\</b> `code` \x00nul\u2028sep",
    "- a list item stays a list item *with emphasis*",
    "Last line.",
])


def rendered_html(markdown: str) -> str:
    """The file as a CommonMark renderer (raw HTML allowed, as notes apps allow it) turns it into HTML."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(markdown)


def test_a_hostile_note_is_inert_in_the_markdown_export() -> None:
    conversation = ConversationEntry(scheduled_at=HELD, state="held", notes=HOSTILE,
                                     written=(NoteEntry(HELD, HOSTILE),))
    person = dana(notes=HOSTILE, conversations=(conversation,), written=(NoteEntry(HELD, HOSTILE),),
                  linkedin_url="javascript:alert(document.cookie)", insights=(), timeline=())
    text = render_person(person, UTC)
    html = rendered_html(text.split("\n---\n", 1)[1])
    assert "<script" not in html and "<img" not in html and "<!--" not in html
    assert "<pre>" not in html and "<code>" not in html  # no fence or code span swallows the file
    assert "javascript:" not in " ".join(re.findall(r'(?:href|src)="([^"]*)"', html))
    assert re.findall(r'href="([^"]*)"', html) == []  # the one https link in the note is written as text too
    headings = re.findall(r"<h(\d)>(.*?)</h\1>", html)
    assert [h for h in headings if "Fake" in h[1] or "Underlined" in h[1]] == []
    assert [title for level, title in headings if level == "2"] == ["About", "Conversations", "Notes"]
    assert html.count("Last line.") == 4  # the note is shown whole, every time it appears
    assert "<li>a list item stays a list item <em>with emphasis</em>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as typed
    assert "%%" not in text
    assert "\u2028" not in text and "\x00" not in text
    # The front matter still closes where it should.
    assert text.startswith("---\n") and text.split("\n")[text.split("\n")[1:].index("---") + 1] == "---"


def test_only_a_web_address_becomes_a_link() -> None:
    good = render_person(dana(), UTC)
    assert "- **LinkedIn:** <https://www.linkedin.com/in/dana-reyes>" in good
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:msgbox(1)", "JAVASCRIPT:alert(1)"):
        text = render_person(dana(linkedin_url=url), UTC)
        line = next(line for line in text.splitlines() if line.startswith("- **LinkedIn:**"))
        assert "href" not in rendered_html(line)
    shown = render_person(dana(linkedin_url="data:text/html,<b>x</b>"), UTC)
    assert "- **LinkedIn:** data:text/html,\\<b\\>x\\</b\\>" in shown


def test_names_and_titles_cannot_carry_html_or_comments() -> None:
    person = PersonNotes(id=2, name="<img src=x onerror=alert(1)> %%", title="<!-- x",
                         organization="Org\u2028---", tags=("a\u2029b",))
    text = render_person(person, UTC)
    html = rendered_html(text.split("\n---\n", 1)[1])
    assert "<img" not in html and "<!--" not in html and "%%" not in text
    front = text.split("\n---\n", 1)[0]
    assert "\u2028" not in front and "\u2029" not in front and '"Org\\u2028---"' in front
