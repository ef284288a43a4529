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


#: add1 tries to prove that an outcome holds only where two runs suggest it holds over at
#: least this many units
PROOF_WORTH = 4
#: units add1 asks a proof to cover at most: it proves as much of them as it can
REACH = 256
#: after proofs covered this many units in a row, add1 tries to prove the next outcome
#: at once, without two runs to suggest it
CHAIN_WORTH = 16


def mes_add1(profile: Profile, tiebreak: TieBreak, start: str = "exact",
             stop_at_exhaustive: bool = True, jump: bool = True, workers: int = 1) -> Outcome:
    """MES, then again with every voter's budget one unit higher, and again, while the outcome
    still fits the budget; with ``stop_at_exhaustive``, also stop at the first exhaustive one.

    ``start``: "exact" starts each voter at B/n (pabutools), "floor" at floor(B/n) whole units
    (as cities do). Each run only needs which projects are bought: fixed point decides that
    (fastmes), exact MES where it cannot. With ``jump``, when two runs a unit apart agree and
    how their margins moved suggests the outcome will hold a while, we prove it holds over
    the units that follow, as far as a proof can reach (see intervals.certify: a proof costs
    about a run or two), then prove on from the first unit beyond, until a proof cannot
    start; then we step again. The same result as stepping one unit at a time (tests
    check), in far fewer runs. With
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

    def proved(selected: list[str], e: Fraction, reach: int) -> int:
        """Units beyond e over which ``selected`` is proved to hold (from e itself on); -1 if
        not even at e."""
        nonlocal proofs
        proofs += 1
        # nothing is computed ahead meanwhile: most proofs succeed, and runs made on the
        # other core in case this one fails slowed the proofs more than they saved
        # (Budapest: 55 s against 48 s)
        return ahead.get("certify", tuple(selected), e, reach)

    e = Fraction(election.budget, n) if start == "exact" else Fraction(floor(election.budget / n))
    selected, total, margins = decide(e)
    supported = {pid for pid, s in profile.supporters.items() if s}
    steady = False  # the last two runs suggest the outcome will hold a while
    chained = 0  # units the last proofs covered, one after another
    while True:
        # e: the last unit known to give ``selected``
        if stop_at_exhaustive and is_exhaustive(election, selected, total):
            break
        if supported <= set(selected):
            break  # nothing more can be bought, however much money voters get
        if jump and (steady or chained >= CHAIN_WORTH):
            # prove as far as we can, a piece at a time, until a proof cannot start
            chained, reach = 0, REACH
            while (held := proved(selected, e + 1, reach)) >= 0:
                e += 1 + held
                chained += 1 + held
                # a proof cut short was cut where its bounds gave out: near the outcome's
                # end, or where a shorter range's tighter bounds would do; ask the next for
                # twice what this one proved, and after one that proved all, twice as much
                reach = min(2 * reach if held == reach else 2 * held + 2, REACH)
        else:
            chained = 0
        ahead.forget_before(e + 1)
        ahead.expect("decide", e + 2)  # what add1 needs next if it steps on by one unit
        following, following_total, following_margins = decide(e + 1)
        if following_total > election.budget:
            break
        e += 1
        # where proofs went far, outcomes last: prove the next one at once (on Budapest,
        # one lasts about 180 units); elsewhere, only if two runs suggest it will last
        steady = bool(following == selected and margins and following_margins
                      and _guess(margins(), following_margins()) >= PROOF_WORTH)
        selected, total, margins = following, following_total, following_margins
    outcome = mes(profile, tiebreak, e, rule=rule)
    if outcome.selected != selected:
        raise AssertionError("fixed point and exact MES disagree")
    outcome.details.update(voter_budget=e, mes_runs=runs, exact_runs=exact_runs + 1,
                           proofs=proofs)
    return outcome


def _guess(before: list[float], after: list[float]) -> int:
    """Whole units beyond the second of two runs a unit apart before a margin that shrank
    between them reaches zero, if it goes on shrinking as it did (at most REACH)."""
    reach = REACH
    for a, b in zip(before, after):
        if b < a:
            reach = min(reach, int(b / (a - b)))
    return reach
