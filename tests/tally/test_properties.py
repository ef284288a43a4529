"""Properties that must hold for every election, checked on many random ones."""

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medborgarbudget.tally import fastmes
from medborgarbudget.tally.fastmes import FixedPoint
from medborgarbudget.tally.intervals import Shown, certify, discover
from medborgarbudget.tally.mes import Profile, mes
from medborgarbudget.tally.rules import run
from medborgarbudget.tally.tiebreak import Lexicographic
from medborgarbudget.tally.types import Election, Project

PROJECTS = "ABCDEF"


@st.composite
def elections(draw):
    k = draw(st.integers(1, len(PROJECTS)))
    ids = PROJECTS[:k]
    costs = {p: draw(st.integers(0, 100)) for p in ids}
    ballots = draw(st.lists(st.sets(st.sampled_from(ids)).map(lambda s: tuple(sorted(s))),
                            max_size=12))
    budget = draw(st.integers(1, 250))
    return Election(Fraction(budget), {p: Project(p, Fraction(c)) for p, c in costs.items()},
                    ballots)


RULES = [
    ("greedy", {}),
    ("greedy", {"no_skip": True}),
    ("greedy", {"threshold": 2}),
    ("mes", {}),
    ("mes", {"fill": True}),
    ("mes", {"completion": "add1"}),
    ("mes", {"completion": "add1-noexh", "start": "exact"}),
    ("mes", {"completion": "add1-noexh", "comparison": True}),
]


@settings(max_examples=150, deadline=None)
@given(elections())
def test_never_over_budget(e):
    for rule, options in RULES:
        outcome = run(e, rule, **options)
        assert outcome.total_cost <= e.budget, (rule, options)
        assert outcome.total_cost == sum(e.projects[p].cost for p in outcome.selected)
        assert len(set(outcome.selected)) == len(outcome.selected)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_greedy_leaves_no_affordable_supported_project_out(e):
    outcome = run(e, "greedy")
    left = e.budget - outcome.total_cost
    votes = e.supporters()
    for pid, project in e.projects.items():
        if pid not in outcome.selected and votes[pid] > 0:
            assert project.cost > left, pid


@settings(max_examples=100, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_the_order_of_voters_does_not_matter(e, rnd: random.Random):
    shuffled = Election(e.budget, e.projects, rnd.sample(e.ballots, len(e.ballots)))
    for rule, options in RULES:
        assert run(e, rule, **options).selected == run(shuffled, rule, **options).selected



def _random_election(rnd: random.Random, most_projects: int, most_voters: int,
                     dearest: int) -> Election:
    """Each voter approves each project with even odds; costs from 50 up."""
    ids = "ABCDEFG"[:rnd.randint(2, most_projects)]
    ballots = [tuple(p for p in ids if rnd.random() < 0.5)
               for _ in range(rnd.randint(1, most_voters))]
    return Election(Fraction(100), {p: Project(p, Fraction(rnd.randint(50, dearest)))
                                    for p in ids}, ballots)


@pytest.mark.parametrize("classes_until", [1e-9, fastmes.CLASSES_UNTIL, 10**9],
                         ids=["by-class", "switching", "by-group"])
def test_fixed_point_buys_what_exact_mes_buys(classes_until, monkeypatch):
    """add1 runs MES in fixed point (fastmes) and trusts its decisions where its error bounds
    prove them: those decisions must be exact MES's. Costs and budgets here leave many
    supporters too poor for an equal share, so that the price is often set by those who pay
    all they have (a few hundred times in this run). A run counts money by class of voters,
    then by ballot group: both ways, and the switch between them, are tried."""
    monkeypatch.setattr(fastmes, "CLASSES_UNTIL", classes_until)
    rnd = random.Random(1)
    decided = 0
    for _ in range(1000):
        profile = Profile(_random_election(rnd, most_projects=7, most_voters=40, dearest=1000))
        voter_budget = Fraction(rnd.randint(1, 300), rnd.randint(1, 3))
        found = FixedPoint(profile, Lexicographic()).decide(voter_budget)
        if found is not None:  # it may decline (a tie, an exact fit): exact MES decides then
            assert found[0] == mes(profile, Lexicographic(), voter_budget).selected
            decided += 1
    assert decided > 700  # it declines only rarely


def test_a_proved_range_holds_at_every_budget_in_it():
    """add1 skips the budgets inside a range that intervals.certify proves: MES must buy
    exactly what was proved at every budget in it (checked at every unit and between),
    whether it proves all it was asked, cuts the range short, or cannot start."""
    rnd = random.Random(7)
    whole = cut = refused = ends = 0
    for _ in range(600):
        profile = Profile(_random_election(rnd, most_projects=5, most_voters=60, dearest=2000))
        start, width = Fraction(rnd.randint(1, 200), rnd.randint(1, 2)), rnd.randint(1, 40)
        decisions = mes(profile, Lexicographic(), start).selected
        held, changed = certify(FixedPoint(profile, Lexicographic()), decisions, start, width)
        assert -1 <= held <= width
        if held < 0:
            refused += 1
            continue
        whole += held == width
        cut += held < width
        _holds_as_proved(profile, decisions, start, held, changed, width)
        ends += changed == held + 1  # MES buys something else from there: add1 runs there
    assert whole > 250 and cut > 100 and refused > 20  # every way is tried
    assert ends > 80  # and often the proof shows where the outcome ends


def test_a_proof_that_takes_what_the_one_before_showed_holds_too():
    """add1 proves an outcome a piece at a time, and a proof skips the conditions that the
    proof before (of the same outcome, over a range around its own) showed to hold over all
    of its range, and the steps after the last that has one that did not. What it proves
    must hold at every budget in it, as must where it says the outcome surely changes; and
    it proves no less, in all, than without what it was shown."""
    rnd = random.Random(11)
    proved = tail = 0
    with_shown = without = 0
    for _ in range(800):
        profile = Profile(_random_election(rnd, most_projects=5, most_voters=60, dearest=2000))
        start, width = Fraction(rnd.randint(1, 200), rnd.randint(1, 2)), rnd.randint(2, 40)
        decisions = mes(profile, Lexicographic(), start).selected
        fast = FixedPoint(profile, Lexicographic())
        shown = Shown()
        if certify(fast, decisions, start, width, shown)[0] < 0:
            continue
        # a piece within the range: where add1 asks for the next (just after what the
        # proof before proved), or anywhere
        skip = rnd.randint(0, width)
        begin, reach = start + skip, rnd.randint(0, width - skip)
        # the last steps, and the projects left out, held throughout: nothing to check there
        tail += all(step < len(decisions) - 1 for step, _pid in shown.short)
        held, changed = certify(fast, decisions, begin, reach, shown)
        with_shown += held + 1
        without += certify(fast, decisions, begin, reach)[0] + 1
        proved += held >= 0
        _holds_as_proved(profile, decisions, begin, held, changed, reach)
    assert proved > 300 and tail > 100  # each way is tried
    assert with_shown >= without


def test_a_proof_that_finds_what_it_proves_finds_what_mes_buys():
    """Where an outcome ends, add1 proves the next one without a run first: the proof finds
    at each step what MES buys at its first budget (intervals.discover). What it finds must
    be exact MES's there, and hold at every budget of the range it proves; where it says the
    outcome surely changes, it must. It must also start about as often as a proof of what a
    run found: else add1 runs anyway, and the proof was wasted."""
    rnd = random.Random(13)
    found = certified = cut = 0
    for _ in range(800):
        profile = Profile(_random_election(rnd, most_projects=6, most_voters=60, dearest=2000))
        start, width = Fraction(rnd.randint(1, 200), rnd.randint(1, 2)), rnd.randint(1, 40)
        fast = FixedPoint(profile, Lexicographic())
        made = mes(profile, Lexicographic(), start).selected
        certified += certify(fast, made, start, width)[0] >= 0
        shown = Shown()
        result = discover(fast, start, width, shown)
        if result is None:
            continue
        decisions, held, changed = result
        found += 1
        cut += held < width
        assert decisions == made
        assert 0 <= held <= width
        _holds_as_proved(profile, decisions, start, held, changed, width)
        # what it showed serves the next proof of what it found
        if held < width:
            begin = start + held + 1
            again, _changed = certify(fast, decisions, begin, width - held - 1, shown)
            for k in range(again + 1):
                assert mes(profile, Lexicographic(), begin + k).selected == decisions
    assert found > 600 and cut > 150  # each way is tried
    assert found >= certified - 5


def _holds_as_proved(profile: Profile, decisions: list[str], start: Fraction, held: int,
                     changed: int | None, asked: int) -> None:
    """MES buys ``decisions`` at every budget a proof from ``start`` says it does (at each
    unit and between), and something else where it says the outcome surely changes."""
    for k in range(held + 1):
        for budget in (start + k, start + k + Fraction(1, 3)):
            if budget <= start + held:
                assert mes(profile, Lexicographic(), budget).selected == decisions
    if changed is not None:
        assert held < changed <= asked
        assert mes(profile, Lexicographic(), start + changed).selected != decisions
