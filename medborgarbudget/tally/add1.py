"""The add1 completion of MES: raise every voter's budget one unit at a time while the
outcome still fits, as Assen, Świecie and Wieliczka count; proving how far an outcome holds
(intervals.certify) instead of running MES at every unit."""

from collections.abc import Callable, Iterator
from copy import copy
from dataclasses import replace
from fractions import Fraction
from functools import partial
from math import floor, inf

from .ahead import Ahead
from .fastmes import FixedPoint
from .intervals import Shown, certify, discover
from .mes import Profile, mes
from .tiebreak import TieBreak
from .types import Election, Outcome


def is_exhaustive(election: Election, selected: list[str], total: Fraction) -> bool:
    """No project left out would still fit in the budget."""
    return _Ends({pid: p.cost for pid, p in election.projects.items()}, election.budget,
                 set(), True).exhaustive(selected, total)


#: add1 tries to prove that an outcome holds only where two runs suggest it holds over at
#: least this many units
PROOF_WORTH = 4
#: units add1 asks a proof to cover at most: it proves as much of them as it can
REACH = 256
#: after proofs covered this many units in a row, add1 proves the next outcome at once,
#: finding it on the way (intervals.discover), without runs to find it or suggest it lasts
CHAIN_WORTH = 16
#: with worker processes, add1 walks on two stretches at once (see _walk) where its first
#: run takes at least this many seconds: then a walk takes seconds
SPLIT_WORTH = 0.01
#: when the worker has walked its stretch while add1 still has at least this many units to
#: go to it, the worker walks the second half of those
SHARE_WORTH = 8
#: the runs that find where add1 will stop start this fraction of a voter's budget on, and
#: double: in the shared files add1 stops 0.4 to 1.1 voter's budgets on (4 to 5 runs)
PROBE_FROM = Fraction(1, 16)

#: what add1 learns, in order of budget: MES buys ``selected`` (costing ``total``) when every
#: voter has ``unit``, and at every unit since the event before, if it had the same selected
Event = tuple[Fraction, list[str], Fraction]
#: a run: (selected, total, margins) at a per-voter budget, or None where fixed point
#: cannot decide and the caller has no exact MES to fall back on
Decide = Callable[[Fraction], tuple[list[str], Fraction, Callable[[], list[float]] | None] | None]
#: a proof: intervals.certify for (selected, first unit, units asked, what the proof of it
#: before showed)
Prove = Callable[[list[str], Fraction, int, Shown], tuple[int, int | None]]
#: a proof that finds what it proves: intervals.discover for (first unit, units asked, what
#: it shows, for the next proof), with the total cost of what it found
Discover = Callable[[Fraction, int, Shown],
                    tuple[list[str], Fraction, int, int | None] | None]


class _Ends:
    """Where add1 stops: before an outcome over the budget; at an outcome that is
    exhaustive (with ``at_exhaustive``) or that buys every supported project."""

    def __init__(self, costs: dict[str, Fraction], budget: Fraction, supported: set[str],
                 at_exhaustive: bool) -> None:
        self.costs, self.budget = costs, budget
        self.supported, self.at_exhaustive = supported, at_exhaustive

    def total(self, selected: list[str]) -> Fraction:
        return sum((self.costs[pid] for pid in selected), Fraction(0))

    def priced(self, found: tuple[list[str], int, int | None] | None
               ) -> tuple[list[str], Fraction, int, int | None] | None:
        """What intervals.discover found, with the total cost of its decisions (as a
        Discover gives it)."""
        return None if found is None else (found[0], self.total(found[0]), *found[1:])

    def exhaustive(self, selected: list[str], total: Fraction) -> bool:
        chosen = set(selected)
        return all(total + c > self.budget for pid, c in self.costs.items()
                   if pid not in chosen)

    def at(self, event: Event, before: Event | None) -> Fraction | None:
        """The unit add1 stops at, if it stops at ``event`` (``before``: the event before
        it, None for the first); None if it goes on. An outcome is checked when it is new:
        the same outcome a unit or a proof later stops nowhere its first unit did not."""
        unit, selected, total = event
        if before is not None and total > self.budget:
            return before[0]  # over the budget: a run one unit on, never a proof
        if before is not None and selected == before[1]:
            return None
        if self.supported <= set(selected):
            return unit  # nothing more can be bought, however much money voters get
        if self.at_exhaustive and self.exhaustive(selected, total):
            return unit
        return None


def mes_add1(profile: Profile, tiebreak: TieBreak, start: str = "exact",
             stop_at_exhaustive: bool = True, jump: bool = True, workers: int = 1,
             split: list[Fraction] | None = None) -> Outcome:
    """MES, then again with every voter's budget one unit higher, and again, while the outcome
    still fits the budget; with ``stop_at_exhaustive``, also stop at the first exhaustive one.

    ``start``: "exact" starts each voter at B/n (pabutools), "floor" at floor(B/n) whole units
    (as cities do). Each run only needs which projects are bought: fixed point decides that
    (fastmes), exact MES where it cannot. With ``jump``, when two runs a unit apart agree and
    how their margins moved suggests the outcome will hold a while, we prove it holds over
    the units that follow, as far as a proof can reach (see intervals.certify: a proof costs
    about a run or two), then prove on from the first unit beyond, until a proof cannot
    start; then we step again. Where proofs went far, the proof of the next outcome finds
    what MES buys too, with no run. The same result as stepping one unit at a time (tests
    check), in far fewer runs. With ``workers`` > 1, the runs add1 will probably need next
    are made meanwhile on worker processes, and on a large election a worker walks the far
    half of the way while add1 walks the near half (see ahead.py and _walk); the outcome is
    the same. ``split``: where the stretches walked as if by workers start (for tests; found
    by runs otherwise), each up to the next.
    The outcome reported, with every step's numbers, is exact MES at the final budget."""
    rule = f"mes-add1{'' if stop_at_exhaustive else '-noexh'}"
    if profile.num_voters == 0:
        return mes(profile, tiebreak, rule=rule)  # no voters, nothing chosen
    # a worker that finds where add1 stops runs exact MES there too, meanwhile: it needs
    # the profile, but not the ballots (the groups hold them)
    bare = copy(profile)
    bare.election = replace(profile.election, ballots=[], points=None, voter_ids=[],
                            voter_extra=[])
    ahead = Ahead(FixedPoint(profile, tiebreak), workers,
                  exact=partial(mes, bare, tiebreak, rule=rule))
    try:
        return _walk(profile, tiebreak, ahead, start, stop_at_exhaustive, jump, rule, split)
    finally:
        ahead.close()


def _walk(profile: Profile, tiebreak: TieBreak, ahead: Ahead, start: str,
          stop_at_exhaustive: bool, jump: bool, rule: str, split: list[Fraction] | None
          ) -> Outcome:
    """Events from runs and proofs here, checked in order against where add1 stops. With
    worker processes, after a few runs to find roughly where add1 will stop, a worker walks
    from half way there (``segment``) while we walk up to it; then we go on with its events
    (what is true at a unit is true whoever finds it), and walk on ourselves from where
    they end if add1 has not stopped by then. If the worker is done while we still have a
    way to go, it walks the second half of what is left to us, and so on."""
    election = profile.election
    n = profile.num_voters
    ends = _Ends(profile.cost, election.budget,
                 {pid for pid, s in profile.supporters.items() if s}, stop_at_exhaustive)
    counts = {"runs": 0, "exact": 0, "proofs": 0, "walks": 0}
    pending: list[tuple] = []  # the walks asked of workers, nearest first: ("walk", e, ...)
    probed: dict[Fraction, tuple] = {}  # the runs that found half way: add1 may need them
    finals: dict[Fraction, Outcome] = {}  # exact MES where a worker's walk stopped
    walked: dict[tuple, tuple] = {}  # walks we made ourselves, ahead of their turn
    # where add1 will probably stop, if runs found it: after the unit they found it does
    # not, at or before the unit they found it does
    bracket: tuple[Fraction, Fraction] | None = None

    def decide(e: Fraction, then: Fraction | None = None
               ) -> tuple[list[str], Fraction, Callable[[], list[float]] | None]:
        """A run at e; meanwhile, a worker makes the one add1 will probably need next: at
        ``then``, or one unit on (as add1 steps). Not while a worker walks."""
        if e in probed:
            return probed.pop(e)
        counts["runs"] += 1
        if not pending:
            ahead.forget_before(e)
            ahead.expect("decide", e + 1 if then is None else then)
        found = ahead.get("decide", e)
        if found is None:
            counts["exact"] += 1
            selected, margins = mes(profile, tiebreak, e).selected, None
        else:
            selected, margins = found
        return selected, ends.total(selected), margins

    def proved(selected: list[str], e: Fraction, reach: int, shown: Shown
               ) -> tuple[int, int | None]:
        counts["proofs"] += 1
        # nothing is computed ahead meanwhile: most proofs succeed, and runs made on the
        # other core in case this one fails slowed the proofs more than they saved
        # (Budapest: 55 s against 48 s)
        return ahead.get("certify", tuple(selected), e, reach, shown)

    def discovered(e: Fraction, reach: int, shown: Shown
                   ) -> tuple[list[str], Fraction, int, int | None] | None:
        counts["proofs"] += 1
        return ends.priced(ahead.get("discover", e, reach, shown))

    def walk(begin: Fraction, until: Fraction | None) -> None:
        """Ask a worker to walk from ``begin`` (up to ``until``, if given); with one
        process, we walk there ourselves when we get there (tests do so)."""
        task = ("walk", begin, election.budget, stop_at_exhaustive, jump, until, proving())
        if ahead.expect(*task, wait=True, watch=until is None) or ahead.workers < 2:
            pending.insert(0, task)

    def proving() -> bool:
        """Whether proofs paid so far: then a walk starts with one (see _events)."""
        return counts["proofs"] > counts["runs"]

    def left(unit: Fraction) -> int:
        """Units from ``unit`` to where add1 probably stops, if it has not stopped by then
        (the middle of what is left of the bracket)."""
        lo, hi = bracket
        return int((max(unit, lo) + hi) / 2 - unit)

    def take_over(task: tuple) -> None:
        """We are where the worker's walk began, and it is not done: it stops half way from
        where it has got to where add1 will probably stop, and we walk on from there now,
        while it ends its walk (its part was the slower)."""
        begin = task[1]
        on = ahead.reached(begin)
        if on < 0 or left(begin + on) < 2 * SHARE_WORTH:
            return
        cut = on + left(begin + on) // 2
        ahead.cut_short(begin, cut)
        ours = ("walk", begin + cut, election.budget, stop_at_exhaustive, jump, None,
                proving())
        walked[ours] = segment(ahead.fast, *ours[1:], hand_off=hand_off)
        pending.insert(1, ours)

    def hand_off(unit: Fraction) -> Fraction | None:
        """Our own walk (see take_over) is at ``unit``: if the workers are idle, one walks
        the far half of what is probably left, and ours stops where that begins (returned;
        None if it goes on). If ours is then still short of it when it is done, we take over
        again, and so on: each walks while the other does."""
        if not all(ahead.done(*task) for task in pending) or left(unit) < 2 * SHARE_WORTH:
            return None
        task = ("walk", unit + left(unit) // 2, election.budget, stop_at_exhaustive, jump, None,
                proving())
        if not ahead.expect(*task, watch=True):
            return None
        pending.append(task)  # after the walk it cut short: ours goes between (take_over)
        return task[1]

    e = Fraction(election.budget, n) if start == "exact" else Fraction(floor(election.budget / n))
    began = ahead.spent
    first = decide(e)
    if split is None and jump and ahead.workers > 1 and ahead.spent - began >= SPLIT_WORTH:
        ahead.start()  # the workers will be needed: they start while we find half way
        def probe(unit: Fraction, then: Fraction) -> tuple:
            probed[unit] = decide(unit, then)
            return probed[unit]

        found = _half_way(probe, ends, (e, first[0], first[1]))
        if found is not None:
            split, bracket = [found[0]], found[1:]
    split = sorted(set(split or []))
    if split:
        ahead.forget_before(inf)  # the runs that found half way are no longer needed
    for begin, until in reversed(list(zip(split, [*split[1:], None]))):
        if begin > e + 1:
            walk(begin, until)
    last: Event | None = None
    events = _events(decide, proved, discovered, e, jump, first)
    while True:
        for event in events:
            stop = ends.at(event, last)
            if stop is not None:
                at = event if stop == event[0] else last  # over the budget: the one before
                return _outcome(profile, tiebreak, rule, stop, at, counts, finals.get(stop))
            last = event
            if not pending:
                continue
            nearest = pending[0][1]
            if last[0] >= nearest - 1:
                if bracket is not None and pending[0][5] is None and not ahead.done(*pending[0]):
                    take_over(pending[0])
                break  # the worker's events go on from here
            if (ahead.workers > 1 and nearest - last[0] >= SHARE_WORTH
                    and all(ahead.done(*task) for task in pending)):
                walk(last[0] + (nearest - last[0]) // 2, nearest)  # the worker is idle
        else:
            raise AssertionError("add1 ran out of events")  # _events never ends by itself
        events.close()
        task = pending.pop(0)
        found, runs, proofs, final = walked.pop(task) if task in walked else ahead.get(*task)
        if final is not None:
            finals[final.details["voter_budget"]] = final
        counts["runs"] += runs
        counts["proofs"] += proofs
        counts["walks"] += 1
        later = [event for event in found if event[0] > last[0]]
        if later:
            earlier = [event for event in found if event[0] <= last[0]]
            if earlier and earlier[-1][1] == later[0][1] != last[1]:
                raise AssertionError("two walks disagree")
            events = _chain(later, decide, proved, discovered, jump, proving())
        else:
            events = _events(decide, proved, discovered, last[0], jump, prove_first=proving())


def _chain(found: list[Event], decide: Decide, proved: Prove, discovered: Discover,
           jump: bool, prove_first: bool) -> Iterator[Event]:
    """The events a worker found, then ours from where they end."""
    yield from found
    yield from _events(decide, proved, discovered, found[-1][0], jump, prove_first=prove_first)


def _outcome(profile: Profile, tiebreak: TieBreak, rule: str, e: Fraction, event: Event,
             counts: dict[str, int], final: Outcome | None) -> Outcome:
    """Exact MES at e (``final``, if a worker ran it), with add1's counts."""
    outcome = final or mes(profile, tiebreak, e, rule=rule)
    if outcome.selected != event[1]:
        raise AssertionError("fixed point and exact MES disagree")
    outcome.details.update(voter_budget=e, mes_runs=counts["runs"],
                           exact_runs=counts["exact"] + 1, proofs=counts["proofs"],
                           walks=counts["walks"])
    return outcome


def _events(decide: Decide, proved: Prove, discovered: Discover, e: Fraction, jump: bool,
            found: tuple | None = None, prove_first: bool = False) -> Iterator[Event]:
    """add1's events from unit e on, as long as they are asked for (add1 stops asking where
    it stops), or until ``decide`` cannot decide (in a worker, which has no exact MES).
    ``found``: the run at e, where the caller has made it; else, with ``prove_first``
    (where proofs paid so far), a proof finds what MES buys at e, if it can."""
    given = found
    selected = total = margins = None  # the outcome at e, once there is one
    e -= 1  # the first event is a unit on, as every next outcome is
    steady = False  # the last two runs suggest the outcome will hold a while
    chained = 0  # units the last proofs covered, one after another
    changes = None  # where MES surely buys something else, if a proof showed it
    shown = Shown()  # what the last proof of this outcome showed
    reach = REACH  # units the next proof is asked for, at most
    going = False  # the last proof found the outcome it proved: go on proving it
    while True:
        # a unit or none before where it surely changes: runs find where, cheaper
        near = changes is not None and changes <= e + 2
        if jump and (steady or chained >= CHAIN_WORTH) and not near:
            # prove as far as we can, a piece at a time, until a proof cannot start or
            # shows that the outcome changes within a unit
            if not going:
                chained, reach = 0, REACH
            while True:
                if changes is not None:
                    reach = min(int(changes - e) - 2, REACH)  # prove up to it
                held, changed = proved(selected, e + 1, reach, shown)
                if held < 0:
                    break
                if changed is not None and (changes is None or e + 1 + changed < changes):
                    changes = e + 1 + changed
                e += 1 + held
                chained += 1 + held
                yield e, selected, total
                reach = _next_reach(held, reach)
                if changes is not None and changes <= e + 2:
                    break
        elif not near:
            chained = 0
        going, found = False, None
        if jump and (chained >= CHAIN_WORTH
                     or (selected is None and given is None and prove_first)):
            # where proofs went far, outcomes last (on Budapest, one lasts about 180 units):
            # the proof of the next outcome finds it too, with no run first
            shown_next = Shown()
            found = discovered(e + 1, REACH, shown_next)
        if found is not None:
            following, following_total, held, changed = found
            e += 1
            yield e, following, following_total
            if following != selected or (changes is not None and e >= changes):
                changes = None  # a new outcome (or see below)
            if changed is not None and (changes is None or e + changed < changes):
                changes = e + changed
            selected, total, margins, shown = following, following_total, None, shown_next
            if held > 0:
                e += held
                yield e, selected, total
            # go on proving it (if it was cut short, a shorter proof may go further), as
            # part of the same chain
            chained, reach, going, steady = chained + 1 + held, _next_reach(held, REACH), True, True
            continue
        found, given = given or decide(e + 1), None
        if found is None:
            return
        following, following_total, following_margins = found
        e += 1
        yield e, following, following_total
        if following != selected:
            changes, shown = None, Shown()  # a new outcome: nothing is known of it yet
        elif changes is not None and e >= changes:
            changes = None  # were a proof ever wrong about where it surely changes, add1
            # would prove again here rather than step on
        # two runs suggest the outcome will last: prove it
        steady = bool(following == selected and margins and following_margins
                      and _guess(margins(), following_margins()) >= PROOF_WORTH)
        selected, total, margins = following, following_total, following_margins


def _next_reach(held: int, reach: int) -> int:
    """Units the next proof of an outcome is asked for, after one asked for ``reach``
    proved ``held``. A proof cut short was cut where its bounds gave out: near the
    outcome's end, or where a shorter range's tighter bounds would do; ask the next for
    twice what this one proved, but not much less than this one was asked (a long proof
    may fail at once where a quarter as long proves all), and after one that proved all,
    twice as much."""
    return min(2 * reach if held == reach else max(2 * held + 2, reach // 4), REACH)


def _half_way(decide: Callable, ends: _Ends, before: Event
              ) -> tuple[Fraction, Fraction, Fraction] | None:
    """Roughly half way from ``before``'s unit to where add1 will stop (if it stops where an
    outcome first would, which is the likely case: anywhere else is only slower), found by
    runs at doubling distances (each made while the one before is checked) and then a few
    halvings; and the last unit those runs found add1 does not stop at, and the first they
    found it does; None if add1 will stop within a few units."""
    e = before[0]

    def stops(units: int, then: int) -> bool:
        found = decide(e + units, e + then)
        return ends.at((e + units, found[0], found[1]), before) is not None

    near, far = 0, max(1, floor(e * PROBE_FROM))
    while not stops(far, 2 * far):
        near, far = far, 2 * far
    for _ in range(5):
        middle = (near + far) // 2
        if middle == near:
            break
        near, far = (middle, far) if not stops(middle, (middle + far) // 2) else (near, middle)
    # a little past half way: later runs and proofs cost more (more voters have different
    # amounts left); on Budapest and Mokotow, the far half took longer when split in two
    if far <= 8:
        return None
    return e + (near + far) * 11 // 40, e + near, e + far


def segment(fast: FixedPoint, e: Fraction, budget: Fraction, stop_at_exhaustive: bool,
            jump: bool, until: Fraction | None, prove_first: bool = False, closed=None,
            exact: Callable[[Fraction], Outcome] | None = None, board=None,
            hand_off: Callable[[Fraction], Fraction | None] | None = None
            ) -> tuple[list[Event], int, int, Outcome | None]:
    """A worker's walk from e: its events up to the first where add1 would surely stop, or
    covering every unit before ``until`` (where another walk starts), or where fixed point
    cannot decide, or when ``closed`` (a multiprocessing Event) is set; the runs and proofs
    it made; and, with ``exact``, exact MES where add1 stops (the outcome add1 reports,
    made here while add1 walks on), if it stops in this walk. ``board`` (a shared array,
    see Ahead.reached), if it watches this walk: it is told how far the walk has got, and
    tells where it must stop (add1 walks on from there itself). ``hand_off``, for a walk
    add1 makes itself: asked at each event, it may say where this walk is to end (a worker
    walks on from there). ``prove_first``: see _events."""
    costs, _groups, keys = fast.made_of
    ends = _Ends(costs, budget, set(keys), stop_at_exhaustive)
    counts = [0, 0]

    def decide(unit: Fraction):
        counts[0] += 1
        found = fast.decide(unit)
        if found is None:
            return None
        return found[0], ends.total(found[0]), found[1]

    def proved(selected: list[str], unit: Fraction, reach: int, shown: Shown
               ) -> tuple[int, int | None]:
        counts[1] += 1
        return certify(fast, selected, unit, reach, shown)

    def discovered(unit: Fraction, reach: int, shown: Shown):
        counts[1] += 1
        return ends.priced(discover(fast, unit, reach, shown))

    found: list[Event] = []
    final = None
    for event in _events(decide, proved, discovered, e, jump, prove_first=prove_first):
        # the first event stops add1 there if it stops it as a new outcome: if add1's own
        # outcome before it is the same, add1 stopped on it earlier
        stop = ends.at(event, found[-1] if found else None)
        found.append(event)
        if stop is not None and exact is not None and not (closed and closed.is_set()):
            final = exact(stop)
        if stop is not None or (len(found) == 1 and event[2] > budget):
            break
        if hand_off is not None and until is None:
            until = hand_off(event[0])
        if until is not None and event[0] >= until - 1:
            break
        if board is not None and board[0] == float(e):
            board[1] = on = int(event[0] - e)
            if on >= board[2] - 1:
                break
        if closed is not None and closed.is_set():
            break  # add1 stopped before it got here
    return found, counts[0], counts[1], final


def _guess(before: list[float], after: list[float]) -> int:
    """Whole units beyond the second of two runs a unit apart before a margin that shrank
    between them reaches zero, if it goes on shrinking as it did (at most REACH)."""
    reach = REACH
    for a, b in zip(before, after):
        if b < a:
            reach = min(reach, int(b / (a - b)))
    return reach
