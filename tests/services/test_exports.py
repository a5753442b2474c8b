"""Exports gather the owner's data in a fixed number of queries and write files other tools open."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from coffeechat.models import Conversation, Goal, Insight, Note, PlanItem
from coffeechat.services.exports import (
    CSV_COLUMNS,
    export_markdown,
    export_people_csv,
    people_notes,
    write_people_csv,
)
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a spreadsheet needs the BOM to pick UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_markdown_has_one_file_per_person_and_an_index(owner, outsider, tmp_path: Path) -> None:
    set_setting(owner, "timezone", "Europe/Paris")
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune", title="Politics editor",
                                       emails=("dana@tribune.example",), tags=("alumni",)))
    goal = Goal.objects.create(owner=owner, title="Data journalism")
    talk = Conversation.objects.create(owner=owner, person=dana, goal=goal, state="held", notes="Night desk talk.",
                                       scheduled_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    PlanItem.objects.create(owner=owner, conversation=talk, position=1, text="What surprised you?", answered=True)
    Note.objects.create(owner=owner, conversation=talk, body="Send clips by Friday.")
    Note.objects.create(owner=owner, person=dana, body="Likes short emails.")
    Insight.objects.create(owner=owner, conversation=talk, person=dana, text="Clips beat certificates.", theme="hiring")
    add_person(owner, NewPerson("Sam Ortiz"))
    add_person(outsider, NewPerson("Not Mine"))
    folder = tmp_path / "notes" / "coffeechat"
    counts = export_markdown(owner, folder)
    assert counts == {"people": 2, "conversations": 1, "files": 3}
    assert sorted(p.name for p in folder.iterdir()) == sorted(["index.md", f"dana-reyes-{dana.pk}.md",
                                                               f"sam-ortiz-{dana.pk + 1}.md"])
    text = (folder / f"dana-reyes-{dana.pk}.md").read_text(encoding="utf-8")
    assert "### 2026-11-02 10:00 (held, 20 min, Video call)" in text  # Paris time
    assert "Goal: Data journalism" in text and "Night desk talk." in text
    assert "- [x] What surprised you?" in text and "Send clips by Friday." in text
    assert "- Clips beat certificates. #hiring" in text
    # The insight belongs to the conversation, so it is not repeated under the person's own insights.
    assert text.count("Clips beat certificates.") == 1
    assert "## Notes" in text and "Likes short emails." in text
    assert "Added Dana Reyes (Politics editor at The Tribune)" in text
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert f"[Dana Reyes](dana-reyes-{dana.pk}.md)" in index and "Not Mine" not in index


def test_markdown_export_overwrites_its_files_and_keeps_others(owner, tmp_path: Path) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes"))
    (tmp_path / "my-own-note.md").write_text("mine")
    export_markdown(owner, tmp_path)
    dana.title = "Managing editor"
    dana.save()
    export_markdown(owner, tmp_path)
    assert "Managing editor" in (tmp_path / f"dana-reyes-{dana.pk}.md").read_text()
    assert (tmp_path / "my-own-note.md").read_text() == "mine"


def test_gathering_notes_takes_a_fixed_number_of_queries(owner, django_assert_max_num_queries) -> None:
    for index in range(30):
        person = add_person(owner, NewPerson(f"Person {index}", organization=f"Org {index % 4}", tags=("a", "b"),
                                             emails=(f"p{index}@example.org",)))
        talk = Conversation.objects.create(owner=owner, person=person, state="held")
        Note.objects.create(owner=owner, conversation=talk, body="note")
        Insight.objects.create(owner=owner, conversation=talk, text="insight")
    with django_assert_max_num_queries(12):
        notes = people_notes(owner)
    assert len(notes) == 30 and all(n.conversations[0].written[0].body == "note" for n in notes)


def test_csv_has_the_columns_a_spreadsheet_user_expects(owner, tmp_path: Path) -> None:
    add_person(owner, NewPerson("Zoë Ødegaard", organization="Harbor Policy Institute", title="Analyst",
                                emails=("zoe@harbor.example", "z.o@gmail.example"), phones=("0170 5550100",),
                                linkedin_url="linkedin.com/in/zoe", location="Oslo", how_known="alumni",
                                tags=("policy", "alumni"), notes="Met at the fair, said \"call me\"\nanytime"))
    counts = export_people_csv(owner, tmp_path / "people.csv")
    assert counts == {"people": 1}
    rows = read_csv(tmp_path / "people.csv")
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0] == {
        "name": "Zoë Ødegaard", "first": "Zoë", "last": "Ødegaard", "organisation": "Harbor Policy Institute",
        "title": "Analyst", "emails": "zoe@harbor.example; z.o@gmail.example", "phones": "0170 5550100",
        "linkedin": "https://www.linkedin.com/in/zoe", "location": "Oslo", "how known": "alumni", "stage": "new",
        "tags": "alumni; policy", "notes": "Met at the fair, said \"call me\"\nanytime",
    }


def test_no_cell_can_start_a_formula(owner, tmp_path: Path) -> None:
    add_person(owner, NewPerson("=HYPERLINK(\"http://evil.example\")", organization="+Plus Org", title="-Minus",
                                phones=("+1 312 555 0100",), notes="@SUM(A1)", tags=("\tindent",)))
    export_people_csv(owner, tmp_path / "people.csv")
    row = read_csv(tmp_path / "people.csv")[0]
    for column in CSV_COLUMNS:
        assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row[column])
    assert row["name"] == "'=HYPERLINK(\"http://evil.example\")"
    assert row["phones"] == "'+1 312-555-0100"
    assert row["organisation"] == "'+Plus Org"


def test_csv_to_a_stream_holds_only_the_owners_people(owner, outsider) -> None:
    add_person(owner, NewPerson("Dana Reyes"))
    add_person(outsider, NewPerson("Not Mine"))
    out = io.StringIO()
    assert write_people_csv(owner, out) == {"people": 1}
    text = out.getvalue()
    assert text.startswith("\ufeffname,first,last,")
    assert "Dana Reyes" in text and "Not Mine" not in text
