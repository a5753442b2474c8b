"""Isolation, tested like the best (issue 15 §7): three users on one centre server — the owner (a student with
a lived-in practice and journalism sources), an advisor the owner shares with, an outsider (another
student) — against every URL that names a record, and the CLI against a database shared with a student.

The test walks the whole URL configuration. Each route with a parameter is one of: a route naming one of
the owner's practice objects (``OBJECT_BY_PREFIX`` of test_owner_isolation says which model by the path's
first part), a centre route naming a student (``STUDENT_ROUTES``), or a secret link (``SECRET_LINK_ROUTES``).
A route that is none of these fails the test, naming it, until this file says what it is.

- The outsider (and anyone not logged in) gets 404 — or the login form — for everything of the owner's.
- The advisor gets exactly what consent allows: the owner's practice URLs are 404 at every level (advisors
  look through /centre/students/ only); the centre student page shows counts, goals and timeline, or
  everything as granted, never a source; each look is one row in the owner's audit log, a refused one none.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from centre_fixtures import make_account
from centre_practice import CAREER_NOTE, CONVERSATION_NOTE, SOURCE_MARKERS, SOURCE_NAME, add_career_and_sources
from coffeechat import models
from coffeechat.models.centre import AdvisorComment, AdvisorView
from coffeechat.services import consent
from coffeechat.services.demo import build_demo
from conftest import logged_in, run_coffeechat
from tests.web.test_owner_isolation import OBJECT_BY_PREFIX, WORD_VALUES, _make

# Centre routes whose id is a student's account (the advisor's window on a student's record).
STUDENT_ROUTES = {"centre/students/<int:pk>/": "page", "centre/students/<int:pk>/comment": "comment"}
# A secret in the address, not an object id: a wrong secret must find nothing.
SECRET_LINK_ROUTES = {"calendar/<str:token>.ics", "invite/<str:token>", "password/reset/<str:token>"}
# Routes whose id names a centre-wide item every account may use (not anyone's record): none yet.
CENTRE_WIDE_ROUTES: set[str] = set()
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
OWNER_NAME = "Olivia Owner"
POST_DATA = {"title": "x", "body": "x", "text": "x", "name": "x", "confirm": "yes", "level": "everything"}
NOT_THERE = (404, 405)  # 405: the route takes no GET (a form target); its POST must be refused too


def all_routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(name, full path pattern) of every route, nested URL configurations included."""
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from all_routes(entry, pattern)
        else:
            assert isinstance(entry, URLPattern)
            if pattern.startswith("^") or "(?P<" in pattern:
                pytest.fail(f"route {pattern!r} is a regular expression: teach this test to fill it")
            yield entry.name or pattern, pattern


def routes_with_parameters() -> list[tuple[str, str]]:
    return [(name, pattern) for name, pattern in all_routes() if PARAMETER.search(pattern)]


def kind_of(pattern: str) -> str:
    """"practice", "student" or "secret"; fails naming a route this test does not know."""
    if pattern in STUDENT_ROUTES:
        return "student"
    if pattern in SECRET_LINK_ROUTES:
        return "secret"
    if pattern in CENTRE_WIDE_ROUTES:
        return "centre-wide"
    names = [name for _, name in PARAMETER.findall(pattern)]
    if "pk" in names and pattern.split("/", 1)[0] in OBJECT_BY_PREFIX and not pattern.startswith("centre/"):
        return "practice"
    pytest.fail(f"route {pattern!r} names something this test does not know: say in OBJECT_BY_PREFIX "
                "(of test_owner_isolation), STUDENT_ROUTES, SECRET_LINK_ROUTES or CENTRE_WIDE_ROUTES what its "
                "parameters point at", pytrace=False)


def fill(pattern: str, pk: int) -> str:
    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        if name == "pk":
            return str(pk)
        if name in WORD_VALUES:
            return WORD_VALUES[name]
        pytest.fail(f"route {pattern!r} has a parameter <{converter}:{name}> this test does not know: add it to "
                    "WORD_VALUES", pytrace=False)

    return "/" + PARAMETER.sub(value, pattern)


def practice_urls(owner: Any) -> list[tuple[str, str]]:
    """(name, url) of every practice route, filled with one of the owner's objects of the right kind."""
    urls = []
    for name, pattern in routes_with_parameters():
        if kind_of(pattern) != "practice":
            continue
        model = OBJECT_BY_PREFIX[pattern.split("/", 1)[0]]
        found = model.objects.owned_by(owner).order_by("id").first() or _make(owner, model)
        urls.append((name, fill(pattern, found.pk)))
    return urls


def student_urls(owner: Any) -> dict[str, str]:
    return {STUDENT_ROUTES[p]: fill(p, owner.pk) for _, p in routes_with_parameters() if kind_of(p) == "student"}


@pytest.fixture
def trio(centre: Any) -> dict[str, Any]:
    """The owner (a student with the demo practice and sources), an advisor, an outsider, a second advisor."""
    owner = make_account("owner@uni.example", "student", cohort="MA 2027", name=OWNER_NAME, password=None)
    build_demo(owner)
    add_career_and_sources(owner)
    _make(owner, models.MailSeen)
    return {
        "owner": owner,
        "advisor": make_account("advisor@uni.example", "advisor", name="Rosa Advisor", password=None),
        "other_advisor": make_account("otto@uni.example", "advisor", name="Otto Advisor", password=None),
        "outsider": make_account("outsider@uni.example", "student", cohort="MA 2027", name="Omar Outsider",
                                 password=None),
    }


def record_size(owner: Any) -> dict[str, int]:
    kinds = set(OBJECT_BY_PREFIX.values()) | {models.Touch, models.Insight}
    return {model.__name__: model.objects.owned_by(owner).count() for model in kinds}


def refused_everywhere(client: Client, urls: list[tuple[str, str]], who: str) -> list[str]:
    failures = []
    for name, url in urls:
        got = client.get(url)
        if got.status_code not in NOT_THERE:
            failures.append(f"{who}: GET {url} ({name}) answered {got.status_code}")
        posted = client.post(url, POST_DATA)
        if posted.status_code not in NOT_THERE:
            failures.append(f"{who}: POST {url} ({name}) answered {posted.status_code}")
        if got.status_code == 405 and posted.status_code == 405:
            failures.append(f"{url} ({name}) takes neither GET nor POST: what is it for?")
    return failures


def test_every_route_with_a_parameter_is_known() -> None:
    routes = routes_with_parameters()
    assert len(routes) >= 40
    kinds = {pattern: kind_of(pattern) for _, pattern in routes}  # fails naming an unknown route
    assert {"practice", "student", "secret"} <= set(kinds.values())
    assert set(STUDENT_ROUTES) <= set(kinds) and SECRET_LINK_ROUTES <= set(kinds)


def test_the_outsider_and_strangers_get_nothing_of_the_owner(trio: dict[str, Any]) -> None:
    owner = trio["owner"]
    practice = practice_urls(owner)
    students = student_urls(owner)
    before = record_size(owner)
    failures = []
    # The outsider, another student: 404 for the owner's objects and for the advisors' student pages.
    outsider = logged_in(trio["outsider"])
    failures += refused_everywhere(outsider, practice + [(k, u) for k, u in students.items()], "outsider")
    # An advisor the owner shares nothing with: the student does not exist for them.
    failures += refused_everywhere(logged_in(trio["other_advisor"]), list(students.items()), "advisor without consent")
    # The owner is a student, not an advisor: the advisors' window is not theirs either.
    failures += refused_everywhere(logged_in(owner), list(students.items()), "the owner on an advisor page")
    # Not logged in: the login form, never the page.
    anonymous = Client()
    for name, url in practice + list(students.items()):
        got = anonymous.get(url)
        if not (got.status_code in NOT_THERE or (got.status_code == 302 and got["Location"].startswith("/login"))):
            failures.append(f"anonymous: GET {url} ({name}) answered {got.status_code}")
    # A secret link with a wrong secret finds nothing, for anyone.
    for name, pattern in routes_with_parameters():
        if kind_of(pattern) == "secret":
            url = fill(pattern, 0)
            for who, client in (("outsider", outsider), ("anonymous", anonymous)):
                got = client.get(url)
                if got.status_code not in (404, 410) or OWNER_NAME.encode() in got.content:
                    failures.append(f"{who}: GET {url} ({name}) answered {got.status_code}")
    assert not failures, "someone reached the owner's record:\n" + "\n".join(failures)
    assert record_size(owner) == before, "requests by others changed the owner's record"
    assert not AdvisorView.objects.exists() and not AdvisorComment.objects.exists()


def test_pages_without_an_id_show_others_only_their_own(trio: dict[str, Any]) -> None:
    owner, advisor = trio["owner"], trio["advisor"]
    consent.grant(owner, advisor, "everything")
    secrets = (CAREER_NOTE, CONVERSATION_NOTE, *SOURCE_MARKERS)
    failures = []
    for who, client, forbidden in (("outsider", logged_in(trio["outsider"]), (*secrets, OWNER_NAME)),
                                   ("advisor", logged_in(advisor), secrets)):
        for name, pattern in all_routes():
            if PARAMETER.search(pattern) or name in ("logout",):
                continue
            got = client.get("/" + pattern)
            if got.status_code == 500:
                failures.append(f"{who}: GET /{pattern} ({name}) failed")
            body = b"".join(got.streaming_content) if got.streaming else got.content  # type: ignore[attr-defined]
            failures += [f"{who}: GET /{pattern} ({name}) shows {text!r}" for text in forbidden
                         if text.encode() in body]
    assert not failures, "\n".join(failures)


def test_the_owner_reaches_every_own_object_in_centre_mode(trio: dict[str, Any]) -> None:
    # The other half of the proof: the 404s come from ownership and roles, not from broken routes.
    client = logged_in(trio["owner"])
    failures = [f"GET {url} ({name}) answered {got.status_code}" for name, url in practice_urls(trio["owner"])
                if (got := client.get(url)).status_code not in (200, 302, 405)]
    assert not failures, "the owner could not reach their own objects:\n" + "\n".join(failures)


@pytest.mark.parametrize("level", ["counts", "timeline", "everything"])
def test_the_advisor_sees_exactly_what_consent_allows(trio: dict[str, Any], level: str) -> None:
    owner, advisor = trio["owner"], trio["advisor"]
    consent.grant(owner, advisor, level)
    before = record_size(owner)
    client = logged_in(advisor)
    # The student's own pages stay theirs at every level: the advisor looks through /centre/students/ only.
    failures = refused_everywhere(client, practice_urls(owner), f"advisor at {level}")
    assert not failures, "the advisor reached the student's own pages:\n" + "\n".join(failures)
    assert not AdvisorView.objects.exists(), "a refused look was logged"

    urls = student_urls(owner)
    page = client.get(urls["page"])
    assert page.status_code == 200
    text = page.content.decode()
    assert OWNER_NAME in text and "Requests sent" in text
    for marker in SOURCE_MARKERS:
        assert marker not in text, f"a source shows at level {level}: {marker!r}"
    goal_title = models.Goal.objects.owned_by(owner).order_by("id").first().title
    assert (goal_title in text) == (level != "counts")
    assert ('id="timeline"' in text) == (level != "counts")
    assert (CAREER_NOTE in text) == (level == "everything")
    assert (CONVERSATION_NOTE in text) == (level == "everything")
    logged = consent.audit_log(owner)
    assert [(v.advisor, v.level) for v in logged] == [(advisor, level)]

    assert client.post(urls["comment"], {"body": "Two requests this week?"}).status_code == 302
    assert [c.body for c in consent.comments_for(owner)] == ["Two requests this week?"]
    cohort_page = client.get("/centre/cohort/")
    assert cohort_page.status_code == 200 and OWNER_NAME in cohort_page.content.decode()
    assert record_size(owner) == before, "the advisor changed the student's record"

    consent.revoke(owner, advisor)
    assert client.get(urls["page"]).status_code == 404
    assert client.post(urls["comment"], {"body": "Still there?"}).status_code == 404
    assert OWNER_NAME not in client.get("/centre/cohort/").content.decode()
    assert len(consent.comments_for(owner)) == 1 and len(consent.audit_log(owner)) == 2  # page + cohort page


def test_centre_pages_are_not_there_in_local_mode(owner_client: Any, owner: Any) -> None:
    for name, pattern in all_routes():
        if pattern.startswith("centre/") and name != "centre-accounts" and not pattern.startswith("centre/accounts"):
            url = fill(pattern, owner.pk)
            assert owner_client.get(url).status_code in NOT_THERE, url


# --- the CLI: one owner per run, by construction --------------------------------------------------------

SETUP = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from coffeechat.bootstrap import start
    start()
    from centre_fixtures import make_account
    from centre_practice import add_career_and_sources
    from coffeechat.services.accounts import local_owner
    from coffeechat.services.demo import build_demo
    student = make_account("owner@uni.example", "student", cohort="MA 2027", name={name!r}, password=None)
    build_demo(student)
    add_career_and_sources(student)
    build_demo(local_owner())
    print(student.pk)
""")
READ_COMMANDS = (
    ("people",), ("next",), ("stats",), ("goals",), ("goal", "list"), ("tasks",), ("sources",), ("review",),
    ("losing-touch",), ("duplicates",), ("org", "list"), ("mail", "log"), ("search", "Whistle"),
    ("search", "night desk"),
)


@pytest.mark.process
def test_a_cli_run_sees_none_of_a_centre_students_rows(fresh_data_env: dict[str, str]) -> None:
    """The CLI acts for the one local owner of the database it opens; a centre student's rows in the same
    database (PostgreSQL in the PostgreSQL pass) are never listed, counted or searched by any --json read."""
    import subprocess
    import sys
    from pathlib import Path

    tests = str(Path(__file__).resolve().parents[1])
    made = subprocess.run([sys.executable, "-c", SETUP.format(tests=tests, name=OWNER_NAME)], env=fresh_data_env,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    forbidden = (OWNER_NAME, SOURCE_NAME, CAREER_NOTE, CONVERSATION_NOTE, *SOURCE_MARKERS, "owner@uni.example")
    failures = []
    for command in READ_COMMANDS:
        ran = run_coffeechat(fresh_data_env, *command, "--json")
        if ran.returncode != 0:
            failures.append(f"coffeechat {' '.join(command)} --json exited {ran.returncode}: {ran.stderr[-300:]}")
            continue
        json.loads(ran.stdout)
        failures += [f"coffeechat {' '.join(command)} --json shows {text!r}" for text in forbidden if text in ran.stdout]
    assert not failures, "\n".join(failures)
    # The local owner's own demo is all there — 200 people, not the student's too — so the test can fail.
    people = json.loads(run_coffeechat(fresh_data_env, "people", "--json").stdout)
    listed = people if isinstance(people, list) else people.get("people", [])
    assert len(listed) == 200
    shown = run_coffeechat(fresh_data_env, "show", SOURCE_NAME, "--json")
    assert shown.returncode == 1 and SOURCE_NAME not in shown.stdout
