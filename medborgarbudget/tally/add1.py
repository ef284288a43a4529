"""The add1 completion of MES: raise every voter's budget one unit at a time while the
outcome still fits, as Assen, Świecie and Wieliczka count; proving how far an outcome holds
(intervals.certify) instead of running MES at every unit."""

from fractions import Fraction
from math import floor

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
    (as cities do). With ``jump``, instead of running MES at every unit, we prove (see
    intervals.certify) over how many units the outcome stays the same, and run MES again only
    at the first unit beyond: the same result as stepping one unit at a time (tests check),
    in far fewer runs."""
    election = profile.election
    n = profile.num_voters
    rule = f"mes-add1{'' if stop_at_exhaustive else '-noexh'}"
    if n == 0:
        return mes(profile, tiebreak, rule=rule)  # no voters, nothing chosen
    e = Fraction(election.budget, n) if start == "exact" else Fraction(floor(election.budget / n))
    outcome = mes(profile, tiebreak, e, rule=rule)
    runs, proofs, span = 1, 0, 1
    supported = {pid for pid, s in profile.supporters.items() if s}
    while True:
        if stop_at_exhaustive and is_exhaustive(election, outcome.selected, outcome.total_cost):
            break
        if supported <= set(outcome.selected):
            break  # nothing more can be bought, however much money voters get
        same = 0  # units beyond e over which the outcome is proved unchanged
        if jump and span >= PROOF_WORTH:
            # a proof costs about one run: prove (doubling the range while proofs succeed)
            # only while the outcome has lately held for several units; else step
            step = span
            while True:  # the first proof that fails ends the try: each costs about a run
                proofs += 1
                if not certify(profile, tiebreak, outcome.selected, e, e + same + step):
                    break
                same += step
                step *= 2
        following = mes(profile, tiebreak, e + same + 1, rule=rule)
        runs += 1
        if following.total_cost > election.budget:
            if same:
                # the last budget at which this outcome still fitted; run it there, so that
                # the explanation's numbers are those of the budget reported
                e += same
                outcome = mes(profile, tiebreak, e, rule=rule)
                runs += 1
            break
        unchanged = following.selected == outcome.selected
        span = max(span, same + 1) * 2 if unchanged else max(1, (same + 1) // 2)
        outcome, e = following, e + same + 1
    outcome.details.update(voter_budget=e, mes_runs=runs, proofs=proofs)
    return outcome
