"""Pages ask the database a bounded number of questions: the count stays the same as the network grows
(no query per row), so an N+1 cannot come back. Counts, not times: speed is measured in bench/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coffeechat.models import Message
from coffeechat.services.live import capture_insight
from coffeechat.services.logbook import log_held, log_sent
from coffeechat.services.people import NewPerson, add_person

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)
PAGES = ("/", "/people/", "/targets/", "/goals/", "/tasks/", "/stats/", "/network/", "/review/", "/sources/",
         "/settings/", "/search/?q=reyes")


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client_for(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def _grow(owner, count: int, start: int) -> list:
    """``count`` more mentor candidates, each at their own organisation, with two conversations holding
    insights and a replied update: every row kind the pages loop over."""
    people = []
    for number in range(start, start + count):
        person = add_person(owner, NewPerson(f"Dana Reyes {number}", organization=f"Paper {number}"))
        for days in (60, 20):
            conversation = log_held(owner, person, at=NOW - timedelta(days=days + number % 3))
            capture_insight(owner, conversation, f"insight {number} {days}")
        update = log_sent(owner, person, kind="update", at=NOW - timedelta(days=10))
        Message.objects.filter(pk=update.pk).update(replied_at=NOW - timedelta(days=9))
        people.append(person)
    return people


def _counts(client: Client, paths: tuple[str, ...]) -> dict[str, int]:
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_page_queries_do_not_grow_with_the_network(client_for, owner) -> None:
    first = _grow(owner, 2, 0)
    small = _counts(client_for, (*PAGES, f"/people/{first[0].pk}/"))
    _grow(owner, 6, 2)
    large = _counts(client_for, (*PAGES, f"/people/{first[0].pk}/"))
    assert "Someone to ask for mentorship?" in client_for.get("/review/").content.decode()
    grew = {path: (small[path], large[path]) for path in small if large[path] > small[path]}
    assert not grew, f"queries grew with the network (a query per row): {grew}"


def test_review_and_person_pages_stay_within_their_query_budget(client_for, owner,
                                                                 django_assert_max_num_queries) -> None:
    people = _grow(owner, 5, 0)
    with django_assert_max_num_queries(26):
        page = client_for.get("/review/").content.decode()
    assert all(person.full_name in page for person in people)  # every candidate, from one query
    with django_assert_max_num_queries(25):
        page = client_for.get(f"/people/{people[0].pk}/").content.decode()
    assert "insight 0 60" in page or "Dana Reyes 0" in page


def test_targets_page_shows_one_page_of_a_long_list(client_for, owner) -> None:
    from coffeechat.services.targets import set_scores
    from coffeechat.web.views.targets import TARGETS_PER_PAGE

    for number in range(TARGETS_PER_PAGE + 3):
        set_scores(owner, f"Org {number:03d}", motivation=number % 5)
    first = client_for.get("/targets/").content.decode()
    assert first.count('id="target-') == TARGETS_PER_PAGE
    assert f"Page 1 of 2 ({TARGETS_PER_PAGE + 3} organisations)" in first
    second = client_for.get("/targets/?page=2").content.decode()
    assert second.count('id="target-') == 3
    assert client_for.get("/targets/?page=99").content.decode().count('id="target-') == 3  # the last page


def test_tasks_page_shows_one_page_of_a_long_list(client_for, owner) -> None:
    from coffeechat.services.tasks import add_task
    from coffeechat.web.views.tasks import TASKS_PER_PAGE

    for number in range(TASKS_PER_PAGE + 2):
        add_task(owner, f"Task number {number:03d}")
    first = client_for.get("/tasks/").content.decode()
    assert first.count('data-task="') == TASKS_PER_PAGE and "Task number 000" in first
    assert f"Page 1 of 2 ({TASKS_PER_PAGE + 2} tasks)" in first
    second = client_for.get("/tasks/?page=2").content.decode()
    assert second.count('data-task="') == 2 and f"Task number {TASKS_PER_PAGE + 1:03d}" in second


def test_network_organisation_choices_are_escaped_and_keep_the_choice(client_for, owner) -> None:
    from coffeechat.models import Organization

    evil = Organization.objects.create(owner=owner, name='<script>alert("x")</script> & Co')
    plain = Organization.objects.create(owner=owner, name="The Tribune")
    page = client_for.get(f"/network/?org={plain.pk}").content.decode()
    assert "<script>alert" not in page
    assert f'<option value="{evil.pk}">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</option>' in page
    assert f'<option value="{plain.pk}" selected>The Tribune</option>' in page
