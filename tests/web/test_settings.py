"""The settings page: labelled fields in groups, choices for choices, errors next to the field, and the
rules between settings (the same check as `settings set`)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from coffeechat.models import UserSetting
from coffeechat.services.preferences import all_settings, set_setting


@pytest.fixture
def client_for(owner, owner_client) -> Client:
    client = owner_client
    set_setting(owner, "timezone", "America/Chicago")
    return client


def stored(owner) -> dict[str, str]:
    return dict(UserSetting.objects.owned_by(owner).values_list("key", "value"))


def test_the_page_shows_labels_groups_and_choices(client_for) -> None:
    page = client_for.get("/settings/").content.decode()
    assert '<label for="s-your_name">Your name</label>' in page
    assert '<label for="s-next_contact_business_days">Days before a second contact</label>' in page
    for group in ("You", "The follow-up clock", "Conversations", "Sending email"):
        assert f"<legend>{group}</legend>" in page
    assert re.search(r'<select[^>]*name="country"[^>]*>.*<option value="US">United States \(US\)</option>', page, re.S)
    assert re.search(r'<select[^>]*name="smtp_security"[^>]*>.*<option value="starttls" selected>', page, re.S)
    assert re.search(r'<select[^>]*name="message_mode"[^>]*>.*<option value="6point" selected>', page, re.S)
    assert 'list="zone-names"' in page and '<option value="Asia/Tokyo">' in page
    assert 'value="America/Chicago"' in page
    assert re.search(r'<input type="number" name="follow_up_business_days" value="7"[^>]*min="2"[^>]*max="60"', page)


def test_second_contact_on_or_after_the_follow_up_is_refused_next_to_the_field(client_for, owner) -> None:
    response = client_for.post("/settings/", {"next_contact_business_days": "8", "follow_up_business_days": "7",
                                              "your_name": "Alex"})
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'id="s-next_contact_business_days".*?<p class="error" role="alert" '
                     r'id="e-next_contact_business_days">the second contact \(8 business days\) must come before '
                     r"the follow-up \(7 business days\)</p>", page, re.S)
    assert 'value="8"' in page  # what was typed stays in the box to correct
    assert stored(owner) == {"timezone": "America/Chicago"}  # all or nothing: not even the name


def test_a_bad_zone_is_refused_and_the_good_values_beside_it_are_not_saved(client_for, owner) -> None:
    response = client_for.post("/settings/", {"timezone": "Mars/Olympus", "country": "GB"})
    assert response.status_code == 400
    assert "unknown time zone &#x27;Mars/Olympus&#x27;" in response.content.decode()
    assert all_settings(owner)["country"] == ""


def test_a_good_save_stores_the_canonical_values(client_for, owner) -> None:
    response = client_for.post("/settings/", {"timezone": "europe/london", "country": "gb",
                                              "next_contact_business_days": "2", "follow_up_business_days": "5",
                                              "smtp_security": "ssl"}, follow=True)
    assert b"Settings saved." in response.content
    assert stored(owner) == {"timezone": "Europe/London", "country": "GB", "next_contact_business_days": "2",
                             "follow_up_business_days": "5", "smtp_security": "ssl"}


def test_submitting_the_page_unchanged_changes_nothing(client_for, owner) -> None:
    page = client_for.get("/settings/")
    values = {key: value for key, value in all_settings(owner).items() if key != "smtp_password"}
    assert page.status_code == 200
    response = client_for.post("/settings/", {**values, "smtp_password": ""}, follow=True)
    assert b"Nothing changed." in response.content
    assert stored(owner) == {"timezone": "America/Chicago"}


def test_an_old_stored_value_outside_the_choices_stays_visible(client_for, owner) -> None:
    UserSetting.objects.update_or_create(owner=owner, key="smtp_security", defaults={"value": "tls"})
    page = client_for.get("/settings/").content.decode()
    assert '<option value="tls" selected>tls (not a known choice)</option>' in page


def test_a_hostile_stored_value_is_shown_escaped(client_for, owner) -> None:
    UserSetting.objects.update_or_create(owner=owner, key="country", defaults={"value": '"><script>alert(1)</script>'})
    page = client_for.get("/settings/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; (not a known choice)" in page
