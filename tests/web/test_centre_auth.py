"""Centre mode's pages (issue 15 §1-2) with Django's test client: password login by email with its rate
limit, invitations accepted once, password reset, "your devices" ending another browser's session, the
admins' accounts page gated by role — and local mode exactly as before (the one-time link, no centre page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from centre_fixtures import PASSWORD, make_account
from coffeechat.models.centre import Account, Device, Invitation

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1"


def password_login(email: str, password: str = PASSWORD, agent: str = FIREFOX) -> tuple[Client, Any]:
    client = Client(HTTP_USER_AGENT=agent)
    return client, client.post("/login", {"email": email, "password": password})


@pytest.fixture
def admin(centre: Any) -> User:
    return make_account("boss@uni.example", "admin", name="Rita Boss")


@pytest.fixture
def mailed(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a request and the mail it sends after its transaction commits."""

    def run(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def last_link(inbox: Any, to: str) -> str:
    bodies = [m.get_content() for _, rcpt, m in inbox.received if to in rcpt]
    assert bodies, f"no mail to {to}"
    found = re.search(r"http://testserver(/(?:invite|password/reset)/[\w-]+)", bodies[-1])
    assert found, bodies[-1]
    return found.group(1)


# --- local mode: nothing changes ---------------------------------------------------------------------


def test_local_mode_keeps_the_one_time_link_and_has_no_centre_pages(owner: Any, owner_client: Any) -> None:
    refused = Client().get("/login")
    assert refused.status_code == 403 and b"coffeechat login-link" in refused.content
    assert Client().post("/login", {"email": "a@b.example", "password": "x"}).status_code == 403
    for url in ("/devices/", "/centre/accounts/", "/invite/abc", "/password/forgot", "/password/reset/abc"):
        assert owner_client.get(url).status_code == 404, url
    page = owner_client.get("/")
    assert b"Your devices" not in page.content and b"Your data stays on this computer" in page.content
    assert owner_client.post("/logout").status_code == 200  # the local "you are logged out" page, as before
    assert not Device.objects.exists()


# --- logging in --------------------------------------------------------------------------------------


def test_login_by_email_and_password_records_the_device(admin: User) -> None:
    form = Client().get("/login")
    assert form.status_code == 200 and b'name="password"' in form.content
    _, wrong = password_login("boss@uni.example", "not my password")
    assert wrong.status_code == 400 and b"Wrong email or password." in wrong.content
    client, ok = password_login("BOSS@uni.example ")
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get("/").status_code == 200
    device = Device.objects.get(user=admin)
    assert device.user_agent == FIREFOX and device.address == "127.0.0.1" and device.last_seen_at
    assert Account.objects.get(user=admin).last_seen_at is not None
    admin.refresh_from_db()
    assert admin.last_login is not None


def test_too_many_failures_are_refused_with_the_wait(admin: User) -> None:
    for _ in range(5):
        password_login("boss@uni.example", "guess")
    _, refused = password_login("boss@uni.example")
    assert refused.status_code == 429
    assert b"Too many attempts, try again in 15 minutes." in refused.content


def test_logout_goes_back_to_the_login_form(admin: User) -> None:
    client, _ = password_login("boss@uni.example")
    client.get("/")
    left = client.post("/logout")
    assert left.status_code == 302 and left["Location"] == "/login"
    assert b'name="password"' in client.get("/login").content
    assert client.get("/").status_code == 302
    assert not Device.objects.exists()


def test_a_logged_in_page_sends_strangers_to_the_login_form(centre: Any) -> None:
    got = Client().get("/people/")
    assert got.status_code == 302 and got["Location"].startswith("/login?next=")


# --- invitations -------------------------------------------------------------------------------------


def test_an_admin_invites_and_the_link_creates_the_account_once(admin: User, centre: Any, client_for: Any,
                                                              mailed: Any) -> None:
    boss = client_for(admin)
    done = mailed(boss.post, "/centre/accounts/invite",
                  {"email": "ana@uni.example", "role": "student", "cohort": "MA 2027", "name": "Ana Lima"})
    assert done.status_code == 302
    assert b"Invitation sent to ana@uni.example." in boss.get("/centre/accounts/").content
    link = last_link(centre, "ana@uni.example")
    ana = Client()
    page = ana.get(link)
    assert page.status_code == 200 and b"ana@uni.example" in page.content
    mismatch = ana.post(link, {"name": "Ana Lima", "password": PASSWORD, "password2": PASSWORD + "x"})
    assert mismatch.status_code == 400 and b"not the same" in mismatch.content
    weak = ana.post(link, {"name": "Ana Lima", "password": "12345678901", "password2": "12345678901"})
    assert weak.status_code == 400 and b"entirely numeric" in weak.content
    created = ana.post(link, {"name": "Ana Lima", "password": PASSWORD, "password2": PASSWORD})
    assert created.status_code == 302 and created["Location"] == "/"
    assert ana.get("/").status_code == 200  # logged in
    assert User.objects.get(username="ana@uni.example").centre_account.cohort == "MA 2027"
    again = Client().get(link)
    assert again.status_code == 410 and b"already used" in again.content
    assert Client().get("/invite/not-a-real-token").status_code == 404


def test_the_csv_upload_names_every_bad_line(admin: User, centre: Any, client_for: Any, mailed: Any) -> None:
    boss = client_for(admin)
    bad = SimpleUploadedFile("s.csv", b"email,name,role,cohort\nana@uni.example,Ana,,X\nnope,Bob,,X\n")
    mailed(boss.post, "/centre/accounts/invite-csv", {"file": bad})
    page = boss.get("/centre/accounts/").content.decode()
    assert "line 3: email: nope is not an email address" in page
    assert not Invitation.objects.exists() and centre.received == []
    good = SimpleUploadedFile("s.csv", b"email,name,role,cohort\nana@uni.example,Ana,,X\nlee@uni.example,Lee,advisor,\n")
    mailed(boss.post, "/centre/accounts/invite-csv", {"file": good})
    assert "2 invitations sent." in boss.get("/centre/accounts/").content.decode()
    assert len(centre.received) == 2


def test_only_admins_see_the_accounts_page(admin: User, client_for: Any) -> None:
    student = make_account("ana@uni.example", cohort="MA 2027")
    advisor = make_account("lee@uni.example", "advisor")
    for user in (student, advisor):
        client = client_for(user)
        assert client.get("/centre/accounts/").status_code == 404
        assert client.post("/centre/accounts/invite", {"email": "x@uni.example", "role": "admin"}).status_code == 404
        assert client.post("/centre/accounts/role", {"user": user.pk, "role": "admin"}).status_code == 404
        assert b"Accounts</a>" not in client.get("/").content
    assert not Invitation.objects.exists() and Account.objects.get(user=student).role == "student"
    assert b'href="/centre/accounts/"' in client_for(admin).get("/").content  # in the admin's menu
    page = client_for(admin).get("/centre/accounts/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "ana@uni.example" in text and "lee@uni.example" in text
    make_account("new@uni.example", cohort="MA 2027")
    listed = client_for(admin).get("/centre/accounts/?cohort=MA+2027").content.decode()
    assert "new@uni.example" in listed and "never" in listed and "lee@uni.example" not in listed


def test_an_admin_changes_a_role(admin: User, client_for: Any) -> None:
    student = make_account("ana@uni.example")
    boss = client_for(admin)
    boss.post("/centre/accounts/role", {"user": student.pk, "role": "advisor"})
    assert Account.objects.get(user=student).role == "advisor"
    boss.post("/centre/accounts/role", {"user": admin.pk, "role": "student"})
    assert "last admin" in boss.get("/centre/accounts/").content.decode()
    assert boss.post("/centre/accounts/role", {"user": 999999, "role": "advisor"}).status_code == 404


# --- password reset ----------------------------------------------------------------------------------


def test_password_reset_by_mail(admin: User, centre: Any, mailed: Any) -> None:
    unknown = mailed(Client().post, "/password/forgot", {"email": "nobody@uni.example"})
    known = mailed(Client().post, "/password/forgot", {"email": "boss@uni.example"})
    assert unknown.content.split(b'id="reset-answer">')[1][:200] == known.content.split(b'id="reset-answer">')[1][:200]
    assert [rcpt for _, rcpt, _ in centre.received] == [["boss@uni.example"]]
    link = last_link(centre, "boss@uni.example")
    new = "Quiet-river-2031-stones"
    assert Client().get(link).status_code == 200
    done = Client().post(link, {"password": new, "password2": new})
    assert done.status_code == 302 and done["Location"] == "/login"
    assert password_login("boss@uni.example", new)[1].status_code == 302
    assert Client().get(link).status_code == 410


# --- your devices ------------------------------------------------------------------------------------


def test_your_devices_lists_each_browser_and_ends_another(admin: User) -> None:
    laptop, _ = password_login("boss@uni.example", agent=FIREFOX)
    phone, _ = password_login("boss@uni.example", agent=IPHONE)
    assert phone.get("/").status_code == 200
    page = laptop.get("/devices/")
    text = page.content.decode()
    assert "Firefox on Linux" in text and "Safari on iPhone" in text
    assert text.count(">this browser<") == 1
    current = re.search(r'<tr id="device-(\d+)" class="current">\s*<td>Firefox on Linux', text)
    assert current, text
    phone_device = Device.objects.get(user_agent=IPHONE)
    ended = laptop.post("/devices/end", {"device": phone_device.pk})
    assert ended.status_code == 302
    assert phone.get("/").status_code == 302  # the phone's session is gone: back to the login form
    assert laptop.get("/").status_code == 200
    assert "Safari on iPhone" not in laptop.get("/devices/").content.decode()


def test_ending_this_browser_logs_out_here(admin: User) -> None:
    laptop, _ = password_login("boss@uni.example")
    laptop.get("/")
    mine = Device.objects.get(user=admin)
    left = laptop.post("/devices/end", {"device": mine.pk})
    assert left.status_code == 302 and left["Location"] == "/login"
    assert laptop.get("/").status_code == 302


def test_nobody_ends_someone_elses_device(admin: User) -> None:
    laptop, _ = password_login("boss@uni.example")
    laptop.get("/")
    make_account("ana@uni.example")
    ana, _ = password_login("ana@uni.example")
    assert ana.post("/devices/end", {"device": Device.objects.get(user=admin).pk}).status_code == 404
    assert ana.post("/devices/end", {"device": "x"}).status_code == 404
    assert laptop.get("/").status_code == 200


def test_behind_the_proxy_each_browser_has_its_own_address(admin: User) -> None:
    # Twenty failures from one student behind the proxy do not lock out another student behind it.
    for n in range(20):
        Client().post("/login", {"email": f"x{n}@uni.example", "password": "guess"},
                      HTTP_X_FORWARDED_FOR="203.0.113.7")
    blocked = Client().post("/login", {"email": "boss@uni.example", "password": PASSWORD},
                            HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert blocked.status_code == 429
    other = Client(HTTP_USER_AGENT=FIREFOX)
    assert other.post("/login", {"email": "boss@uni.example", "password": PASSWORD},
                      HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 302
    other.get("/")
    assert Device.objects.get(user=admin).address == "198.51.100.4"


def test_a_one_time_local_link_does_not_log_in_on_a_centre_server(centre: Any) -> None:
    from coffeechat.services.accounts import local_owner
    from coffeechat.services.login import issue_login_token

    token = issue_login_token(local_owner())
    client = Client()
    got = client.get(f"/login?token={token}")
    assert got.status_code == 200 and b'name="password"' in got.content
    assert client.get("/").status_code == 302  # still not logged in
