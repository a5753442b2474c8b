"""Every request draft says only what the record holds: every template × how-known × goal of the demo.

For each draft the sentences are read back and their claims checked against the record: a "fellow … alum"
names the user's school and goes only to an alum; "… suggested I write" names the person's own referrer;
the field words are the goal's; "a"/"an" follow the sound of the next word. A template the record rules
out is refused, with the reason.
"""

from __future__ import annotations

import re

import pytest

from coffeechat.core.message_text import sentences
from coffeechat.core.wording import indefinite_article
from coffeechat.models import Goal, Person, Referral
from coffeechat.services.demo import build_demo
from coffeechat.services.outreach import REQUEST_TEMPLATES, OutreachError, check, compose
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting

SCHOOL = "Northwestern"
# The field words each demo goal stands for, read by a person from the goal's title and role.
FIELD_OF_DEMO_GOAL = {
    "Data journalism at a metro newsroom": "news",
    "Policy analysis at a think tank": "public policy",
    "Legislative work on Capitol Hill": "politics",
}
OTHER_FIELDS = {"news", "politics", "public policy", "technology", "finance", "the nonprofit world"}


@pytest.fixture
def demo(owner):  # type: ignore[no-untyped-def]
    """The demo practice, plus the how-known cases it does not hold: a referral known only from a Referral
    row, "referral" with no referrer on record, someone with no organisation. (Inside the test's
    transaction, so nothing outlives the test.)"""
    build_demo(owner)
    set_setting(owner, "your_school", SCHOOL)
    set_setting(owner, "your_name", "Sam Rivera")
    people = Person.objects.owned_by(owner).select_related("organization", "referred_by").order_by("id")
    chosen: dict[str, Person] = {}
    for how in ("alumni", "cold", "colleague", "friend"):
        chosen[how] = people.filter(how_known=how, referred_by__isnull=True).first()  # type: ignore[assignment]
    chosen["referred_by"] = people.filter(referred_by__isnull=False).first()  # type: ignore[assignment]
    row_only = add_person(owner, NewPerson("Rae Quinn", organization="The Tribune", how_known="cold"))
    Referral.objects.create(owner=owner, from_person=chosen["alumni"], to_person=row_only)
    chosen["referral_row"] = row_only
    chosen["referral_unrecorded"] = add_person(owner, NewPerson("Uma Vance", organization="Capitol Watch",
                                                                how_known="referral"))
    chosen["no_organisation"] = add_person(owner, NewPerson("Noor Hale", how_known="alumni"))
    goals = list(Goal.objects.owned_by(owner).order_by("id"))
    return owner, chosen, goals


def _referrer(person: Person) -> Person | None:
    if person.referred_by_id:
        return person.referred_by
    row = Referral.objects.filter(to_person=person).order_by("-created_at", "-id").first()
    return row.from_person if row else None


def _check_articles(text: str) -> None:
    for article, word in re.findall(r"\b(a|an|A|An) ([\w'-]+)", text):
        assert article.lower() == indefinite_article(word), f"{article} {word!r} in: {text}"


def _expected_refusal(person: Person, template: str) -> str | None:
    if template == "alumni" and person.how_known != "alumni":
        return "not recorded as an alum"
    if template == "referral" and _referrer(person) is None:
        return "nobody is recorded as having referred you"
    return None


CASES = [
    (how, template, goal_title)
    for how in ("alumni", "cold", "colleague", "friend", "referred_by", "referral_row", "referral_unrecorded",
                "no_organisation")
    for template in (*REQUEST_TEMPLATES, None)
    for goal_title in FIELD_OF_DEMO_GOAL
]


def test_every_sentence_of_every_draft_is_true_of_the_record(demo) -> None:
    # One demo, every case: a failing case is reported with its how-known, template and goal.
    failures = []
    for how, template, goal_title in CASES:
        try:
            _check_case(demo, how, template, goal_title)
        except AssertionError as error:
            failures.append(f"{how} × {template or 'default'} × {goal_title}: {error}")
    assert not failures, "\n".join(failures)


def _check_case(demo, how: str, template: str | None, goal_title: str) -> None:  # type: ignore[no-untyped-def]
    owner, chosen, goals = demo
    person = chosen[how]
    goal = next(g for g in goals if g.title == goal_title)
    refusal = _expected_refusal(person, template) if template else None
    if refusal:
        with pytest.raises(OutreachError, match=refusal) as raised:
            compose(owner, person, template=template, goal=goal)
        assert person.full_name in str(raised.value)
        return
    assert template is None or template in REQUEST_TEMPLATES
    made = compose(owner, person, template=template, goal=goal)
    body, subject = made.body, made.subject
    referrer = _referrer(person)
    if template is None:
        # The default follows how the user knows them.
        fitting = "referral" if referrer else ("alumni" if person.how_known == "alumni" else None)
        if fitting:
            assert made.template == fitting
        else:
            assert made.template in ("cold", "journalism", "politics")
    field = FIELD_OF_DEMO_GOAL[goal_title]
    organisation = person.organization.name if person.organization else ""
    readable = body.replace(organisation, "ORG") if organisation else body
    for sentence in [subject, *sentences(body)]:
        _check_articles(sentence)
        alum = re.search(r"fellow (.+?) alum", sentence)
        if alum:
            assert person.how_known == "alumni", sentence
            assert alum.group(1) == SCHOOL, sentence
        suggested = re.search(r"^(.+?) suggested I", sentence)
        if suggested:
            assert referrer is not None, sentence
            assert suggested.group(1) == referrer.full_name, sentence
        career_in = re.search(r"careers? in (.+?)[?.,]", sentence)
        if career_in:
            assert career_in.group(1) == field, sentence
        side_of = re.search(r"the side of (.+?) I most", sentence)
        if side_of:
            assert side_of.group(1) == field, sentence
    assert "alum" in body or person.how_known != "alumni" or made.template not in ("alumni",)
    # No other field's words: a policy goal never says "a career in news".
    for other in OTHER_FIELDS - {field}:
        assert f"career in {other}" not in readable and f"careers in {other}" not in readable, body
    assert body.startswith(f"Hi {person.first_name or person.full_name},")
    assert body.endswith("Best,\nSam Rivera")
    if organisation:
        assert organisation in body or organisation in subject
    role = goal.target_role
    assert f"work as {indefinite_article(role)} {role}" in body
    # And every draft still passes the rules it is checked against.
    failed = [r.rule_id for r in check(body, "6point", made.message_context) if not r.passed]
    assert not failed, (failed, body)


def test_the_matrix_covers_every_how_known_and_goal_of_the_demo(demo) -> None:
    _owner, chosen, goals = demo
    assert {g.title for g in goals} == set(FIELD_OF_DEMO_GOAL)
    assert {p.how_known for p in chosen.values()} >= {"alumni", "cold", "colleague", "friend", "referral"}
    assert all(chosen.values())
