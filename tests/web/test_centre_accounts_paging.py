"""The admins' accounts page in pages (issue 15 §10): a centre has a thousand accounts, so the page shows a
hundred at a time (``?page=``) and the cohort filter is kept from page to page."""

from __future__ import annotations

import re
from typing import Any

from centre_fixtures import make_account


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr id="account-(\d+)">', page)


def test_the_accounts_page_is_paged_and_keeps_the_cohort(centre: Any, client_for: Any) -> None:
    admin = make_account("boss@uni.example", "admin", name="Rita Boss")
    big = [make_account(f"s{n:03d}@uni.example", "student", cohort="BA 2026", password=None) for n in range(105)]
    small = [make_account(f"m{n}@uni.example", "student", cohort="MA 2027", password=None) for n in range(3)]
    client = client_for(admin)

    everyone = client.get("/centre/accounts/").content.decode()
    assert len(_rows(everyone)) == 100 and "Page 1 of 2 (109 accounts)" in everyone

    first = client.get("/centre/accounts/?cohort=BA+2026").content.decode()
    assert len(_rows(first)) == 100 and "Page 1 of 2 (105 accounts)" in first
    assert 'href="?cohort=BA%202026&amp;page=2"' in first
    second = client.get("/centre/accounts/?cohort=BA+2026&page=2").content.decode()
    assert len(_rows(second)) == 5 and 'href="?cohort=BA%202026&amp;page=1"' in second
    assert sorted(map(int, _rows(first) + _rows(second))) == sorted(u.pk for u in big)

    only = client.get("/centre/accounts/?cohort=MA+2027").content.decode()
    assert sorted(map(int, _rows(only))) == sorted(u.pk for u in small) and "Page 1 of" not in only
    # A page past the end or not a number shows the nearest page, never an error.
    assert len(_rows(client.get("/centre/accounts/?cohort=BA+2026&page=9").content.decode())) == 5
    assert len(_rows(client.get("/centre/accounts/?page=x").content.decode())) == 100
