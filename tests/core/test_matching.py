"""Who is this contact? URL, then email, then name and organisation; and duplicate pairs at scale."""

from __future__ import annotations

import pytest

from coffeechat.core.matching import (
    KnownPerson,
    PeopleIndex,
    find_duplicate_pairs,
    fold_name,
    fold_organization,
    normalise_email,
    normalise_linkedin_url,
)

JOSE = KnownPerson(1, "José Núñez", ("jose@nunez-ortega.example",), "https://www.linkedin.com/in/jose-nunez-4a1b2c",
                   "Núñez, Ortega & Asociados")
ZOE = KnownPerson(2, "Zoë Ødegaard", (), "", "Nordic Data Desk")
JOHN = KnownPerson(3, "John Smith", (), "", "City Budget Office")
PEOPLE = [JOSE, ZOE, JOHN]


def incoming(name: str, emails: tuple[str, ...] = (), url: str = "", org: str = "") -> KnownPerson:
    return KnownPerson(0, name, emails, url, org)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://linkedin.com/in/Jose-Nunez-4a1b2c/", "https://www.linkedin.com/in/jose-nunez-4a1b2c"),
        ("www.linkedin.com/in/jose-nunez-4a1b2c?trk=people", "https://www.linkedin.com/in/jose-nunez-4a1b2c"),
        ("https://es.linkedin.com/in/jose-nunez-4a1b2c", "https://www.linkedin.com/in/jose-nunez-4a1b2c"),
        ("https://www.linkedin.com/in/jos%C3%A9-n/", "https://www.linkedin.com/in/jos%C3%A9-n"),
        ("https://www.linkedin.com/in/José-N", "https://www.linkedin.com/in/jos%C3%A9-n"),
        ("https://www.linkedin.com/in/ana/details/experience/", "https://www.linkedin.com/in/ana"),
        ("https://example.org/in/ana", "https://example.org/in/ana"),
        ("", ""),
    ],
)
def test_linkedin_urls_have_one_spelling(url: str, expected: str) -> None:
    assert normalise_linkedin_url(url) == expected


def test_folding_names_emails_and_organisations() -> None:
    assert fold_name("Zoë Ødegaard") == "zoe odegaard"
    assert fold_name("Núñez, José") == fold_name("José Núñez, MBA") == "jose nunez"
    assert fold_name("Siobhán O’Sullivan") == fold_name("Siobhan O'Sullivan") == "siobhan osullivan"
    assert fold_organization("Acme, Inc.") == fold_organization("ACME") == "acme"
    assert normalise_email(" Mailto:Zoe@Example.NO ") == "zoe@example.no"
    assert normalise_email("not an address") == ""
    assert normalise_email("a" * 250 + "@example.org") == ""  # longer than an address can be (254)


def test_same_profile_url_wins_even_with_another_name() -> None:
    decision = PeopleIndex(PEOPLE).match(incoming("J. Nunez", url="linkedin.com/in/JOSE-NUNEZ-4a1b2c/"))
    assert (decision.kind, decision.person_id, decision.score) == ("url", 1, 100.0)


def test_shared_email_is_case_insensitive() -> None:
    decision = PeopleIndex(PEOPLE).match(incoming("Pepe", emails=("other@x.example", "JOSE@nunez-ortega.example")))
    assert (decision.kind, decision.person_id) == ("email", 1)


def test_accents_and_legal_forms_do_not_hide_a_confident_match() -> None:
    decision = PeopleIndex(PEOPLE).match(incoming("Jose Nunez", org="Nunez Ortega & Asociados S.A."))
    assert (decision.kind, decision.person_id) == ("fuzzy", 1)
    assert decision.score >= 90


def test_same_name_at_another_organisation_is_only_uncertain() -> None:
    decision = PeopleIndex(PEOPLE).match(incoming("John Smith", org="Statehouse Bureau"))
    assert (decision.kind, decision.person_id) == ("uncertain", 3)


def test_close_name_without_organisation_is_uncertain() -> None:
    decision = PeopleIndex(PEOPLE).match(incoming("Zoe Odegard"))
    assert (decision.kind, decision.person_id) == ("uncertain", 2)


def test_different_profiles_are_never_merged_silently() -> None:
    decision = PeopleIndex(PEOPLE).match(incoming("José Núñez", url="linkedin.com/in/another-jose", org="Núñez, Ortega"))
    assert decision.kind == "uncertain"


@pytest.mark.parametrize("name", ["Jane Smith", "Marcus Bell", ""])
def test_strangers_are_new(name: str) -> None:
    decision = PeopleIndex(PEOPLE).match(incoming(name, org="City Budget Office"))
    assert (decision.kind, decision.person_id, decision.score) == ("new", None, 0.0)


def test_index_learns_people_added_during_an_import() -> None:
    index = PeopleIndex(PEOPLE)
    index.add(KnownPerson(4, "Lena Fischer", (), "https://de.linkedin.com/in/lenafischer", "Open Budget Lab"))
    assert index.match(incoming("Lena F.", url="https://www.linkedin.com/in/lenafischer")).person_id == 4


def test_duplicate_pairs_by_each_kind_of_evidence() -> None:
    people = [
        JOSE,
        KnownPerson(10, "Jose Nunez", (), "http://linkedin.com/in/Jose-Nunez-4a1b2c/", ""),
        KnownPerson(11, "Pepe N.", ("JOSE@nunez-ortega.example",)),
        ZOE,
        KnownPerson(12, "Zoe Odegaard", (), "", "Nordic Data Desk AS"),
        JOHN,
        KnownPerson(13, "Jon Smith", (), "", "Statehouse Bureau"),
        KnownPerson(14, "Amara Okafor", (), "", "City Budget Office"),
    ]
    pairs = find_duplicate_pairs(people)
    assert [(p.id_a, p.id_b, p.reason) for p in pairs] == [(1, 10, "url"), (1, 11, "email"), (2, 12, "fuzzy")]


def test_duplicate_finder_finds_the_one_twin_among_ten_thousand_people() -> None:
    # Correctness at size only; its speed is measured in bench/, never timed here.
    firsts = ["Ana", "Bo", "Cy", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun"]
    people = [
        KnownPerson(i, f"{firsts[i % 10]} {chr(65 + i % 26)}urname{i:05d}", (f"p{i}@example.org",),
                    f"https://www.linkedin.com/in/p{i}", f"Org {i % 300}")
        for i in range(10_000)
    ]
    people.append(KnownPerson(20_000, "Ana Aurname00000", (), "", "Org 0"))
    pairs = find_duplicate_pairs(people)
    assert (0, 20_000) in {(p.id_a, p.id_b) for p in pairs}


def test_a_linkedin_field_that_is_not_a_url_is_kept_as_typed() -> None:
    # Square brackets made urlsplit raise, which broke every later import and the duplicates page.
    assert normalise_linkedin_url("[x](y)") == "[x](y)"
    assert normalise_linkedin_url("http://[::1") == "http://[::1"
