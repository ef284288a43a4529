"""The one ballot check: hand-worked cases for both ballot rules."""

import pytest

from medborgarbudget.tally.validate import BallotRule, check_ballot

COSTS = {"a": 400, "b": 300, "c": 300, "d": 0}
KNAPSACK = BallotRule("knapsack", budget=1000)


def codes(choices, rule):
    return [p.code for p in check_ballot(choices, COSTS, rule)]


@pytest.mark.parametrize("choices, rule, expected", [
    (["a", "b", "c"], KNAPSACK, []),                                    # exactly the budget
    (["a", "b", "c", "d"], KNAPSACK, []),                               # a free project fits
    (["a", "b", "c", "a"], KNAPSACK, ["duplicate"]),
    (["x"], KNAPSACK, ["unknown_project"]),
    ([], KNAPSACK, ["too_few"]),
    (["a"], BallotRule("knapsack", budget=1000, min_projects=2), ["too_few"]),
    (["a", "b", "c"], BallotRule("knapsack", budget=1000, max_projects=2), ["too_many"]),
    (["a", "b"], BallotRule("knapsack", budget=600), ["over_budget"]),
    (["a", "b", "c"], BallotRule("approval", budget=0, k=3), []),       # no budget check
    (["a", "b", "c"], BallotRule("approval", budget=0, k=2), ["too_many"]),
    ([], BallotRule("approval", budget=0, k=2), ["too_few"]),
])
def test_check_ballot(choices, rule, expected):
    assert codes(choices, rule) == expected


def test_over_budget_says_by_how_much():
    (problem,) = check_ballot(["a", "b"], COSTS, BallotRule("knapsack", budget=600))
    assert problem.detail == {"total": 700, "budget": 600, "over": 100}


def test_rules_are_checked_when_made():
    with pytest.raises(ValueError):
        BallotRule("ranked", budget=1)
    with pytest.raises(ValueError):
        BallotRule("approval", budget=1, k=0)
