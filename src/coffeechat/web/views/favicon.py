"""/favicon.ico: browsers ask for it on every page that names no icon (a download, an error page); it
points them to coffeechat's own SVG icon, which base.html links on every page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """A redirect to the icon (no login needed: it is the same for everyone and tells nothing)."""
    response = HttpResponseRedirect(static("coffeechat/icon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response
