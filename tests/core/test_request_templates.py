"""The request templates: every first-request draft passes the 6-point check once filled in."""

from __future__ import annotations

import pytest

from coffeechat.core.message_rules import all_passed, check_message
from coffeechat.core.request_templates import (
    TEMPLATES,
    Draft,
    RequestContext,
    render_request,
)

NEWSROOM = {
    "recipient_first_name": "Dana",
    "organisation": "the Tribune",
    "user_name": "Sam Rivera",
    "goal_narrow": "data journalism",
    "goal_broad": "local news",
}
HILL = {
    "recipient_first_name": "Luis",
    "organisation": "Senator Alvarez's office",
    "user_name": "Priya Natarajan-Oyelaran",
    "goal_narrow": "legislative communications",
    "goal_broad": "how Congress works with the press",
}

CASES = [
    ("alumni", RequestContext(**NEWSROOM, school="Northwestern")),
    ("alumni", RequestContext(**HILL, school="Georgetown School of Foreign Service")),
    ("referral", RequestContext(**NEWSROOM, referrer_name="Marcus Webb")),
    ("referral", RequestContext(**HILL, referrer_name="Professor Lin")),
    ("cold", RequestContext(**NEWSROOM, connection="series on eviction records")),
    ("cold", RequestContext(**HILL, connection="panel at the Aspen Ideas Festival")),
    ("journalism", RequestContext(**NEWSROOM, school="Northwestern", field_words="news")),
    ("journalism", RequestContext(**NEWSROOM, referrer_name="Marcus Webb")),
    ("journalism", RequestContext(**NEWSROOM, connection="work at the Tribune", field_words="news")),
    ("politics", RequestContext(**HILL, school="Georgetown", field_words="politics")),
    ("politics", RequestContext(**HILL, connection="work at the office", field_words="public policy")),
    ("politics", RequestContext(**HILL, referrer_name="Professor Lin", minutes=15)),
]


@pytest.mark.parametrize(("template_id", "ctx"), CASES)
def test_every_filled_request_template_passes_the_six_point_check(
    template_id: str, ctx: RequestContext
) -> None:
    draft = render_request(template_id, ctx)
    results = check_message(draft.body, "6point", ctx.message_context())
    assert all_passed(results), [r for r in results if not r.passed]
    # and the older, looser rules too
    assert all_passed(check_message(draft.body, "5point", ctx.message_context()))


def test_every_request_template_is_covered_by_the_cases() -> None:
    requests = {t.id for t in TEMPLATES.values() if t.kind == "request"}
    assert requests == {"alumni", "referral", "cold", "journalism", "politics"}
    assert requests == {template_id for template_id, _ in CASES}


def test_a_draft_fills_every_placeholder() -> None:
    draft = render_request("alumni", CASES[0][1])
    assert draft == Draft(subject=draft.subject, body=draft.body)
    assert "{" not in draft.subject + draft.body
    assert draft.body.startswith("Hi Dana,")
    assert draft.body.endswith("Best,\nSam Rivera")
    assert "Northwestern" in draft.subject


def test_minutes_are_filled_from_the_context() -> None:
    assert "15 minutes" in render_request("politics", CASES[-1][1]).body
    with pytest.raises(ValueError, match="at least 1 minute"):
        render_request("alumni", RequestContext(**NEWSROOM, school="Duke", minutes=0))


@pytest.mark.parametrize("template_id", ["journalism", "politics"])
def test_field_templates_say_it_is_not_for_a_story(template_id: str) -> None:
    ctx = RequestContext(**HILL, connection="Georgetown")
    body = render_request(template_id, ctx).body
    assert "career planning" in body


def test_journalism_opens_with_the_referrer_when_there_is_one() -> None:
    ctx = RequestContext(**NEWSROOM, school="Northwestern", referrer_name="Marcus Webb")
    body = render_request("journalism", ctx).body
    assert body.split("\n\n")[1].startswith("Marcus Webb suggested")


@pytest.mark.parametrize("template_id", ["journalism", "politics"])
def test_field_templates_call_no_one_a_fellow_alum_without_a_shared_school(template_id: str) -> None:
    ctx = RequestContext(**NEWSROOM, connection="work at the Tribune")
    body = render_request(template_id, ctx).body
    assert "alum" not in body
    assert body.split("\n\n")[1].startswith("Your work at the Tribune is the reason I'm writing to you.")


def test_field_words_come_from_the_context_never_a_fixed_news() -> None:
    policy = render_request("journalism", RequestContext(**HILL, connection="work", field_words="public policy"))
    assert "career in public policy?" in policy.body
    assert "news" not in policy.body
    bare = render_request("journalism", RequestContext(**HILL, connection="work"))
    assert "how you built your career?" in bare.body
    politics = render_request("politics", RequestContext(**HILL, connection="work", field_words="public policy"))
    assert "the side of public policy I most want" in politics.body
    assert "politics" not in politics.body.replace("Politics", "")


@pytest.mark.parametrize(("minutes", "phrase"), [(20, "a 20-minute"), (8, "an 8-minute"), (11, "an 11-minute"),
                                                 (15, "a 15-minute"), (18, "an 18-minute"), (80, "an 80-minute")])
def test_the_alumni_ask_takes_the_article_its_minutes_sound_like(minutes: int, phrase: str) -> None:
    body = render_request("alumni", RequestContext(**NEWSROOM, school="Duke", minutes=minutes)).body
    assert f"open to {phrase} conversation" in body


def test_missing_fields_are_named() -> None:
    with pytest.raises(ValueError, match="needs: school"):
        render_request("alumni", RequestContext(**NEWSROOM, connection="series on eviction records"))
    with pytest.raises(ValueError, match="connection or school or referrer_name"):
        render_request("politics", RequestContext(**HILL))
    with pytest.raises(ValueError, match="recipient_first_name"):
        render_request("follow_up", RequestContext(user_name="Sam", goal_narrow="x"))


def test_unknown_template_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="alumni, referral"):
        render_request("pitch", RequestContext(**NEWSROOM))


def test_follow_up_asks_again_once_and_says_it_is_the_last() -> None:
    draft = render_request("follow_up", RequestContext(**NEWSROOM))
    assert draft.body.count("?") == 1
    assert "not write again" in draft.body
    assert "20 minutes" in draft.subject


def test_keep_in_touch_reports_the_update_without_doubling_its_full_stop() -> None:
    ctx = RequestContext(**NEWSROOM, update="I joined the campus paper's data desk.")
    body = render_request("keep_in_touch", ctx).body
    assert "I joined the campus paper's data desk. Your advice" in body
    with pytest.raises(ValueError, match="update"):
        render_request("keep_in_touch", RequestContext(**NEWSROOM))


def test_list_templates_is_stable_and_describes_each() -> None:
    assert [t.id for t in TEMPLATES.values()] == list(TEMPLATES)
    for template in TEMPLATES.values():
        assert template.title and template.description
