"""The Method of Equal Shares with cost utilities, and its add1 completion.

Each voter gets an equal part of the budget. A project is bought by its supporters; the one
whose supporters can buy it at the lowest price per unit of utility (ρ) goes first, and its
supporters pay min(their money, ρ·cost) each. With cost utilities (pabutools' Cost_Sat) a
supporter's utility is the project's cost, so ρ·cost is the price per supporter and 1/ρ the
number of "effective votes": all supporters, as long as each can pay an equal share.

Arithmetic is exact. Voters with the same ballot always have the same money, and voters with
the same money are alike from then on, so a project's supporters are kept as a few classes (one
per amount of money left) with a count each: a price costs a few operations per class, not per
voter.
"""

import heapq
from collections import Counter
from fractions import Fraction
from math import floor

from .tiebreak import TieBreak
from .types import Election, Outcome, Step, Tie


class Profile:
    """The ballots grouped for MES: identical ballots (as sets of projects) counted once."""

    def __init__(self, election: Election) -> None:
        groups = Counter(frozenset(b) for b in election.ballots)
        self.election = election
        self.num_voters = election.num_voters
        self.groups = [(tuple(sorted(g)), n) for g, n in groups.items()]
        #: per project, the groups that support it
        self.supporting: dict[str, list[int]] = {pid: [] for pid in election.projects}
        for gi, (projects, _n) in enumerate(self.groups):
            for pid in projects:
                self.supporting[pid].append(gi)
        self.supporters = {pid: sum(self.groups[g][1] for g in gs)
                           for pid, gs in self.supporting.items()}
        self.cost = {pid: p.cost for pid, p in election.projects.items()}


Linear = tuple[Fraction, Fraction]
ZERO: Linear = (Fraction(0), Fraction(0))


class Bound:
    """While MES runs at per-voter budget e0, collects the least e >= e0 at which one of its
    decisions could come out differently. Every amount is then also kept as a linear function
    a + b·e of the per-voter budget; each decision holds while some such function stays
    non-negative, which fails at most at its root."""

    def __init__(self, e0: Fraction) -> None:
        self.e0 = e0
        self.at: Fraction | None = None

    def holds_while_nonnegative(self, f: Linear) -> None:
        a, b = f
        if b < 0:
            root = -a / b
            if self.at is None or root < self.at:
                self.at = max(root, self.e0)


def _sub(f: Linear, g: Linear) -> Linear:
    return (f[0] - g[0], f[1] - g[1])


def price(classes: dict[int, int], money: list[Fraction], cost: Fraction,
          lines: list[Linear] | None = None, bound: Bound | None = None):
    """The least p with sum over supporters of min(money, p) == cost, or None if they cannot.

    With ``bound``, also the price as a linear function of the per-voter budget (exact at the
    budget the run is at, a lower bound at others) and the set of classes that pay all they
    have (for which money <= p)."""
    items = sorted((money[k], k, n) for k, n in classes.items() if n)
    total = sum(m * n for m, _k, n in items)
    if bound is not None:
        total_line = (sum(lines[k][0] * n for _m, k, n in items),
                      sum(lines[k][1] * n for _m, k, n in items))
        slack = _sub(total_line, (cost, Fraction(0)))
        bound.holds_while_nonnegative(slack if total >= cost else (-slack[0], -slack[1]))
    if total < cost:
        return None
    remaining, payers = cost, sum(n for _m, _k, n in items)
    capped = 0
    for m, _k, n in items:
        if m * payers >= remaining:
            break
        remaining -= m * n
        payers -= n
        capped += 1
    p = remaining / payers
    if bound is None:
        return p, None, None
    capped_keys = {k for _m, k, _n in items[:capped]}
    paid_a = sum(lines[k][0] * n for _m, k, n in items[:capped])
    paid_b = sum(lines[k][1] * n for _m, k, n in items[:capped])
    # exact at e0; for other budgets a lower bound on the price (those who pay all they have
    # are counted at their money, the others at p: never more than they really pay)
    p_line = ((cost - paid_a) / payers, -paid_b / payers)
    return p, p_line, capped_keys


def _exact_while(bound: Bound, classes: dict[int, int], lines: list[Linear], p_line: Linear,
                 capped: set[int]) -> None:
    """The price line is exact while every class stays on its side of p: the budget at which
    one crosses over is where the chosen project's payments could change."""
    for k, n in classes.items():
        if n:
            bound.holds_while_nonnegative(_sub(p_line, lines[k]) if k in capped
                                          else _sub(lines[k], p_line))


def mes(profile: Profile, tiebreak: TieBreak, voter_budget: Fraction | None = None,
        rule: str = "mes", bound: Bound | None = None) -> Outcome:
    """One run of MES in which every voter starts with ``voter_budget`` (default B/n).

    With ``bound`` (a Bound at the same budget), also find where the outcome may change."""
    election = profile.election
    n = profile.num_voters
    if n == 0:  # no voters, nothing chosen
        return Outcome(rule=rule, selected=[], total_cost=Fraction(0))
    start = Fraction(election.budget, n) if voter_budget is None else Fraction(voter_budget)
    outcome = Outcome(rule=rule, selected=[], total_cost=Fraction(0),
                      details={"voter_budget": start})
    tracking = bound is not None
    money = [start]                        # per class: what each of its voters has left
    lines = [(Fraction(0), Fraction(1))]   # the same, as a function of the per-voter budget
    index = {lines[0] if tracking else start: 0}  # the class of each amount
    group_class = [0] * len(profile.groups)
    classes = {pid: ({0: profile.supporters[pid]} if profile.supporters[pid] else {})
               for pid in election.projects}
    cost = profile.cost
    lower: dict[str, Linear] = {}          # tracking: each candidate's lower bound on rho
    # candidates ordered by a lower bound on ρ (ρ only grows as voters spend), then tie-break
    heap = [(Fraction(0), tiebreak.key(pid), pid) for pid in election.projects
            if profile.supporters[pid]]
    heapq.heapify(heap)
    while heap:
        best, seen = None, []
        while heap and (best is None or heap[0][0] <= best[0]):
            _lb, key, pid = heapq.heappop(heap)
            found = price(classes[pid], money, cost[pid], lines, bound)
            if found is None:
                continue  # its supporters can no longer afford it, and never will again
            p, p_line, capped = found
            c = cost[pid]
            rho = p / c if c else Fraction(0)
            rho_line = (p_line[0] / c, p_line[1] / c) if tracking and c else ZERO
            entry = (rho, key, pid, p, p_line, capped, rho_line)
            seen.append(entry)
            if best is None or (rho, key) < best[:2]:
                best = entry
        if best is None:
            break
        rho, _key, chosen, p, p_line, capped, rho_line = best
        if tracking:
            # the others' price lines are lower bounds, enough to show they stay behind;
            # the chosen one's must be exact, for what its supporters pay
            _exact_while(bound, classes[chosen], lines, p_line, capped)
        for entry in seen:
            if entry[2] != chosen:
                heapq.heappush(heap, entry[:3])
                if tracking:
                    lower[entry[2]] = entry[6]
                    bound.holds_while_nonnegative(_sub(entry[6], rho_line))
        if tracking:
            evaluated = {e[2] for e in seen}
            for _lb, _key, pid in heap:
                if pid not in evaluated:  # not looked at: its lower bound stayed above rho
                    bound.holds_while_nonnegative(_sub(lower[pid], rho_line))
        tied = [e[2] for e in seen if e[0] == rho]
        step = len(outcome.selected)
        if len(tied) > 1:
            outcome.ties.append(Tie(step, sorted(tied, key=tiebreak.key), chosen,
                                    tiebreak.explain(chosen, [t for t in tied if t != chosen])))
        _pay(profile, classes, money, lines, index, group_class, chosen, p, p_line, capped)
        outcome.selected.append(chosen)
        outcome.total_cost += cost[chosen]
        outcome.steps.append(Step(chosen, True, Fraction(profile.supporters[chosen]),
                                  cost[chosen], outcome.total_cost, price=p, rho=rho,
                                  effective_votes=1 / rho if rho else None))
    return outcome


def _pay(profile: Profile, classes: dict[str, dict[int, int] | None], money: list[Fraction],
         lines: list[Linear], index: dict, group_class: list[int], chosen: str, p: Fraction,
         p_line: Linear | None, capped: set[int] | None) -> None:
    """The supporters of ``chosen`` pay min(money, p), and move to the class of what they have
    left (voters with the same money are alike from now on, whatever they paid for)."""
    moved: dict[int, int] = {}
    for k in classes[chosen]:
        if p_line is None:
            left = money[k] - p if money[k] > p else Fraction(0)
            key, line = left, ZERO
        elif k in capped:
            left, key, line = Fraction(0), ZERO, ZERO
        else:
            left = money[k] - p
            key = line = _sub(lines[k], p_line)
        moved[k] = index.get(key)
        if moved[k] is None:
            moved[k] = index[key] = len(money)
            money.append(left)
            lines.append(line)
    for g in profile.supporting[chosen]:
        old = group_class[g]
        new = moved[old]
        group_class[g] = new
        projects, count = profile.groups[g]
        for pid in projects:
            c = classes[pid]
            if c is None:
                continue  # already bought
            c[old] -= count
            if not c[old]:
                del c[old]
            c[new] = c.get(new, 0) + count
    classes[chosen] = None


def is_exhaustive(election: Election, selected: list[str], total: Fraction) -> bool:
    """No project left out would still fit in the budget."""
    chosen = set(selected)
    return all(total + p.cost > election.budget
               for pid, p in election.projects.items() if pid not in chosen)


#: add1 tries to prove an outcome holds only once it has held for this many units
PROOF_WORTH = 4


def mes_add1(profile: Profile, tiebreak: TieBreak, start: str = "exact",
             stop_at_exhaustive: bool = True, jump: bool = True) -> Outcome:
    """MES, then again with every voter's budget one unit higher, and again, while the outcome
    still fits the budget; with ``stop_at_exhaustive``, also stop at the first exhaustive one.

    ``start``: "exact" starts each voter at B/n (pabutools), "floor" at floor(B/n) whole units
    (as cities do). With ``jump``, instead of running MES at every unit, we prove (see
    intervals.certify) over how many units the outcome stays the same, and run MES again only
    at the first unit beyond: the same result as stepping one unit at a time (tests check),
    in far fewer runs."""
    from .intervals import certify

    election = profile.election
    n = profile.num_voters
    rule = f"mes-add1{'' if stop_at_exhaustive else '-noexh'}"
    if n == 0:
        return mes(profile, tiebreak, rule=rule)  # no voters, nothing chosen
    e = Fraction(election.budget, n) if start == "exact" else Fraction(floor(election.budget / n))
    outcome = mes(profile, tiebreak, e, rule=rule)
    runs, proofs, span = 1, 0, 1
    supported = {pid for pid, s in profile.supporters.items() if s}
    while True:
        if stop_at_exhaustive and is_exhaustive(election, outcome.selected, outcome.total_cost):
            break
        if supported <= set(outcome.selected):
            break  # nothing more can be bought, however much money voters get
        same = 0  # units beyond e over which the outcome is proved unchanged
        if jump and span >= PROOF_WORTH:
            # a proof costs about one run: gallop (double, then halve) only while the
            # outcome has lately held for several units; otherwise stepping is cheaper
            step, growing = span, True
            while step >= 1:
                proofs += 1
                if certify(profile, tiebreak, outcome.selected, e, e + same + step):
                    same += step
                    step = step * 2 if growing else step // 2
                else:
                    growing, step = False, step // 2
                    if step < PROOF_WORTH:
                        break
        following = mes(profile, tiebreak, e + same + 1, rule=rule)
        runs += 1
        if following.total_cost > election.budget:
            e += same  # the last budget at which the outcome (this one) still fitted
            break
        unchanged = following.selected == outcome.selected
        span = max(span, same + 1) * 2 if unchanged else max(1, (same + 1) // 2)
        outcome, e = following, e + same + 1
    outcome.details.update(voter_budget=e, mes_runs=runs, proofs=proofs)
    return outcome
