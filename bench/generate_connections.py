"""A deterministic LinkedIn-style Connections.csv, the way the official data export lays it out.

A few "Notes:" lines come before the header; names carry accents; company names hold commas and doubled
quotes; about 30% of emails are blank; about 1% of rows repeat a person (same profile URL) with a newer
position; about 3% of people share a name with a stranger, as in a large real network; dates read like
``07 Dec 2025``.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from bench import practice_names as names
from bench.practice_generator import ascii_slug

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
# Our own wording for the preamble the export puts before the header.
PREAMBLE = [
    ["Notes:"],
    ["Email addresses are included only for connections who allow their network to see them."],
    [],
]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
COMPANIES = (
    "Smith, Jones & Partners", 'The "Morning" Ledger', "Acme Analytics, Inc.", "Ministry of Data",
    'Café "Bonne Idée", SARL', "Northern Tribune", "Policy Lab, LLC", "Østergaard & Sønner",
    "Capitol Strategies", "Civic Data Collective",
)
SEED = 30_000
# Surname parts, so that 30,000 rows hold about as few same-name strangers as a real network (~1-2%).
SURNAME_STARTS = ("Berg", "Cast", "Dal", "Fern", "Gar", "Holm", "Ibar", "Jans", "Kow", "Lind", "Mar", "Nord",
                  "Ol", "Pet", "Quint", "Ros", "Sand", "Tor", "Urb", "Val", "Wald", "Yam", "Zel", "Ång", "Öst")
SURNAME_ENDS = ("ström", "añeda", "sson", "ández", "cía", "gren", "rra", "en", "alski", "qvist", "tínez",
                "by", "iveira", "rović", "ero", "ales", "berg", "res", "ano", "ence", "heim", "ada", "ler", "ès")
GIVEN_STARTS = ("Al", "Be", "Ca", "Da", "El", "Fa", "Ga", "Ha", "Is", "Jo", "Ka", "Le", "Ma", "Na", "Ol", "Pa",
                "Ra", "Sa", "Ta", "Va", "Ya", "Zé")
GIVEN_ENDS = ("na", "ra", "bel", "min", "lia", "rin", "to", "niel", "ric", "sé", "mé", "dan", "ssa", "vin", "ka", "lo",
              "mir", "die", "nor", "ven", "ria", "tan", "sha", "ko")


def connected_on(day: date) -> str:
    """LinkedIn's date form, independent of the machine's locale: ``07 Dec 2025``."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def _name(rng: random.Random) -> tuple[str, str]:
    """A first name (sometimes with a middle initial, as people type it) and a surname."""
    if rng.random() < 0.3:
        first = names.FIRST_NAMES[rng.randrange(len(names.FIRST_NAMES))]
    else:
        first = GIVEN_STARTS[rng.randrange(len(GIVEN_STARTS))] + GIVEN_ENDS[rng.randrange(len(GIVEN_ENDS))]
    if rng.random() < 0.3:
        first += f" {chr(ord('A') + rng.randrange(26))}."
    if rng.random() < 0.1:
        last = names.LAST_NAMES[rng.randrange(len(names.LAST_NAMES))]
    else:
        last = SURNAME_STARTS[rng.randrange(len(SURNAME_STARTS))] + SURNAME_ENDS[rng.randrange(len(SURNAME_ENDS))]
    return first, last


def connection_rows(count: int, seed: int = SEED) -> list[list[str]]:
    """``count`` data rows (repeats included), the same for the same ``count`` and ``seed``."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    start = date(2025, 12, 7)
    for i in range(count):
        if rows and rng.random() < 0.01:
            again = list(rows[rng.randrange(len(rows))])  # the same person (same URL), now somewhere else
            again[4], again[5] = rng.choice(COMPANIES), rng.choice(names.TITLES)
            rows.append(again)
            continue
        first, last = _name(rng)
        slug = ascii_slug(f"{first}-{last}".replace(".", ""))
        url = f"https://www.linkedin.com/in/{slug}-{i:05d}"
        email = "" if rng.random() < 0.3 else f"person{i}@example.com"
        company = rng.choice(COMPANIES) if rng.random() < 0.4 else (
            f"{rng.choice(names.ORG_FIRST)} {rng.choice(names.ORG_SECOND)}")
        rows.append([first, last, url, email, company, rng.choice(names.TITLES),
                     connected_on(start - timedelta(days=i % 3650))])
    return rows


def write_connections(path: Path, count: int, *, preamble: bool = True) -> Path:
    """Write the export (with the Notes preamble unless ``preamble`` is False) and return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if preamble:
            writer.writerows(PREAMBLE)
        writer.writerow(HEADER)
        writer.writerows(connection_rows(count))
    return path
