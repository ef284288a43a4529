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
from bisect import bisect_left
from collections.abc import Callable
from fractions import Fraction
from functools import cache
from itertools import accumulate
from math import inf, lcm, nextafter
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
        self._prepare(profile.cost, profile.groups,
                      {pid: tiebreak.key(pid) for pid, n in profile.supporters.items() if n})

    def __getstate__(self) -> tuple:
        """For add1's worker processes: what the tables are made from, not the tables."""
        return self.made_of

    def __setstate__(self, state: tuple) -> None:
        self._prepare(*state)

    def _prepare(self, costs: dict[str, Fraction], groups: list[tuple[tuple[str, ...], int]],
                 keys: dict[str, tuple]) -> None:
        """``groups``: (projects, number of voters) per distinct ballot; ``keys``: each
        supported project's tie-break key."""
        self.made_of, self.keys = (costs, groups, keys), keys
        #: free projects have rho 0 whatever happens: left to exact MES
        self.usable = all(c != 0 for c in costs.values())
        self.scale = lcm(*(c.denominator for c in costs.values())) << PRECISION
        self.cost = {pid: int(c * self.scale) for pid, c in costs.items()}  # whole: exact
        self.groups = len(groups)
        self.supporting: dict[str, list[int]] = {pid: [] for pid in keys}
        for g, (projects, _n) in enumerate(groups):
            for pid in projects:
                self.supporting[pid].append(g)
        # per project: its groups' money, gathered in C by itemgetter, and the groups' sizes;
        # and the money of each of its voters (a group's as often as it has voters), to sort
        self.gather = {pid: _gatherer(gs) for pid, gs in self.supporting.items()}
        self.counts = {pid: [groups[g][1] for g in gs] for pid, gs in self.supporting.items()}
        self.each = {pid: _gatherer([g for g in gs for _ in range(groups[g][1])])
                     for pid, gs in self.supporting.items()}
        self.voters = {pid: sum(counts) for pid, counts in self.counts.items()}
        #: what _price needs of each project, together
        # (with the groups' sizes where many voters share a ballot: there, telling that a
        # project is out of reach is cheaper on the groups than on every voter)
        self.pricing = {pid: (self.gather[pid], self.each[pid], self.voters[pid], self.cost[pid],
                              counts if 2 * len(counts) < self.voters[pid] else None, pid)
                        for pid, counts in self.counts.items()}

    def decide(self, voter_budget: Fraction
               ) -> tuple[list[str], Callable[[], list[float]]] | None:
        """The projects MES buys, in order, when every voter starts with ``voter_budget``,
        and a function that gives the margins by which each decision was taken; None if fixed
        point cannot prove the decisions (then run mes.mes).

        The margins (approximate; for guessing only) are, per step, how far the runner-up's
        rho was above the chosen one's, relative to it, and then, per project left out, how
        far its supporters' money fell short of its cost, relative to the cost. add1 compares
        them at two budgets to guess where the outcome will change; the projects left out
        cost a pass over their supporters, so they are counted only when asked for."""
        if not self.usable:
            return None
        try:
            return self._run(int(voter_budget * self.scale))
        except Uncertain:
            return None

    def _run(self, start: int) -> tuple[list[str], Callable[[], list[float]]]:
        money = [start] * self.groups  # what each voter of each ballot group has left
        supporting, gather, counts, pricing = (self.supporting, self.gather, self.counts,
                                               self.pricing)
        voters, cost = self.voters, self.cost
        slow: set[str] = set()  # see _price
        delta = 1  # |computed money - exact money| < delta for every voter (start is floored)
        # candidates by a lower bound on rho (rho only grows as voters spend), then tie-break;
        # rhos are floats rounded outwards: they order and compare far faster than Fractions.
        # At first the bound is 1/supporters: each pays at most an equal share
        heap = [(nextafter(1 / voters[pid], -inf), key, pid) for pid, key in self.keys.items()]
        heapq.heapify(heap)
        selected, margins = [], []
        while heap:
            best = None  # (rho_lo, rho_hi, key, pid, price, error)
            seen = []
            while heap and (best is None or heap[0][0] <= best[1]):
                _lb, key, pid = heapq.heappop(heap)
                found = _price(money, pricing[pid], delta, slow)
                if found is None:
                    continue  # its supporters cannot afford it, and never will again
                p, err = found
                entry = (nextafter((p - err) / cost[pid], -inf),
                         nextafter((p + err) / cost[pid], inf), key, pid, p, err)
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
            margins.append(heap[0][0] / best[1] - 1 if heap else 1.0)
            for g in supporting[chosen]:
                m = money[g]
                money[g] = m - p if m > p else 0
            delta += err
            selected.append(chosen)

        @cache
        def all_margins() -> list[float]:
            left_out = sorted(gather.keys() - set(selected))
            return margins + [1 - sum(map(mul, gather[pid](money), counts[pid])) / cost[pid]
                              for pid in left_out]
        return selected, all_margins


def _gatherer(indices: list[int]) -> Callable[[list[int]], tuple[int, ...]]:
    """A function that picks these indices of a list, as a tuple, in C."""
    if len(indices) == 1:
        return lambda values, i=indices[0]: (values[i],)
    return itemgetter(*indices)


def _price(money: list[int], project: tuple, delta: int,
           slow: set[str]) -> tuple[int, int] | None:
    """(p, err): the price each supporter pays, floored, within err of the exact price; None
    when they surely cannot afford it. ``money`` is per ballot group; ``project`` is
    (gather its supporters' groups' money, gather each supporter's money, how many
    supporters, its cost, the groups' sizes or None, its id), as FixedPoint.pricing holds
    it. ``slow`` holds the projects that, earlier in this run, some supporter could not pay
    an equal share of: their quick test would fail again.

    With the computed money the price solves sum min(m, p) = cost exactly at p* (p is its
    floor). Let s voters pay in full and c pay all they have. If every payer's money is above
    p* + t + delta with t = delta·c/s, the exact price is within t of p*: at p* + t the
    exact sum is at least cost (payers pay p* + t, the others lose at most delta each), at
    p* - t below it. So |p - exact| <= t + 1."""
    gather, each, voters, cost, counts, pid = project
    if pid not in slow:
        p = cost // voters
        groups = gather(money)
        if min(groups) > p + delta + 2:
            return p, 2  # everyone pays p, and has well over it: the common case
        slow.add(pid)  # someone has too little for an equal share, and always will
        if counts and sum(map(mul, groups, counts)) + delta * voters < cost:
            return None
    have, before = _ascending(each(money))
    total = before[-1]
    if total + delta * voters < cost:
        return None
    if total - delta * voters < cost:
        raise Uncertain  # maybe just affordable
    remaining, payers, least = _split(have, before, cost)
    p = remaining // payers
    t = delta * (voters - payers) // payers + 1
    if least <= p + t + delta + 1:
        raise Uncertain  # a payer's money is too close to the price
    return p, t + 1


def solve(money: tuple[int, ...] | list[int], cost: int) -> tuple[int, int, int]:
    """(remaining, payers, least) for supporters with this money, who together have at least
    the cost: the price p with sum min(m, p) = cost is remaining / payers, and the payers
    have least or more each (the others pay all they have)."""
    least = min(money)
    if least * len(money) >= cost:
        return cost, len(money), least  # an equal share each: nothing to sort
    return _split(*_ascending(money), cost)


def _ascending(money: tuple[int, ...] | list[int]) -> tuple[list[int], list[int]]:
    """The money of those who have some, in ascending order, and its running totals (from 0);
    those with nothing pay all they have whatever the price: they need no sorting."""
    have = sorted(filter(None, money))
    return have, list(accumulate(have, initial=0))


def _split(have: list[int], before: list[int], cost: int) -> tuple[int, int, int]:
    """solve, on _ascending's lists. The first c pay all they have, for the least c with
    paid(c) = (what the first c have) + (the others) · (money of the next) >= cost;
    paid(c) never decreases with c, so a bisection finds it."""
    rest = len(have)
    c = bisect_left(range(rest), cost, key=lambda i: before[i] + have[i] * (rest - i))
    return cost - before[c], rest - c, have[c]
