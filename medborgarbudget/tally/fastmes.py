"""Which projects MES buys, fast: fixed-point integers with a proved error bound.

add1 runs MES at hundreds or thousands of per-voter budgets and needs, at each, only which
projects are bought; exact Fractions make every run cost a modular inverse per operation. Here
money is an integer count of 1/SCALE units, and the only rounding is the floor of each price.
We carry a bound ``delta`` on how far any voter's computed money can be from the exact one
and, from it, a bound on each price (see _price). A decision is taken only when the bounds
prove it is the one exact arithmetic would take; where they cannot (an exact tie, a project
its supporters can exactly afford), ``decide`` returns None and the caller runs exact MES.
"""

import heapq
from fractions import Fraction
from math import lcm
from operator import itemgetter, mul

from .mes import Profile
from .tiebreak import TieBreak

#: binary digits kept below the smallest money unit
PRECISION = 128


class Uncertain(Exception):
    """The error bounds cannot decide; exact arithmetic must."""


class FixedPoint:
    """MES decisions in fixed point for one profile, prepared once for many budgets."""

    def __init__(self, profile: Profile, tiebreak: TieBreak) -> None:
        self.tiebreak = tiebreak
        costs = profile.cost
        #: free projects have rho 0 whatever happens: left to exact MES
        self.usable = all(c != 0 for c in costs.values())
        self.scale = lcm(*(c.denominator for c in costs.values())) << PRECISION
        self.cost = {pid: int(c * self.scale) for pid, c in costs.items()}  # whole: exact
        self.groups = len(profile.groups)
        self.supporting = profile.supporting
        self.voters = profile.supporters
        # per project: its groups' money, gathered in C by itemgetter, and the groups' sizes
        self.gather = {pid: itemgetter(*gs) if len(gs) > 1 else (lambda m, g=gs[0]: (m[g],))
                       for pid, gs in profile.supporting.items() if gs}
        self.counts = {pid: [profile.groups[g][1] for g in gs]
                       for pid, gs in profile.supporting.items()}
        self.keys = {pid: tiebreak.key(pid) for pid in self.gather}

    def decide(self, voter_budget: Fraction) -> tuple[list[str], list[float]] | None:
        """The projects MES buys, in order, when every voter starts with ``voter_budget``,
        and the margins by which each decision was taken; None if fixed point cannot prove
        the decisions (then run mes.mes).

        The margins (approximate; for guessing only) are, per step, how far the runner-up's
        rho was above the chosen one's, relative to it, and then, per project left out, how
        far its supporters' money fell short of its cost, relative to the cost. add1 compares
        them at two budgets to guess where the outcome will change."""
        if not self.usable:
            return None
        try:
            return self._run(int(voter_budget * self.scale))
        except Uncertain:
            return None

    def _run(self, start: int) -> tuple[list[str], list[float]]:
        money = [start] * self.groups  # what each voter of each ballot group has left
        supporting, gather, counts = self.supporting, self.gather, self.counts
        voters, cost = self.voters, self.cost
        delta = 1  # |computed money - exact money| < delta for every voter (start is floored)
        # candidates by a lower bound on rho (rho only grows as voters spend), then tie-break
        heap = [(Fraction(0), key, pid) for pid, key in self.keys.items()]
        heapq.heapify(heap)
        selected, margins = [], []
        while heap:
            best = None  # (rho_lo, rho_hi, key, pid, price, error)
            seen = []
            while heap and (best is None or heap[0][0] <= best[1]):
                _lb, key, pid = heapq.heappop(heap)
                found = _price(gather[pid](money), counts[pid], voters[pid], cost[pid], delta)
                if found is None:
                    continue  # its supporters cannot afford it, and never will again
                p, err = found
                entry = (Fraction(p - err, cost[pid]), Fraction(p + err, cost[pid]), key, pid,
                         p, err)
                seen.append(entry)
                if best is None or entry[:3] < best[:3]:
                    best = entry
            if best is None:
                break
            for entry in seen:
                if entry is not best:
                    if entry[0] <= best[1]:
                        raise Uncertain  # the two rhos' ranges meet: maybe a tie
                    heapq.heappush(heap, (entry[0], entry[2], entry[3]))
            chosen, p, err = best[3], best[4], best[5]
            # the others' lowest possible rho (the heap holds them all again) over this one's
            margins.append(float(heap[0][0] / best[1]) - 1 if heap else 1.0)
            for g in supporting[chosen]:
                m = money[g]
                money[g] = m - p if m > p else 0
            delta += err
            selected.append(chosen)
        chosen_set = set(selected)
        for pid in sorted(gather.keys() - chosen_set):
            margins.append(1 - sum(map(mul, gather[pid](money), counts[pid])) / cost[pid])
        return selected, margins


def _price(money: tuple[int, ...], counts: list[int], voters: int, cost: int,
           delta: int) -> tuple[int, int] | None:
    """(p, err): the price each supporter pays, floored, within err of the exact price; None
    when they surely cannot afford it.

    With the computed money the price solves sum min(m, p) = cost exactly at p* (p is its
    floor). Let s voters pay in full and c pay all they have. If every payer's money is above
    p* + t + delta with t = delta·c/s, the exact price is within t of p*: at p* + t the
    exact sum is at least cost (payers pay p* + t, the others lose at most delta each), at
    p* - t below it. So |p - exact| <= t + 1."""
    p = cost // voters
    if min(money) > p + delta + 2:
        return p, 2  # everyone pays p, and has well over it: the common case
    total = sum(map(mul, money, counts))
    if total + delta * voters < cost:
        return None
    if total - delta * voters < cost:
        raise Uncertain  # maybe just affordable
    # those with less than the price pay all they have: look at the poorer ones only, sorted,
    # and look further only if the price turns out higher than where we looked
    limit = 2 * p + delta + 2
    while True:
        low = sorted([(m, n) for m, n in zip(money, counts) if m <= limit])
        remaining, payers = cost, voters
        for i, (m, n) in enumerate(low):
            if m * payers >= remaining:
                break
            remaining -= m * n
            payers -= n
        else:
            i = len(low)
        if not payers:
            raise Uncertain
        p = remaining // payers
        t = delta * (voters - payers) // payers + 1
        near = p + t + delta + 1
        if near <= limit:
            if i < len(low) and low[i][0] <= near:
                raise Uncertain  # a payer's money is too close to the price
            return p, t + 1
        limit = 2 * near
