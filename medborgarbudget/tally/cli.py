"""`medborgarbudget tally FILE.pb ...`: count a Pabulib file. Needs no app config or database.

Exit status: 0 counted, 2 bad file or options (with a one-line reason on stderr).
"""

import argparse
import json
import sys
from collections.abc import Sequence

from . import pabulib
from .ahead import cores
from .rules import COMPLETIONS, RULES, run
from .types import decimal_str


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: {message}\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="medborgarbudget tally", description="Count a Pabulib election.")
    p.add_argument("file", help="a Pabulib .pb file")
    p.add_argument("--rule", choices=RULES, default="greedy")
    p.add_argument("--completion", choices=COMPLETIONS, default="none",
                   help="MES: add1 (stop when exhaustive), add1-noexh, or none")
    p.add_argument("--start", choices=("floor", "exact"), default=None,
                   help="MES add1: each voter starts at floor(B/n) or exactly B/n "
                        "(default: exact with --tie-break pabutools, else floor)")
    p.add_argument("--fill", choices=("greedy",), help="fill what MES leaves, greedily")
    p.add_argument("--comparison", action="store_true",
                   help="keep MES unless more voters prefer the greedy outcome")
    p.add_argument("--threshold", type=int, default=0, help="greedy: least score to win")
    p.add_argument("--no-skip", action="store_true",
                   help="greedy: stop at the first project that does not fit")
    p.add_argument("--points", help="greedy on ordinal ballots: points by rank, e.g. 3,2,1")
    p.add_argument("--use-points", action="store_true",
                   help="greedy on cumulative or scoring ballots: count the points")
    p.add_argument("--tie-break", choices=("cost-votes-lot", "pabutools"),
                   default="cost-votes-lot")
    p.add_argument("--seed", default="", help="the published seed of the lot")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--workers", type=int, default=cores(),
                   help="MES add1: processes that make its runs (default: one per core)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    points = None
    if args.points:
        try:
            points = [int(x) for x in args.points.split(",")]
        except ValueError:
            return _fail(f"--points takes whole numbers separated by commas, not {args.points!r}")
    try:
        election = pabulib.read(args.file)
    except pabulib.PabulibError as error:
        return _fail(f"{args.file}: {error}")
    if args.workers < 1:
        return _fail("--workers takes a whole number of at least 1")
    start = args.start or ("exact" if args.tie_break == "pabutools" else "floor")
    try:
        outcome = run(election, args.rule, completion=args.completion, start=start,
                      fill=args.fill == "greedy", comparison=args.comparison,
                      threshold=args.threshold, no_skip=args.no_skip, points=points,
                      use_points=args.use_points, tie_break=args.tie_break, seed=args.seed,
                      workers=args.workers)
    except ValueError as error:
        return _fail(str(error))
    if args.json:
        print(json.dumps({"rule": outcome.rule, "selected": outcome.selected,
                          "total_cost": decimal_str(outcome.total_cost),
                          "ties": [t.as_dict() for t in outcome.ties]}, ensure_ascii=False))
    else:
        print(report(election, outcome))
    return 0


def report(election, outcome) -> str:
    """The outcome as a table a person can read."""
    lines = [f"rule: {outcome.rule}", f"budget: {decimal_str(election.budget)}",
             f"voters: {election.num_voters}", ""]
    for i, step in enumerate(outcome.steps, 1):
        mark = "selected" if step.selected else f"not selected ({step.reason})"
        name = election.projects[step.project].name
        extra = (f"  price/voter={float(step.price):.6g}  rho={float(step.rho):.6g}  "
                 f"effective votes={float(step.effective_votes or 0):.6g}"
                 if step.rho is not None else "")
        lines.append(f"{i:3}. {step.project:>12}  cost={decimal_str(step.cost):>12}  "
                     f"votes={float(step.votes):g}{extra}  {mark}  {name}")
    lines += ["", f"selected: {', '.join(outcome.selected)}",
              f"total cost: {decimal_str(outcome.total_cost)}"]
    for tie in outcome.ties:
        lines.append(f"tie at step {tie.step + 1}: {', '.join(tie.projects)} -> {tie.winner} "
                     f"({tie.broken_by})")
    for key, value in outcome.details.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"medborgarbudget tally: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
