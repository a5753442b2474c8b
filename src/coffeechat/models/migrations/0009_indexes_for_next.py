"""Indexes that let `coffeechat next` read only the people and timeline entries it can speak of.

Mentors and people with a cadence (Person: owner+stage, owner+cadence_days) and the scheduling entries
of the timeline (Touch: owner+kind+at) become index searches instead of scans of the whole network.
AddIndex is a plain CREATE INDEX on SQLite (no table rebuild), so the full-text triggers of 0004 stay.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coffeechat', '0008_folded_name_goal_interests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['owner', 'stage'], name='coffeechat__owner_i_2d9e02_idx'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['owner', 'cadence_days'], name='coffeechat__owner_i_531cdb_idx'),
        ),
        migrations.AddIndex(
            model_name='touch',
            index=models.Index(fields=['owner', 'kind', 'at'], name='coffeechat__owner_i_abb770_idx'),
        ),
    ]
