"""Proving that one MES outcome holds for every per-voter budget in a range.

add1 raises every voter's budget one unit at a time and reruns MES; on a large election that
is thousands of runs. Instead we take the decisions of one run (which project is bought at
each step) and prove that MES makes the same decisions for every per-voter budget e in
[e0, e1]. Each voter's money is then not one number but a band between two lines in e, lo(e)
<= money(e) <= hi(e), valid on the whole range:

- a price is a decreasing function of the supporters' money, and, for money linear in e, a
  convex function of e (it is the lower edge of the convex set where sum min(m, p) >= cost);
  so the chord through the exact prices at the two ends, with everyone at lo, bounds it from
  above, and the price's linear formula with everyone at hi bounds it from below;
- what a supporter has left, max(money - p, 0), is convex in e too, so its chord bounds it
  from above, and the line money - p or 0 from below.

If at every step the chosen project's highest possible rho stays below every other project's
lowest (or equal, where the tie-break favours the chosen), and the projects left at the end
stay unaffordable, the decisions are the same throughout, and so is the outcome.
"""

from collections import Counter
from fractions import Fraction
from itertools import compress
from operator import add, mul

from .fastmes import FixedPoint, settle

#: a line on [e0, e1], held as its values at the two ends (whole 1/scale units); everything
#: certify needs of it is linear, so the two ends decide (above at both = above throughout)
Line = tuple[int, int]


def certify(prepared: FixedPoint, decisions: list[str], e0: Fraction, e1: Fraction) -> bool:
    """True if MES buys exactly ``decisions``, in that order, for every per-voter budget in
    [e0, e1]; False if that cannot be shown (which does not mean it is false).

    Money is in whole units of 1/scale (as in fastmes, whose per-profile tables we share),
    and every division rounds the safe way (an upper bound up, a lower bound down), so the
    bounds hold exactly. As in fastmes, voters whose bounds are equal share a class (all do
    at first; those who supported the same projects bought so far do throughout), and
    prices are found from their supporters' classes."""
    if not prepared.usable:
        return False  # free projects have rho 0 whatever happens: not worth the special case
    scale, cost, each, gather = prepared.scale, prepared.cost, prepared.each, prepared.gather
    voters, supporting, key = prepared.voters, prepared.supporting, prepared.keys
    within = [0] * prepared.groups  # the class of each ballot group
    # per class, bounds on what each of its voters has left: lo at e0, lo at e1, hi at e0, e1
    lo0, lo1 = [_floor(e0 * scale)], [_floor(e1 * scale)]
    hi0, hi1 = [_ceil(e0 * scale)], [_ceil(e1 * scale)]
    named = {(lo0[0], lo1[0], hi0[0], hi1[0]): 0}  # the class of each four bounds
    live = set(each)  # projects not yet bought and not surely unaffordable
    lower: dict[str, Line] = {}  # a lower bound on each project's price, kept while it holds

    def classes(pid: str) -> tuple[list[int], list[int]]:
        """The classes of the project's supporters, and how many of them are in each."""
        tally = Counter(each[pid](within))
        return list(tally), list(tally.values())

    def price_below(pid: str, counted: tuple[list[int], list[int]] | None = None
                    ) -> Line | None:
        """A line below the price wherever the project is affordable: everyone at hi, those
        under the price at the middle of the range counted at their money, the rest at p.
        (For any set S of supporters, cost <= sum over S of money + p * the others.)
        None if it is surely unaffordable: even at hi, its supporters have less than it
        costs at both ends (and so throughout, and later too: money only goes down).
        ``counted``: classes(pid), where the caller has it already."""
        c, everyone = cost[pid], voters[pid]
        ks, ns = counted or classes(pid)
        at0, at1 = list(map(hi0.__getitem__, ks)), list(map(hi1.__getitem__, ks))
        most0, most1 = sum(map(mul, at0, ns)), sum(map(mul, at1, ns))
        if most0 < c and most1 < c:
            return None
        if most0 + most1 < 2 * c:
            return c // everyone, c // everyone  # p >= cost / supporters, always
        mid = list(map(add, at0, at1))  # twice the middle: halves cancel
        remaining, payers, _least = settle(mid, ns, 2 * c)
        below = (remaining - 1) // payers  # twice the money of those who pay all they have
        capped = list(map(below.__ge__, mid))
        payers = everyone - sum(compress(ns, capped))
        paid0 = sum(map(mul, compress(at0, capped), compress(ns, capped)))
        paid1 = sum(map(mul, compress(at1, capped), compress(ns, capped)))
        return (c - paid0) // payers, (c - paid1) // payers

    for chosen in decisions:
        if chosen not in live:
            return False
        c = cost[chosen]
        counted = ks, ns = classes(chosen)  # the bounds move only once it is bought
        ends = []
        for lo in (lo0, lo1):
            money = list(map(lo.__getitem__, ks))
            if sum(map(mul, money, ns)) < c:
                return False  # not surely affordable over the whole range
            remaining, payers, _least = settle(money, ns, c)
            ends.append(-(-remaining // payers))  # rounded up
        p_hi = (ends[0], ends[1])  # the price is convex in e: under the chord through its ends
        live.discard(chosen)
        for pid in list(live):
            strict = key[pid] < key[chosen]  # on a tie pid would win: it must stay above
            if _stays_above(lower.get(pid), cost[pid], p_hi, c, strict):
                continue
            bound = price_below(pid)
            if bound is None:
                live.discard(pid)  # and it stays so
                continue
            if not _stays_above(bound, cost[pid], p_hi, c, strict):
                return False
            lower[pid] = bound
        p_lo = price_below(chosen, counted)  # not None: its supporters have its cost even at lo
        h0, h1, l0, l1 = p_hi[0], p_hi[1], p_lo[0], p_lo[1]
        before, after = gather[chosen](within), {}
        for k in set(before):
            # left = max(money - p, 0): at least lo - p_hi (where that is positive in the
            # middle) or 0; at most hi - p_lo, or the chord of max(hi - p_lo, 0) (convex)
            d0, d1 = lo0[k] - h0, lo1[k] - h1
            if d0 + d1 <= 0:
                d0 = d1 = 0
            u0, u1 = hi0[k] - l0, hi1[k] - l1
            bounds = (d0, d1, u0 if u0 > 0 else 0, u1 if u1 > 0 else 0)
            if bounds not in named:
                named[bounds] = len(lo0)
                for values, bound in zip((lo0, lo1, hi0, hi1), bounds):
                    values.append(bound)
            after[k] = named[bounds]
        list(map(within.__setitem__, supporting[chosen], map(after.__getitem__, before)))
    return all(price_below(pid) is None for pid in live)


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _ceil(x: Fraction) -> int:
    return -(-x.numerator // x.denominator)


def _stays_above(f: Line | None, f_cost: int, g: Line, g_cost: int, strict: bool) -> bool:
    """rho f/f_cost above rho g/g_cost at both ends of the range (so throughout)."""
    if f is None:
        return False
    d0, d1 = f[0] * g_cost - g[0] * f_cost, f[1] * g_cost - g[1] * f_cost
    return d0 > 0 and d1 > 0 if strict else d0 >= 0 and d1 >= 0
