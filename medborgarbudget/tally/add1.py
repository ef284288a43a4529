"""The add1 completion of MES: raise every voter's budget one unit at a time while the
outcome still fits, as Assen, Świecie and Wieliczka count; proving how far an outcome holds
(intervals.certify) instead of running MES at every unit."""

from collections.abc import Callable
from fractions import Fraction
from math import floor

from .ahead import Ahead
from .fastmes import FixedPoint
from .mes import Profile, mes
from .tiebreak import TieBreak
from .types import Election, Outcome


def is_exhaustive(election: Election, selected: list[str], total: Fraction) -> bool:
    """No project left out would still fit in the budget."""
    chosen = set(selected)
    return all(total + p.cost > election.budget
               for pid, p in election.projects.items() if pid not in chosen)


#: add1 tries to prove that an outcome holds only over at least this many units
PROOF_WORTH = 4
#: and at most this many: the bands of a proof widen with the range, and on Budapest proofs
#: over more than 64-128 units fail even where the outcome holds (so we prove in pieces)
LONGEST = 64


def mes_add1(profile: Profile, tiebreak: TieBreak, start: str = "exact",
             stop_at_exhaustive: bool = True, jump: bool = True, workers: int = 1) -> Outcome:
    """MES, then again with every voter's budget one unit higher, and again, while the outcome
    still fits the budget; with ``stop_at_exhaustive``, also stop at the first exhaustive one.

    ``start``: "exact" starts each voter at B/n (pabutools), "floor" at floor(B/n) whole units
    (as cities do). Each run only needs which projects are bought: fixed point decides that
    (fastmes), exact MES where it cannot. With ``jump``, when two runs a unit apart agree, we
    guess from how their margins moved how far the outcome will hold, prove it (see
    intervals.certify: a proof costs a few runs) and go on from the first unit beyond: the
    same result as stepping one unit at a time (tests check), in far fewer runs. With
    ``workers`` > 1, the runs and proofs add1 will probably need next are made meanwhile on
    that many worker processes (see ahead.py); the outcome is the same. The outcome reported,
    with every step's numbers, is exact MES at the final budget."""
    rule = f"mes-add1{'' if stop_at_exhaustive else '-noexh'}"
    if profile.num_voters == 0:
        return mes(profile, tiebreak, rule=rule)  # no voters, nothing chosen
    ahead = Ahead(FixedPoint(profile, tiebreak), workers)
    try:
        return _walk(profile, tiebreak, ahead, start, stop_at_exhaustive, jump, rule)
    finally:
        ahead.close()


def _walk(profile: Profile, tiebreak: TieBreak, ahead: Ahead, start: str,
          stop_at_exhaustive: bool, jump: bool, rule: str) -> Outcome:
    election = profile.election
    n = profile.num_voters
    runs = exact_runs = proofs = 0

    def decide(e: Fraction) -> tuple[list[str], Fraction, Callable[[], list[float]] | None]:
        nonlocal runs, exact_runs
        runs += 1
        found = ahead.get("decide", e)
        if found is None:
            exact_runs += 1
            selected, margins = mes(profile, tiebreak, e).selected, None
        else:
            selected, margins = found
        return selected, sum((profile.cost[pid] for pid in selected), Fraction(0)), margins

    def prove(selected: list[str], e: Fraction, reach: int) -> int:
        """Units beyond e over which ``selected`` is proved to hold: reach, or less."""
        nonlocal proofs
        while reach >= PROOF_WORTH:
            proofs += 1
            beyond = [("decide", e + reach + 1), ("decide", e + reach + 2)]
            for task in beyond:  # what add1 needs next if this holds
                ahead.expect(*task)
            if ahead.get("certify", tuple(selected), e, e + reach):
                return reach
            for task in beyond:
                ahead.forget(*task)
            reach //= 2
        return 0

    e = Fraction(election.budget, n) if start == "exact" else Fraction(floor(election.budget / n))
    selected, total, margins = decide(e)
    supported = {pid for pid, s in profile.supporters.items() if s}
    while True:
        if stop_at_exhaustive and is_exhaustive(election, selected, total):
            break
        if supported <= set(selected):
            break  # nothing more can be bought, however much money voters get
        ahead.forget_before(e + 1)
        ahead.expect("decide", e + 2)  # what add1 needs next if it steps on by one unit
        following, following_total, following_margins = decide(e + 1)
        if following_total > election.budget:
            break
        e += 1
        if jump and following == selected and margins and following_margins:
            held = prove(selected, e, _guess(margins(), following_margins()))
            if held:
                beyond = decide(e + held + 1)
                if beyond[1] > election.budget:
                    e += held
                    break
                e += held + 1
                selected, total, margins = beyond
                continue
        selected, total, margins = following, following_total, following_margins
    outcome = mes(profile, tiebreak, e, rule=rule)
    if outcome.selected != selected:
        raise AssertionError("fixed point and exact MES disagree")
    outcome.details.update(voter_budget=e, mes_runs=runs, exact_runs=exact_runs + 1,
                           proofs=proofs)
    return outcome


def _guess(before: list[float], after: list[float]) -> int:
    """Whole units beyond the second of two runs a unit apart before a margin that shrank
    between them reaches zero, if it goes on shrinking as it did (at most LONGEST)."""
    reach = LONGEST
    for a, b in zip(before, after):
        if b < a:
            reach = min(reach, int(b / (a - b)))
    return reach
