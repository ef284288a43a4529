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

from fractions import Fraction
from itertools import compress
from operator import add

from .fastmes import FixedPoint, solve

#: a line on [e0, e1], held as its values at the two ends (whole 1/scale units); everything
#: certify needs of it is linear, so the two ends decide (above at both = above throughout)
Line = tuple[int, int]


def certify(prepared: FixedPoint, decisions: list[str], e0: Fraction, e1: Fraction) -> bool:
    """True if MES buys exactly ``decisions``, in that order, for every per-voter budget in
    [e0, e1]; False if that cannot be shown (which does not mean it is false).

    Money is in whole units of 1/scale (as in fastmes, whose per-profile tables we share),
    and every division rounds the safe way (an upper bound up, a lower bound down), so the
    bounds hold exactly."""
    if not prepared.usable:
        return False  # free projects have rho 0 whatever happens: not worth the special case
    scale, cost, gather = prepared.scale, prepared.cost, prepared.each  # money of each voter
    voters, supporting, key = prepared.voters, prepared.supporting, prepared.keys
    groups = prepared.groups
    # per group, bounds on what each of its voters has left: lo at e0, lo at e1, hi at e0, e1
    lo0, lo1 = [_floor(e0 * scale)] * groups, [_floor(e1 * scale)] * groups
    hi0, hi1 = [_ceil(e0 * scale)] * groups, [_ceil(e1 * scale)] * groups
    live = set(gather)  # projects not yet bought and not surely unaffordable
    lower: dict[str, Line] = {}  # a lower bound on each project's price, kept while it holds

    def price_below(pid: str) -> Line | None:
        """A line below the price wherever the project is affordable: everyone at hi, those
        under the price at the middle of the range counted at their money, the rest at p.
        (For any set S of supporters, cost <= sum over S of money + p * the others.)
        None if it is surely unaffordable: even at hi, its supporters have less than it
        costs at both ends (and so throughout, and later too: money only goes down)."""
        get, c, everyone = gather[pid], cost[pid], voters[pid]
        at0, at1 = get(hi0), get(hi1)
        most0, most1 = sum(at0), sum(at1)
        if most0 < c and most1 < c:
            return None
        if most0 + most1 < 2 * c:
            return c // everyone, c // everyone  # p >= cost / supporters, always
        mid = list(map(add, at0, at1))  # twice the middle: halves cancel
        remaining, payers, _least = solve(mid, 2 * c)
        below = (remaining - 1) // payers  # twice the money of those who pay all they have
        capped = list(map(below.__ge__, mid))
        payers = everyone - sum(capped)
        paid0, paid1 = sum(compress(at0, capped)), sum(compress(at1, capped))
        return (c - paid0) // payers, (c - paid1) // payers

    for chosen in decisions:
        if chosen not in live:
            return False
        c = cost[chosen]
        ends = []
        for money in (gather[chosen](lo0), gather[chosen](lo1)):
            if sum(money) < c:
                return False  # not surely affordable over the whole range
            remaining, payers, _least = solve(money, c)
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
        p_lo = price_below(chosen)  # not None: its supporters have its cost even at lo
        h0, h1, l0, l1 = p_hi[0], p_hi[1], p_lo[0], p_lo[1]
        for g in supporting[chosen]:
            # left = max(money - p, 0): at least lo - p_hi (where that is positive in the
            # middle) or 0; at most hi - p_lo, or the chord of max(hi - p_lo, 0) (convex)
            d0, d1 = lo0[g] - h0, lo1[g] - h1
            if d0 + d1 > 0:
                lo0[g], lo1[g] = d0, d1
            else:
                lo0[g] = lo1[g] = 0
            u0, u1 = hi0[g] - l0, hi1[g] - l1
            hi0[g] = u0 if u0 > 0 else 0
            hi1[g] = u1 if u1 > 0 else 0
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
