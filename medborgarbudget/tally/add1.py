"""The add1 completion of MES: raise every voter's budget one unit at a time while the
outcome still fits, as Assen, Świecie and Wieliczka count; proving how far an outcome holds
(intervals.certify) instead of running MES at every unit."""

from fractions import Fraction
from math import floor

from .fastmes import FixedPoint
from .intervals import certify
from .mes import Profile, mes
from .tiebreak import TieBreak
from .types import Election, Outcome


def is_exhaustive(election: Election, selected: list[str], total: Fraction) -> bool:
    """No project left out would still fit in the budget."""
    chosen = set(selected)
    return all(total + p.cost > election.budget
               for pid, p in election.projects.items() if pid not in chosen)


#: add1 tries to prove an outcome holds only once it has held for this many units
PROOF_WORTH = 4


def mes_add1(profile: Profile, tiebreak: TieBreak, start: str = "exact",
             stop_at_exhaustive: bool = True, jump: bool = True) -> Outcome:
    """MES, then again with every voter's budget one unit higher, and again, while the outcome
    still fits the budget; with ``stop_at_exhaustive``, also stop at the first exhaustive one.

    ``start``: "exact" starts each voter at B/n (pabutools), "floor" at floor(B/n) whole units
    (as cities do). Each run only needs which projects are bought: fixed point decides that
    (fastmes), exact MES where it cannot. With ``jump``, instead of running MES at every unit,
    we prove (see intervals.certify) over how many units the outcome stays the same, and run
    again only at the first unit beyond: the same result as stepping one unit at a time
    (tests check), in far fewer runs. The outcome reported, with every step's numbers, is
    exact MES at the final budget."""
    election = profile.election
    n = profile.num_voters
    rule = f"mes-add1{'' if stop_at_exhaustive else '-noexh'}"
    if n == 0:
        return mes(profile, tiebreak, rule=rule)  # no voters, nothing chosen
    fast = FixedPoint(profile, tiebreak)
    exact_runs = 0

    def decide(e: Fraction) -> tuple[list[str], Fraction]:
        nonlocal exact_runs
        selected = fast.decide(e)
        if selected is None:
            exact_runs += 1
            selected = mes(profile, tiebreak, e).selected
        return selected, sum((profile.cost[pid] for pid in selected), Fraction(0))

    e = Fraction(election.budget, n) if start == "exact" else Fraction(floor(election.budget / n))
    selected, total = decide(e)
    runs, proofs, span = 1, 0, 1
    supported = {pid for pid, s in profile.supporters.items() if s}
    while True:
        if stop_at_exhaustive and is_exhaustive(election, selected, total):
            break
        if supported <= set(selected):
            break  # nothing more can be bought, however much money voters get
        same = 0  # units beyond e over which the outcome is proved unchanged
        if jump and span >= PROOF_WORTH:
            # a proof costs about one run: prove (doubling the range while proofs succeed)
            # only while the outcome has lately held for several units; else step
            step = span
            while True:  # the first proof that fails ends the try
                proofs += 1
                if not certify(profile, tiebreak, selected, e, e + same + step):
                    break
                same += step
                step *= 2
        following, following_total = decide(e + same + 1)
        runs += 1
        if following_total > election.budget:
            e += same  # the last budget at which this outcome still fitted
            break
        unchanged = following == selected
        span = max(span, same + 1) * 2 if unchanged else max(1, (same + 1) // 2)
        selected, total, e = following, following_total, e + same + 1
    outcome = mes(profile, tiebreak, e, rule=rule)
    assert outcome.selected == selected, "fixed point and exact MES disagree"
    outcome.details.update(voter_budget=e, mes_runs=runs, exact_runs=exact_runs + 1,
                           proofs=proofs)
    return outcome
