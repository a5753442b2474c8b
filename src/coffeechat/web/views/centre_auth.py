"""Centre mode (issue 15 §1-2): password login by email, invitations, password resets, your devices, and
the admins' accounts page. In local mode ``/login`` and ``/logout`` behave as before (the one-time link)
and every other page here is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.web.devices import client_address
from coffeechat.web.requests import OwnerRequest
from coffeechat.web.roles import centre_only, role_required
from coffeechat.web.views import auth

BACKEND = "django.contrib.auth.backends.ModelBackend"
MAX_CSV_BYTES = 2 * 1024 * 1024


def _centre() -> bool:
    from coffeechat.services.centre_accounts import centre_mode

    return centre_mode()


@login_not_required
def login_view(request: HttpRequest) -> HttpResponse:
    """Local mode: the one-time link. Centre mode: the email and password form."""
    if not _centre():
        return auth.login_with_token(request)
    from coffeechat.services.centre_accounts import LoginRefused, TooManyAttempts, check_login

    target = auth._safe_next(request) or "home"
    if request.user.is_authenticated and request.method != "POST":
        return redirect(target)
    context: dict[str, Any] = {"email": "", "next": request.GET.get("next", "")}
    if request.method == "POST":
        email = request.POST.get("email", "")
        context["email"] = email.strip()
        try:
            user = check_login(email, request.POST.get("password", ""), client_address(request))
        except TooManyAttempts as error:
            context["error"] = str(error).capitalize() + "."
            return render(request, "coffeechat/centre_login.html", context, status=429)
        except LoginRefused as error:
            context["error"] = str(error).capitalize() + "."
            return render(request, "coffeechat/centre_login.html", context, status=400)
        login(request, user, backend=BACKEND)
        return redirect(target)
    return render(request, "coffeechat/centre_login.html", context)


@require_POST
def logout_view(request: OwnerRequest) -> HttpResponse:
    """Local mode: as before. Centre mode: the browser leaves "your devices" and is back at the login form."""
    if not _centre():
        return auth.logout_view(request)
    from coffeechat.services.centre_accounts import forget_device

    forget_device(request.session.session_key or "")
    logout(request)
    messages.info(request, "You are logged out.")
    return redirect("login")


@login_not_required
@centre_only
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation: choose a password (and your name); the link works once."""
    from coffeechat.services.centre_accounts import CentreError, accept, invitation_status

    status = invitation_status(token)
    context: dict[str, Any] = {"invitation": status, "name": status.display_name}
    if status.problem:
        return render(request, "coffeechat/centre_invite.html", context, status=410 if status.email else 404)
    if request.method == "POST":
        password = request.POST.get("password", "")
        context["name"] = request.POST.get("name", "").strip()
        if password != request.POST.get("password2", ""):
            context["error"] = "The two passwords are not the same."
            return render(request, "coffeechat/centre_invite.html", context, status=400)
        try:
            user = accept(token, password, context["name"])
        except CentreError as error:
            context["error"] = str(error)
            return render(request, "coffeechat/centre_invite.html", context, status=400)
        login(request, user, backend=BACKEND)
        messages.success(request, "Welcome! Your account is ready.")
        return redirect("home")
    return render(request, "coffeechat/centre_invite.html", context)


@login_not_required
@centre_only
def password_forgot(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link by email; the answer never says whether the address has an account."""
    from coffeechat.services.centre_accounts import request_password_reset

    context: dict[str, Any] = {}
    if request.method == "POST":
        context["answer"] = request_password_reset(request.POST.get("email", ""))
    return render(request, "coffeechat/centre_forgot.html", context)


@login_not_required
@centre_only
def password_reset(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a new password with the link from the mail (once, within the hour)."""
    from coffeechat.services.centre_accounts import CentreError, reset_link_problem, reset_password

    problem = reset_link_problem(token)
    context: dict[str, Any] = {"problem": problem}
    if problem:
        return render(request, "coffeechat/centre_reset.html", context, status=410)
    if request.method == "POST":
        password = request.POST.get("password", "")
        if password != request.POST.get("password2", ""):
            context["error"] = "The two passwords are not the same."
            return render(request, "coffeechat/centre_reset.html", context, status=400)
        try:
            reset_password(token, password)
        except CentreError as error:
            context["error"] = str(error)
            return render(request, "coffeechat/centre_reset.html", context, status=400)
        if request.user.is_authenticated:
            logout(request)
        messages.success(request, "Your new password is set. Log in with it.")
        return redirect("login")
    return render(request, "coffeechat/centre_reset.html", context)


@centre_only
def devices_page(request: OwnerRequest) -> HttpResponse:
    """Every browser signed in to this account, with the one in use marked."""
    from coffeechat.services.centre_accounts import devices

    current = request.session.session_key or ""
    rows = devices(request.user)
    for row in rows:
        row.current = row.session_key == current  # type: ignore[attr-defined]
    return render(request, "coffeechat/centre_devices.html", {"devices": rows, "nav": "devices"})


@require_POST
@centre_only
def device_end(request: OwnerRequest) -> HttpResponse:
    """Sign one browser out; ending this very browser logs out here too."""
    from coffeechat.core.errors import NotFound
    from coffeechat.services.centre_accounts import devices, end_device

    wanted = request.POST.get("device", "")
    current = request.session.session_key or ""
    is_current = any(str(d.pk) == wanted and d.session_key == current for d in devices(request.user))
    try:
        if is_current:
            from coffeechat.services.centre_accounts import forget_device

            forget_device(current)
            logout(request)
            messages.info(request, "This browser is logged out.")
            return redirect("login")
        end_device(request.user, wanted)
    except NotFound as error:
        raise Http404(str(error)) from error
    messages.success(request, "That browser is logged out.")
    return redirect("centre-devices")


ACCOUNTS_PER_PAGE = 100


@role_required("admin")
def accounts_page(request: OwnerRequest) -> HttpResponse:
    """Admins: invite one person, upload a CSV of invitations, every account with its role and last login."""
    from django.core.paginator import Paginator

    from coffeechat.models.centre import Role
    from coffeechat.services.centre_accounts import accounts_list, open_invitations

    cohort = request.GET.get("cohort", "").strip() or None
    # A centre has a thousand accounts: ACCOUNTS_PER_PAGE a page (``?page=``), the cohort filter kept.
    pager = Paginator(accounts_list(request.user, cohort=cohort), ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "coffeechat/centre_accounts.html", {
        "accounts": pager.object_list, "pager": pager, "invitations": open_invitations(request.user),
        "roles": Role.choices, "cohort": cohort or "", "nav": "accounts", "me": request.user.pk,
    })


@require_POST
@role_required("admin")
def accounts_invite(request: OwnerRequest) -> HttpResponse:
    from coffeechat.services.centre_accounts import CentreError, invite

    try:
        invitation, _ = invite(request.user, request.POST.get("email", ""), request.POST.get("role", "student"),
                               request.POST.get("cohort", ""), request.POST.get("name", ""))
    except CentreError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation sent to {invitation.email}.")
    return redirect("centre-accounts")


@require_POST
@role_required("admin")
def accounts_invite_csv(request: OwnerRequest) -> HttpResponse:
    from coffeechat.services.centre_accounts import CentreError, invite_from_csv_text

    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a CSV file first (columns email, name, role, cohort).")
        return redirect("centre-accounts")
    if upload.size is not None and upload.size > MAX_CSV_BYTES:
        messages.error(request, "That file is larger than 2 MB: split it into several files.")
        return redirect("centre-accounts")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        messages.error(request, "That file is not UTF-8 text: save it from your spreadsheet as CSV UTF-8.")
        return redirect("centre-accounts")
    try:
        sent = invite_from_csv_text(request.user, text)
    except CentreError as error:
        for line in str(error).splitlines():
            messages.error(request, line)
    else:
        messages.success(request, f"{len(sent)} invitation{'s' if len(sent) != 1 else ''} sent.")
    return redirect("centre-accounts")


@require_POST
@role_required("admin")
def accounts_role(request: OwnerRequest) -> HttpResponse:
    from coffeechat.core.errors import NotFound
    from coffeechat.services.centre_accounts import CentreError, set_role

    try:
        account = set_role(request.user, request.POST.get("user", ""), request.POST.get("role", ""))
    except NotFound as error:
        raise Http404(str(error)) from error
    except CentreError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Role changed to {account.get_role_display().lower()}.")
    return redirect("centre-accounts")
