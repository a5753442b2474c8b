"""Consent, not surveillance (issue 15 §3-4) on the real database: levels granted, changed and revoked by the
student only; every advisor read checked and logged in the same transaction (a refused read logs nothing);
notes only at "everything"; journalism sources never, not even in the counts; comments; the cohort page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from centre_fixtures import make_account
from centre_practice import CAREER_NOTE, CONVERSATION_NOTE, SOURCE_MARKERS, add_career_and_sources
from coffeechat import models
from coffeechat.core.errors import NotFound
from coffeechat.models.centre import AdvisorComment, AdvisorView, Consent
from coffeechat.services import cohort, consent
from coffeechat.services.clock import now

PRACTICE_MODELS = (models.Person, models.Conversation, models.Message, models.Note, models.Insight, models.Touch,
                   models.Goal, models.Task, models.Referral, models.PlanItem)


@pytest.fixture
def people(centre: Any) -> dict[str, Any]:
    return {
        "ana": make_account("ana@uni.example", "student", cohort="MA 2027", name="Ana Student"),
        "ben": make_account("ben@uni.example", "student", cohort="BA 2026", name="Ben Student"),
        "rosa": make_account("rosa@uni.example", "advisor", name="Rosa Advisor"),
        "otto": make_account("otto@uni.example", "advisor", name="Otto Advisor"),
        "boss": make_account("boss@uni.example", "admin", name="Rita Boss"),
    }


def text_of(view: consent.StudentView) -> str:
    return repr(view.as_json())


def practice_counts(student: Any) -> dict[str, int]:
    return {m.__name__: m.objects.owned_by(student).count() for m in PRACTICE_MODELS}


def test_only_a_student_grants_and_only_to_an_advisor(people: dict[str, Any]) -> None:
    ana, ben, rosa, boss = people["ana"], people["ben"], people["rosa"], people["boss"]
    with pytest.raises(consent.ConsentError, match="only a student"):
        consent.grant(rosa, people["otto"], "counts")
    with pytest.raises(consent.ConsentError, match="not an advisor"):
        consent.grant(ana, ben, "counts")
    with pytest.raises(consent.ConsentError, match="not an advisor"):
        consent.grant(ana, boss, "everything")
    with pytest.raises(consent.ConsentError, match="level must be one of"):
        consent.grant(ana, rosa, "all")
    with pytest.raises(NotFound):
        consent.change(ana, rosa, "timeline")  # nothing to change yet
    assert not Consent.objects.exists()


def test_grant_change_revoke(people: dict[str, Any]) -> None:
    ana, rosa, otto = people["ana"], people["rosa"], people["otto"]
    assert consent.level_for(rosa, ana) is None
    consent.grant(ana, rosa, "counts")
    assert consent.level_for(rosa, ana) == "counts"
    consent.change(ana, rosa, "Everything")
    assert consent.level_for(rosa, ana) == "everything" and Consent.objects.count() == 1
    assert [c.advisor for c in consent.advisors_of(ana)] == [rosa]
    assert consent.students_of(rosa) == [ana] and consent.students_of(otto) == []
    assert consent.students_of(rosa, cohort="BA 2026") == []
    assert consent.revoke(ana, rosa) is True and consent.revoke(ana, rosa) is False
    assert consent.level_for(rosa, ana) is None and consent.students_of(rosa) == []
    # The Sharing page's choice: every advisor, "none" for those not shared with.
    consent.set_level(ana, otto.pk, "timeline")
    rows = {row.name: row.level for row in consent.sharing_choices(ana)}
    assert rows == {"Otto Advisor": "timeline", "Rosa Advisor": "none"}
    assert consent.set_level(ana, otto.pk, "none") is None and consent.level_for(otto, ana) is None
    with pytest.raises(NotFound):
        consent.set_level(ana, people["ben"].pk, "counts")  # a student is no advisor


def test_each_read_needs_its_level_and_a_refused_read_logs_nothing(people: dict[str, Any]) -> None:
    ana, rosa, otto = people["ana"], people["rosa"], people["otto"]
    add_career_and_sources(ana)
    for read in (consent.counts_view, consent.timeline_view, consent.everything_view):
        with pytest.raises(consent.NotPermitted):
            read(otto, ana)  # no consent at all
    consent.grant(ana, rosa, "counts")
    with pytest.raises(consent.NotPermitted):
        consent.timeline_view(rosa, ana)
    with pytest.raises(consent.NotPermitted):
        consent.everything_view(rosa, ana)
    assert not AdvisorView.objects.exists()

    before = now()
    counts = consent.counts_view(rosa, ana)
    logged = consent.audit_log(ana)
    assert len(logged) == 1 and logged[0].advisor == rosa and logged[0].level == "counts"
    assert logged[0].what.startswith("counts") and logged[0].at >= before - timedelta(seconds=1)
    assert not counts.goals and not counts.timeline and not counts.notes

    consent.change(ana, rosa, "timeline")
    timeline = consent.timeline_view(rosa, ana)
    assert timeline.timeline and any(e.person == "Dana Reyes" for e in timeline.timeline)
    assert CAREER_NOTE not in text_of(timeline) and CONVERSATION_NOTE not in text_of(timeline)
    with pytest.raises(consent.NotPermitted):
        consent.everything_view(rosa, ana)

    consent.change(ana, rosa, "everything")
    everything = consent.everything_view(rosa, ana)
    assert CAREER_NOTE in text_of(everything) and CONVERSATION_NOTE in text_of(everything)
    assert [v.level for v in consent.audit_log(ana)] == ["everything", "timeline", "counts"]
    assert AdvisorView.objects.owned_by(people["ben"]).count() == 0

    consent.revoke(ana, rosa)
    with pytest.raises(consent.NotPermitted):
        consent.counts_view(rosa, ana)
    assert AdvisorView.objects.count() == 3


def test_sources_are_never_seen_nor_counted(people: dict[str, Any]) -> None:
    ana, rosa = people["ana"], people["rosa"]
    add_career_and_sources(ana)
    consent.grant(ana, rosa, "everything")
    view = consent.everything_view(rosa, ana)
    shown = text_of(view)
    for marker in SOURCE_MARKERS:
        assert marker not in shown, marker
    counts = view.counts
    # One career person: one request, one reply, one conversation, one thank-you (sent two days late).
    assert (counts.people, counts.requests, counts.replies, counts.conversations, counts.thank_yous) == (1, 1, 1, 1, 1)
    assert counts.thank_yous_sent_late == 1 and counts.thank_yous_owed_late == 0
    assert counts.last_activity is not None and counts.last_request is not None
    # The reporting conversation is held and not thanked: it would be an owed thank-you, and is not counted.
    assert models.Conversation.objects.owned_by(ana).filter(state="held", thanked_at__isnull=True).count() == 1


def test_an_owed_thank_you_is_late_in_the_counts(people: dict[str, Any]) -> None:
    from coffeechat.services.logbook import log_held
    from coffeechat.services.people import NewPerson, add_person

    ana, rosa = people["ana"], people["rosa"]
    lee = add_person(ana, NewPerson("Lee Park", organization="Radio Four"))
    log_held(ana, lee, at=now() - timedelta(days=2))
    consent.grant(ana, rosa, "counts")
    counts = consent.counts_view(rosa, ana).counts
    assert counts.thank_yous_owed_late == 1 and counts.late_thank_yous == 1 and counts.requests == 0


def test_advisor_reads_never_write_the_record(people: dict[str, Any]) -> None:
    ana, rosa = people["ana"], people["rosa"]
    add_career_and_sources(ana)
    consent.grant(ana, rosa, "everything")
    before = practice_counts(ana)
    consent.counts_view(rosa, ana)
    consent.timeline_view(rosa, ana)
    consent.everything_view(rosa, ana)
    consent.comment(rosa, ana, "Nice work on the thank-you.")
    cohort.dashboard(rosa)
    assert practice_counts(ana) == before
    assert not any(m.objects.owned_by(rosa).exists() for m in PRACTICE_MODELS)


def test_comments_need_consent_and_the_student_reads_them(people: dict[str, Any]) -> None:
    ana, ben, rosa = people["ana"], people["ben"], people["rosa"]
    with pytest.raises(consent.NotPermitted):
        consent.comment(rosa, ana, "Hello")
    consent.grant(ana, rosa, "counts")
    with pytest.raises(consent.ConsentError, match="write something"):
        consent.comment(rosa, ana, "   ")
    with pytest.raises(consent.ConsentError):
        consent.comment(ana, ana, "I am no advisor")
    first = consent.comment(rosa, ana, "Try two requests this week.")
    consent.comment(rosa, ana, "And thank Dana.")
    assert [c.body for c in consent.comments_for(ana)] == ["And thank Dana.", "Try two requests this week."]
    assert consent.comments_for(ben) == [] and consent.unread_comments(ana) == 2
    assert consent.mark_read(ben, first.pk) == 0  # someone else's comment: nothing happens
    assert consent.mark_read(ana, first.pk) == 1 and consent.unread_comments(ana) == 1
    assert consent.mark_read(ana) == 1 and consent.unread_comments(ana) == 0
    consent.revoke(ana, rosa)
    assert AdvisorComment.objects.owned_by(ana).count() == 2  # the student keeps what was said


def test_the_cohort_dashboard(people: dict[str, Any]) -> None:
    from django.contrib.auth.models import User

    ana, ben, rosa, otto = people["ana"], people["ben"], people["rosa"], people["otto"]
    cara = make_account("cara@uni.example", "student", cohort="MA 2027", name="Cara Student")
    add_career_and_sources(ana)  # a request 10 days ago: not quiet; never logged in
    consent.grant(ana, rosa, "counts")
    consent.grant(ben, rosa, "everything")  # no request ever: quiet
    consent.grant(cara, otto, "everything")  # shares with another advisor only
    User.objects.filter(pk=ben.pk).update(last_login=now() - timedelta(days=1))
    blocks = cohort.dashboard(rosa)
    assert [b.name for b in blocks] == ["BA 2026", "MA 2027"]
    ba, ma = blocks
    assert [s.student for s in ma.students] == [ana]  # Cara shares nothing with Rosa
    assert (ma.requests, ma.replies, ma.conversations, ma.thank_yous, ma.late_thank_yous) == (1, 1, 1, 1, 1)
    assert ma.quiet == [] and [s.student for s in ma.late] == [ana] and [s.student for s in ma.not_logged_in] == [ana]
    assert [s.student for s in ba.quiet] == [ben] and ba.not_logged_in == [] and ba.late == []
    assert ma.as_json()["funnel"]["students"] == 1
    assert [v.what for v in consent.audit_log(ana)] == ["counts (funnel numbers, last activity, late thank-yous) "
                                                        "on the cohort dashboard"]
    assert not consent.audit_log(cara)
    assert [b.name for b in cohort.dashboard(rosa, "MA 2027")] == ["MA 2027"]
    with pytest.raises(consent.ConsentError):
        cohort.dashboard(ana)
