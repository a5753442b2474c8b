"""Journalism mode: a person can be a source, with the ground rules agreed with them."""

import importlib

from django.db import migrations, models


def restore_search_triggers(apps, schema_editor):
    # SQLite adds these columns by rebuilding the person table, which drops its full-text triggers:
    # put them back (idempotent) and refill the indexes, so search keeps finding people.
    if schema_editor.connection.vendor != "sqlite":
        return
    search = importlib.import_module("coffeechat.models.migrations.0004_full_text_search")
    for statement in search.sqlite_triggers() + search.sqlite_rebuild():
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("coffeechat", "0006_learning"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="ground_rules",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="person",
            name="is_source",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
    ]
