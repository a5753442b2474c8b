"""Grammar of the sentences coffeechat writes: articles by sound, titles mid-sentence, plurals."""

from __future__ import annotations

import pytest

from coffeechat.core.wording import NAME_PLACEHOLDER, indefinite_article, plural, title_mid_sentence, with_article


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("data reporter", "a"), ("editor", "an"), ("investigations editor", "an"), ("Editor", "an"),
        ("UX researcher", "a"), ("MBA student", "an"), ("NGO", "an"), ("FBI agent", "an"), ("BBC producer", "a"),
        ("hour", "an"), ("honest answer", "an"), ("historian", "a"), ("university", "a"), ("user researcher", "a"),
        ("one-off", "a"), ("European desk", "a"), ("umbrella", "an"), ("unusual path", "an"),
        ("8-minute", "an"), ("11-minute", "an"), ("18-minute", "an"), ("80-minute", "an"), ("20-minute", "a"),
        ("110-minute", "a"), ("1-minute", "a"), ("", "a"),
    ],
)
def test_the_article_follows_the_sound_of_the_next_word(phrase: str, article: str) -> None:
    assert indefinite_article(phrase) == article


def test_with_article_joins_and_tidies_spaces() -> None:
    assert with_article("  data   reporter ") == "a data reporter"
    assert with_article("editor") == "an editor"
    assert with_article("") == ""


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Politics editor", "politics editor"), ("Data Reporter", "data reporter"), ("CEO", "CEO"),
        ("BBC Producer", "BBC producer"), ("Chief of Staff", "chief of staff"),
        ("Senate Press Secretary", "Senate press secretary"), ("Head of data", "head of data"),
        ("iOS engineer", "iOS engineer"), ("Reuters correspondent", "Reuters correspondent"), ("", ""),
    ],
)
def test_a_title_mid_sentence_is_lower_case_but_keeps_acronyms_and_proper_nouns(title: str, expected: str) -> None:
    assert title_mid_sentence(title) == expected


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [(1, "conversation", "1 conversation"), (2, "conversation", "2 conversations"), (0, "reply", "0 replies"),
     (1, "reply", "1 reply"), (3, "day", "3 days"), (2, "match", "2 matches")],
)
def test_plurals_agree_with_their_count(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


def test_the_name_placeholder_is_one_bracketed_form() -> None:
    assert NAME_PLACEHOLDER == "[your name]"
