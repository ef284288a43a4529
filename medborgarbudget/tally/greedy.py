"""Greedy: projects by votes (or points), each funded if it still fits.

As Polish cities run it: plain (skip what does not fit), `no_skip` (stop at the first that does
not fit, Wrocław) and `threshold` (a project needs at least that score, Warszawa).
"""

from collections.abc import Sequence
from fractions import Fraction

from .tiebreak import TieBreak
from .types import Election, Outcome, Step, Tie


def scores(election: Election, points: Sequence[int] | None = None,
           use_points: bool = False) -> dict[str, Fraction]:
    """Each project's score: supporters; or the points on cumulative and scoring ballots
    (``use_points``); or positional points on ordinal ballots (``points``, e.g. 3,2,1)."""
    total = dict.fromkeys(election.projects, Fraction(0))
    if points is not None:
        if election.vote_type != "ordinal":
            raise ValueError("positional points need ordinal ballots")
        for ballot in election.ballots:
            for project_id, p in zip(ballot, points):
                total[project_id] += p
    elif use_points:
        if election.points is None:
            raise ValueError("these ballots carry no points")
        for ballot, pts in zip(election.ballots, election.points):
            for project_id, p in zip(ballot, pts):
                total[project_id] += p
    else:
        counts = election.supporters()
        total = {pid: Fraction(n) for pid, n in counts.items()}
    return total


def order(score: dict[str, Fraction], tiebreak: TieBreak) -> tuple[list[str], list[list[str]]]:
    """Projects by decreasing score, ties by ``tiebreak``; and the groups that tied."""
    ranked = sorted(score, key=lambda pid: (-score[pid], tiebreak.key(pid)))
    groups: dict[Fraction, list[str]] = {}
    for pid in ranked:
        groups.setdefault(score[pid], []).append(pid)
    return ranked, [g for g in groups.values() if len(g) > 1]


def greedy(election: Election, tiebreak: TieBreak, score: dict[str, Fraction] | None = None,
           threshold: Fraction | int = 0, no_skip: bool = False,
           budget: Fraction | None = None, already: Sequence[str] = (),
           rule: str = "greedy") -> Outcome:
    """Fund projects in order of score while the money lasts.

    ``already`` and ``budget`` let greedy fill what another rule left (the selected projects
    and the budget that remains)."""
    score = scores(election) if score is None else score
    remaining = election.budget if budget is None else budget
    ranked, tied_groups = order(score, tiebreak)
    chosen = set(already)
    total = sum((election.projects[p].cost for p in already), Fraction(0))
    outcome = Outcome(rule=rule, selected=list(already), total_cost=total)
    stopped = False
    for pid in ranked:
        if pid in chosen:
            continue
        cost = election.projects[pid].cost
        reason = None
        if stopped:
            reason = "stopped"
        elif score[pid] < threshold or score[pid] == 0:
            reason = "below threshold" if score[pid] < threshold else "no votes"
        elif cost > remaining:
            reason = "over budget"
            stopped = no_skip
        if reason is None:
            remaining -= cost
            outcome.total_cost += cost
            outcome.selected.append(pid)
        outcome.steps.append(Step(pid, reason is None, score[pid], cost, outcome.total_cost,
                                  reason=reason))
    position = {pid: i for i, pid in enumerate(ranked)}
    for group in tied_groups:
        # a tie matters only where the order decided something
        decided = [p for p in group if p in outcome.selected and p not in chosen]
        if decided and len(decided) < len(group):
            winner = min(group, key=position.__getitem__)
            outcome.ties.append(Tie(position[winner], group, winner,
                                    tiebreak.explain(winner, [p for p in group if p != winner])))
    return outcome
