"""The referral network from the database: Referral rows and "referred by", and warm paths."""

from __future__ import annotations

from coffeechat.models import Organization, Touch
from coffeechat.services.logbook import log_referral
from coffeechat.services.network import introductions, referral_network, warm_paths_to
from coffeechat.services.people import NewPerson, add_person


def test_referrals_and_referred_by_make_one_picture(owner, outsider) -> None:
    a = add_person(owner, NewPerson("Ana Diaz", organization="The Tribune"))
    b = add_person(owner, NewPerson("Bo Lin"))
    c = add_person(owner, NewPerson("Cy Park"))
    log_referral(owner, a, b)
    c.referred_by = b
    c.save()
    assert {(i.from_person_id, i.to_person_id) for i in introductions(owner)} == {(a.pk, b.pk), (b.pk, c.pk)}
    network = referral_network(owner)
    depth = {p.person_id: p.depth for p in network.layout.people}
    assert depth == {a.pk: 1, b.pk: 2, c.pk: 3}
    assert network.people[b.pk].stage_label == "New"
    assert referral_network(outsider).layout.people == ()


def test_warm_paths_from_current_and_former_jobs(owner) -> None:
    tribune = Organization.objects.create(owner=owner, name="The Tribune")
    now_there = add_person(owner, NewPerson("Ana Diaz", organization="The Tribune"))
    former = add_person(owner, NewPerson("Bo Lin", organization="Metro Radio"))
    Touch.objects.create(owner=owner, person=former, kind="moved_job", at=former.created_at,
                         summary="Changed job: was Reporter at The Tribune, now Editor at Metro Radio (from a.csv)")
    introduced = add_person(owner, NewPerson("Cy Park"))
    log_referral(owner, former, introduced)
    add_person(owner, NewPerson("Di Ray", organization="Elsewhere"))
    found = {person.full_name: path.reasons for person, path in warm_paths_to(owner, tribune)}
    assert found == {
        "Ana Diaz": ("works at The Tribune now",),
        "Bo Lin": ("used to work at The Tribune",),
        "Cy Park": ("was introduced to you by Bo Lin, who used to work there",),
    }
    assert now_there.organization == tribune
