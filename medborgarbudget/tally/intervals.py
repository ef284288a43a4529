"""Proving that one MES outcome holds for every per-voter budget in a range.

add1 raises every voter's budget one unit at a time and reruns MES; on a large election that
is thousands of runs. Instead we take the decisions of one run (which project is bought at
each step) and prove that MES makes the same decisions for every per-voter budget e in
[e0, e1]. Each voter's money is then not one number but a band between two lines in e, lo(e)
<= money(e) <= hi(e), valid on the whole range:

- a price is a decreasing function of the supporters' money, and, for money linear in e, a
  convex function of e (it is the lower edge of the convex set where sum min(m, p) >= cost);
  so the chord through the exact prices at the two ends, with everyone at lo, bounds it from
  above, and the price's linear formula with everyone at hi bounds it from below (the
  formula of the price at e0, tight there, or, where another project's must stay above
  the bought one's and that is not enough, that at the far end too: it is above both);
- what a supporter has left, max(money - p, 0), is convex in e too, so its chord bounds it
  from above, and the line money - p or 0 from below.

If at every step the chosen project's highest possible rho stays below every other project's
lowest (or equal, where the tie-break favours the chosen), and the projects left at the end
stay unaffordable, the decisions are the same throughout, and so is the outcome.

Where such a condition holds at e0 but not at e1, the range is cut where it stops holding,
and the rest is still checked. The bounds that are lines below convex functions touch them
at e0, so every condition is as tight as it can be at e0 and loosens towards e1: a proof
asked for too long a range proves the part near e0, where the outcome still holds.

The condition that cut a range, taken the other way (the bounds swapped), shows where the
outcome surely changes; add1 runs there instead of proving towards it.

The decisions need not be given: ``discover`` takes at each step what MES buys at e0, and
the same checks prove it (a wrong choice cannot pass them at e0), so that where one outcome
ends add1 proves the next without a run to find it.
"""

import heapq
from collections import Counter
from fractions import Fraction
from itertools import compress
from math import ceil, floor, inf
from operator import add, mul

from .fastmes import FixedPoint, settle

#: a line on [e0, e1], held as its values at the two ends (whole 1/scale units); everything
#: certify needs of it is linear, so the two ends decide (above at both = above throughout)
Line = tuple[int, int]


class Shown:
    """What the last proof of an outcome showed, for the next proof of it (add1 proves an
    outcome a piece at a time, each piece within the range of the one before): every
    condition of a proof (a step and another project, or, at step len(decisions), a
    project left out) held over [start, upto], except those in ``short``, each at least up
    to the unit given there. A condition that held over the next proof's whole range needs
    no checking there: most do, and only the steps up to the last that has one that did
    not need their bounds worked out."""

    def __init__(self) -> None:
        self.start = self.upto = Fraction(0)
        self.short: dict[tuple[int, str], Fraction] = {}


def certify(prepared: FixedPoint, decisions: list[str], e0: Fraction, units: int,
            shown: Shown | None = None) -> tuple[int, int | None]:
    """(k, changed): the most whole units k <= ``units`` for which we can show that MES buys
    exactly ``decisions``, in that order, for every per-voter budget in [e0, e0 + k] (-1 if
    not even at e0, which does not mean it is false); and, where the range was cut short,
    the units from e0 within which MES surely buys something else, if the condition that
    cut it shows that (None if not). Where changed is k + 1, the outcome ends where the
    proof does.

    Every condition below is a line over the range, held at its two ends: where one holds at
    e0 but not at the far end, the range is cut where it stops holding, and what is left is
    proved with the bounds of the whole range (they hold on any part of it).

    Money is in whole units of 1/scale (as in fastmes, whose per-profile tables we share),
    and every division rounds the safe way (an upper bound up, a lower bound down), so the
    bounds hold exactly. As in fastmes, voters whose bounds are equal share a class (all do
    at first; those who supported the same projects bought so far do throughout), and
    prices are found from their supporters' classes.

    ``changed`` comes from the same condition taken the other way: with the chosen project's
    price at its lowest and the other's at its highest (the chord of its price with
    everyone at lo, which is convex), where the other then surely has the lower rho, MES
    surely takes it instead, if it has not changed before.

    ``shown``: what the proof before of the same decisions showed (see Shown); it is
    updated with what this one shows, unless this one cannot start."""
    return _prove(prepared, decisions, e0, units, shown)[:2]


def discover(prepared: FixedPoint, e0: Fraction, units: int, shown: Shown
             ) -> tuple[list[str], int, int | None] | None:
    """(decisions, k, changed): certify for the projects MES buys at e0, found on the way
    instead of by a run first (the proof prices the projects a run would, and more); None
    if the proof cannot start at e0 (then a run must say what MES buys there). At each
    step the project with the lowest rho at e0 is taken, by its price with everyone at hi
    (at e0, hi and lo differ only by rounding): were that not MES's choice, the proof of
    it would fail at e0, so what is found is always MES's. ``shown`` is filled in for the
    next proof of these decisions."""
    held, changed, decisions = _prove(prepared, None, e0, units, shown)
    return None if held < 0 else (decisions, held, changed)


def _prove(prepared: FixedPoint, decisions: list[str] | None, e0: Fraction, units: int,
           shown: Shown | None) -> tuple[int, int | None, list[str]]:
    """certify, or with ``decisions`` None, discover: (k, changed, the decisions)."""
    made = [] if decisions is None else decisions
    if not prepared.usable:
        return -1, None, made  # free projects have rho 0 whatever happens: not worth the case
    scale, cost, each, gather = prepared.scale, prepared.cost, prepared.each, prepared.gather
    voters, supporting, key = prepared.voters, prepared.supporting, prepared.keys
    within = [0] * prepared.groups  # the class of each ballot group
    # per class, bounds on what each of its voters has left: lo at e0, lo at e1, hi at e0, e1
    e1 = e0 + units
    lo0, lo1 = [_floor(e0 * scale)], [_floor(e1 * scale)]
    hi0, hi1 = [_ceil(e0 * scale)], [_ceil(e1 * scale)]
    named = {(lo0[0], lo1[0], hi0[0], hi1[0]): 0}  # the class of each four bounds
    live = set(each)  # projects not yet bought and not surely unaffordable
    # per project, as price_below found them last: kept while they hold (prices only rise)
    poor: dict[str, int] = {}
    lower: dict[str, list[Line]] = {}
    limit = units  # what is proved so far, if the steps still to check hold
    changed: int | None = None  # where the condition that set limit surely fails
    cut = None  # (pid, strict): the other project of that condition, if set at this step
    # with what was shown before, the projects whose conditions still need checking here,
    # by step (None: all)
    checks: dict[int, set[str]] | None = None
    if decisions is not None and shown is not None and shown.start <= e0 and e1 <= shown.upto:
        checks = {}
        for (step, pid), upto in shown.short.items():
            if upto < e1:
                checks.setdefault(step, set()).add(pid)
    # the last step with a condition to check
    needed = inf if checks is None else max(checks, default=-1)
    short: dict[tuple[int, str], Fraction] = {}  # what this proof shows
    # discovering: the projects MES may buy next at e0, by a lower bound on their rho there
    # (at first an equal share of the cost; prices only rise), then tie-break; and those
    # whose price_below was found at this step, with their classes
    heap = [] if decisions is not None else [
        ((cost[pid] // voters[pid]) / cost[pid], key[pid], pid) for pid in live]
    heapq.heapify(heap)
    fresh: dict[str, tuple[list[int], list[int]]] = {}

    def done() -> tuple[int, int | None, list[str]]:
        if shown is not None:
            shown.start, shown.upto, shown.short = e0, e1, short
        return limit, changed, made

    def classes(pid: str) -> tuple[list[int], list[int]]:
        """The classes of the project's supporters, and how many of them are in each."""
        if len(lo0) == 1:
            return [0], [voters[pid]]  # before the first is bought, all are in one class
        tally = Counter(each[pid](within))
        return list(tally), list(tally.values())

    def prices(pid: str, counted: tuple[list[int], list[int]]) -> tuple[Line, Line] | None:
        """Lines above and below the price of the project bought: the chord through its
        prices with everyone at lo at the two ends, and (as price_below) everyone at hi,
        those who pay all they have at e0 counted at their money (they are found at lo:
        at e0, lo and hi differ only by rounding); None if they cannot surely afford it at
        both ends."""
        ks, ns = counted
        c = cost[pid]
        ends, capped = [], None
        for lo in (lo0, lo1):
            at = list(map(lo.__getitem__, ks))
            if sum(map(mul, at, ns)) < c:
                return None
            remaining, payers, _least = settle(at, ns, c)
            ends.append(-(-remaining // payers))  # rounded up
            if capped is None:
                capped = _capped(at, remaining, payers)
        at0, at1 = list(map(hi0.__getitem__, ks)), list(map(hi1.__getitem__, ks))
        return (ends[0], ends[1]), line_below(pid, ns, capped, at0, at1)

    def beaten(other: str, strict: bool, p_los: list[Line], c: int) -> int | None:
        """The first unit of the range at which ``other`` surely has a lower rho than the
        project chosen at this step (price above each of ``p_los``, cost c), or as low where
        ``strict``; None if nowhere. From the first unit where its supporters surely can
        afford it, its price is below the chord through its prices with everyone at lo."""
        ks, ns = classes(other)
        cx = cost[other]
        lows0, lows1 = list(map(lo0.__getitem__, ks)), list(map(lo1.__getitem__, ks))
        least0, least1 = sum(map(mul, lows0, ns)), sum(map(mul, lows1, ns))
        if least1 < cx:  # their money at lo is a line: short at both ends, short throughout
            return None
        # where their money at lo reaches the cost; lo there, rounded down per class, may
        # still fall short: then a unit on (at the far end it is lows1: enough)
        start = 0 if least0 >= cx else -(-(cx - least0) * units // (least1 - least0))
        while True:
            at = [(a * (units - start) + b * start) // units for a, b in zip(lows0, lows1)
                  ] if start else lows0
            if sum(map(mul, at, ns)) >= cx:
                break
            start += 1
        remaining, payers, _least = settle(at, ns, cx)
        first = Fraction(-(-remaining // payers))  # prices rounded up
        remaining, payers, _least = settle(lows1, ns, cx)
        last = Fraction(-(-remaining // payers))

        def gap(t: int, p_lo: Line) -> Fraction:  # other's rho over the chosen one's, x costs
            dearest = first + (last - first) * (t - start) / (units - start) if t > start else first
            return dearest * c - (p_lo[0] + Fraction(p_lo[1] - p_lo[0]) * t / units) * cx

        found = None
        for p_lo in p_los:  # the chosen one's price is above each
            g0, g1 = gap(start, p_lo), gap(units, p_lo)
            if g0 < 0 or (strict and g0 == 0):
                return start
            if g1 > 0 or (not strict and g1 == 0):
                continue
            zero = start + g0 * (units - start) / (g0 - g1)  # where the gap reaches 0
            first_unit = ceil(zero) if strict else floor(zero) + 1
            found = first_unit if found is None else min(found, first_unit)
        return found

    def highest(counted: tuple[list[int], list[int]]) -> tuple[list[int], list[int], Line]:
        """Per class, hi at the two ends; and what the supporters have at most, together,
        at the two ends."""
        ks, ns = counted
        at0, at1 = list(map(hi0.__getitem__, ks)), list(map(hi1.__getitem__, ks))
        return at0, at1, (sum(map(mul, at0, ns)), sum(map(mul, at1, ns)))

    def line_below(pid: str, ns: list[int], capped: list[bool], at0: list[int],
                   at1: list[int]) -> Line:
        """A line below the project's price over the range: everyone at hi (``at0``,
        ``at1``), the classes ``capped`` counted at their money, the rest at p. (For any
        set S of supporters, cost <= sum over S of money + p * the others; S is best taken
        as those under the price somewhere in the range, where the line is then tight.)"""
        c, everyone = cost[pid], voters[pid]
        payers = everyone - sum(compress(ns, capped))
        paid0 = sum(map(mul, compress(at0, capped), compress(ns, capped)))
        paid1 = sum(map(mul, compress(at1, capped), compress(ns, capped)))
        return (c - paid0) // payers, (c - paid1) // payers

    def price_below(pid: str, counted: tuple[list[int], list[int]]) -> tuple[int, Line] | None:
        """(poor, below): the units over which the project is surely unaffordable, even at
        hi (-1 if it may be affordable at e0), and a line below its price wherever it is
        affordable (line_below, those under the price at e0 or, if it is unaffordable
        there, at the middle of the range counted at their money, tight at e0).
        None if it is surely unaffordable throughout (and later too: money only goes down)."""
        c, everyone = cost[pid], voters[pid]
        ks, ns = counted
        at0, at1 = list(map(hi0.__getitem__, ks)), list(map(hi1.__getitem__, ks))
        most0 = sum(map(mul, at0, ns))
        if most0 >= c:  # tight at e0: the range is cut from the far end
            if len(ns) == 1:  # all have the same money: all pay equal shares
                return -1, (c // everyone, c // everyone)
            return -1, line_below(pid, ns, _capped_at(at0, ns, c), at0, at1)
        most1 = sum(map(mul, at1, ns))
        poor = _holds(c - most0, c - most1, True, units)
        if poor == units:
            return None
        if len(ns) == 1 or most0 + most1 < 2 * c:
            return poor, (c // everyone, c // everyone)  # p >= cost / supporters, always
        mid = list(map(add, at0, at1))  # twice the middle: halves cancel
        return poor, line_below(pid, ns, _capped_at(mid, ns, 2 * c), at0, at1)

    def price_far(pid: str, counted: tuple[list[int], list[int]]) -> Line | None:
        """A line below the project's price, tight at the far end (line_below, those under
        the price there counted at their money); None if it may be unaffordable there,
        or if all its supporters have the same money (price_below's line is as good)."""
        ks, ns = counted
        at1 = list(map(hi1.__getitem__, ks))
        if len(ns) == 1 or sum(map(mul, at1, ns)) < cost[pid]:
            return None
        capped = _capped_at(at1, ns, cost[pid])
        return line_below(pid, ns, capped, list(map(hi0.__getitem__, ks)), at1)

    def choose() -> str | None:
        """The project MES buys next at e0, going by its price there with everyone at hi;
        None if none can be afforded at e0."""
        best, seen = None, []
        while heap and (best is None or heap[0][0] <= best[0]):
            pid = heapq.heappop(heap)[2]
            if pid not in live:
                continue
            fresh[pid] = theirs = classes(pid)
            found = price_below(pid, theirs)
            if found is None:
                live.discard(pid)
                continue
            poor[pid], near = found
            lower[pid] = [near]
            if poor[pid] >= 0:
                continue  # unaffordable at e0, and ever after at e0
            entry = (near[0] / cost[pid], key[pid], pid)
            seen.append(entry)
            if best is None or entry < best:
                best = entry
        for entry in seen:
            if entry is not best:
                heapq.heappush(heap, entry)
        return None if best is None else best[2]

    step = -1
    while True:
        step += 1
        if decisions is None:
            chosen = choose()
            if chosen is None:
                break
            made.append(chosen)
        elif step == len(decisions):
            break
        elif step > needed:
            return done()  # every condition still to check held before
        else:
            chosen = decisions[step]
            if chosen not in live:
                return -1, None, made
        c = cost[chosen]
        counted = ks, ns = fresh.get(chosen) or classes(chosen)  # they move once it is bought
        found = prices(chosen, counted)  # the price is convex in e: under the chord
        if found is None:  # not surely affordable at the far end: prove less, afresh
            least = [sum(map(mul, map(lo.__getitem__, ks), ns)) for lo in (lo0, lo1)]
            shorter = _holds(least[0] - c, least[1] - c, False, units)
            if shorter < 0:
                return -1, None, made
            _at0, _at1, (most0, most1) = highest(counted)
            held, changed, made = _prove(prepared, decisions, e0, shorter, shown)
            if held < shorter:
                return held, changed, made
            # surely unaffordable where even hi falls short
            poorer = _holds(most0 - c, most1 - c, False, units)
            return held, (poorer + 1 if poorer < units else None), made
        p_hi, p_lo = found
        live.discard(chosen)
        for pid in list(live) if checks is None else list(live.intersection(checks.get(step, ()))):
            strict = key[pid] < key[chosen]  # on a tie pid would win: it must stay above
            if pid in lower:
                held = _stays_above(lower[pid], poor[pid], cost[pid], p_hi, c, strict, units)
                if held >= limit:
                    if held < units:
                        short[step, pid] = e0 + held
                    continue
            if pid in fresh:  # choose found its price_below at this step
                theirs = fresh[pid]
            else:
                theirs = classes(pid)
                found = price_below(pid, theirs)
                if found is None:
                    live.discard(pid)  # and it stays so
                    continue
                poor[pid], near = found
                lower[pid] = [near]
                held = _stays_above(lower[pid], poor[pid], cost[pid], p_hi, c, strict, units)
            if held < limit:  # the price is convex: a line tight at the far end may do
                far = price_far(pid, theirs)
                if far is not None:
                    lower[pid].append(far)
                    held = _stays_above(lower[pid], poor[pid], cost[pid], p_hi, c, strict,
                                        units)
            if held < units:
                short[step, pid] = e0 + held
            if held < limit:
                limit, cut = held, (pid, strict)
            if limit < 0:
                return -1, None, made
        h0, h1, l0, l1 = p_hi[0], p_hi[1], p_lo[0], p_lo[1]
        if cut is not None:
            p_los = [p_lo]
            if len(ns) > 1:  # and one tight at the far end
                at0, at1, _most = highest(counted)
                p_los.append(line_below(chosen, ns, _capped_at(at1, ns, c), at0, at1))
            changed = beaten(*cut, p_los, c)
            cut = None
        before, after = gather[chosen](within), {}
        for k in set(before):
            # left = max(money - p, 0): at least lo - p_hi (where that is positive at e0,
            # and below 0 where it ends) or else 0; at most hi - p_lo, or the chord of
            # max(hi - p_lo, 0) (convex). Both are tight at e0
            d0 = lo0[k] - h0
            d1 = lo1[k] - h1 if d0 > 0 else 0
            if d0 < 0:
                d0 = 0
            u0, u1 = hi0[k] - l0, hi1[k] - l1
            if u0 < 0:
                u0 = 0
            if u1 < 0:
                u1 = 0
            bounds = (d0, d1, u0, u1)
            new = named.get(bounds)
            if new is None:
                new = named[bounds] = len(lo0)
                lo0.append(d0)
                lo1.append(d1)
                hi0.append(u0)
                hi1.append(u1)
            after[k] = new
        list(map(within.__setitem__, supporting[chosen], map(after.__getitem__, before)))
        fresh.clear()  # (what choose found at the last step, the check below may use)
    for pid in live if checks is None else live.intersection(checks.get(step, ())):
        # what is left must stay unaffordable, even at hi
        counted = fresh.get(pid) or classes(pid)
        _at0, _at1, (most0, most1) = highest(counted)
        held = _holds(cost[pid] - most0, cost[pid] - most1, True, units)
        if held < units:
            short[step, pid] = e0 + held
        if held < limit:
            # surely affordable, and so bought, where even lo is enough
            least = [sum(map(mul, map(lo.__getitem__, counted[0]), counted[1]))
                     for lo in (lo0, lo1)]
            richer = _holds(cost[pid] - least[0], cost[pid] - least[1], True, units)
            limit, changed = held, (richer + 1 if richer < units else None)
    return done()


def _capped(money: list[int], remaining: int, payers: int) -> list[bool]:
    """Per class, whether its voters pay all they have: settle's remaining and payers give
    the price (remaining / payers), and they have less than it."""
    below = (remaining - 1) // payers  # the most money of those who pay all they have
    return list(map(below.__ge__, money))


def _capped_at(money: list[int], counts: list[int], cost: int) -> list[bool]:
    """_capped for classes that together have at least the cost (``counts`` in each)."""
    return _capped(money, *settle(money, counts, cost)[:2])


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _ceil(x: Fraction) -> int:
    return -(-x.numerator // x.denominator)


def _above(f: Line, f_cost: int, g: Line, g_cost: int, strict: bool, units: int) -> int:
    """How many units of the range rho f/f_cost stays above rho g/g_cost (see _holds)."""
    return _holds(f[0] * g_cost - g[0] * f_cost, f[1] * g_cost - g[1] * f_cost, strict, units)


def _stays_above(lines: list[Line], poor: int, f_cost: int, g: Line, g_cost: int,
                 strict: bool, units: int) -> int:
    """How many units of the range a project's rho stays above rho g/g_cost (see _holds):
    where it is surely unaffordable (``poor`` units), or where its price is above one of
    ``lines``, the first from e0 on, the second (if any) up to the far end."""
    held = max(poor, _above(lines[0], f_cost, g, g_cost, strict, units))
    if len(lines) == 2 and held < units:
        f = lines[1]
        back = _holds(f[1] * g_cost - g[1] * f_cost, f[0] * g_cost - g[0] * f_cost, strict,
                      units)
        if back >= 0 and units - back <= held + 1:
            return units
    return held


def _holds(d0: int, d1: int, strict: bool, units: int) -> int:
    """The most whole units k <= units over which the line from d0 (at 0) to d1 (at units)
    stays above 0 (``strict``) or at 0 or above; -1 if not even at 0."""
    if d0 < 0 or (strict and d0 == 0):
        return -1
    if d1 > 0 or (not strict and d1 == 0):
        return units
    drop = d0 - d1  # > 0: d(k) = d0 - k * drop / units
    return (d0 * units - 1) // drop if strict else d0 * units // drop
