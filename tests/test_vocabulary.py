"""One vocabulary (core/vocabulary.py): the models, the rules, the CLI options and the web forms say the same."""

from __future__ import annotations

import click
import pytest
from django.db import models

from coffeechat.core import vocabulary
from coffeechat.core.followup import KINDS as RULE_KINDS
from coffeechat.core.request_templates import TEMPLATES as TEMPLATE_TEXTS
from coffeechat.models import ContactPoint, Conversation, Message, Person


@pytest.mark.parametrize(
    ("model_choices", "labels"),
    [
        (Person.HowKnown, vocabulary.HOW_KNOWN_LABELS),
        (Person.Stage, vocabulary.STAGE_LABELS),
        (Message.Kind, vocabulary.MESSAGE_KIND_LABELS),
        (Message.Status, vocabulary.MESSAGE_STATUS_LABELS),
        (Conversation.State, vocabulary.CONVERSATION_STATE_LABELS),
        (Conversation.Channel, vocabulary.CHANNEL_LABELS),
        (Conversation.Purpose, vocabulary.PURPOSE_LABELS),
        (ContactPoint.Kind, vocabulary.CONTACT_KIND_LABELS),
    ],
    ids=lambda value: getattr(value, "__qualname__", ""),
)
def test_every_model_choice_list_is_the_vocabulary(model_choices: type[models.TextChoices], labels: dict[str, str]) -> None:
    assert list(model_choices.choices) == list(labels.items())


def test_the_rules_know_every_action_kind_and_every_template_has_a_text() -> None:
    assert set(vocabulary.ACTION_KINDS) == RULE_KINDS
    assert set(vocabulary.TEMPLATES) <= set(TEMPLATE_TEXTS)  # and follow_up, keep_in_touch: not requests
    assert set(vocabulary.MESSAGE_KINDS) <= set(vocabulary.MESSAGE_KIND_LABELS)


def _choices(command_path: list[str], option: str) -> tuple[str, ...]:
    from coffeechat.cli.main import cli

    command: click.Command = cli
    ctx = click.Context(cli)
    for name in command_path:
        assert isinstance(command, click.Group)
        found = command.get_command(ctx, name)
        assert found is not None, name
        command = found
    for param in command.params:
        if option in getattr(param, "opts", []) and isinstance(param.type, click.Choice):
            return tuple(param.type.choices)
    raise AssertionError(f"{' '.join(command_path)} has no choice option {option}")


@pytest.mark.parametrize(
    ("command", "option", "words"),
    [
        (["add"], "--how", vocabulary.HOW_KNOWN),
        (["edit"], "--how", vocabulary.HOW_KNOWN),
        (["edit"], "--stage", vocabulary.STAGES),
        (["stage"], "stage", vocabulary.STAGES),
        (["outreach", "draft"], "--template", vocabulary.TEMPLATES),
        (["outreach", "draft"], "--mode", vocabulary.MODES),
        (["next"], "--kind", vocabulary.ACTION_KINDS),
        (["search"], "--kind", vocabulary.SEARCH_KINDS),
    ],
)
def test_the_cli_offers_exactly_the_vocabulary(command: list[str], option: str, words: tuple[str, ...]) -> None:
    assert _choices(command, option) == tuple(words)
