"""The 30-second introduction: what it says, and that it takes about thirty seconds to say."""

from __future__ import annotations

import itertools

import pytest

from coffeechat.core.introduction import (
    MAX_WORDS,
    MIN_WORDS,
    IntroPerson,
    IntroProfile,
    thirty_second_intro,
    word_count,
)

PROFILES = [
    IntroProfile("Sam Rivera", school="Northwestern", programme="journalism", year="third-year"),
    IntroProfile(
        "Priya Natarajan",
        school="Georgetown",
        programme="MPP",
        background="I spent last summer interning in a state senator's district office",
    ),
    IntroProfile("Jo Park", current_role="a paralegal at a housing nonprofit"),
    IntroProfile("Al"),
]
GOALS = ["political reporting at a national outlet", "policy analysis at a think tank", "data journalism"]
PEOPLE = [
    IntroPerson("Dana", why="you moved from covering city hall to the national politics desk"),
    IntroPerson("Luis", "legislative director", "Senator Alvarez's office", referred_by="Professor Lin"),
    IntroPerson("Ada", "editor", "the Tribune", shared="Northwestern"),
    IntroPerson("Bo"),
]


@pytest.mark.parametrize(("profile", "goal", "person"), list(itertools.product(PROFILES, GOALS, PEOPLE)))
def test_intro_is_sixty_to_eighty_words_about_thirty_seconds(
    profile: IntroProfile, goal: str, person: IntroPerson
) -> None:
    text = thirty_second_intro(profile, goal, person)
    assert MIN_WORDS <= word_count(text) <= MAX_WORDS


def test_intro_says_who_what_and_why_this_person() -> None:
    text = thirty_second_intro(PROFILES[0], GOALS[0], PEOPLE[0])
    assert "I'm Sam Rivera, a third-year journalism student at Northwestern." in text
    assert "exploring political reporting at a national outlet" in text
    assert "because you moved from covering city hall to the national politics desk." in text


def test_intro_for_someone_already_working() -> None:
    text = thirty_second_intro(PROFILES[2], GOALS[1], PEOPLE[0])
    assert "I'm Jo Park, currently a paralegal at a housing nonprofit." in text


def test_referral_and_shared_background_come_first_in_the_why() -> None:
    referred = thirty_second_intro(PROFILES[1], GOALS[1], PEOPLE[1])
    assert "Professor Lin suggested I talk with you." in referred
    shared = thirty_second_intro(PROFILES[0], GOALS[2], PEOPLE[2])
    assert "we share a connection through Northwestern" in shared
    both = IntroPerson("Ada", shared="the Daily", why="you run the data desk", referred_by="Marcus")
    assert "Marcus suggested I talk with you, because you run the data desk." in thirty_second_intro(
        PROFILES[0], GOALS[2], both
    )


def test_background_sentence_is_used_when_given() -> None:
    text = thirty_second_intro(PROFILES[1], GOALS[1], PEOPLE[1])
    assert "I spent last summer interning in a state senator's district office." in text
    assert "an MPP student at Georgetown" in text


def test_parts_come_in_spoken_order() -> None:
    text = thirty_second_intro(PROFILES[1], GOALS[1], PEOPLE[3])
    assert text.index("I'm Priya") < text.index("exploring") < text.index("talk with you")


def test_long_entries_drop_optional_sentences_first() -> None:
    wordy = IntroPerson("Dana", why=" ".join(["you have covered every statehouse session"] * 3))
    text = thirty_second_intro(PROFILES[0], GOALS[0], wordy)
    assert "Thank you so much" not in text
    assert "every statehouse session" in text


def test_blank_goal_still_reads() -> None:
    text = thirty_second_intro(PROFILES[0], "  ", PEOPLE[0])
    assert "exploring my next step" in text


def test_words_are_counted_across_spaces_and_lines() -> None:
    assert word_count("  one two\nthree  ") == 3
