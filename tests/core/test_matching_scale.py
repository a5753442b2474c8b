"""Matching stays fast in a crowded block of similar names, and keeps its confident matches there."""

from __future__ import annotations

import random
from dataclasses import dataclass

from coffeechat.core.matching import MAX_COMPARED_PER_BLOCK, KnownPerson, PeopleIndex


@dataclass(frozen=True)
class Incoming:
    full_name: str
    organization: str = "Acme"
    emails: tuple[str, ...] = ()
    linkedin_url: str = ""


def crowded_index(size: int) -> tuple[PeopleIndex, list[str]]:
    """``size`` people at one organisation whose names all share the initials J. N."""
    rng = random.Random(7)
    names = [f"J{''.join(rng.choice('aeiou') for _ in range(3))} N{''.join(rng.choice('aeioursnt') for _ in range(7))}"
             for _ in range(size)]
    return PeopleIndex(KnownPerson(i + 1, name, organization="Acme") for i, name in enumerate(names)), names


def test_a_crowded_block_is_narrowed_and_still_finds_exact_and_one_typo_matches() -> None:
    index, names = crowded_index(6 * MAX_COMPARED_PER_BLOCK)
    for position in (0, len(names) // 2, len(names) - 1):
        name = names[position]
        exact = index.match(Incoming(name))
        assert (exact.kind, exact.score) == ("fuzzy", 100.0)
        assert names[exact.person_id - 1] == name
        typo = name[:-1] + ("x" if name[-1] != "x" else "y")  # the last letter mistyped
        found = index.match(Incoming(typo))
        assert found.kind == "fuzzy" and names[found.person_id - 1].split()[0] == name.split()[0]


def test_matching_many_contacts_against_a_crowded_block_is_not_quadratic(monkeypatch) -> None:
    # Counted, not timed (speed is measured in bench/): how many names each incoming contact is compared
    # with. Without the cap every contact met all 20,000 names of the block.
    import coffeechat.core.matching as matching

    compared: list[int] = []
    real_extract = matching.process.extract

    def counting_extract(query, choices, **options):
        compared.append(len(choices))
        return real_extract(query, choices, **options)

    monkeypatch.setattr(matching.process, "extract", counting_extract)
    index, _ = crowded_index(20_000)
    rng = random.Random(11)
    probes = [Incoming(f"J{''.join(rng.choice('aeiou') for _ in range(3))} "
                       f"N{''.join(rng.choice('aeioursnt') for _ in range(7))}") for _ in range(200)]
    per_probe = []
    for probe in probes:
        compared.clear()
        index.match(probe)
        per_probe.append(sum(compared))
    # Two blocks (initials, organisation), each capped: a bound independent of the network's size.
    assert max(per_probe) <= 2 * MAX_COMPARED_PER_BLOCK, f"a contact was compared with {max(per_probe)} names"
