"""Generate a LARGE, deterministic coffeechat practice straight into a database, fast (bulk_create).

10,000 people at 2,000 organisations, 50,000 timeline entries, and messages, conversations, referrals and
tasks arranged so that every kind of due action shows up in ``coffeechat next`` at the fixed ``--now``.

    python -m bench.practice_generator --home bench/out/practice --now 2026-11-16T15:00:00+00:00
    python -m bench.practice_generator --home bench/out/practice-100000 --now … --people 100000

``--people N`` (a multiple of 5, at least 10,000) grows the network: N/5 organisations and 5×N timeline
entries, while the story that makes actions due keeps its size (see practice_scenarios.scale).

It writes ``bench-practice.json`` (counts, the due kinds to expect, a person with a long timeline) into the
home last, so a home with that file is a finished one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 1
SEED = 20261116
MANIFEST_NAME = "bench-practice.json"
EXPECTED_KINDS = ("next_contact", "follow_up", "confirm", "prepare", "log_notes", "thank_you", "referral",
                  "report_back", "keep_in_touch", "task")
BATCH = 2_000
DEFAULT_PEOPLE = 10_000


def ascii_slug(text: str) -> str:
    """"Ødegaard O'Connor" -> "odegaard-oconnor", for invented profile links and emails."""
    folded = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O").replace("đ", "d").replace("Đ", "D"))
    return folded.encode("ascii", "ignore").decode().lower().replace("'", "").replace(" ", "-")


def _keep_given_timestamps() -> None:
    """Let rows keep the created/updated times we give them (the story happened in the past)."""
    from django.apps import apps

    for model in apps.get_app_config("coffeechat").get_models():
        present = {field.name for field in model._meta.get_fields()}
        for name in ("created_at", "updated_at"):
            if name not in present:  # a model without the timestamp fields (the tags' link table)
                continue
            field = model._meta.get_field(name)
            field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]


def _stamp(rows: list[Any], when: datetime) -> list[Any]:
    for row in rows:
        if getattr(row, "created_at", None) is None:
            row.created_at = when
        if getattr(row, "updated_at", None) is None:
            row.updated_at = row.created_at
    return rows


def build_network(owner: Any, now: datetime, rng: random.Random) -> tuple[list[Any], list[Any]]:
    """Write the organisations, goals and people (with emails and tags); return the people and goals."""
    from bench import practice_names as names
    from bench.practice_scenarios import ORGANISATIONS, PEOPLE, planned_stage
    from coffeechat.models import ContactPoint, Goal, Organization, Person, Tag
    from coffeechat.services.people import normalise_linkedin_url, split_name

    orgs = []
    for i in range(ORGANISATIONS):
        base = f"{names.ORG_FIRST[i % len(names.ORG_FIRST)]} {names.ORG_SECOND[(i // len(names.ORG_FIRST)) % len(names.ORG_SECOND)]}"
        name = base if i < len(names.ORG_FIRST) * len(names.ORG_SECOND) else f"{base} {i // 500 + 1}"
        orgs.append(Organization(owner=owner, name=name, advocacy=i % 3 != 2, motivation=rng.choice((0, 1, 2, 2, 3)),
                                 posting=rng.choice((1, 1, 2, 3))))
    Organization.objects.bulk_create(_stamp(orgs, now - timedelta(days=400)), batch_size=BATCH)
    goals = [Goal(owner=owner, title=t, field=f, target_role=r) for t, f, r in names.GOALS]
    Goal.objects.bulk_create(_stamp(goals, now - timedelta(days=300)))

    people = []
    for i in range(PEOPLE):
        first = names.FIRST_NAMES[(i * 7 + i // 97) % len(names.FIRST_NAMES)]
        last = names.LAST_NAMES[(i * 11 + i // 53) % len(names.LAST_NAMES)]
        full = f"{first} {last}"
        city, zone = names.CITIES[i % len(names.CITIES)]
        stage, cadence = planned_stage(i)
        connected = (now - timedelta(days=30 + (i * 37) % 2500)).date()
        people.append(Person(
            owner=owner, full_name=full, first_name=split_name(full)[0], last_name=split_name(full)[1],
            organization=orgs[i % ORGANISATIONS], title=names.TITLES[(i * 3) % len(names.TITLES)], location=city,
            timezone=zone, linkedin_url=normalise_linkedin_url(f"https://www.linkedin.com/in/{ascii_slug(full)}-{i}"),
            how_known=rng.choices(("alumni", "cold", "colleague", "friend"), (30, 50, 12, 8))[0], stage=stage,
            cadence_days=cadence, connected_on=connected,
            created_at=datetime.combine(connected, datetime.min.time(), tzinfo=UTC),
        ))
    Person.objects.bulk_create(_stamp(people, now), batch_size=BATCH)

    emails = [
        ContactPoint(owner=owner, person=p, kind="email",
                     value=f"{ascii_slug(p.first_name)}.{ascii_slug(p.last_name)}.{i}@example.org")
        for i, p in enumerate(people) if rng.random() < 0.65
    ]
    ContactPoint.objects.bulk_create(_stamp(emails, now - timedelta(days=30)), batch_size=BATCH)
    tags = [Tag(owner=owner, name=n) for n in names.TAGS]
    Tag.objects.bulk_create(_stamp(tags, now - timedelta(days=300)))
    through = Person.tags.through
    links = []
    for p in people:
        if rng.random() < 0.3:
            for tag in rng.sample(tags, rng.choice((1, 1, 2))):
                links.append(through(person_id=p.pk, tag_id=tag.pk))
    through.objects.bulk_create(links, batch_size=BATCH)
    return people, goals


def generate_practice(home: Path, now: datetime, people_count: int = DEFAULT_PEOPLE) -> dict[str, Any]:
    """Fill the empty practice in ``home`` with ``people_count`` people; return the manifest (also written there)."""
    os.environ["COFFEECHAT_HOME"] = str(home)
    from coffeechat.bootstrap import start

    start()
    from django.db import transaction

    from bench.practice_scenarios import Story, person_index, scale

    scale(people_count)
    from coffeechat.models import (
        ContactPoint,
        Conversation,
        Message,
        Organization,
        Person,
        Referral,
        Task,
        Touch,
        UserSetting,
    )
    from coffeechat.services.accounts import local_owner

    owner = local_owner()
    if Person.objects.owned_by(owner).exists():
        raise SystemExit(f"{home} already holds people; the generator only fills an empty practice")
    _keep_given_timestamps()
    rng = random.Random(SEED)
    started = time.perf_counter()
    with transaction.atomic():
        UserSetting.objects.bulk_create([
            UserSetting(owner=owner, key="timezone", value="UTC", created_at=now, updated_at=now),
            UserSetting(owner=owner, key="country", value="", created_at=now, updated_at=now),
        ])
        people, goals = build_network(owner, now, rng)
        story = Story(owner, now, people, goals, seed=SEED + 1)
        for person in people:
            story.touch(person, "imported", person.created_at, f"Connected on LinkedIn ({person.organization.name})")
        story.history()
        story.waiting()
        story.meetings()
        story.referrals_made()
        story.relationships()
        story.commitments()
        showcase = people[person_index(0, 0)]
        story.padding(showcase)

        Conversation.objects.bulk_create(story.conversations, batch_size=BATCH)
        Message.objects.bulk_create(story.messages, batch_size=BATCH)
        referred = [r.to_person for r in story.referrals]
        Person.objects.bulk_update(referred, ["referred_by"], batch_size=BATCH)
        Referral.objects.bulk_create(story.referrals, batch_size=BATCH)
        Task.objects.bulk_create(story.tasks, batch_size=BATCH)
        Touch.objects.bulk_create(story.touches, batch_size=BATCH)
    seconds = time.perf_counter() - started
    counts = {model.__name__: model.objects.owned_by(owner).count()
              for model in (Organization, Person, ContactPoint, Touch, Message, Conversation, Referral, Task)}
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": SEED,
        "people": people_count,
        "now": now.isoformat(),
        "home": str(home),
        "database": str(home / "coffeechat.sqlite3"),
        "counts": counts,
        "expected_kinds": list(EXPECTED_KINDS),
        "showcase_person_id": showcase.pk,
        "generated_in_seconds": round(seconds, 2),
    }
    (home / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--home DIR --now ISO-INSTANT [--people N]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.practice_generator", description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True, type=Path, help="an empty or new coffeechat home folder")
    parser.add_argument("--now", required=True, help="the instant every date hangs from, e.g. 2026-11-16T15:00:00+00:00")
    parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE,
                        help="how many people (a multiple of 5, at least 10,000; default 10,000)")
    args = parser.parse_args(argv)
    if args.people < DEFAULT_PEOPLE or args.people % 5:
        parser.error("--people must be a multiple of 5 and at least 10000")
    now = datetime.fromisoformat(args.now).astimezone(UTC)
    home = args.home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    manifest = generate_practice(home, now, args.people)
    counts = ", ".join(f"{n:,} {name}" for name, n in manifest["counts"].items())
    print(f"Generated in {manifest['generated_in_seconds']} s: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
