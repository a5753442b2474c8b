"""Mail and calendar (issue 16): accounts and what was seen, calendar sources and events; the person's
mail switches and where a timeline entry came from."""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def restore_search_triggers(apps, schema_editor):
    # SQLite adds the person and touch columns by rebuilding those tables, which drops the person table's
    # full-text triggers: put them back (idempotent) and refill the indexes, so search keeps finding people.
    if schema_editor.connection.vendor != "sqlite":
        return
    search = importlib.import_module("coffeechat.models.migrations.0004_full_text_search")
    for statement in search.sqlite_triggers() + search.sqlite_rebuild():
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('coffeechat', '0009_indexes_for_next'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='mail_bodies',
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.AddField(
            model_name='person',
            name='mail_sync',
            field=models.BooleanField(db_default=True, default=True),
        ),
        migrations.AddField(
            model_name='touch',
            name='source',
            field=models.CharField(blank=True, db_default='', default='', max_length=20),
        ),
        migrations.CreateModel(
            name='CalendarSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(default='calendar', max_length=80)),
                ('kind', models.CharField(choices=[('ics_url', 'iCalendar URL'), ('ics_file', 'iCalendar file'), ('caldav', 'CalDAV collection')], max_length=10)),
                ('location', models.CharField(help_text='The URL or the file path', max_length=1000)),
                ('username', models.CharField(blank=True, max_length=254)),
                ('secret', models.TextField(blank=True)),
                ('last_synced_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='CalendarEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('uid', models.CharField(max_length=500)),
                ('recurrence_id', models.CharField(blank=True, max_length=40)),
                ('start', models.DateTimeField()),
                ('end', models.DateTimeField()),
                ('all_day', models.BooleanField(default=False)),
                ('busy', models.BooleanField(default=True, help_text='False for a free (TRANSP:TRANSPARENT) or cancelled event')),
                ('summary', models.CharField(blank=True, max_length=300)),
                ('sequence', models.PositiveIntegerField(default=0)),
                ('attendees', models.TextField(blank=True, help_text="The attendees' addresses, lower case, one per line")),
                ('conversation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coffeechat.conversation')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='coffeechat.calendarsource')),
            ],
            options={
                'ordering': ['start', 'id'],
            },
        ),
        migrations.CreateModel(
            name='MailAccount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(default='mail', max_length=80)),
                ('kind', models.CharField(choices=[('imap', 'IMAP account'), ('maildir', 'Maildir folder'), ('mbox', 'mbox files')], max_length=10)),
                ('host', models.CharField(blank=True, max_length=255)),
                ('security', models.CharField(choices=[('ssl', 'TLS from the start (port 993)'), ('starttls', 'STARTTLS (port 143)'), ('none', 'None (only to this machine, 127.0.0.1)')], default='ssl', max_length=10)),
                ('port', models.PositiveIntegerField(blank=True, null=True)),
                ('username', models.CharField(blank=True, max_length=254)),
                ('secret', models.TextField(blank=True)),
                ('inbox', models.CharField(blank=True, max_length=500)),
                ('sent', models.CharField(blank=True, max_length=500)),
                ('last_synced_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='MailSeen',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('mail_id', models.CharField(max_length=500)),
                ('thread_root', models.CharField(blank=True, help_text='The Message-ID the thread began with', max_length=500)),
                ('direction', models.CharField(choices=[('sent', 'Sent by you'), ('received', 'Received')], max_length=10)),
                ('recorded', models.CharField(choices=[('request', 'Request sent'), ('reply', 'Reply'), ('follow_up', 'Follow-up sent'), ('thank_you', 'Thank-you sent'), ('other', 'Other message')], default='other', max_length=20)),
                ('at', models.DateTimeField()),
                ('subject', models.CharField(blank=True, max_length=300)),
                ('body', models.TextField(blank=True, help_text="Kept only when the person's mail_bodies is on")),
                ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='seen', to='coffeechat.mailaccount')),
                ('conversation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coffeechat.conversation')),
                ('message', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coffeechat.message')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='mail_seen', to='coffeechat.person')),
                ('touch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coffeechat.touch')),
            ],
            options={
                'ordering': ['-at', '-id'],
            },
        ),
        migrations.AddConstraint(
            model_name='calendarsource',
            constraint=models.UniqueConstraint(fields=('owner', 'name'), name='calendar_source_unique_name'),
        ),
        migrations.AddIndex(
            model_name='calendarevent',
            index=models.Index(fields=['owner', 'start'], name='coffeechat__owner_i_a75829_idx'),
        ),
        migrations.AddConstraint(
            model_name='calendarevent',
            constraint=models.UniqueConstraint(fields=('owner', 'source', 'uid', 'recurrence_id'), name='calendar_event_unique_occurrence'),
        ),
        migrations.AddConstraint(
            model_name='mailaccount',
            constraint=models.UniqueConstraint(fields=('owner', 'name'), name='mail_account_unique_name'),
        ),
        migrations.AddIndex(
            model_name='mailseen',
            index=models.Index(fields=['owner', 'thread_root'], name='coffeechat__owner_i_b6e9a4_idx'),
        ),
        migrations.AddIndex(
            model_name='mailseen',
            index=models.Index(fields=['owner', 'person', 'at'], name='coffeechat__owner_i_673ede_idx'),
        ),
        migrations.AddConstraint(
            model_name='mailseen',
            constraint=models.UniqueConstraint(fields=('owner', 'mail_id'), name='mail_seen_unique_message'),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop, elidable=False),
    ]
