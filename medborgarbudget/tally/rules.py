"""The rules as cities run them, behind one entry point: ``run(election, rule, ...)``."""

from collections.abc import Sequence
from fractions import Fraction

from . import tiebreak as tb
from .add1 import mes_add1
from .greedy import greedy, scores
from .mes import Profile, mes
from .types import Election, Outcome

RULES = ("greedy", "mes")
COMPLETIONS = ("none", "add1", "add1-noexh")


def run(election: Election, rule: str = "greedy", *, completion: str = "none",
        start: str = "floor", fill: bool = False, comparison: bool = False,
        threshold: Fraction | int = 0, no_skip: bool = False,
        points: Sequence[int] | None = None, use_points: bool = False,
        tie_break: str = "cost-votes-lot", seed: str = "", workers: int = 1) -> Outcome:
    """Count an election.

    greedy: by supporters, or by ``points`` by rank (ordinal) or by the ballots' own points
    (``use_points``); ``threshold`` and ``no_skip`` as in Warszawa and Wrocław.
    mes: Method of Equal Shares with cost utilities; ``completion`` add1 (stop at the first
    exhaustive outcome) or add1-noexh (go on while the outcome fits), each voter starting at
    B/n (``start="exact"``, pabutools) or floor(B/n) (``"floor"``, cities); then ``fill`` with
    greedy, and the ``comparison`` step: keep MES unless more voters prefer the greedy outcome.
    ``workers``: processes for add1's runs (the outcome is the same with any number).
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}: use {' or '.join(RULES)}")
    if rule == "mes" and completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}: use {', '.join(COMPLETIONS)}")
    if start not in ("exact", "floor"):
        raise ValueError("start is exact or floor")
    score = by_score = None
    if rule == "greedy" or fill or comparison:  # MES alone needs no greedy order
        score = scores(election, points=points, use_points=use_points)
        by_score = tb.make(tie_break, election, score, seed)
    if rule == "greedy":
        return greedy(election, by_score, score, threshold=threshold, no_skip=no_skip)
    profile = Profile(election)
    breaker = tb.make(tie_break, election, profile.supporters, seed)
    if completion == "none":
        outcome = mes(profile, breaker)
    else:
        outcome = mes_add1(profile, breaker, start=start,
                           stop_at_exhaustive=completion == "add1", workers=workers)
    if fill:
        filled = greedy(election, by_score, score, budget=election.budget - outcome.total_cost,
                        already=outcome.selected)
        outcome.selected, outcome.total_cost = filled.selected, filled.total_cost
        outcome.steps += [s for s in filled.steps if s.selected]
        outcome.ties += filled.ties
        outcome.rule += "+greedy"
    if comparison:
        outcome = compare_with_greedy(election, outcome, by_score, score)
    return outcome


def prefer(election: Election, first: list[str], second: list[str]) -> tuple[int, int]:
    """How many voters have more of their projects funded by ``first``, and by ``second``."""
    a, b = set(first), set(second)
    more_a = more_b = 0
    for ballot in election.ballots:
        in_a = sum(1 for p in ballot if p in a)
        in_b = sum(1 for p in ballot if p in b)
        more_a += in_a > in_b
        more_b += in_b > in_a
    return more_a, more_b


def compare_with_greedy(election: Election, outcome: Outcome, by_score: tb.TieBreak,
                        score: dict[str, Fraction]) -> Outcome:
    """The comparison step (Wieliczka, Świecie): the greedy outcome replaces MES only if more
    voters have more of their projects funded by it."""
    other = greedy(election, by_score, score)
    prefers_mes, prefers_greedy = prefer(election, outcome.selected, other.selected)
    kept = "greedy" if prefers_greedy > prefers_mes else "mes"
    result = other if kept == "greedy" else outcome
    result.rule = outcome.rule + "+comparison"
    result.details.update(prefers_mes=prefers_mes, prefers_greedy=prefers_greedy, kept=kept)
    return result
