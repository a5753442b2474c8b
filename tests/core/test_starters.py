from coffeechat.core.practice import PersonFact
from coffeechat.core.starters import job_words, rank_starters, seniority


def person(
    id: int,
    name: str,
    title: str = "",
    *,
    how_known: str = "cold",
    shared_group: bool = False,
    promoted: bool = False,
) -> PersonFact:
    return PersonFact(
        id=id,
        name=name,
        organization_id=1,
        organization_name="Brookings",
        title=title,
        how_known=how_known,
        stage="new",
        cadence_days=None,
        shared_group=shared_group,
        promoted_at_org=promoted,
    )


def order(candidates: list[PersonFact], target: str) -> list[int]:
    return [s.person_id for s in rank_starters(candidates, target)]


def test_someone_doing_the_wanted_job_comes_before_an_alumnus() -> None:
    analyst = person(1, "Zoe", "Policy Analyst")
    alumna = person(2, "Amy", "Communications Director", how_known="alumni")
    assert order([alumna, analyst], "policy analyst") == [1, 2]


def test_more_shared_job_words_rank_higher() -> None:
    close = person(1, "Zed", "Senior Data Analyst")
    partial = person(2, "Ann", "Data Engineer")
    assert order([partial, close], "Data Analyst") == [1, 2]


def test_job_words_ignore_case_stop_words_levels_and_plurals() -> None:
    assert job_words("Head of Communications at the Institute") == {"communication", "institute"}
    # Sharing only "of" or a level word is not doing the same job.
    for title in ("Professor of History", "Senior Editor"):
        assert rank_starters([person(1, "Bo", title)], "senior reporter of")[0].score[0] == 0
    assert rank_starters([person(1, "Bo", "Professor of History")], "Head of Policy")[0].score[0] == 0
    assert rank_starters([person(1, "Bo", "Reporters Desk")], "REPORTER")[0].score[0] == 1


def test_alumni_and_shared_groups_rank_equally_above_strangers() -> None:
    stranger = person(1, "Aaron", "Fundraiser")
    alumnus = person(2, "Ben", "Fundraiser", how_known="alumni")
    member = person(3, "Cara", "Fundraiser", shared_group=True)
    assert order([stranger, member, alumnus], "policy analyst") == [2, 3, 1]


def test_one_or_two_levels_above_an_entry_target_rank_best() -> None:
    people = [
        person(1, "Ann", "Junior Economist"),
        person(2, "Bea", "Director of Research"),
        person(3, "Cy", "Research Manager"),
        person(4, "Di", "Senior Fellow"),
        person(5, "Ed", "Intern"),
        person(6, "Flo", "Economist"),
    ]
    # Manager and senior are 2 and 1 rungs above entry; director is 3 above: still ahead of level or lower.
    assert order(people, "policy analyst") == [3, 4, 2, 1, 5, 6]


def test_the_target_level_is_read_from_the_target_role() -> None:
    people = [person(1, "Ann", "Senior Economist"), person(2, "Bea", "Director"), person(3, "Cy", "Manager")]
    assert order(people, "senior analyst") == [2, 3, 1]


def test_promotion_breaks_the_last_tie() -> None:
    assert order(
        [person(1, "Ann", "Economist"), person(2, "Bea", "Economist", promoted=True)], "analyst"
    ) == [2, 1]


def test_earlier_criteria_always_outweigh_later_ones() -> None:
    promoted_senior_alumnus = person(1, "Ann", "Senior Economist", how_known="alumni", promoted=True)
    plain_analyst = person(2, "Bea", "Analyst")
    assert order([promoted_senior_alumnus, plain_analyst], "analyst") == [2, 1]


def test_ties_are_ordered_by_name_then_id() -> None:
    people = [person(3, "bob", "Economist"), person(2, "Bob", "Economist"), person(1, "Alice", "Economist")]
    assert order(people, "analyst") == [1, 2, 3]


def test_each_suggestion_says_why() -> None:
    ranked = rank_starters(
        [
            person(1, "Ann", "Senior Policy Analyst", how_known="alumni", promoted=True),
            person(2, "Bea", "Fundraiser"),
            person(3, "Cy", "Fundraiser", shared_group=True),
        ],
        "policy analyst",
    )
    reasons = {s.person_id: s.rank_reason for s in ranked}
    assert "does the work you want (analyst, policy)" in reasons[1]
    assert "alumnus" in reasons[1]
    assert "one or two levels above your target (senior)" in reasons[1]
    assert "already promoted at Brookings" in reasons[1]
    assert "cold start" in reasons[2]
    assert "shares a group" in reasons[3]
    assert ranked[0].score == (2, 1, 2, 1)


def test_limit_keeps_the_first_few() -> None:
    people = [person(i, f"P{i}", "Economist") for i in range(5)]
    assert len(rank_starters(people, "analyst", limit=2)) == 2
    assert rank_starters([], "analyst") == []


def test_an_empty_target_role_still_ranks_by_the_other_criteria() -> None:
    assert order([person(1, "Ann", "Analyst"), person(2, "Bea", "Analyst", how_known="alumni")], "") == [2, 1]


def test_seniority_ladder() -> None:
    assert seniority("Vice President, Policy") == 5
    assert seniority("Assistant Director") == 4
    assert seniority("Managing Editor") == 3
    assert seniority("Sr. Producer") == 2
    assert seniority("Editorial Intern") == 0
    assert seniority("Staff Writer") is None
    assert seniority("Reporter") is None
