"""Writes 100,000 notes (and the people they are about) into a coffeechat home, for the search benchmark.

Run as its own process: ``python -m bench.search_generator --home H``. Deterministic; the words come
from a small invented vocabulary so that common and rare words both occur, like real notes.
"""

from __future__ import annotations

import argparse
import os
import random
import time

NOTES = 100_000
PEOPLE = 2_000
SEED = 7
COMMON = ("talked", "about", "editor", "newsroom", "policy", "data", "advice", "career", "internship", "team",
          "report", "story", "budget", "interview", "coffee", "follow", "mentor", "skills", "writing", "research")
RARE = ("clips", "statehouse", "fellowship", "spreadsheet", "FOIA", "podcast", "zoning", "appropriations",
        "canvass", "sourcing", "visualisation", "transit")


def sentence(rng: random.Random) -> str:
    """One note of 12-30 words, mostly common words and now and then a rare one."""
    words = [rng.choice(RARE) if rng.random() < 0.04 else rng.choice(COMMON) for _ in range(rng.randint(12, 30))]
    return " ".join(words).capitalize() + "."


def main() -> None:
    """Generate the notes into the home given by --home."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    args = parser.parse_args()
    os.environ["COFFEECHAT_HOME"] = args.home
    os.environ.pop("COFFEECHAT_DATABASE_URL", None)
    from coffeechat.bootstrap import start

    start()
    from django.db import transaction

    from coffeechat.models import Note, Person
    from coffeechat.services.accounts import local_owner

    started = time.perf_counter()
    rng = random.Random(SEED)
    owner = local_owner()
    with transaction.atomic():
        people = Person.objects.bulk_create(
            Person(owner=owner, full_name=f"Person {i:04d} Example", first_name="Person", last_name=f"{i:04d}")
            for i in range(PEOPLE))
        batch: list[Note] = []
        for i in range(NOTES):
            batch.append(Note(owner=owner, person=people[i % PEOPLE], body=sentence(rng)))
            if len(batch) == 5_000:
                Note.objects.bulk_create(batch)
                batch = []
        Note.objects.bulk_create(batch)
    print(f"Generated {NOTES:,} notes about {PEOPLE:,} people in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
