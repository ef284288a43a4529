"""add1's runs and proofs, computed ahead of need on worker processes.

add1's fixed-point runs at different per-voter budgets do not depend on each other, and add1
can tell what it will most likely need next: the run one unit further on, and the run just
beyond a range it is proving. ``Ahead`` starts those on worker processes (``expect``) while
add1 waits for the one it needs now (``get``), so that a machine with two cores makes two runs
at a time. What add1 decides is the same as with one process: only when each run is made
changes. With one worker, or until the work done here has taken POOL_AFTER seconds (not worth
starting processes for a small election) or add1 says they will be needed (``start``), and
again until the workers are ready (starting one takes about a quarter of a second, on a
thread of this process), everything is computed when asked for, in this process.
"""

import math
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from fractions import Fraction

from .fastmes import FixedPoint
from .intervals import certify, discover
from .types import Outcome

#: what FixedPoint.decide gives: the projects bought and their margins (see there), or None
Decisions = tuple[list[str], Callable[[], list[float]]] | None

#: seconds of work in this process before add1 starts its worker processes
POOL_AFTER = 0.25

#: in a worker process: the profile, prepared once
_fast: FixedPoint | None = None
#: in a worker process: set when add1 no longer needs what the workers make (see close)
_closed = None
#: in a worker process: exact MES at a per-voter budget (see Ahead)
_exact: Callable[[Fraction], Outcome] | None = None
#: in a worker process: the board of the watched walk (see Ahead.reached)
_board = None


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Ahead:
    """``get("decide", e)``: FixedPoint.decide(e); ``get("certify", decisions, e0, units, shown)``:
    intervals.certify; ``get("discover", e0, units, shown)``: intervals.discover;
    ``get("walk", e, ...)``: add1.segment. ``expect`` the same first, to
    have it computed meanwhile."""

    def __init__(self, fast: FixedPoint, workers: int = 1,
                 exact: Callable[[Fraction], Outcome] | None = None) -> None:
        """``exact``: exact MES at a per-voter budget, for a worker's walk (see
        add1.segment)."""
        self.fast, self.workers, self.exact = fast, workers, exact
        self.pool: ProcessPoolExecutor | None = None  # started at the first expect
        self.starting: threading.Thread | None = None  # that starts it (see start)
        self.closed = None  # a multiprocessing Event, with the pool
        # shared with the workers: the watched walk's first unit, how many units on from it
        # it has reached, and before how many it must stop (see reached, cut_short)
        self.board = None
        self.ready: list[Future] = []  # done when every worker has started
        self.asked: dict[tuple, Future] = {}
        self.spent = 0.0  # seconds spent on what was computed here

    def expect(self, *task, wait: bool = False, watch: bool = False) -> bool:
        """Have ``task`` computed meanwhile on a worker process; False if it will not be
        (one worker, or, unless ``wait``, not worth starting them yet or not started yet).
        With ``wait``, start them now if need be and wait until they have started. With
        ``watch`` (a walk), it says how far it got and stops where told (reached,
        cut_short)."""
        if task in self.asked:
            return True
        if self.workers < 2 or (self.starting is None and self.spent < POOL_AFTER
                                and not wait):
            return False
        self.start()
        if wait:
            self.starting.join()
        if self.pool is None:
            return False  # still starting
        try:
            if wait:
                for future in self.ready:
                    future.result()
            if all(f.done() for f in self.ready):
                if watch:
                    self.board[:] = [float(task[1]), -1.0, math.inf]
                self.asked[task] = self.pool.submit(_do, *task)
                return True
        except BrokenProcessPool:  # a worker died, or could not start
            self.alone()
        return False

    def start(self) -> None:
        """Start the worker processes, if not yet started, on a thread of this process:
        starting one blocks until it has read the profile (about a quarter of a second
        each, on Budapest), and meanwhile this process can go on with its runs."""
        if self.starting is None and self.workers > 1:
            self.starting = threading.Thread(target=self._start_pool, daemon=True)
            self.starting.start()

    def _start_pool(self) -> None:
        # spawn, not fork: this process may have threads (a web server's, say)
        spawn = multiprocessing.get_context("spawn")
        pool = None
        try:
            closed = spawn.Event()
            board = spawn.Array("d", [math.nan, -1.0, math.inf])
            pool = ProcessPoolExecutor(self.workers, mp_context=spawn, initializer=_start,
                                       initargs=(self.fast, closed, self.exact, board))
            self.ready = [pool.submit(int) for _ in range(self.workers)]
        except (OSError, BrokenProcessPool):  # no processes to be had: go on alone
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            self.workers = 1
            return
        self.closed, self.board, self.pool = closed, board, pool

    def get(self, *task) -> Decisions | bool:
        future = self.asked.pop(task, None)
        if future is not None:
            try:
                found = future.result()
            except BrokenProcessPool:
                self.alone()
                future = None
        if future is None:
            began = time.perf_counter()
            found = _do(*task, fast=self.fast, lazy=True)
            self.spent += time.perf_counter() - began
            return found
        if task[0] == "decide" and found is not None:
            selected, margins = found
            return selected, lambda: margins
        return found

    def reached(self, begin: Fraction) -> int:
        """How many units on from ``begin`` the watched walk from there has got (-1: none)."""
        board = self.board
        return int(board[1]) if board is not None and board[0] == float(begin) else -1

    def cut_short(self, begin: Fraction, units: int) -> None:
        """Have the watched walk from ``begin`` stop before ``units`` units on (at its next
        event; if it is there already, it stops there)."""
        if self.board is not None and self.board[0] == float(begin):
            self.board[2] = units

    def done(self, *task) -> bool:
        """Whether ``task``, asked for, has been computed (or failed)."""
        future = self.asked.get(task)
        return future is not None and future.done()

    def alone(self) -> None:
        """A worker died (killed, or could not start): go on in this process alone, to the
        same result, later."""
        self.workers = 1
        self.close()

    def forget_before(self, budget: Fraction | float) -> None:
        """Cancel what was asked for below this per-voter budget and has not started."""
        for task in [t for t in self.asked if _budget(t) < budget]:
            self.asked.pop(task).cancel()

    def close(self) -> None:
        if self.starting is not None:
            self.starting.join()  # so that no pool starts after it is closed
        if self.pool is not None:
            # what is under way ends unseen; a walk ends at its next event (a run or a
            # proof), not where it would have: its process would hold this one's exit
            self.closed.set()
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool, self.ready, self.asked = None, [], {}


def _budget(task: tuple) -> Fraction:
    """The per-voter budget a task starts from."""
    return task[2] if task[0] == "certify" else task[1]  # certify's first is its decisions


def _start(fast: FixedPoint, closed, exact: Callable[[Fraction], Outcome] | None,
           board) -> None:
    global _fast, _closed, _exact, _board
    _fast, _closed, _exact, _board = fast, closed, exact, board


def _do(kind: str, *args, fast: FixedPoint | None = None, lazy: bool = False):
    fast = fast or _fast
    if kind == "walk":
        from .add1 import segment  # add1 uses this module
        if fast is _fast:  # in a worker
            return segment(fast, *args, closed=_closed, exact=_exact, board=_board)
        return segment(fast, *args)
    if kind == "certify":
        decisions, e0, units, shown = args
        return certify(fast, list(decisions), e0, units, shown)
    if kind == "discover":
        return discover(fast, *args)
    found = fast.decide(*args)
    if found is None or lazy:
        return found
    return found[0], found[1]()  # margins go back to add1 as a list: a function cannot
