"""Small elections worked out by hand."""

from fractions import Fraction

import pytest

from medborgarbudget.tally.rules import run
from medborgarbudget.tally.tiebreak import CostVotesLot

from .helpers import election

# (name, budget, costs, ballots, rule options, selected in order)
GREEDY_CASES = [
    ("most votes first, skip what does not fit", 90, {"A": 60, "B": 30, "C": 40},
     ["AB", "AC", "AC"], {}, ["A", "B"]),
    ("tie: lower cost wins", 60, {"A": 50, "B": 40}, ["A", "B", "AB"], {}, ["B"]),
    ("tie in pabutools mode: smaller id wins", 60, {"A": 50, "B": 40}, ["A", "B", "AB"],
     {"tie_break": "pabutools"}, ["A"]),
    ("a project costing exactly the budget", 100, {"A": 100, "B": 1}, ["A", "A", "B"], {},
     ["A"]),
    ("a project over the budget is never funded", 100, {"A": 101, "B": 50}, ["A", "A", "B"],
     {}, ["B"]),
    ("a zero-cost project with votes is funded", 10, {"A": 0, "B": 10, "C": 0},
     ["A", "B", "B"], {}, ["B", "A"]),
    ("no votes, no project, even if free", 10, {"A": 0}, ["", ""], {}, []),
    ("no-skip stops at the first that does not fit", 90, {"A": 60, "B": 40, "C": 30},
     ["ABC", "AB", "A"], {"no_skip": True}, ["A"]),
    ("threshold", 100, {"A": 10, "B": 10}, ["AB", "A", "A"], {"threshold": 2}, ["A"]),
    ("one voter", 50, {"A": 30, "B": 35, "C": 20}, ["ABC"], {}, ["C", "A"]),
]

MES_CASES = [
    # each of 3 voters has 30. A: all pay 20 (rho 1/3). Then C needs 40 from voters 2 and 3
    # who have 10 each, B needs 30 from voter 1 who has 10: neither is affordable.
    ("equal shares", 90, {"A": 60, "B": 30, "C": 40}, ["AB", "AC", "AC"], {}, ["A"]),
    # greedy would fund A (60) with 1 vote; MES gives the voter only 50
    ("empty ballots count as voters", 100, {"A": 60}, ["A", ""], {}, []),
    ("one voter buys what they can, cheapest first on ties", 50,
     {"A": 30, "B": 35, "C": 20}, ["ABC"], {}, ["C", "A"]),
    ("a project costing exactly the budget", 100, {"A": 100, "B": 10}, ["AB", "AB"], {},
     ["B"]),
    ("a project over the budget", 100, {"A": 101, "B": 10}, ["AB", "A"], {}, ["B"]),
    ("a zero-cost project goes first", 100, {"A": 0, "B": 50}, ["AB", "B"], {}, ["A", "B"]),
    ("add1 raises the shares while the outcome fits", 90, {"A": 60, "B": 30, "C": 40},
     ["AB", "AC", "AC"], {"completion": "add1"}, ["A"]),
    ("then greedy fills", 90, {"A": 60, "B": 30, "C": 40}, ["AB", "AC", "AC"],
     {"completion": "add1", "fill": True}, ["A", "B"]),
]


CASES = [("greedy", *c) for c in GREEDY_CASES] + [("mes", *c) for c in MES_CASES]


@pytest.mark.parametrize("rule, name, budget, costs, ballots, options, expected", CASES,
                         ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_worked_by_hand(rule, name, budget, costs, ballots, options, expected):
    outcome = run(election(budget, costs, ballots), rule, **options)
    assert outcome.selected == expected
    assert outcome.total_cost == sum(costs[p] for p in expected) <= budget


def test_mes_explains_each_step():
    outcome = run(election(90, {"A": 60, "B": 30, "C": 40}, ["AB", "AC", "AC"]), "mes")
    step = outcome.steps[0]
    assert step.project == "A" and step.rho == Fraction(1, 3) and step.price == 20
    assert step.effective_votes == 3 and step.votes == 3
    assert outcome.details["voter_budget"] == 30


def test_add1_per_voter_budget():
    # C becomes affordable when voters 2 and 3 keep 20 each after A: at 40 each, but then
    # A + C = 100 > 90, so add1 stops at 39 (floor start 30, pabutools start 30 too)
    e = election(90, {"A": 60, "B": 30, "C": 40}, ["AB", "AC", "AC"])
    for start in ("floor", "exact"):
        outcome = run(e, "mes", completion="add1-noexh", start=start)
        assert outcome.selected == ["A"] and outcome.details["voter_budget"] == 39
    # with 100: A + C fits from 40 each; B too from 50 (voter 1 keeps 30 after A), which
    # would cost 130; so add1 ends at 49 (floor start 33) or 100/3 + 16 (exact start)
    e = election(100, {"A": 60, "B": 30, "C": 40}, ["AB", "AC", "AC"])
    floor = run(e, "mes", completion="add1-noexh", start="floor")
    exact = run(e, "mes", completion="add1-noexh", start="exact")
    assert floor.selected == exact.selected == ["A", "C"]
    assert floor.details["voter_budget"] == 49
    assert exact.details["voter_budget"] == Fraction(100, 3) + 16


def test_ties_are_recorded_and_explained():
    outcome = run(election(60, {"A": 50, "B": 40}, ["A", "B", "AB"]), "greedy")
    assert [(t.projects, t.winner, t.broken_by) for t in outcome.ties] == [
        (["B", "A"], "B", "lower cost")]
    outcome = run(election(100, {"A": 40, "B": 40}, ["A", "B", "AB"]), "mes", seed="s1")
    (tie,) = outcome.ties
    assert tie.broken_by == "lot" and set(tie.projects) == {"A", "B"}


def test_the_lot_follows_the_published_seed():
    e = election(40, {"A": 40, "B": 40}, ["A", "B"])
    winners = {run(e, "greedy", seed=f"seed {i}").selected[0] for i in range(20)}
    assert winners == {"A", "B"}  # the seed decides, not the order of the projects
    lot = CostVotesLot(e, {"A": 1, "B": 1}, "seed 1")
    assert run(e, "greedy", seed="seed 1").selected == [min("AB", key=lot.lot)]
    assert run(e, "greedy", seed="seed 1").selected == run(e, "greedy", seed="seed 1").selected


def test_comparison_keeps_mes_unless_more_prefer_greedy():
    # MES: A (everyone pays 20), then nothing; greedy: A and B. Voter 1 prefers greedy,
    # voters 2 and 3 are indifferent: more prefer greedy (1 > 0), so greedy is kept.
    e = election(90, {"A": 60, "B": 30, "C": 40}, ["AB", "AC", "AC"])
    outcome = run(e, "mes", comparison=True)
    assert outcome.details["kept"] == "greedy" and outcome.selected == ["A", "B"]
    assert (outcome.details["prefers_greedy"], outcome.details["prefers_mes"]) == (1, 0)


def test_points():
    from medborgarbudget.tally.types import Election, Project

    e = Election(Fraction(100), {p: Project(p, Fraction(50)) for p in "ABC"},
                 [("A", "B", "C"), ("B", "C", "A"), ("C", "B", "A")], vote_type="ordinal")
    # 3-2-1 by rank: A 3+1+1=5, B 2+3+2=7, C 1+2+3=6
    assert run(e, "greedy", points=[3, 2, 1]).selected == ["B", "C"]
    e.vote_type, e.points = "cumulative", [(Fraction(1), 0, 0), (0, 0, 1), (0, 0, 1)]
    assert run(e, "greedy", use_points=True).selected[0] == "A"


def test_jumping_equals_stepping_by_one_unit():
    """add1 jumps to the next per-voter budget at which the outcome could change; on random
    small elections that gives exactly what stepping one unit at a time gives."""
    import random

    from medborgarbudget.tally.add1 import mes_add1
    from medborgarbudget.tally.mes import Profile
    from medborgarbudget.tally.tiebreak import Lexicographic

    rnd = random.Random(7)
    for _ in range(150):
        ids = "ABCDEFG"[:rnd.randint(2, 7)]
        costs = {p: rnd.randint(1, 60) for p in ids}
        ballots = ["".join(p for p in ids if rnd.random() < 0.4) for _ in range(rnd.randint(1, 9))]
        profile = Profile(election(rnd.randint(30, 200), costs, ballots))
        for start in ("exact", "floor"):
            for stop in (True, False):
                jumped = mes_add1(profile, Lexicographic(), start, stop, jump=True)
                stepped = mes_add1(profile, Lexicographic(), start, stop, jump=False)
                assert jumped.selected == stepped.selected
                assert jumped.details["voter_budget"] == stepped.details["voter_budget"]
                assert jumped.details["mes_runs"] <= stepped.details["mes_runs"]
                # workers walking stretches from anywhere, each up to the next (here: in
                # this process)
                units = int(stepped.details["voter_budget"] - Fraction(profile.election.budget,
                                                                      profile.num_voters))
                split = [stepped.details["voter_budget"] - rnd.randint(-3, units + 1)
                         for _ in range(rnd.randint(1, 3))]
                halves = mes_add1(profile, Lexicographic(), start, stop,
                                  jump=rnd.random() < 0.8, split=split)
                assert halves.selected == stepped.selected
                assert halves.details["voter_budget"] == stepped.details["voter_budget"]

