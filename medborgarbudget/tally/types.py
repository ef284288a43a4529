"""The engine's data: an election in, an outcome with its explanation out."""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

#: the kinds of ballot Pabulib knows
VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")


@dataclass(frozen=True)
class Project:
    id: str
    #: exact, in the election's currency (whole kronor in our own rounds)
    cost: Fraction
    name: str = ""
    #: the file's other columns, kept for writing the file back
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Election:
    budget: Fraction
    #: in the order the file lists them
    projects: dict[str, Project]
    #: one tuple of project ids per voter; for ordinal ballots in rank order, best first
    ballots: list[tuple[str, ...]]
    vote_type: str = "approval"
    #: for cumulative and scoring ballots: the points, parallel to ``ballots``
    points: list[tuple[Fraction, ...]] | None = None
    #: the file's META section, and per voter its id and other columns
    meta: dict[str, str] = field(default_factory=dict)
    voter_ids: list[str] = field(default_factory=list)
    voter_extra: list[dict[str, str]] = field(default_factory=list)

    @property
    def num_voters(self) -> int:
        return len(self.ballots)

    def supporters(self) -> dict[str, int]:
        """How many voters chose each project (every project, zero included)."""
        counts = dict.fromkeys(self.projects, 0)
        for ballot in self.ballots:
            for project_id in ballot:
                counts[project_id] += 1
        return counts


@dataclass
class Tie:
    """Projects that stood exactly equal at a step, and how the tie was broken."""

    step: int
    projects: list[str]
    winner: str
    #: the rule that decided: "lower cost", "more votes", "lot", or "lexicographic"
    broken_by: str

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.step, "projects": self.projects, "winner": self.winner,
                "broken_by": self.broken_by}


@dataclass
class Step:
    """One project considered in order: selected or not, with the numbers that decided."""

    project: str
    selected: bool
    #: votes (greedy) or supporters (MES)
    votes: Fraction
    cost: Fraction
    #: the budget spent after this step
    total_cost: Fraction
    #: MES: what each supporter who can afford it pays; that price per unit of utility (ρ,
    #: with cost utilities price/cost); and 1/ρ, the effective number of votes
    price: Fraction | None = None
    rho: Fraction | None = None
    effective_votes: Fraction | None = None
    #: why a project was passed over: "over budget", "below threshold", "stopped"
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = {"project": self.project, "selected": self.selected, "votes": str(self.votes),
             "cost": decimal_str(self.cost), "total_cost": decimal_str(self.total_cost)}
        if self.rho is not None:
            d["price_per_voter"] = str(self.price)
            d["rho"] = str(self.rho)
            d["effective_votes"] = str(self.effective_votes)
        if self.reason:
            d["reason"] = self.reason
        return d


@dataclass
class Outcome:
    rule: str
    #: in the order they were selected
    selected: list[str]
    total_cost: Fraction
    steps: list[Step] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    #: rule-specific facts, e.g. the final per-voter budget of MES add1
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "selected": self.selected,
                "total_cost": decimal_str(self.total_cost),
                "ties": [t.as_dict() for t in self.ties],
                "steps": [s.as_dict() for s in self.steps],
                "details": {k: str(v) if isinstance(v, Fraction) else v
                            for k, v in self.details.items()}}


def decimal_str(value: Fraction) -> str:
    """An exact decimal: '2458488.22'; a value with no finite decimal stays a fraction."""
    if value.denominator == 1:
        return str(value.numerator)
    d, twos, fives = value.denominator, 0, 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return str(value)
    places = max(twos, fives)
    scaled = value * 10**places
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"
