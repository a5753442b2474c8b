"""The cohort page's fast path (issue 15 §10): ``consent.counts_views`` reads the whole cohort in a fixed
number of grouped queries. Its figures must equal the per-student ``counts_view`` for students whose
records differ in every way the definitions care about (follow-up replies, several requests to one person,
journalism, owed thank-yous done or snoozed, another thank-you deadline), and its query count must not
grow with the number of students."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centre_fixtures import make_account
from centre_practice import add_career_and_sources
from coffeechat.models.centre import AdvisorView
from coffeechat.services import cohort, consent
from coffeechat.services.clock import now

pytestmark = pytest.mark.usefixtures("centre")


def _follow_up_reply(student: Any) -> None:
    from coffeechat.services.logbook import log_reply, log_sent
    from coffeechat.services.people import NewPerson, add_person

    moment = now()
    kim = add_person(student, NewPerson("Kim Lo", organization="Daily Post"))
    log_sent(student, kim, at=moment - timedelta(days=20))
    log_sent(student, kim, at=moment - timedelta(days=15), kind="follow_up")
    log_reply(student, kim, at=moment - timedelta(days=14))  # answers the follow-up: the request counts as replied
    lou = add_person(student, NewPerson("Lou Ma", organization="Radio North"))
    log_sent(student, lou, at=moment - timedelta(days=30))  # never answered
    log_sent(student, lou, at=moment - timedelta(days=3))  # a second story, answered
    log_reply(student, lou, at=moment - timedelta(days=2))
    add_person(student, NewPerson("Mo Ali", organization="Radio North"))  # no record: counted as a person only


def _owed_thank_yous(student: Any, *, due_hours: str | None = None) -> None:
    from coffeechat.services.agenda import mark_done, snooze
    from coffeechat.services.logbook import log_held
    from coffeechat.services.people import NewPerson, add_person
    from coffeechat.services.preferences import set_setting

    if due_hours:
        set_setting(student, "thank_you_due_hours", due_hours)
    moment = now()
    held = []
    for name, days in (("Ola One", 2), ("Pia Two", 3), ("Raj Three", 5), ("Sam Four", 0.5), ("Tia Five", 4)):
        person = add_person(student, NewPerson(name, organization="The Herald"))
        held.append(log_held(student, person, at=moment - timedelta(days=days)))
    mark_done(student, f"thank_you:conversation:{held[0].pk}")
    snooze(student, f"thank_you:conversation:{held[1].pk}", (moment + timedelta(days=3)).date())


@pytest.fixture
def students() -> dict[str, Any]:
    made = {name: make_account(f"{name}@uni.example", "student", cohort=cohort_name, name=name.title())
            for name, cohort_name in (("ana", "MA"), ("ben", "MA"), ("cy", "BA"), ("dee", "BA"), ("eve", ""))}
    add_career_and_sources(made["ana"])
    _follow_up_reply(made["ben"])
    _owed_thank_yous(made["cy"])
    _owed_thank_yous(made["dee"], due_hours="60")
    add_career_and_sources(made["dee"])
    return made  # eve has no record at all


def test_cohort_figures_equal_each_students_counts_view(students: dict[str, Any]) -> None:
    rosa = make_account("rosa@uni.example", "advisor", name="Rosa Advisor")
    for student in students.values():
        consent.grant(student, rosa, "counts")
    expected = {s.pk: consent.counts_view(rosa, s).counts for s in students.values()}
    views = consent.counts_views(rosa, consent.students_of(rosa))
    got = {v.student.pk: v.counts for v in views}
    assert set(got) == set(expected)
    for pk, counts in expected.items():
        assert got[pk] == _same_moment(counts, got[pk].at), pk
    # The records really differ, so the comparison covers each definition.
    ben, cy, dee = (got[students[n].pk] for n in ("ben", "cy", "dee"))
    assert (ben.people, ben.requests, ben.replies) == (3, 3, 2)
    ana = got[students["ana"].pk]
    assert cy.thank_yous_owed_late == 2 and dee.thank_yous_owed_late == 2
    assert ana.thank_yous_sent_late == 1 and dee.thank_yous_sent_late == 0  # 48 hours: late at 24, not at 60
    # One audit row per student, as the per-student read writes.
    assert AdvisorView.objects.filter(what__endswith="on the cohort dashboard").count() == 0
    cohort.dashboard(rosa)
    assert AdvisorView.objects.filter(what__endswith="on the cohort dashboard").count() == len(students)


def _same_moment(counts: consent.Counts, at: Any) -> consent.Counts:
    import dataclasses

    return dataclasses.replace(counts, at=at)


def test_only_students_who_share_are_read_and_logged(students: dict[str, Any]) -> None:
    rosa = make_account("rosa@uni.example", "advisor", name="Rosa Advisor")
    consent.grant(students["ana"], rosa, "timeline")
    views = consent.counts_views(rosa, list(students.values()))
    assert [v.student for v in views] == [students["ana"]] and views[0].level == "timeline"
    assert list(AdvisorView.objects.values_list("owner_id", flat=True)) == [students["ana"].pk]


def _dashboard_queries(advisor: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        cohort.dashboard(advisor)
    return len(queries)


def test_the_cohort_page_reads_a_fixed_number_of_queries() -> None:
    rosa = make_account("rosa@uni.example", "advisor", name="Rosa Advisor")
    otto = make_account("otto@uni.example", "advisor", name="Otto Advisor")
    for index in range(12):
        student = make_account(f"s{index}@uni.example", "student", cohort=f"C{index % 3}", name=f"S {index}")
        add_career_and_sources(student)
        if index % 2:
            _owed_thank_yous(student)
        consent.grant(student, otto, "counts")
        if index < 3:
            consent.grant(student, rosa, "counts")
    small, large = _dashboard_queries(rosa), _dashboard_queries(otto)
    assert sum(len(b.students) for b in cohort.dashboard(otto)) == 12
    assert large == small, (small, large)
    assert large < 20


def test_the_one_student_page_looks_up_roles_and_journalism_once(
        students: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from coffeechat.models.centre import Account

    rosa = make_account("rosa@uni.example", "advisor", name="Rosa Advisor")
    ana = students["ana"]
    consent.grant(ana, rosa, "everything")
    found = []
    real = consent.hidden_rows
    monkeypatch.setattr(consent, "hidden_rows", lambda student: found.append(student) or real(student))
    with CaptureQueriesContext(connection) as queries:
        view = consent.granted_view(rosa, ana.pk)
    table = Account._meta.db_table
    assert len([q for q in queries if f'FROM "{table}"' in q["sql"]]) == 1
    assert found == [ana]
    # The same view as before: everything, with the audit row, journalism left out.
    assert view.level == "everything" and view.notes and view.timeline and view.name == "Ana"
    assert consent.audit_log(ana)[0].what == consent.WHAT["everything"]
    assert _same_moment(consent.counts_view(rosa, ana).counts, view.counts.at) == view.counts
    for outsider in (students["ben"].pk, rosa.pk, 10**9, "x"):
        with pytest.raises(consent.NotPermitted):
            consent.granted_view(rosa, outsider)
