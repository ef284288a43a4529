"""Our tally engine against pabutools, side by side on every shared Pabulib file.

    pip install -e '.[bench]'        # pabutools 1.2.3, only for this benchmark
    python benchmarks/tally_vs_pabutools.py [--rules greedy,mes,add1] [--only Lodz ...]
                                            [--workers N]

Each (file, rule, engine) runs in its own process, so that time (parse included) and peak
memory are that engine's alone. Our add1 makes its runs on --workers processes (default: one
per core, as `medborgarbudget tally` does; pabutools uses one); its peak memory is then this
process's plus the largest worker's times the number of workers. Outcomes must agree
(pabutools' tie-breaking); the table shows both times and the ratio. pabutools' add1 runs
only where it finished in the run recorded in expected.json (elsewhere it ran out of memory;
the recorded status is shown).
"""

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "pabulib"


def child(engine: str, path: str, rule: str, workers: int) -> None:
    """Run one engine on one file and print {seconds, selected, peak_mb} as JSON."""
    start = time.perf_counter()
    if engine == "ours":
        from medborgarbudget.tally import pabulib
        from medborgarbudget.tally.rules import run

        election = pabulib.read(path)
        options = {"greedy": {"rule": "greedy"}, "mes": {"rule": "mes"},
                   "add1": {"rule": "mes", "completion": "add1", "start": "exact"}}[rule]
        selected = run(election, tie_break="pabutools", workers=workers, **options).selected
        for worker in multiprocessing.active_children():
            worker.join()  # so that RUSAGE_CHILDREN counts their peak memory
    else:
        from pabutools.election import Cost_Sat, parse_pabulib
        from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

        instance, profile = parse_pabulib(path)
        profile = profile.as_multiprofile()
        if rule == "greedy":
            outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        else:
            outcome = method_of_equal_shares(
                instance, profile, sat_class=Cost_Sat,
                voter_budget_increment=1 if rule == "add1" else None)
        selected = [str(p) for p in outcome]
    seconds = time.perf_counter() - start
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
               + workers * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps({"seconds": seconds, "selected": selected, "peak_mb": peak_mb}))


def measure(python: str, engine: str, path: Path, rule: str, timeout: float,
            workers: int = 1) -> dict:
    try:
        result = subprocess.run([python, __file__, "--child", engine, str(path), rule,
                                 "--workers", str(workers)],
                                capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    if result.returncode != 0:
        return {"error": (result.stderr.strip().splitlines() or ["failed"])[-1][:60]}
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", default="greedy,mes,add1")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--pabutools-python", default=sys.executable,
                        help="a Python with pabutools 1.2.3 installed")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--workers", type=int,
                        help="processes for our add1 (default: one per core)")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "FILE", "RULE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.workers)
        return
    if args.workers is None:
        from medborgarbudget.tally.ahead import cores
        args.workers = cores()
    print(f"our add1 on {args.workers} worker process(es); pabutools on one")
    expected = json.loads((DATA / "expected.json").read_text())["instances"]
    recorded = {"greedy": "greedy_cost_sat", "mes": "mes_cost_sat", "add1": "mes_cost_sat_add1"}
    print(f"{'file':38} {'rule':6} {'ours s':>8} {'MB':>6} {'pabutools s':>12} {'MB':>6} "
          f"{'ratio':>7}  agree")
    for name, entry in expected.items():
        if args.only and not any(o in name for o in args.only):
            continue
        for rule in args.rules.split(","):
            ours = measure(sys.executable, "ours", DATA / name, rule, args.timeout,
                           args.workers)
            status = entry["results"].get(recorded[rule], {}).get("status")
            if rule == "add1" and status != "ok":
                theirs = {"error": f"recorded: {status}"}
            else:
                theirs = measure(args.pabutools_python, "pabutools", DATA / name, rule,
                                 args.timeout)
            ratio = (f"{theirs['seconds'] / ours['seconds']:7.1f}"
                     if "seconds" in ours and "seconds" in theirs else "      -")
            agree = ("yes" if ours.get("selected") == theirs.get("selected") else "NO") \
                if "selected" in ours and "selected" in theirs else "-"
            if "selected" in ours and "selected" not in theirs:
                ref = entry.get("ref_results", {}).get("mes_add1_pabutools_semantics", {})
                if rule == "add1" and ref.get("status") == "ok":
                    agree = "yes (reference)" if ours["selected"] == ref["selected_in_order"] \
                        else "NO (reference)"

            def cell(r, width):
                return f"{r['seconds']:{width}.2f}" if "seconds" in r else \
                    f"{r['error']:>{width}}"[:max(width, len(r["error"]))]

            print(f"{name.removesuffix('.pb')[:38]:38} {rule:6} {cell(ours, 8)} "
                  f"{ours.get('peak_mb', 0):6.0f} {cell(theirs, 12)} "
                  f"{theirs.get('peak_mb', 0):6.0f} {ratio}  {agree}", flush=True)


if __name__ == "__main__":
    main()
