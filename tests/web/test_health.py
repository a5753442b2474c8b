"""`/healthz` for a load balancer: no login, no cookie, one database round trip."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_ok_without_login_cookie_or_csrf(db) -> None:
    client = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {} and client.cookies == {}
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_does_not_touch_a_logged_in_session(owner_client) -> None:
    before = dict(owner_client.cookies.items())
    response = owner_client.get("/healthz")
    assert response.status_code == 200 and response.cookies == {}
    assert dict(owner_client.cookies.items()) == before


def test_behind_tls_everything_but_healthz_is_sent_to_https(db, settings, tmp_path) -> None:
    """COFFEECHAT_HTTPS=1 (read by settings.py in a fresh process) makes cookies secure and redirects plain
    HTTP to https, except /healthz, which a load balancer checks over plain HTTP."""
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({"COFFEECHAT_HOME": str(tmp_path / "home"), "COFFEECHAT_HTTPS": "1",
                "COFFEECHAT_ALLOWED_HOSTS": "careers.example.edu", "DJANGO_SETTINGS_MODULE": "coffeechat.settings"})
    names = ["SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
             "CSRF_COOKIE_SECURE", "CSRF_TRUSTED_ORIGINS", "ALLOWED_HOSTS"]
    script = f"import json; from django.conf import settings as s; print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert read["SESSION_COOKIE_SECURE"] and read["CSRF_COOKIE_SECURE"] and read["SECURE_SSL_REDIRECT"]
    assert read["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert read["CSRF_TRUSTED_ORIGINS"] == ["https://careers.example.edu"]
    assert "careers.example.edu" in read["ALLOWED_HOSTS"]
    for name in ("SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT"):
        setattr(settings, name, read[name])
    settings.SECURE_PROXY_SSL_HEADER = tuple(read["SECURE_PROXY_SSL_HEADER"])
    client = Client()
    assert client.get("/healthz").status_code == 200
    redirected = client.get("/people/")
    assert redirected.status_code == 301 and redirected["Location"] == "https://testserver/people/"
    # Through the proxy (which says https), the page answers: here, by asking for a login.
    through_proxy = client.get("/people/", headers={"x-forwarded-proto": "https"})
    assert through_proxy.status_code == 302 and through_proxy["Location"].startswith("/login")
