"""The pieces the message rules are built from: words, sentences, connection, question, recipient share."""

from __future__ import annotations

import pytest

from coffeechat.core.message_text import (
    body,
    body_sentences,
    connection_position,
    count_words,
    ends_with_question,
    handover_phrases,
    job_words_found,
    mentions_attachment,
    phrase_present,
    recipient_share,
    sender_follow_up_phrases,
    sentences,
    specific_openings,
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("one", 1),
        ("a 20-minute chat", 3),
        ("Hello Ms. Whitfield, — you're great!", 5),
        ("line one\nline two\n\n", 4),
        ("Zoë Müller-Lüdenscheidt écrit", 3),
    ],
)
def test_count_words_counts_like_a_word_processor(text: str, words: int) -> None:
    assert count_words(text) == words


def test_body_drops_the_greeting_and_the_sign_off() -> None:
    text = "Hi Dana,\n\nFirst sentence. Second one?\n\nBest,\nSam Rivera\n"
    assert body(text) == "First sentence. Second one?"


def test_body_keeps_a_one_line_message_whole() -> None:
    assert body("Thanks so much") == "Thanks so much"


def test_sentences_do_not_break_at_abbreviations() -> None:
    assert sentences("I met Dr. Chen at the fair. She said hi! Did she?") == [
        "I met Dr. Chen at the fair.",
        "She said hi!",
        "Did she?",
    ]


def test_sentences_break_at_line_ends() -> None:
    assert sentences("No full stop here\nA second line.") == ["No full stop here", "A second line."]


def test_job_words_found_in_order_once_each() -> None:
    assert job_words_found("Any JOB openings? The job, the openings, hiring soon.") == [
        "job",
        "openings",
        "hiring",
    ]
    assert job_words_found("Your role in the newsroom") == []


def test_mentions_attachment() -> None:
    assert mentions_attachment("Please find my CV attached.") == ["cv", "attached"]
    assert mentions_attachment("I enclosed my Résumé") == ["enclosed", "résumé"]
    assert mentions_attachment("Could we talk?") == []


def test_specific_openings() -> None:
    assert specific_openings("the senior analyst position you posted") == [
        "the senior analyst position",
        "posted",
    ]
    assert specific_openings("I'm curious about policy research") == []


def test_handover_and_sender_follow_up_phrases() -> None:
    assert handover_phrases("Let me know when works. At your earliest convenience!") == [
        "Let me know when",
        "At your earliest convenience",
    ]
    assert handover_phrases("Let me know when you’re free") == ["Let me know when"]
    assert handover_phrases("Whenever you’re free") == ["Whenever you"]
    assert sender_follow_up_phrases("I’ll be in touch") == ["I'll be in touch"]
    assert sender_follow_up_phrases("I'll follow up next week; I will call Friday.") == [
        "I'll follow up",
        "I will call",
    ]


class TestConnectionPosition:
    def test_first_sentence_is_zero(self) -> None:
        assert connection_position("Hi Jo,\n\nAs a fellow Duke grad, hello. Question?", ["Duke"]) == 0

    def test_later_sentence(self) -> None:
        assert connection_position("Hello there. Another. We both went to Duke.", ["duke"]) == 2

    def test_absent(self) -> None:
        assert connection_position("Hello there.", ["Duke"]) is None

    def test_pleasantry_and_bare_name_openers_are_skipped(self) -> None:
        text = "Hi Jo,\nI hope you are doing well. My name is Sam Lee. I'm a fellow Duke alum."
        assert connection_position(text, ["Duke"]) == 0

    def test_connection_words_without_phrases(self) -> None:
        assert connection_position("Dana Kim referred me to you. Could we talk?") == 0
        assert connection_position("Could we talk? I am an alumna too.") == 1

    def test_phrases_given_mean_markers_are_not_used(self) -> None:
        assert connection_position("A fellow student here. From Duke.", ["Duke"]) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Jo,\n\nWould you be open to a short call?\n\nBest,\nSam", True),
        ("Would you be open to a short call? Thanks for reading.", True),
        ("Would you be open to a short call.", False),
        ("Could we talk? Let me know if you are available for a call.", False),
        ("I admire your work.", False),
        ('Would you share "your view?"', True),
    ],
)
def test_ends_with_question(text: str, expected: bool) -> None:
    assert ends_with_question(text) is expected


class TestRecipientShare:
    def test_counts_words_of_sentences_by_who_they_are_about(self) -> None:
        share = recipient_share("Your work is great. I am a student here. Could you help me?")
        # "Your work is great." (4) about them; "I am a student here." (5) about me; the last is a tie.
        assert (share.recipient_words, share.sender_words) == (4, 5)
        assert share.share == pytest.approx(4 / 9)

    def test_recipient_names_count_as_you(self) -> None:
        share = recipient_share("I admire the Tribune.", ["the Tribune"])
        assert share.share == 0.0  # a tie: one "I", one name
        assert recipient_share("Dana, I admire the Tribune.", ["Dana", "the Tribune"]).share == 1.0

    def test_nothing_about_anyone_is_zero(self) -> None:
        assert recipient_share("We met once.").share == 0.0

    def test_exactly_half_is_not_more_than_half(self) -> None:
        share = recipient_share("You are kind. I am glad.")
        assert share.share == 0.5


def test_phrase_present_ignores_small_words_and_order() -> None:
    assert phrase_present("news in the local area", "local news")
    assert not phrase_present("local papers", "local news")
    assert not phrase_present("anything", "the")


def test_body_sentences_excludes_greeting() -> None:
    assert body_sentences("Dear Dana,\nOne. Two?") == ["One.", "Two?"]
