"""The settings page: the rules' numbers, your country and time zone."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.services.preferences import SPECS, SettingError, all_settings, set_setting


def settings_page(request: HttpRequest) -> HttpResponse:
    """Show every setting; a POST checks and saves the changed ones, all or nothing."""
    values = all_settings(request.user)
    errors: dict[str, str] = {}
    if request.method == "POST":
        from django.db import transaction

        submitted = {key: request.POST.get(key, values[key]).strip() for key in SPECS}
        for key, spec in SPECS.items():
            # A secret's box is always shown empty; leaving it empty keeps the stored value.
            if spec.secret and not submitted[key]:
                submitted[key] = values[key]
        try:
            with transaction.atomic():
                for key, value in submitted.items():
                    if value != values[key]:
                        try:
                            set_setting(request.user, key, value)
                        except SettingError as error:
                            errors[key] = str(error)
                if errors:
                    raise SettingError("not saved")
        except SettingError:
            values = submitted
        else:
            messages.success(request, "Settings saved.")
            return redirect("settings")
    fields = [
        {"key": k, "value": "" if spec.secret else values[k], "secret": spec.secret, "is_set": bool(values[k]),
         "help": spec.help, "error": errors.get(k)}
        for k, spec in SPECS.items()
    ]
    return render(request, "coffeechat/settings.html", {"nav": "settings", "fields": fields}, status=400 if errors else 200)
