"""Centre accounts (issue 15 §1-2): invitations that work once and expire (a new one retires the older),
CSV imports refused line by line, Argon2 hashes, login rate limits in the database, the password reset
flow, devices whose sessions end, and roles checked in the service. Mail goes to a real SMTP server."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from centre_fixtures import PASSWORD, make_account
from coffeechat.core.errors import NotFound
from coffeechat.models.centre import Account, Device, Invitation, LoginAttempt, PasswordReset
from coffeechat.services import centre_accounts as ca

LINK = re.compile(r"http://testserver/(?:invite|password/reset)/[\w-]+")


@pytest.fixture
def admin(centre: Any) -> User:
    return ca.create_admin("Boss@Uni.example", PASSWORD, "Rita Boss")


@pytest.fixture
def sent(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a service call and its after-commit mail, as a real request does."""

    def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def link_in(inbox: Any, to: str) -> str:
    bodies = [m.get_content() for _, rcpt, m in inbox.received if to in rcpt]
    assert bodies, f"no mail to {to}: {[rcpt for _, rcpt, _ in inbox.received]}"
    found = LINK.search(bodies[-1])
    assert found, bodies[-1]
    return found.group(0)


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def test_the_admin_is_an_email_identity_with_an_argon2_hash(admin: User) -> None:
    assert admin.username == "boss@uni.example" == admin.email
    assert admin.password.startswith("argon2$")
    assert Account.objects.get(user=admin).role == "admin"
    with pytest.raises(ca.CentreError, match="already has an account"):
        ca.create_admin("boss@uni.example", PASSWORD)


def test_a_weak_password_is_refused_with_the_rule(centre: Any) -> None:
    with pytest.raises(ca.CentreError, match="too short"):
        ca.create_admin("a@uni.example", "short")
    assert not User.objects.filter(username="a@uni.example").exists()


def test_an_invitation_is_mailed_and_works_once(admin: User, centre: Any, sent: Any) -> None:
    invitation, link = sent(ca.invite, admin, "Ana@Uni.example", "student", "MA 2027", "Ana Lima")
    assert invitation.email == "ana@uni.example"
    assert invitation.expires_at - invitation.created_at >= timedelta(days=6, hours=23)
    mailed = link_in(centre, "ana@uni.example")
    assert mailed == link
    assert invitation.token_hash != token_of(link)  # only the hash is kept
    user = ca.accept(token_of(link), PASSWORD, "Ana Lima")
    assert user.username == "ana@uni.example" and user.password.startswith("argon2$")
    account = Account.objects.get(user=user)
    assert (account.role, account.cohort, account.display_name) == ("student", "MA 2027", "Ana Lima")
    with pytest.raises(ca.LinkNotValid, match="already used"):
        ca.accept(token_of(link), PASSWORD, "Someone else")
    assert ca.check_login("ana@uni.example", PASSWORD, "127.0.0.1") == user


def test_an_expired_invitation_says_so(admin: User, sent: Any) -> None:
    _, link = sent(ca.invite, admin, "late@uni.example", "advisor")
    with time_machine.travel(ca.now() + timedelta(days=7, minutes=1)):
        assert "expired" in ca.invitation_status(token_of(link)).problem
        with pytest.raises(ca.LinkNotValid, match="expired"):
            ca.accept(token_of(link), PASSWORD)
    assert not User.objects.filter(username="late@uni.example").exists()
    with pytest.raises(ca.LinkNotValid, match="not valid"):
        ca.accept("made-up-token", PASSWORD)


def test_a_new_invitation_retires_the_older(admin: User, sent: Any) -> None:
    _, first = sent(ca.invite, admin, "lee@uni.example", "student")
    _, second = sent(ca.invite, admin, "lee@uni.example", "advisor")
    assert Invitation.objects.filter(email="lee@uni.example", expires_at__gt=ca.now()).count() == 1
    with pytest.raises(ca.LinkNotValid):
        ca.accept(token_of(first), PASSWORD)
    user = ca.accept(token_of(second), PASSWORD)
    assert ca.role_of(user) == "advisor"
    with pytest.raises(ca.CentreError, match="already has an account"):
        ca.invite(admin, "lee@uni.example", "student")


def test_only_admins_invite(admin: User, sent: Any) -> None:
    advisor = make_account("adv@uni.example", "advisor")
    with pytest.raises(ca.NotAllowed, match="only an admin"):
        ca.invite(advisor, "x@uni.example", "student")
    with pytest.raises(ca.NotAllowed):
        ca.accounts_list(advisor)
    with pytest.raises(ca.CentreError, match="role: 'boss' is not a role"):
        ca.invite(admin, "x@uni.example", "boss")
    assert not Invitation.objects.exists()


def test_a_csv_with_bad_lines_names_each_and_sends_nothing(admin: User, centre: Any, sent: Any,
                                                           tmp_path: Path) -> None:
    make_account("taken@uni.example")
    path = tmp_path / "students.csv"
    path.write_text(
        "email,name,role,cohort\n"
        "ana@uni.example,Ana Lima,student,MA 2027\n"
        "not-an-address,Bob,student,MA 2027\n"
        "cy@uni.example,Cy,wizard,MA 2027\n"
        "taken@uni.example,Taken,,MA 2027\n"
        "ANA@uni.example,Ana again,student,MA 2027\n", encoding="utf-8")
    with pytest.raises(ca.CsvNotValid) as refused:
        sent(ca.invite_from_csv, admin, path)
    assert refused.value.problems == [
        "line 3: email: not-an-address is not an email address",
        "line 4: role: 'wizard' is not a role; use one of student, advisor, admin, alumnus",
        "line 5: email: taken@uni.example already has an account",
        "line 6: email: ana@uni.example is also on line 2",
    ]
    assert not Invitation.objects.exists() and centre.received == []


def test_a_good_csv_invites_everyone(admin: User, centre: Any, sent: Any, tmp_path: Path) -> None:
    path = tmp_path / "students.csv"
    path.write_text("\ufeffEmail,Name,Role,Cohort\nana@uni.example,Ana,,MA 2027\nlee@uni.example,Lee,advisor,\n\n",
                    encoding="utf-8")
    done = sent(ca.invite_from_csv, admin, path)
    assert [(i.email, i.role, i.cohort) for i, _ in done] == [
        ("ana@uni.example", "student", "MA 2027"), ("lee@uni.example", "advisor", "")]
    assert sorted(r for _, rcpt, _ in centre.received for r in rcpt) == ["ana@uni.example", "lee@uni.example"]


def test_a_csv_without_the_email_column_is_refused(admin: User, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name,role\nAna,student\n", encoding="utf-8")
    with pytest.raises(ca.CsvNotValid, match="line 1: .*email is required"):
        ca.invite_from_csv(admin, path)


def test_five_failures_for_an_email_block_it_for_a_while(admin: User) -> None:
    for _ in range(ca.FAILURES_PER_EMAIL):
        with pytest.raises(ca.LoginRefused, match="wrong email or password"):
            ca.check_login("boss@uni.example", "wrong password", "10.0.0.1")
    with pytest.raises(ca.TooManyAttempts, match=r"too many attempts, try again in 15 minutes"):
        ca.check_login("boss@uni.example", PASSWORD, "10.0.0.2")  # even the right password, from elsewhere
    assert LoginAttempt.objects.filter(email="boss@uni.example").count() == ca.FAILURES_PER_EMAIL
    with time_machine.travel(ca.now() + timedelta(minutes=16)):
        assert ca.check_login("boss@uni.example", PASSWORD, "10.0.0.2") == admin


def test_twenty_failures_from_one_address_block_that_address(admin: User) -> None:
    for n in range(ca.FAILURES_PER_ADDRESS):
        with pytest.raises(ca.LoginRefused):
            ca.check_login(f"nobody{n}@uni.example", "guess", "10.9.9.9")
    with pytest.raises(ca.TooManyAttempts, match="try again in"):
        ca.check_login("boss@uni.example", PASSWORD, "10.9.9.9")
    assert ca.check_login("boss@uni.example", PASSWORD, "10.0.0.3") == admin


def test_a_user_without_a_centre_account_cannot_log_in(centre: Any) -> None:
    from coffeechat.services.accounts import local_owner

    local_owner()
    with pytest.raises(ca.LoginRefused):
        ca.check_login("local", "", "127.0.0.1")


def test_a_password_reset_works_once_within_the_hour(admin: User, centre: Any, sent: Any) -> None:
    answer_known = sent(ca.request_password_reset, "BOSS@uni.example")
    answer_unknown = sent(ca.request_password_reset, "nobody@uni.example")
    assert answer_known == answer_unknown  # the form tells no one who has an account
    assert [rcpt for _, rcpt, _ in centre.received] == [["boss@uni.example"]]
    token = token_of(link_in(centre, "boss@uni.example"))
    assert PasswordReset.objects.get().expires_at - ca.now() <= timedelta(hours=1)
    new = "Quiet-river-2031-stones"
    ca.reset_password(token, new)
    assert ca.check_login("boss@uni.example", new, "127.0.0.1") == admin
    with pytest.raises(ca.LinkNotValid, match="already used"):
        ca.reset_password(token, "Another-good-pass-99")


def test_a_reset_link_expires_after_an_hour(admin: User, centre: Any, sent: Any) -> None:
    sent(ca.request_password_reset, "boss@uni.example")
    token = token_of(link_in(centre, "boss@uni.example"))
    with time_machine.travel(ca.now() + timedelta(minutes=61)):
        assert "expired" in ca.reset_link_problem(token)
        with pytest.raises(ca.LinkNotValid, match="expired"):
            ca.reset_password(token, "Quiet-river-2031-stones")


def _session_for(user: User) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    return str(store.session_key)


def test_ending_a_device_ends_its_session(admin: User) -> None:
    laptop, phone = _session_for(admin), _session_for(admin)
    agent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    ca.touch_device(admin, laptop, agent, "10.0.0.1")
    ca.touch_device(admin, phone, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Version/17.0 Safari/604.1", "10.0.0.2")
    listed = ca.devices(admin)
    assert sorted(d.browser for d in listed) == ["Firefox on Linux", "Safari on iPhone"]  # type: ignore[attr-defined]
    phone_row = Device.objects.get(session_key=phone)
    ca.end_device(admin, phone_row.pk)
    assert not Session.objects.filter(session_key=phone).exists()
    assert Session.objects.filter(session_key=laptop).exists()
    assert [d.session_key for d in ca.devices(admin)] == [laptop]


def test_one_cannot_end_someone_elses_device(admin: User) -> None:
    other = make_account("ana@uni.example")
    key = _session_for(other)
    ca.touch_device(other, key, "Firefox/128.0", "10.0.0.1")
    with pytest.raises(NotFound):
        ca.end_device(admin, Device.objects.get(session_key=key).pk)
    assert Session.objects.filter(session_key=key).exists()


def test_last_seen_moves_at_most_once_a_minute(admin: User) -> None:
    key = _session_for(admin)
    ca.touch_device(admin, key, "Firefox/128.0", "10.0.0.1")
    first = Device.objects.get(session_key=key).last_seen_at
    ca.touch_device(admin, key, "Firefox/128.0", "10.0.0.1")
    assert Device.objects.get(session_key=key).last_seen_at == first
    with time_machine.travel(ca.now() + timedelta(minutes=2)):
        ca.touch_device(admin, key, "Firefox/128.0", "10.0.0.1")
    assert Device.objects.get(session_key=key).last_seen_at > first  # type: ignore[operator]


def test_a_reset_ends_every_session(admin: User, centre: Any, sent: Any) -> None:
    key = _session_for(admin)
    ca.touch_device(admin, key, "Firefox/128.0", "10.0.0.1")
    sent(ca.request_password_reset, "boss@uni.example")
    ca.reset_password(token_of(link_in(centre, "boss@uni.example")), "Quiet-river-2031-stones")
    assert not Session.objects.filter(session_key=key).exists() and not Device.objects.exists()


def test_roles_are_changed_by_admins_and_the_last_admin_stays(admin: User) -> None:
    student = make_account("ana@uni.example", cohort="MA 2027")
    assert ca.set_role(admin, student, "advisor").role == "advisor"
    with pytest.raises(ca.CentreError, match="last admin"):
        ca.set_role(admin, admin, "student")
    assert [(r.email, r.role) for r in ca.accounts_list(admin)] == [
        ("boss@uni.example", "admin"), ("ana@uni.example", "advisor")]
    assert [r.email for r in ca.accounts_list(admin, cohort="MA 2027")] == ["ana@uni.example"]


def test_the_centre_services_know_their_mode(settings: Any) -> None:
    settings.COFFEECHAT_MODE = "local"
    assert not ca.centre_mode()
    with pytest.raises(ca.CentreError, match="COFFEECHAT_MODE=centre"):
        ca.require_centre_mode()


def test_a_mail_that_cannot_go_is_said_and_a_new_invitation_replaces_it(admin: User, settings: Any) -> None:
    from smtp_inbox import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    with pytest.raises(ca.MailNotSent, match="saved, but the mail could not be sent to ana@uni.example"):
        ca.invite(admin, "ana@uni.example", "student")
    assert Invitation.objects.filter(email="ana@uni.example").count() == 1
    # A reset whose mail fails answers like any other (and like an unknown address).
    assert ca.request_password_reset("boss@uni.example") == ca.RESET_ANSWER
