"""`coffeechat import` as a user runs it, including being killed half-way."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import run_coffeechat

MERGE = Path(__file__).resolve().parents[1] / "fixtures" / "merge"
LINKEDIN = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin"


def test_import_guesses_and_names_the_format(cli) -> None:
    result = cli("import", str(MERGE / "linkedin_before.csv"))
    assert result.exit_code == 0, result.output
    assert "Format: LinkedIn" in result.output
    assert "3 new, 0 updated, 0 unchanged, 0 skipped" in result.output


def test_import_json_report(cli) -> None:
    result = cli("import", "linkedin", str(LINKEDIN / "Connections_bad_rows.csv"), "--json")
    report = json.loads(result.output)
    assert set(report) >= {"format", "created", "updated", "unchanged", "skipped", "errors"}
    assert report["format"] == "linkedin" and report["skipped"] == len(report["errors"]) > 0
    assert all(set(e) >= {"line", "field", "reason"} for e in report["errors"])


def test_dry_run_says_nothing_changed(cli) -> None:
    result = cli("import", str(MERGE / "linkedin_before.csv"), "--dry-run")
    assert "Would import" in result.output and "Nothing was changed" in result.output
    assert json.loads(cli("people", "--json").output)["count"] == 0


def test_wrong_file_is_refused_clearly(cli) -> None:
    result = cli("import", str(LINKEDIN / "expenses.csv"), expect_exit=1)
    assert result.exit_code == 1
    assert "expenses.csv" in result.output and "not a contacts export" in result.output
    assert cli("import", "spreadsheet", "x.csv", expect_exit=2).exit_code == 2


FIRST = ("Ada", "Bo", "Cai", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Max", "Noa",
         "Oli", "Pia", "Quin", "Ravi", "Sol", "Tea", "Uma", "Vic", "Wen", "Xia", "Yan", "Zoe")
LAST = ("Abe", "Berg", "Cruz", "Diaz", "Eng", "Fox", "Gale", "Holm", "Ito", "Jung", "Kerr", "Lund", "Moss",
        "Nash", "Orr", "Park", "Quade", "Ruiz", "Sato", "Toth", "Ueda", "Voss", "Wolf", "Xu", "Yoon", "Zand")


def write_big_linkedin(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("Notes:\n\"A large file for the interruption test.\"\n\n")
        handle.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        for i in range(rows):
            first, last = FIRST[i % 26], LAST[(i // 26) % 26]
            handle.write(f"{first},{last}-{i},https://www.linkedin.com/in/p{i},,Company {i % 900},Analyst,07 Dec 2025\n")


def test_a_killed_import_leaves_the_data_as_it_was(tmp_path: Path, fresh_data_env: dict[str, str]) -> None:
    assert run_coffeechat(fresh_data_env, "add", "Dana Reyes").returncode == 0
    big = tmp_path / "Connections.csv"
    write_big_linkedin(big, 30_000)
    process = subprocess.Popen([sys.executable, "-m", "coffeechat", "import", "linkedin", str(big)],
                               env=fresh_data_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(2.0)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be interrupted"
    listed = run_coffeechat(fresh_data_env, "people", "--json", "--limit", "5")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["count"] == 1  # only Dana: nothing of the interrupted import
    finished = run_coffeechat(fresh_data_env, "import", "linkedin", str(big), "--json", timeout=600)
    assert json.loads(finished.stdout)["created"] == 30_000
