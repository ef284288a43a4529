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
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from functools import cache
from itertools import accumulate
from math import inf, lcm, nextafter
from operator import itemgetter, mul

from . import mes
from .mes import Profile, supporting
from .tiebreak import TieBreak

#: binary digits kept below the smallest money unit
PRECISION = 128
#: a run counts money by class of voters (see _ByClass) until it has more classes than
#: the ballot groups divided by this, then by ballot group (measured: 4 to 32 do as well)
CLASSES_UNTIL = 16


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
        self.supporting = supporting(groups, keys)
        # per project: its groups' money (or class), gathered in C by itemgetter, and the
        # groups' sizes; and each of its voters' (a group's as often as it has voters), to
        # sort the money or count the classes
        self.gather = {pid: _gatherer(gs) for pid, gs in self.supporting.items()}
        self.counts = {pid: [groups[g][1] for g in gs] for pid, gs in self.supporting.items()}
        self.each = {pid: _gatherer([g for g in gs for _ in range(groups[g][1])])
                     for pid, gs in self.supporting.items()}
        self.voters = {pid: sum(counts) for pid, counts in self.counts.items()}
        #: what _price needs of each project, together
        self.pricing = {pid: (self.gather[pid], self.each[pid], self.voters[pid], self.cost[pid],
                              pid) for pid in self.counts}

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
        money: _ByClass | _ByGroup = _ByClass(self.groups, start)  # what each voter has left
        supporting, gather, counts, pricing = (self.supporting, self.gather, self.counts,
                                               self.pricing)
        voters, cost = self.voters, self.cost
        crowded = self.groups // CLASSES_UNTIL
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
            money.pay(supporting[chosen], gather[chosen], p)
            if isinstance(money, _ByClass) and len(money.worth) > crowded:
                money = _ByGroup(money.each())
            delta += err
            selected.append(chosen)

        @cache
        def all_margins() -> list[float]:
            left = list(map(float, money.each()))  # margins only guide guesses: floats do
            return margins + [1 - sum(map(mul, gather[pid](left), counts[pid])) / cost[pid]
                              for pid in sorted(gather.keys() - set(selected))]
        return selected, all_margins


class _ByClass:
    """Money held per class: voters with the same money left share a class. Voters who
    supported the same projects among those bought so far, and paid in full for each, have
    the same money; so have all who have nothing. Early in a run, and on a large election,
    there are far fewer classes than voters (on Warszawa 2026, a tenth), and a price is
    found from its supporters' classes, sorted, not from every supporter's money."""

    def __init__(self, groups: int, start: int) -> None:
        self.within = [1] * groups  # the class of each ballot group
        self.worth = [0, start]  # the money each voter of a class has left; 0 has none
        self.named = {start: 1}  # the class of each amount of money

    def least(self, gather: Callable) -> int:
        return min(map(self.worth.__getitem__, set(gather(self.within))))

    def split(self, each: Callable, cost: int) -> tuple[int, int, int, int]:
        """(total money, remaining, payers, least) of a project's supporters (``each``
        gathers them): settle's remaining, payers and least, or 0s if total < cost."""
        classes = Counter(each(self.within))  # class: how many supporters are in it
        classes.pop(0, None)  # those with nothing pay nothing
        money, counts = list(map(self.worth.__getitem__, classes)), list(classes.values())
        total = sum(map(mul, money, counts))
        if total < cost:
            return total, 0, 0, 0
        return (total, *settle(money, counts, cost))

    def pay(self, groups: list[int], gather: Callable, p: int) -> None:
        """Each voter of these groups pays p, or all they have if less."""
        worth, named = self.worth, self.named
        before, after = gather(self.within), {}
        for c in set(before):
            m = worth[c] - p
            if m <= 0:
                after[c] = 0
            elif m in named:  # money others already have: share their class
                after[c] = named[m]
            else:
                after[c] = named[m] = len(worth)
                worth.append(m)
        list(map(self.within.__setitem__, groups, map(after.__getitem__, before)))

    def each(self) -> list[int]:
        """The money of each ballot group's voters."""
        return list(map(self.worth.__getitem__, self.within))


class _ByGroup:
    """Money held per ballot group: once nearly every group is a class of its own (on
    Mokotow, within a few steps), classes only cost more."""

    def __init__(self, money: list[int]) -> None:
        self.money = money

    def least(self, gather: Callable) -> int:
        return min(gather(self.money))

    def split(self, each: Callable, cost: int) -> tuple[int, int, int, int]:
        have, before = _ascending(each(self.money))
        if before[-1] < cost:
            return before[-1], 0, 0, 0
        return (before[-1], *_split(have, before, cost))

    def pay(self, groups: list[int], _gather: Callable, p: int) -> None:
        money = self.money
        for g in groups:
            m = money[g]
            money[g] = m - p if m > p else 0

    def each(self) -> list[int]:
        return self.money


def _gatherer(indices: list[int]) -> Callable[[list[int]], tuple[int, ...]]:
    """A function that picks these indices of a list, as a tuple, in C."""
    if len(indices) == 1:
        return lambda values, i=indices[0]: (values[i],)
    return itemgetter(*indices)


def _price(money: _ByClass | _ByGroup, project: tuple, delta: int,
           slow: set[str]) -> tuple[int, int] | None:
    """(p, err): the price each supporter pays, floored, within err of the exact price; None
    when they surely cannot afford it. ``project`` is (gather its supporters' groups, gather
    each supporter, how many supporters, its cost, its id), as FixedPoint.pricing holds it.
    ``slow`` holds the projects that, earlier in this run, some supporter could not pay an
    equal share of: their quick test would fail again.

    With the computed money the price solves sum min(m, p) = cost exactly at p* (p is its
    floor). Let s voters pay in full and c pay all they have. If every payer's money is above
    p* + t + delta with t = delta·c/s, the exact price is within t of p*: at p* + t the
    exact sum is at least cost (payers pay p* + t, the others lose at most delta each), at
    p* - t below it. So |p - exact| <= t + 1."""
    gather, each, voters, cost, pid = project
    if pid not in slow:
        p = cost // voters
        if money.least(gather) > p + delta + 2:
            return p, 2  # everyone pays p, and has well over it: the common case
        slow.add(pid)  # someone has too little for an equal share, and always will
    total, remaining, payers, least = money.split(each, cost)
    if total + delta * voters < cost:
        return None
    if total - delta * voters < cost:
        raise Uncertain  # maybe just affordable
    p = remaining // payers
    t = delta * (voters - payers) // payers + 1
    if least <= p + t + delta + 1:
        raise Uncertain  # a payer's money is too close to the price
    return p, t + 1


def settle(money: list[int], counts: list[int], cost: int) -> tuple[int, int, int]:
    """mes.settle for classes in any order: counts[i] supporters have money[i] each."""
    ascending = sorted(range(len(money)), key=money.__getitem__)
    return mes.settle(((money[i], counts[i]) for i in ascending), sum(counts), cost)


def _ascending(money: tuple[int, ...] | list[int]) -> tuple[list[int], list[int]]:
    """The money of those who have some, in ascending order, and its running totals (from 0);
    those with nothing pay all they have whatever the price: they need no sorting."""
    have = sorted(filter(None, money))
    return have, list(accumulate(have, initial=0))


def _split(have: list[int], before: list[int], cost: int) -> tuple[int, int, int]:
    """settle, on _ascending's lists. The first c pay all they have, for the least c with
    paid(c) = (what the first c have) + (the others) · (money of the next) >= cost;
    paid(c) never decreases with c, so a bisection finds it."""
    rest = len(have)
    c = bisect_left(range(rest), cost, key=lambda i: before[i] + have[i] * (rest - i))
    return cost - before[c], rest - c, have[c]
