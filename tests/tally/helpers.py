from fractions import Fraction

from medborgarbudget.tally.fastmes import FixedPoint
from medborgarbudget.tally.types import Election, Project


def election(budget, costs: dict[str, int], ballots: list[str]) -> Election:
    """election(90, {"A": 60, "B": 30}, ["AB", "A", ""]): one letter per project."""
    return Election(budget=Fraction(budget),
                    projects={pid: Project(pid, Fraction(c)) for pid, c in costs.items()},
                    ballots=[tuple(b) for b in ballots])


class UnstartableFixedPoint(FixedPoint):
    """A FixedPoint that a worker process cannot load, as if the worker died at its start."""

    def __setstate__(self, state: tuple) -> None:
        raise RuntimeError("this worker cannot start")
