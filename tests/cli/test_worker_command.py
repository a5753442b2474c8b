"""`coffeechat worker` as a separate process: --status on a database that predates the queue's table,
--once in local mode (nothing waits), and its refusals."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import run_coffeechat

FORGET_THE_QUEUE = r"""
from coffeechat.bootstrap import start
start()
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django_tasks_db.models import DBTaskResult
with connection.schema_editor() as editor:
    editor.delete_model(DBTaskResult)
MigrationRecorder(connection).migration_qs.filter(app=DBTaskResult._meta.app_label).delete()
"""


def test_the_worker_makes_the_queue_table_of_an_older_database_then_reports(fresh_data_env) -> None:
    assert run_coffeechat(fresh_data_env, "init").returncode == 0
    forgot = subprocess.run([sys.executable, "-c", FORGET_THE_QUEUE], env=fresh_data_env, capture_output=True,
                            text=True, timeout=120)
    assert forgot.returncode == 0, forgot.stderr
    status = run_coffeechat(fresh_data_env, "worker", "--status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout) == {"waiting": 0, "retrying": 0, "running": 0, "sent": 0,
                                         "failed_attempts": 0, "given_up": [], "in_doubt": []}
    text = run_coffeechat(fresh_data_env, "worker", "--status")
    assert text.stdout.startswith("Waiting: 0; waiting to try again: 0; being sent: 0; sent: 0.")


def test_in_local_mode_the_worker_says_mail_goes_at_once(fresh_data_env) -> None:
    done = run_coffeechat(fresh_data_env, "worker", "--once")
    assert done.returncode == 0 and "sends mail at once" in done.stderr
    refused = run_coffeechat(fresh_data_env, "worker", "--json")
    assert refused.returncode == 2 and "--json goes with --status" in refused.stderr
