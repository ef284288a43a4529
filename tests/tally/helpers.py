from fractions import Fraction

from medborgarbudget.tally.types import Election, Project


def election(budget, costs: dict[str, int], ballots: list[str]) -> Election:
    """election(90, {"A": 60, "B": 30}, ["AB", "A", ""]): one letter per project."""
    return Election(budget=Fraction(budget),
                    projects={pid: Project(pid, Fraction(c)) for pid, c in costs.items()},
                    ballots=[tuple(b) for b in ballots])
