"""Small Django forms for the one-field actions posted from other pages (stage, cadence, a confidence rating).

Each form checks its field the Django way; a view that redirects back (rather than showing the form again)
says what was refused with ``refusal(form)``: "Field label: reason", one line per field.
"""

from __future__ import annotations

from typing import Any

from django import forms

from coffeechat.core.relationships import parse_cadence
from coffeechat.core.vocabulary import STAGE_LABELS, choices


def refusal(form: forms.Form) -> str:
    """Every error of ``form`` as "Label: reason" sentences, in the order of the fields."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        parts.append(f"{label or name}: {' '.join(str(error) for error in errors)}")
    return " ".join(parts)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", choices=choices(STAGE_LABELS))


class CadenceForm(forms.Form):
    days = forms.CharField(label="Cadence", required=False, strip=True)

    def clean_days(self) -> int | None:
        try:
            return parse_cadence(self.cleaned_data["days"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class ConfidenceForm(forms.Form):
    when = forms.ChoiceField(label="Before or after", choices=[("before", "Before"), ("after", "After")])
    rating = forms.IntegerField(label="Rating", min_value=1, max_value=5)


class TargetScoresForm(forms.Form):
    """The LAMP scores of one organisation (docs/practice.md §4.1); a blank field leaves that score as it is."""

    motivation = forms.IntegerField(label="Motivation", min_value=0, max_value=4, required=False)
    posting = forms.IntegerField(label="Posting", min_value=1, max_value=3, required=False)
    advocacy = forms.ChoiceField(label="Advocacy", choices=[("", "unchanged"), ("yes", "yes"), ("no", "no")],
                                 required=False)

    def advocacy_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["advocacy"])


class TargetAddForm(forms.Form):
    name = forms.CharField(label="Organisation", max_length=200, strip=True)
    motivation = forms.IntegerField(label="Motivation", min_value=0, max_value=4, required=False)


class SourceSwitchForm(forms.Form):
    """Journalism mode (docs/practice.md §4.9): to a source with ground rules, or back to career only."""

    to = forms.ChoiceField(label="Approach as", choices=[("source", "a source"), ("career", "career only")],
                           required=False)
    ground_rules = forms.CharField(label="Ground rules", required=False, strip=True, max_length=2000)


class ActionForm(forms.Form):
    """One due action of the list, by its key (done)."""

    key = forms.CharField(label="Action", max_length=300, strip=True)


class SnoozeForm(ActionForm):
    """One due action and the day it should come back."""

    until = forms.DateField(label="Until", input_formats=["%Y-%m-%d"],
                            error_messages={"required": "choose the day it should come back.",
                                            "invalid": "choose the day it should come back (YYYY-MM-DD)."})


class ReflectionForm(forms.Form):
    """A new dated version of how a goal changed."""

    body = forms.CharField(label="How the goal changed", strip=True, max_length=20000,
                           error_messages={"required": "write how the goal changed."})


class GoalAssignForm(forms.Form):
    """One of the owner's conversations, to count for a goal (another owner's id is simply not a choice)."""

    conversation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Conversation", queryset=None,
        error_messages={"required": "choose one of your conversations.",
                        "invalid_choice": "choose one of your conversations."})

    def __init__(self, data: Any, *, owner: Any) -> None:
        super().__init__(data)
        from coffeechat.models import Conversation

        field = self.fields["conversation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Conversation.objects.owned_by(owner).select_related("person")


class EventForm(forms.Form):
    """What happened with a person (request, reply, meeting, held, thank-you): when, how long, notes.

    ``when`` is typed as the CLI's ``--at`` is ("2026-12-04 09:00", "friday 2pm") and read in ``tz_name``;
    blank means now (or, for a meeting, is refused when ``when_required``).
    """

    when = forms.CharField(label="When", required=False, strip=True, max_length=100)
    minutes = forms.IntegerField(label="Minutes", required=False, min_value=1, max_value=600)
    notes = forms.CharField(label="Notes", required=False, max_length=100_000)

    def __init__(self, data: Any, *, tz_name: str, when_required: bool = False) -> None:
        super().__init__(data)
        self.tz_name = tz_name
        self.when_required = when_required

    def clean_when(self) -> Any:
        from coffeechat.core.when import WhenError, parse_when
        from coffeechat.services.clock import now

        text = self.cleaned_data["when"]
        if not text:
            if self.when_required:
                raise forms.ValidationError("say when the conversation is.")
            return None
        try:
            return parse_when(text, now=now(), tz_name=self.tz_name)
        except WhenError as error:
            raise forms.ValidationError(str(error)) from error
