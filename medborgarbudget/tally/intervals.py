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
from math import lcm
from operator import itemgetter, mul

from .fastmes import PRECISION
from .mes import Profile
from .tiebreak import TieBreak

#: a line on [e0, e1], held as its values at the two ends (whole 1/scale units); everything
#: certify needs of it is linear, so the two ends decide (above at both = above throughout)
Line = tuple[int, int]


def certify(profile: Profile, tiebreak: TieBreak, decisions: list[str], e0: Fraction,
            e1: Fraction) -> bool:
    """True if MES buys exactly ``decisions``, in that order, for every per-voter budget in
    [e0, e1]; False if that cannot be shown (which does not mean it is false).

    Money is in whole units of 1/scale, and every division rounds the safe way (an upper
    bound up, a lower bound down), so the bounds hold exactly."""
    costs = profile.cost
    if any(c == 0 for pid, c in costs.items() if profile.supporters[pid]):
        return False  # free projects have rho 0 whatever happens: not worth the special case
    scale = lcm(*(c.denominator for c in costs.values())) << PRECISION
    cost = {pid: int(c * scale) for pid, c in costs.items()}
    groups = len(profile.groups)
    # per group, bounds on what each of its voters has left: lo at e0, lo at e1, hi at e0, e1
    lo0, lo1 = [_floor(e0 * scale)] * groups, [_floor(e1 * scale)] * groups
    hi0, hi1 = [_ceil(e0 * scale)] * groups, [_ceil(e1 * scale)] * groups
    supporting = profile.supporting
    counts = {pid: [profile.groups[g][1] for g in gs] for pid, gs in supporting.items()}
    gather = {pid: itemgetter(*gs) if len(gs) > 1 else (lambda m, g=gs[0]: (m[g],))
              for pid, gs in supporting.items() if gs}
    voters = profile.supporters
    live = set(gather)  # projects not yet bought and not surely unaffordable
    lower: dict[str, Line] = {}  # a lower bound on each project's price, kept while it holds

    def unaffordable(pid: str) -> bool:
        n = counts[pid]
        return (sum(map(mul, gather[pid](hi0), n)) < cost[pid]
                and sum(map(mul, gather[pid](hi1), n)) < cost[pid])

    def price_below(pid: str) -> Line:
        """A line below the price wherever the project is affordable: everyone at hi, those
        under the price at the middle of the range counted at their money, the rest at p."""
        get, n = gather[pid], counts[pid]
        mid = [a + b for a, b in zip(get(hi0), get(hi1))]  # twice the middle: halves cancel
        capped = _capped(mid, n, voters[pid], 2 * cost[pid])
        payers = voters[pid] - sum(compress(n, capped))
        paid0 = sum(compress(map(mul, get(hi0), n), capped))
        paid1 = sum(compress(map(mul, get(hi1), n), capped))
        return (cost[pid] - paid0) // payers, (cost[pid] - paid1) // payers

    for chosen in decisions:
        if chosen not in live:
            return False
        c, n = cost[chosen], counts[chosen]
        p0 = _price_up(gather[chosen](lo0), n, voters[chosen], c)
        p1 = _price_up(gather[chosen](lo1), n, voters[chosen], c)
        if p0 is None or p1 is None:
            return False  # not surely affordable over the whole range
        p_hi = (p0, p1)  # the price is convex in e: under the chord through its ends
        key = tiebreak.key(chosen)
        live.discard(chosen)
        for pid in list(live):
            strict = tiebreak.key(pid) < key  # on a tie pid would win: it must stay above
            if _stays_above(lower.get(pid), cost[pid], p_hi, c, strict):
                continue
            if unaffordable(pid):
                live.discard(pid)  # and it stays so: money only goes down
                continue
            lower[pid] = price_below(pid)
            if not _stays_above(lower[pid], cost[pid], p_hi, c, strict):
                return False
        p_lo = price_below(chosen)
        for g in supporting[chosen]:
            # left = max(money - p, 0): at least lo - p_hi (where that is positive in the
            # middle) or 0; at most hi - p_lo, or the chord of max(hi - p_lo, 0) (convex)
            d0, d1 = lo0[g] - p_hi[0], lo1[g] - p_hi[1]
            lo0[g], lo1[g] = (d0, d1) if d0 + d1 > 0 else (0, 0)
            hi0[g], hi1[g] = max(hi0[g] - p_lo[0], 0), max(hi1[g] - p_lo[1], 0)
    return all(unaffordable(pid) for pid in live)


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _ceil(x: Fraction) -> int:
    return -(-x.numerator // x.denominator)


def _capped(money: tuple[int, ...] | list[int], counts: list[int], voters: int,
            cost: int) -> list[bool]:
    """Which of these pay all they have at the price sum min(m, p) = cost (never all: if
    they cannot afford it, the richest are left as payers)."""
    mask, capped, remaining, payers = [False] * len(counts), 0, cost, voters
    while True:
        below = (remaining - 1) // payers  # m < remaining/payers, for whole m
        new = [m <= below for m in money]
        if sum(new) == capped:
            return mask
        if sum(compress(counts, new)) == voters:
            return mask  # everyone would pay all: keep the last payers
        mask, capped = new, sum(new)
        remaining = cost - sum(compress(map(mul, money, counts), mask))
        payers = voters - sum(compress(counts, mask))


def _price_up(money: tuple[int, ...], counts: list[int], voters: int, cost: int) -> int | None:
    """The price for these exact amounts, rounded up; None if they cannot afford it."""
    if sum(map(mul, money, counts)) < cost:
        return None
    capped = _capped(money, counts, voters, cost)
    remaining = cost - sum(compress(map(mul, money, counts), capped))
    payers = voters - sum(compress(counts, capped))
    return -(-remaining // payers)


def _stays_above(f: Line | None, f_cost: int, g: Line, g_cost: int, strict: bool) -> bool:
    """rho f/f_cost above rho g/g_cost at both ends of the range (so throughout)."""
    if f is None:
        return False
    d0, d1 = f[0] * g_cost - g[0] * f_cost, f[1] * g_cost - g[1] * f_cost
    return d0 > 0 and d1 > 0 if strict else d0 >= 0 and d1 >= 0
