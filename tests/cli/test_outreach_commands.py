"""`coffeechat outreach check` and `outreach draft`, as a user types them."""

from __future__ import annotations

import json

from acceptance_drafts import LONG_DRAFT, REWRITE
from coffeechat.models import Message
from coffeechat.services.preferences import set_setting

CONTEXT = ("--connection", "Northwestern", "--narrow", "data journalism", "--broad", "local news")


def test_the_96_word_draft_fails_exactly_four_rules_and_the_rewrite_passes(cli) -> None:
    long = cli("outreach", "check", "-", "--mode", "6point", *CONTEXT, "--json", input=LONG_DRAFT, expect_exit=1)
    assert long.exit_code == 1
    data = json.loads(long.output)
    assert data["words"] == 96 and data["passed"] is False
    failed = {r["rule"] for r in data["rules"] if not r["passed"]}
    assert failed == {"length", "insight_not_jobs", "connection_first", "question"}
    short = cli("outreach", "check", "-", *CONTEXT, input=REWRITE)
    assert short.exit_code == 0, short.output
    assert short.output.count("PASS") == 7 and "FAIL" not in short.output
    assert "68 words" in short.output and "Every rule passes." in short.output


def test_text_output_names_each_failure_with_its_reason(cli, tmp_path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(LONG_DRAFT, encoding="utf-8")
    result = cli("outreach", "check", str(draft), *CONTEXT, expect_exit=1)
    assert result.exit_code == 1
    assert "FAIL  Under 75 words: 96 words" in result.output
    assert 'Mentions jobs ("applying", "job")' in result.output
    assert "4 of 7 rules fail." in result.output


def test_five_point_mode_and_a_missing_file(cli) -> None:
    result = cli("outreach", "check", "-", "--mode", "5point", *CONTEXT, "--json", input=REWRITE)
    data = json.loads(result.output)
    assert data["mode"] == "5point" and data["rules"][0]["rule"] == "length"
    assert "Under 100 words" in data["rules"][0]["label"]
    missing = cli("outreach", "check", "/nonexistent/draft.txt", expect_exit=1)
    assert missing.exit_code == 1 and "cannot" in missing.output and "draft.txt" in missing.output


def test_check_to_a_person_counts_their_name_as_about_them(cli) -> None:
    cli("add", "Dana Reyes", "--org", "The Tribune")
    result = cli("outreach", "check", "-", "--to", "dana", *CONTEXT, "--json", input=REWRITE)
    assert json.loads(result.output)["passed"] is True


def test_draft_prints_a_filled_template_and_its_check(cli, owner) -> None:
    set_setting(owner, "your_name", "Sam Rivera")
    set_setting(owner, "your_school", "Northwestern")
    cli("add", "Dana Reyes", "--org", "The Tribune", "--email", "dana@tribune.example", "--how", "alumni")
    out = cli("outreach", "draft", "dana")
    assert out.exit_code == 0, out.output
    assert "To: Dana Reyes <dana@tribune.example>" in out.output
    assert "Subject: A fellow Northwestern alum asking for your advice" in out.output
    assert "As a fellow Northwestern alum" in out.output and "Every rule passes." in out.output
    data = json.loads(cli("outreach", "draft", "dana", "--template", "cold", "--json").output)
    assert data["template"] == "cold" and data["body"].startswith("Hi Dana,")
    assert data["passed"] is True and not Message.objects.exists()  # a draft is not a sent message


def test_draft_explains_what_is_missing(cli) -> None:
    cli("add", "Lee Cho", "--org", "Acme", "--how", "alumni")
    result = cli("outreach", "draft", "lee", "--template", "alumni", expect_exit=1)
    assert result.exit_code == 1 and "your_school" in result.output


def test_a_template_the_record_contradicts_is_refused_with_the_reason(fresh_data_env) -> None:
    from conftest import run_coffeechat

    run_coffeechat(fresh_data_env, "settings", "set", "your_school", "Northwestern")
    run_coffeechat(fresh_data_env, "add", "Lee Cho", "--org", "Acme", "--how", "cold")
    alumni = run_coffeechat(fresh_data_env, "outreach", "draft", "lee", "--template", "alumni")
    assert alumni.returncode == 1
    assert "Lee Cho is not recorded as an alum of your school (how known: cold)" in alumni.stderr
    assert "Traceback" not in alumni.stderr and "fellow" not in alumni.stdout
    referral = run_coffeechat(fresh_data_env, "outreach", "draft", "lee", "--template", "referral")
    assert referral.returncode == 1 and "nobody is recorded as having referred you to Lee Cho" in referral.stderr
    # Without a template the draft follows the record: cold, and never "fellow alum".
    cold = run_coffeechat(fresh_data_env, "outreach", "draft", "lee")
    assert cold.returncode == 0, cold.stderr
    assert "cold template" in cold.stdout and "alum" not in cold.stdout
