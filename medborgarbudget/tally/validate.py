"""The one check of a ballot against its district's rule.

The ballot form, the casting service, paper-ballot entry and the tally's input all call
``check_ballot``, so that a ballot is valid in one place or in none.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class BallotRule:
    """What a ballot in one district may hold.

    knapsack: projects whose total cost is within ``budget``, at least ``min_projects`` (1 if
    unset) and at most ``max_projects`` (no limit if unset). approval: 1 to ``k`` projects."""

    kind: str
    budget: int | Fraction
    min_projects: int | None = None
    max_projects: int | None = None
    k: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("knapsack", "approval"):
            raise ValueError(f"unknown ballot rule {self.kind!r}")
        if self.kind == "approval" and not (self.k and self.k >= 1):
            raise ValueError("an approval ballot needs k >= 1")

    @property
    def least(self) -> int:
        return self.min_projects or 1 if self.kind == "knapsack" else 1

    @property
    def most(self) -> int | None:
        return self.max_projects if self.kind == "knapsack" else self.k


@dataclass(frozen=True)
class Problem:
    """Why a ballot is not valid: ``code`` is one of CODES; ``detail`` gives the numbers."""

    code: str
    detail: dict = field(default_factory=dict)


#: unknown_project (not on this district's ballot), duplicate, too_few, too_many, over_budget
CODES = ("unknown_project", "duplicate", "too_few", "too_many", "over_budget")


def check_ballot(choices: Iterable[str], costs: Mapping[str, int | Fraction],
                 rule: BallotRule) -> list[Problem]:
    """Every problem with a ballot choosing ``choices`` among projects with ``costs``; an
    empty list if it is valid."""
    chosen = list(choices)
    problems = []
    unknown = [pid for pid in chosen if pid not in costs]
    if unknown:
        problems.append(Problem("unknown_project", {"projects": unknown}))
    if len(set(chosen)) != len(chosen):
        problems.append(Problem("duplicate"))
    count = len(set(chosen))
    if count < rule.least:
        problems.append(Problem("too_few", {"least": rule.least, "count": count}))
    if rule.most is not None and count > rule.most:
        problems.append(Problem("too_many", {"most": rule.most, "count": count}))
    if rule.kind == "knapsack":
        total = sum(costs[pid] for pid in set(chosen) if pid in costs)
        if total > rule.budget:
            problems.append(Problem("over_budget", {"total": total, "budget": rule.budget,
                                                    "over": total - rule.budget}))
    return problems
