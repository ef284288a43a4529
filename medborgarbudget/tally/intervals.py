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

from .mes import Profile, price
from .tiebreak import TieBreak

Line = tuple[Fraction, Fraction]  # a + b·e
ZERO: Line = (Fraction(0), Fraction(0))


def _at(f: Line, x: Fraction) -> Fraction:
    return f[0] + f[1] * x


def _chord(x0: Fraction, y0: Fraction, x1: Fraction, y1: Fraction) -> Line:
    b = (y1 - y0) / (x1 - x0)
    return (y0 - b * x0, b)


def _exact_price(items: list[tuple[Fraction, int]], cost: Fraction) -> Fraction | None:
    """The p with sum of min(m, p)·n == cost for these (money, count) pairs, if affordable.

    Lower bounds on money may be negative, where price()'s float shortcut for affordability
    is not safe (terms cancel): decide affordability exactly first."""
    if sum(m * n for m, n in items) < cost:
        return None
    money = [m for m, _n in items]
    return price({k: n for k, (_m, n) in enumerate(items)}, money, [float(m) for m in money],
                 cost)


def _price_below(classes: dict[int, int], hi: list[Line], cost: Fraction,
                 mid: Fraction) -> Line:
    """A line below the price everywhere the project is affordable: everyone at hi, those
    under p at the middle of the range counted at their money, the rest at p."""
    values = ((_at(hi[k], mid), k, n) for k, n in classes.items())
    items = sorted((float(m), m, k, n) for m, k, n in values)
    remaining, payers = cost, sum(n for _f, _m, _k, n in items)
    paid_a = paid_b = Fraction(0)
    for i, (_f, m, k, n) in enumerate(items):
        if m * payers >= remaining or i == len(items) - 1:
            break
        remaining -= m * n
        payers -= n
        paid_a += hi[k][0] * n
        paid_b += hi[k][1] * n
    return ((cost - paid_a) / payers, -paid_b / payers)


def certify(profile: Profile, tiebreak: TieBreak, decisions: list[str], e0: Fraction,
            e1: Fraction) -> bool:
    """True if MES buys exactly ``decisions``, in that order, for every per-voter budget in
    [e0, e1]; False if that cannot be shown (which does not mean it is false)."""
    cost = profile.cost
    if any(cost[pid] == 0 for pid in profile.supporters):
        return False  # free projects have rho 0 whatever happens: not worth the special case
    mid = (e0 + e1) / 2
    lo: list[Line] = [(Fraction(0), Fraction(1))]
    hi: list[Line] = [(Fraction(0), Fraction(1))]
    index = {(lo[0], hi[0]): 0}
    group_class = [0] * len(profile.groups)
    classes = {pid: {0: n} for pid, n in profile.supporters.items() if n}
    lower: dict[str, Line] = {}

    def total(pid: str, lines: list[Line], x: Fraction) -> Fraction:
        return sum(_at(lines[k], x) * n for k, n in classes[pid].items())

    def unaffordable(pid: str) -> bool:
        return total(pid, hi, e0) < cost[pid] and total(pid, hi, e1) < cost[pid]

    for chosen in decisions:
        if chosen not in classes:
            return False
        c = cost[chosen]
        p0 = _exact_price([(_at(lo[k], e0), n) for k, n in classes[chosen].items()], c)
        p1 = _exact_price([(_at(lo[k], e1), n) for k, n in classes[chosen].items()], c)
        if p0 is None or p1 is None:
            return False  # not surely affordable over the whole range
        p_hi = _chord(e0, p0, e1, p1)
        rho_hi = (p_hi[0] / c, p_hi[1] / c)
        key = tiebreak.key(chosen)
        for pid in list(classes):
            if pid == chosen:
                continue
            strict = tiebreak.key(pid) < key  # on a tie pid would win: it must stay above
            if _stays_above(lower.get(pid), rho_hi, e0, e1, strict):
                continue
            if unaffordable(pid):
                del classes[pid]  # and it stays so: money only goes down
                continue
            line = _price_below(classes[pid], hi, cost[pid], mid)
            lower[pid] = (line[0] / cost[pid], line[1] / cost[pid])
            if not _stays_above(lower[pid], rho_hi, e0, e1, strict):
                return False
        p_lo = _price_below(classes[chosen], hi, c, mid)
        _pay(profile, classes, lo, hi, index, group_class, chosen, p_lo, p_hi, e0, e1, mid)
    return all(unaffordable(pid) for pid in classes)


def _stays_above(f: Line | None, g: Line, e0: Fraction, e1: Fraction, strict: bool) -> bool:
    if f is None:
        return False
    d0, d1 = _at(f, e0) - _at(g, e0), _at(f, e1) - _at(g, e1)
    return d0 > 0 and d1 > 0 if strict else d0 >= 0 and d1 >= 0


def _left_bounds(lo: Line, hi: Line, p_lo: Line, p_hi: Line, e0: Fraction, e1: Fraction,
                 mid: Fraction) -> tuple[Line, Line]:
    """Bounds on max(money - p, 0) over the range, given bounds on money and on p."""
    down = (lo[0] - p_hi[0], lo[1] - p_hi[1])        # money - p is at least this
    up = (hi[0] - p_lo[0], hi[1] - p_lo[1])          # and at most this
    new_lo = down if _at(down, mid) > 0 else ZERO     # max(x, 0) >= x and >= 0
    u0, u1 = _at(up, e0), _at(up, e1)
    if u0 >= 0 and u1 >= 0:
        new_hi = up
    elif u0 <= 0 and u1 <= 0:
        new_hi = ZERO
    else:                                             # max(up, 0) is convex: under its chord
        new_hi = _chord(e0, max(u0, Fraction(0)), e1, max(u1, Fraction(0)))
    return new_lo, new_hi


def _pay(profile: Profile, classes: dict[str, dict[int, int]], lo: list[Line], hi: list[Line],
         index: dict, group_class: list[int], chosen: str, p_lo: Line, p_hi: Line,
         e0: Fraction, e1: Fraction, mid: Fraction) -> None:
    moved: dict[int, int] = {}
    for k in classes[chosen]:
        bounds = _left_bounds(lo[k], hi[k], p_lo, p_hi, e0, e1, mid)
        moved[k] = index.get(bounds)
        if moved[k] is None:
            moved[k] = index[bounds] = len(lo)
            lo.append(bounds[0])
            hi.append(bounds[1])
    del classes[chosen]
    for g in profile.supporting[chosen]:
        old = group_class[g]
        new = moved.get(old)
        if new is None:
            continue
        group_class[g] = new
        projects, count = profile.groups[g]
        for pid in projects:
            c = classes.get(pid)
            if c is None:
                continue
            c[old] -= count
            if not c[old]:
                del c[old]
            c[new] = c.get(new, 0) + count
