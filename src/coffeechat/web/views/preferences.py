"""The settings page: every setting with its label, its choices and its help, grouped; one save checks them
all (each on its own and the rules between them, in services/preference_specs) and stores all or none."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.contrib import messages
from django.forms.utils import flatatt
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from coffeechat.services.preference_specs import check_changes
from coffeechat.services.preferences import SPECS, SettingsInvalid, SettingSpec, all_settings, set_settings
from coffeechat.web.requests import OwnerRequest


class ChoiceList(forms.Select):
    """A <select> written in one pass: Django's per-option templates take a tenth of a second for the 250
    countries; the markup is the same."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = "" if value is None else str(value)
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (option, mark_safe(" selected") if str(option) == chosen else "", label) for option, label in self.choices))
        return format_html("<select{}>{}</select>", flatatt({"name": name, **self.build_attrs(self.attrs, attrs)}),
                           options)


def _field_for(spec: SettingSpec, value: str) -> forms.Field:
    """The form field that asks for one setting; the value's check is the spec's, not the widget's."""
    described = {"aria-describedby": f"h-{spec.key}"}
    widget: forms.Widget
    if spec.kind == "password":
        widget = forms.PasswordInput(render_value=False, attrs={
            **described, "autocomplete": "new-password",
            "placeholder": "saved — type to replace" if value else "",
        })
    elif spec.key == "timezone":
        # Six hundred zones: typing "chicago" finds America/Chicago among the suggestions.
        widget = forms.TextInput(attrs={**described, "list": "zone-names", "autocomplete": "off",
                                        "spellcheck": "false", "placeholder": "e.g. Europe/London"})
    elif spec.kind == "choice" and spec.choices is not None:
        choices = list(spec.choices())
        if value and value not in {option for option, _ in choices}:
            choices.insert(0, (value, f"{value} (not a known choice)"))  # an old stored value stays visible
        widget = ChoiceList(choices=choices, attrs=described)
    elif spec.kind == "number":
        widget = forms.NumberInput(attrs={**described, "min": spec.low, "max": spec.high, "step": 1,
                                          "inputmode": "numeric"})
    elif spec.kind == "email":
        widget = forms.EmailInput(attrs={**described, "autocomplete": "email"})
    else:
        widget = forms.TextInput(attrs=described)
    return forms.CharField(label=spec.label or spec.key, help_text=spec.help, required=False, strip=True,
                           widget=widget)


class SettingsForm(forms.Form):
    """Every setting as one field. ``changes`` holds, once valid, the values that differ from now.

    A field left out of the submission keeps its value, and so does an empty password box (the saved
    password is never sent back to the browser).
    """

    def __init__(self, data: Any = None, *, current: dict[str, str]) -> None:
        initial = {key: ("" if spec.secret else current[key]) for key, spec in SPECS.items()}
        super().__init__(data, initial=initial, auto_id="s-%s")
        self.current = current
        self.changes: dict[str, str] = {}
        for key, spec in SPECS.items():
            self.fields[key] = _field_for(spec, current[key])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        changes: dict[str, str] = {}
        for key, spec in SPECS.items():
            if key not in self.data or key in self.errors:
                continue
            value = str(cleaned.get(key) or "")
            if (spec.secret and not value) or value == self.current[key]:
                continue
            changes[key] = value
        try:
            self.changes = check_changes(self.current, changes)
        except SettingsInvalid as refused:
            for key, reason in refused.errors.items():
                self.add_error(key if key in self.fields else None, reason)
        return cleaned

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields by the group their setting belongs to, in the order of the settings."""
        grouped: dict[str, list[forms.BoundField]] = {}
        for key, spec in SPECS.items():
            grouped.setdefault(spec.group or "Other", []).append(self[key])
        return list(grouped.items())


def settings_page(request: OwnerRequest) -> HttpResponse:
    """Show every setting; a POST checks the changed ones together and saves them all, or none."""
    current = all_settings(request.user)
    form = SettingsForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST":
        if form.is_valid():
            try:
                set_settings(request.user, form.changes)
            except SettingsInvalid as refused:  # changed by another window meanwhile: say so, field by field
                for key, reason in refused.errors.items():
                    form.add_error(key if key in form.fields else None, reason)
            else:
                messages.success(request, "Settings saved." if form.changes else "Nothing changed.")
                return redirect("settings")
    return render(request, "coffeechat/settings.html",
                  {"nav": "settings", "form": form, "zone_options": _zone_options()},
                  status=400 if form.errors else 200)


@cache
def _zone_options() -> str:
    """The <option>s of the time-zone suggestions, built once (six hundred of them)."""
    from coffeechat.core.zones import zone_names

    return format_html_join("", '<option value="{}"></option>', ((name,) for name in zone_names()))
