"""Fifteen real elections from Pabulib: pabutools' outcomes and the cities' official winners.

../shared/pabulib/expected.json holds pabutools 1.2.3's outcomes (and an exact reference
implementation's where pabutools ran out of memory). Every recorded outcome of a rule this
engine implements is reproduced exactly, in pabutools' tie-breaking.
"""

import copy
import json
import math
import random
import time
from fractions import Fraction
from functools import cache

import pytest

from medborgarbudget.app import ROOT
from medborgarbudget.tally import ahead, pabulib, rules
from medborgarbudget.tally.add1 import is_exhaustive, mes_add1
from medborgarbudget.tally.fastmes import FixedPoint
from medborgarbudget.tally.mes import Profile, mes
from medborgarbudget.tally.rules import run
from medborgarbudget.tally.tiebreak import Lexicographic

DATA = ROOT.parent / "shared" / "pabulib"
if not (DATA / "expected.json").exists():
    raise RuntimeError(f"the shared Pabulib files are missing: expected them in {DATA}")
EXPECTED = json.loads((DATA / "expected.json").read_text())["instances"]

#: pabutools rule name -> our options (pabutools' add1 starts each voter at exactly B/n)
PABUTOOLS = {
    "greedy_cost_sat": {"rule": "greedy"},
    "greedy_points": {"rule": "greedy", "use_points": True},
    "greedy_positional": {"rule": "greedy", "positional": True},
    "mes_cost_sat": {"rule": "mes"},
    "mes_cost_sat_greedy": {"rule": "mes", "fill": True},
    "mes_cost_sat_add1": {"rule": "mes", "completion": "add1", "start": "exact"},
    "mes_cost_sat_add1_greedy": {"rule": "mes", "completion": "add1", "start": "exact",
                                 "fill": True},
}
#: the exact reference implementation's variants ("integral": cities' floor(B/n) start)
REFERENCE = {
    "greedy": {"rule": "greedy"},
    "mes_cost_sat": {"rule": "mes"},
    "mes_add1_pabutools_semantics": {"rule": "mes", "completion": "add1", "start": "exact"},
    "mes_add1_pabutools_semantics_plus_greedy": {"rule": "mes", "completion": "add1",
                                                 "start": "exact", "fill": True},
    "mes_add1_integral_exhaustive": {"rule": "mes", "completion": "add1"},
    "mes_add1_integral_exhaustive_plus_greedy": {"rule": "mes", "completion": "add1",
                                                 "fill": True},
    "mes_add1_integral_noexh": {"rule": "mes", "completion": "add1-noexh"},
    "mes_add1_integral_noexh_plus_greedy": {"rule": "mes", "completion": "add1-noexh",
                                            "fill": True},
    "mes_add1_integral_noexh_comparison": {"rule": "mes", "completion": "add1-noexh",
                                           "comparison": True},
}
@cache
def election(name: str):
    return pabulib.read(DATA / name)


def options_for(name: str, options: dict) -> dict:
    options = dict(options)
    if options.pop("positional", False):
        e = election(name)
        length = int(e.meta.get("max_length") or max(len(b) for b in e.ballots))
        options["points"] = list(range(length, 0, -1))
    return options


def cases():
    for name, entry in EXPECTED.items():
        for source, table in (("results", PABUTOOLS), ("ref_results", REFERENCE)):
            for rule, options in table.items():
                result = entry.get(source, {}).get(rule)
                if not result or result.get("status") != "ok":
                    continue  # not computed by pabutools for this file (n/a, out of memory)
                add1 = options.get("completion", "none") != "none"
                slow = entry["num_voters"] > 20_000 or add1 and entry["num_voters"] > 1000
                marks = [pytest.mark.slow] if slow else []
                if add1:  # a file's variants share its add1 runs: on one worker (see ADD1_RUNS)
                    marks.append(pytest.mark.xdist_group(f"add1:{name}"))
                yield pytest.param(name, source, rule, options, result["selected_in_order"],
                                   id=f"{name.removesuffix('.pb')}-{source}-{rule}",
                                   marks=marks)


#: add1 outcomes by (election, tie-breaking, start, exhaustive stop): the recorded variants of
#: a file (with or without greedy fill or the comparison) share one add1 run
ADD1_RUNS: dict[tuple, object] = {}


@pytest.fixture
def add1_once(monkeypatch):
    real = rules.mes_add1

    def once(profile, breaker, start="exact", stop_at_exhaustive=True, workers=1):
        key = (id(profile.election), type(breaker), start, stop_at_exhaustive)
        if key not in ADD1_RUNS:
            ADD1_RUNS[key] = real(profile, breaker, start, stop_at_exhaustive)
        return copy.deepcopy(ADD1_RUNS[key])  # fill and comparison change what they get

    monkeypatch.setattr(rules, "mes_add1", once)


@pytest.mark.parametrize("name, source, rule, options, expected", list(cases()))
def test_reproduces_recorded_outcome(name, source, rule, options, expected, add1_once):
    outcome = run(election(name), tie_break="pabutools", **options_for(name, options))
    assert outcome.selected == expected


#: the rule each city used, as the issue and the files' META say
OFFICIAL = {
    "Poland_Warszawa_2023_Mokotow.pb": {"rule": "greedy"},
    "Poland_Lodz_2022.pb": {"rule": "greedy"},
    "Poland_Wroclaw_2023.pb": {"rule": "greedy", "no_skip": True},
    "Poland_Warszawa_2026.pb": {"rule": "greedy", "threshold": 3000},
    "Poland_Krakow_2023_Nowa_Huta.pb": {"rule": "greedy", "points": [3, 2, 1]},
    "Poland_Krakow_2024.pb": {"rule": "greedy", "points": [3, 2, 1]},
    "Netherlands_Assen_2024.pb": {"rule": "mes", "completion": "add1"},
    "Netherlands_Assen_2025.pb": {"rule": "mes", "completion": "add1"},
    "Poland_Swiecie_2023.pb": {"rule": "mes", "completion": "add1"},
    "Poland_Wieliczka_2023_Green_Budget.pb": {"rule": "mes", "completion": "add1-noexh",
                                              "comparison": True},
}


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_reproduces_official_winners(name):
    outcome = run(election(name), **OFFICIAL[name])
    assert sorted(outcome.selected) == sorted(EXPECTED[name]["official_selected"])


def test_budapest_official_winners_include_paper_votes_this_file_lacks():
    """Budapest's file holds the online votes only (about 10% voted on paper), so its official
    winners are not expected to come out of any rule run on this file."""
    e = election("Hungary_Budapest_2024.pb")
    assert "online votes only" in e.meta["comment"]
    official = sorted(EXPECTED["Hungary_Budapest_2024.pb"]["official_selected"])
    assert sorted(run(e, "greedy").selected) != official
    assert sorted(run(e, "mes").selected) != official


def test_every_file_is_read_exactly():
    for name, entry in EXPECTED.items():
        e = election(name)
        assert e.num_voters == entry["num_voters"] and len(e.projects) == entry["num_projects"]
        assert str(e.budget) == str(entry["budget"]) or float(e.budget) == entry["budget"]


SMALL = sorted(n for n, entry in EXPECTED.items() if entry["num_voters"] <= 3000)


@pytest.mark.slow
@pytest.mark.parametrize("name", SMALL)
def test_add1_jumps_to_what_stepping_finds(name):
    """On the smaller real files, jumping to the next budget that can change the outcome gives
    the same outcome and the same final per-voter budget as raising it one unit at a time."""
    profile = Profile(election(name))
    for start, stop in (("exact", True), ("floor", False)):
        jumped = mes_add1(profile, Lexicographic(), start, stop, jump=True)
        stepped = mes_add1(profile, Lexicographic(), start, stop, jump=False)
        assert jumped.selected == stepped.selected
        assert jumped.details["voter_budget"] == stepped.details["voter_budget"]


@pytest.mark.parametrize("name", ["Poland_Krakow_2023_Nowa_Huta.pb",
                                  "Poland_Gdansk_2020_Piecki_Migowo.pb"])
def test_add1_on_worker_processes_decides_as_alone(name, monkeypatch):
    """With workers, add1 makes the runs and proofs it will probably need on other processes,
    ahead of need; it must take exactly the decisions it takes alone. Nowa Huta needs runs and
    proofs; on Gdańsk most runs fall back to exact MES. (Splitting the walk, which takes more
    runs, depends on how long a run takes: it is kept out here, and tested below.)"""
    from medborgarbudget.tally import add1

    monkeypatch.setattr(ahead, "POOL_AFTER", 0)  # these are small: start the workers at once
    monkeypatch.setattr(add1, "SPLIT_WORTH", math.inf)
    profile = Profile(election(name))
    for start, stop in (("exact", True), ("floor", False)):
        alone = mes_add1(profile, Lexicographic(), start, stop)
        together = mes_add1(profile, Lexicographic(), start, stop, workers=2)
        assert together.selected == alone.selected
        assert together.details == alone.details  # the same final budget, runs and proofs


def _alone_and_on_workers(name: str, options=lambda alone: {}):
    """add1 on an election alone and on two workers (``options``: more arguments, given
    the outcome alone), for each start and stop the cities use; the two must report the
    same outcome: what is bought, at which final budget, with every step's numbers."""
    profile = Profile(election(name))
    for start, stop in (("exact", True), ("floor", False)):
        alone = mes_add1(profile, Lexicographic(), start, stop)
        together = mes_add1(profile, Lexicographic(), start, stop, workers=2,
                            **options(alone))
        assert together.selected == alone.selected
        assert together.details["voter_budget"] == alone.details["voter_budget"]
        assert (together.steps, together.ties, together.total_cost, together.rule) == (
            alone.steps, alone.ties, alone.total_cost, alone.rule)
        yield alone, together


@pytest.mark.parametrize("workers_start", [True, False])
def test_add1_with_a_worker_walking_the_far_half_decides_as_alone(workers_start,
                                                                  monkeypatch):
    """On a large election add1 finds by runs roughly where it will stop, and a worker walks
    from half way there while add1 walks up to it; the outcome and final budget must be
    those of one process, also when the workers cannot start (add1 then walks the far half
    itself). The worker that finds where add1 stops runs exact MES there, for the outcome
    add1 reports: its steps and ties are those of one process too. (Nowa Huta is small: the
    thresholds are lowered to split it.)"""
    from medborgarbudget.tally import add1

    from .helpers import UnstartableFixedPoint

    monkeypatch.setattr(ahead, "POOL_AFTER", 0)
    monkeypatch.setattr(add1, "SPLIT_WORTH", 0)
    if not workers_start:
        monkeypatch.setattr(add1, "FixedPoint", UnstartableFixedPoint)
    for alone, halves in _alone_and_on_workers("Poland_Krakow_2023_Nowa_Huta.pb"):
        assert halves.details["mes_runs"] > alone.details["mes_runs"]  # it did split: the
        # runs that found half way, and the worker's from there on, count too
        assert halves.details["walks"] >= 1


def test_add1_takes_over_the_far_half_of_a_slow_workers_walk(monkeypatch):
    """When add1 gets to where the worker's walk began and the worker is still walking
    (here its runs and proofs are slowed down), the worker stops half way from where it has got to
    where add1 will probably stop, and add1 walks on from there itself meanwhile. The
    outcome and final budget are those of one process."""
    from medborgarbudget.tally import add1

    from .helpers import SlowWorkerFixedPoint

    monkeypatch.setattr(ahead, "POOL_AFTER", 0)
    monkeypatch.setattr(add1, "SPLIT_WORTH", 0)
    monkeypatch.setattr(add1, "FixedPoint", SlowWorkerFixedPoint)
    for _alone, taken in _alone_and_on_workers("Poland_Krakow_2023_Nowa_Huta.pb"):
        assert taken.details["walks"] >= 2  # the worker's, cut short, and ours


def test_add1_hands_on_the_far_half_of_its_own_walk_when_its_worker_is_idle(monkeypatch):
    """After taking over, add1 walks on to where it stops; if the worker is done with the
    part it kept while add1 still has a way to go, the worker walks the far half of what is
    probably left (and add1 takes over again if it is not done when add1 gets there). Here
    the worker's runs and proofs are slowed down, so that add1 takes over, and the proofs
    add1 makes on the walk it took over three times as much, so that the worker is idle
    first. The outcome and final budget are those of one process."""
    from medborgarbudget.tally import add1

    from .helpers import SlowWorkerFixedPoint

    def slowed(prove):
        def slow(*args):
            time.sleep(0.06)
            return prove(*args)
        return slow

    monkeypatch.setattr(ahead, "POOL_AFTER", 0)
    monkeypatch.setattr(add1, "SPLIT_WORTH", 0)
    monkeypatch.setattr(add1, "SHARE_WORTH", 2)
    monkeypatch.setattr(add1, "FixedPoint", SlowWorkerFixedPoint)
    # add1's own proofs go through ahead; those of walks it makes itself (and of workers'
    # walks, but not in their processes) through these
    monkeypatch.setattr(add1, "certify", slowed(add1.certify))
    monkeypatch.setattr(add1, "discover", slowed(add1.discover))
    for _alone, handed in _alone_and_on_workers("Poland_Krakow_2023_Nowa_Huta.pb"):
        assert handed.details["walks"] >= 3  # the worker's, ours, and the worker's again


def test_add1_shares_the_rest_of_the_way_when_its_worker_is_done(monkeypatch):
    """When the worker has walked its stretch while add1 still has a way to go, it walks the
    second half of what is left, and so on: here its first stretch is the last unit before
    the stop, so it is done at once. The outcome and final budget are those of one
    process."""
    from medborgarbudget.tally import add1

    monkeypatch.setattr(ahead, "POOL_AFTER", 0)
    monkeypatch.setattr(add1, "SHARE_WORTH", 2)
    def from_the_last_unit(alone):
        return {"split": [alone.details["voter_budget"] - 1]}

    for _alone, shared in _alone_and_on_workers("Poland_Krakow_2023_Nowa_Huta.pb",
                                                from_the_last_unit):
        assert shared.details["walks"] >= 2


def test_add1_goes_on_alone_when_its_workers_die(monkeypatch):
    """A worker that cannot start (or is killed) breaks the pool: add1 must finish in its own
    process, with the outcome and details of a run without workers."""
    from medborgarbudget.tally import add1

    from .helpers import UnstartableFixedPoint

    profile = Profile(election("Poland_Krakow_2023_Nowa_Huta.pb"))
    alone = mes_add1(profile, Lexicographic(), "exact", True)
    monkeypatch.setattr(ahead, "POOL_AFTER", 0)
    monkeypatch.setattr(add1, "SPLIT_WORTH", math.inf)  # as above
    monkeypatch.setattr(add1, "FixedPoint", UnstartableFixedPoint)
    broken = mes_add1(profile, Lexicographic(), "exact", True, workers=2)
    assert broken.selected == alone.selected and broken.details == alone.details


def test_add1_explains_the_budget_it_reports():
    """When add1 stops inside a range it proved, the steps it reports (prices, rho) are those
    of the final per-voter budget, not of where the range began (Świecie, exact start, no
    exhaustive stop, is such a case)."""
    profile = Profile(election("Poland_Swiecie_2023.pb"))
    outcome = mes_add1(profile, Lexicographic(), "exact", stop_at_exhaustive=False)
    again = mes(profile, Lexicographic(), outcome.details["voter_budget"])
    assert outcome.selected == again.selected
    assert [(s.price, s.rho) for s in outcome.steps] == [(s.price, s.rho) for s in again.steps]


@pytest.mark.slow
@pytest.mark.xdist_group("add1:Hungary_Budapest_2024.pb")
def test_add1_finishes_on_budapest_where_add1_must_stop():
    """Budapest counts in forints: about 22,000 units per voter lie between B/n and where add1
    stops, so add1 proves ranges instead of stepping (pabutools runs out of memory here). No
    reference exists; the outcome must meet add1's definition at the budget it reports, and
    at sampled units before it add1 must not have stopped."""
    e = election("Hungary_Budapest_2024.pb")
    profile = Profile(e)
    outcome = mes_add1(profile, Lexicographic(), "exact", stop_at_exhaustive=True)
    start = Fraction(e.budget, e.num_voters)
    final = outcome.details["voter_budget"]
    units = final - start
    assert units.denominator == 1 and units > 10_000
    assert outcome.total_cost <= e.budget
    fast = FixedPoint(profile, Lexicographic())

    def bought(budget):
        """What MES buys at this per-voter budget: fixed point where its error bounds prove
        the decisions (they are then exact MES's), exact MES where they cannot."""
        found = fast.decide(budget)
        selected = found[0] if found else mes(profile, Lexicographic(), budget).selected
        return selected, sum((profile.cost[pid] for pid in selected), Fraction(0))

    following, following_cost = bought(final + 1)
    assert (is_exhaustive(e, outcome.selected, outcome.total_cost)
            or following_cost > e.budget)
    for unit in random.Random(2024).sample(range(int(units)), 12):
        earlier, cost = bought(start + unit)
        assert cost <= e.budget
        assert not is_exhaustive(e, earlier, cost)
