import time
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


class SlowWorkerFixedPoint(FixedPoint):
    """A FixedPoint whose copies in worker processes take 20 ms longer per run and per
    proof: there, a worker's walk is the slower part of add1's way."""

    slow = False

    def __setstate__(self, state: tuple) -> None:
        super().__setstate__(state)
        self.slow = True

    @property
    def usable(self) -> bool:  # asked at the start of every run and every proof
        if self.slow:
            time.sleep(0.02)
        return self._usable

    @usable.setter
    def usable(self, value: bool) -> None:
        self._usable = value
