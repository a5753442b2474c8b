"""Organisation pages: who you know there, with forms to rename the organisation and merge another into it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.models import Organization
from coffeechat.services.organizations import (
    NameTaken,
    OrganizationError,
    OrganizationNotFound,
    merge_organizations,
    organizations_query,
    people_at,
    rename_organization,
)
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest


class RenameForm(forms.Form):
    """The organisation's new name."""

    name = forms.CharField(label="New name", max_length=200)


class MergeForm(forms.Form):
    """Another organisation to fold into this one, confirmed."""

    other = forms.TypedChoiceField(label="Merge this organisation into it", coerce=int)
    confirm = forms.BooleanField(label="Yes, move its people and messages here and remove it", required=True,
                                 error_messages={"required": "tick the box to confirm the merge"})

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["other"]).choices = [("", "— choose —"), *choices]


def _owned(request: OwnerRequest, pk: int) -> Organization:
    return owned_or_404(Organization, request, pk)


def _merge_form(request: OwnerRequest, organization: Organization, data: Any = None,
                other: Organization | None = None) -> MergeForm:
    others = [(o.pk, f"{o.name} ({o.people_count} {'person' if o.people_count == 1 else 'people'})")  # type: ignore[attr-defined]
              for o in organizations_query(request.user).exclude(pk=organization.pk)]
    return MergeForm(data, choices=others, auto_id="merge-%s", initial={"other": other.pk} if other else None)


def _page(request: OwnerRequest, organization: Organization, *, rename: RenameForm | None = None,
          merge: MergeForm | None = None, taken: Organization | None = None, status: int = 200) -> HttpResponse:
    return render(request, "coffeechat/organization.html", {
        "nav": "people", "organization": organization, "people": people_at(request.user, organization),
        "rename_form": rename or RenameForm(initial={"name": organization.name}, auto_id="rename-%s"),
        "merge_form": merge or _merge_form(request, organization), "taken": taken,
    }, status=status)


def organization_page(request: OwnerRequest, pk: int) -> HttpResponse:
    """Everyone the user knows at the organisation, its target scores, and the rename and merge forms."""
    return _page(request, _owned(request, pk))


@require_POST
def organization_rename(request: OwnerRequest, pk: int) -> HttpResponse:
    """Rename; a name another organisation has is refused, with a button to merge the two instead."""
    organization = _owned(request, pk)
    form = RenameForm(request.POST, auto_id="rename-%s")
    if form.is_valid():
        old = organization.name
        try:
            rename_organization(request.user, organization, form.cleaned_data["name"])
        except NameTaken as error:
            form.add_error("name", str(error))
            organization.name = old
            return _page(request, organization, rename=form, taken=error.other, status=400,
                         merge=_merge_form(request, organization, other=error.other))
        except OrganizationError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Renamed {old} to {organization.name}." if old != organization.name
                             else f"{old} keeps its name.")
            return redirect("organization", pk=organization.pk)
    organization.refresh_from_db()
    return _page(request, organization, rename=form, status=400)


@require_POST
def organization_merge(request: OwnerRequest, pk: int) -> HttpResponse:
    """Fold the chosen organisation into this one (people, messages and scores move), once confirmed."""
    keep = _owned(request, pk)
    form = _merge_form(request, keep, request.POST)
    if form.is_valid():
        other = _owned(request, form.cleaned_data["other"])
        try:
            result = merge_organizations(request.user, keep, other)
        except (OrganizationError, OrganizationNotFound) as error:
            form.add_error("other", str(error))
        else:
            people = "1 person" if result.people == 1 else f"{result.people} people"
            messages.success(request, f"Merged {result.removed_name} into {result.kept.name}: {people} moved.")
            return redirect("organization", pk=keep.pk)
    return _page(request, keep, merge=form, status=400)
