"""Breaking exact ties between projects, explicitly and reproducibly."""

import hashlib
from abc import ABC, abstractmethod
from fractions import Fraction

from .types import Election


class TieBreak(ABC):
    """An order on projects for when the rule finds them exactly equal.

    ``key(project_id)`` sorts the preferred project first; ``explain`` says which criterion
    decided between the winner and the runner-up."""

    criteria: tuple[str, ...] = ()

    @abstractmethod
    def key(self, project_id: str) -> tuple:
        """Smaller sorts first: the preferred project."""

    def explain(self, winner: str, others: list[str]) -> str:
        """The first criterion on which the winner beats the best of the others."""
        runner_up = min(others, key=self.key)
        for name, a, b in zip(self.criteria, self.key(winner), self.key(runner_up)):
            if a != b:
                return name
        return self.criteria[-1]


class Lexicographic(TieBreak):
    """pabutools' default: the smallest project id, compared as strings. For cross-checks."""

    criteria = ("lexicographic",)

    def key(self, project_id: str) -> tuple:
        return (project_id,)


class CostVotesLot(TieBreak):
    """Our default: the lower cost, then more votes, then a lot drawn from a published seed."""

    criteria = ("lower cost", "more votes", "lot")

    def __init__(self, election: Election, votes: dict[str, Fraction | int], seed: str) -> None:
        self.cost = {pid: p.cost for pid, p in election.projects.items()}
        self.votes = votes
        self.seed = seed

    def lot(self, project_id: str) -> str:
        return hashlib.sha256(f"{self.seed}\x00{project_id}".encode()).hexdigest()

    def key(self, project_id: str) -> tuple:
        return (self.cost[project_id], -self.votes.get(project_id, 0), self.lot(project_id))


def make(kind: str, election: Election, votes: dict[str, Fraction | int],
         seed: str = "") -> TieBreak:
    """'pabutools' or 'cost-votes-lot'."""
    if kind == "pabutools":
        return Lexicographic()
    if kind == "cost-votes-lot":
        return CostVotesLot(election, votes, seed)
    raise ValueError(f"unknown tie-breaking {kind!r}: use pabutools or cost-votes-lot")
