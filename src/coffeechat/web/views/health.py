"""`/healthz` for a load balancer: 200 ``ok`` after a round trip to the database, 503 with a short reason.

No login, no session and no cookie (nothing here reads ``request.session`` or ``request.user``), no CSRF
token, no record of the visit; a GET or HEAD only. Behind TLS (COFFEECHAT_HTTPS=1) it is the one address
not redirected to https (settings.SECURE_REDIRECT_EXEMPT), since load balancers check over plain HTTP.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger("coffeechat.health")


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(f"{text}\n", status=status, content_type="text/plain; charset=utf-8")


@login_not_required
@csrf_exempt
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """``ok`` when this process can answer and reach its database; otherwise 503 and why."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health check: the database does not answer: %s", error)
        connection.close()  # the next check (and the next request) opens a fresh connection
        return _plain("database unavailable", 503)
    return _plain("ok", 200)
