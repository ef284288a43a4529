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
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

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
        self.supporting = supporting(self.groups, election.projects)
        self.supporters = {pid: sum(self.groups[g][1] for g in gs)
                           for pid, gs in self.supporting.items()}
        self.cost = {pid: p.cost for pid, p in election.projects.items()}


def supporting(groups: list[tuple[tuple[str, ...], int]],
               projects: Iterable[str]) -> dict[str, list[int]]:
    """Per project, the indices of the ballot groups that support it."""
    found: dict[str, list[int]] = {pid: [] for pid in projects}
    for g, (chosen, _n) in enumerate(groups):
        for pid in chosen:
            found[pid].append(g)
    return found


def settle(classes: Iterable[tuple[Any, int]], payers: int, cost: Any) -> tuple[Any, int, Any]:
    """(remaining, payers, least) for supporters in classes, given from the poorest up as
    (money each, how many), ``payers`` of them in all, who together have at least the cost:
    the price p with sum min(m, p) = cost is remaining / payers, and the payers have least
    or more each (the classes before pay all they have). Exact or fixed point alike."""
    for least, n in classes:
        if least * payers >= cost:
            return cost, payers, least
        cost, payers = cost - least * n, payers - n
    raise ValueError("the supporters cannot afford the cost")


def price(classes: dict[int, int], money: list[Fraction], approx: list[float],
          cost: Fraction) -> Fraction | None:
    """The least p with sum over supporters of min(money, p) == cost; None if they cannot.

    ``approx`` holds each class's money as a float: floats order and sum quickly, and where
    they cannot decide (values too close) the exact Fractions do."""
    # float() never reverses an order, so (float, exact) sorts exactly, comparing Fractions
    # only where the floats are equal
    items = sorted((approx[k], money[k], n) for k, n in classes.items() if n)
    rough = sum(f * n for f, _m, n in items)
    if rough < float(cost) * (1 - 1e-9) or (
            rough <= float(cost) * (1 + 1e-9) and sum(m * n for _f, m, n in items) < cost):
        return None
    remaining, payers, _least = settle(((m, n) for _f, m, n in items),
                                       sum(n for _f, _m, n in items), cost)
    return remaining / payers


def mes(profile: Profile, tiebreak: TieBreak, voter_budget: Fraction | None = None,
        rule: str = "mes") -> Outcome:
    """One run of MES in which every voter starts with ``voter_budget`` (default B/n)."""
    election = profile.election
    n = profile.num_voters
    if n == 0:  # no voters, nothing chosen
        return Outcome(rule=rule, selected=[], total_cost=Fraction(0))
    start = Fraction(election.budget, n) if voter_budget is None else Fraction(voter_budget)
    outcome = Outcome(rule=rule, selected=[], total_cost=Fraction(0),
                      details={"voter_budget": start})
    money = [start]                        # per class: what each of its voters has left
    approx = [float(start)]                # the same as floats, to sort and sum quickly
    index = {(start.numerator, start.denominator): 0}  # and the class of each amount
    group_class = [0] * len(profile.groups)
    classes = {pid: ({0: profile.supporters[pid]} if profile.supporters[pid] else {})
               for pid in election.projects}
    cost = profile.cost
    # candidates ordered by a lower bound on ρ (ρ only grows as voters spend), then tie-break
    heap = [(Fraction(0), tiebreak.key(pid), pid) for pid in election.projects
            if profile.supporters[pid]]
    heapq.heapify(heap)
    while heap:
        best, seen = None, []
        while heap and (best is None or heap[0][0] <= best[0]):
            _lb, key, pid = heapq.heappop(heap)
            p = price(classes[pid], money, approx, cost[pid])
            if p is None:
                classes[pid] = None  # its supporters cannot afford it, and never will again
                continue
            rho = p / cost[pid] if cost[pid] else Fraction(0)
            seen.append((rho, key, pid, p))
            if best is None or (rho, key) < best[:2]:
                best = (rho, key, pid, p)
        if best is None:
            break
        rho, _key, chosen, p = best
        for entry in seen:
            if entry[2] != chosen:
                heapq.heappush(heap, entry[:3])
        tied = [e[2] for e in seen if e[0] == rho]
        step = len(outcome.selected)
        if len(tied) > 1:
            outcome.ties.append(Tie(step, sorted(tied, key=tiebreak.key), chosen,
                                    tiebreak.explain(chosen, [t for t in tied if t != chosen])))
        _pay(profile, classes, money, approx, index, group_class, chosen, p)
        outcome.selected.append(chosen)
        outcome.total_cost += cost[chosen]
        outcome.steps.append(Step(chosen, True, Fraction(profile.supporters[chosen]),
                                  cost[chosen], outcome.total_cost, price=p, rho=rho,
                                  effective_votes=1 / rho if rho else None))
    return outcome


def _pay(profile: Profile, classes: dict[str, dict[int, int] | None], money: list[Fraction],
         approx: list[float], index: dict[tuple[int, int], int], group_class: list[int],
         chosen: str, p: Fraction) -> None:
    """The supporters of ``chosen`` pay min(money, p), and move to the class of what they have
    left (voters with the same money are alike from now on, whatever they paid for)."""
    moved: dict[int, int] = {}
    for k in classes[chosen]:
        left = money[k] - p if money[k] > p else Fraction(0)
        key = (left.numerator, left.denominator)  # hashing two ints beats hashing a Fraction
        moved[k] = index.get(key)
        if moved[k] is None:
            moved[k] = index[key] = len(money)
            money.append(left)
            approx.append(float(left))
    groups = profile.groups
    for g in profile.supporting[chosen]:
        old = group_class[g]
        new = moved[old]
        group_class[g] = new
        projects, count = groups[g]
        for pid in projects:
            c = classes[pid]
            if c is None:
                continue  # already bought
            left = c[old] - count
            if left:
                c[old] = left
            else:
                del c[old]
            c[new] = c.get(new, 0) + count
    classes[chosen] = None
