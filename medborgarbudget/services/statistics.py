"""Who took part in a round: turnout per district by age band, legal gender and channel,
compared with the roll (issue 6, item 4).

The figures come from the roll (birth date and district per person), the participations
(person and channel, no ballot) and the gender counts; nothing here touches a ballot. Every
group of 1 to SMALLEST - 1 people is suppressed, and so are further figures wherever a hidden
one could be worked out from a total and the figures beside it (see ``suppress``).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from .. import personnummer as pnr
from ..extensions import db
from ..models import Channel, District, Gender, GenderCount, Participation, RollEntry, Round

#: groups smaller than this are never published
SMALLEST = 5
#: where the age bands start (the first band starts at the round's minimum age)
AGE_BANDS = (0, 13, 16, 18, 25, 35, 45, 55, 65, 75)
#: a group whose share of the participants is below this share of its share of the roll
#: is under-represented
UNDER = 0.8
DIMENSIONS = ("age", "gender", "channel")


@dataclass
class Group:
    """One group (an age band, a gender, a channel, or everyone) in one area."""

    key: str
    #: people on the roll who may vote; None where the roll has no such figure (channels)
    on_roll: int | None
    took_part: int
    hide_roll: bool = False
    hide_part: bool = False
    #: filled in by ``Area.finish``
    turnout: float | None = None
    share_of_part: float | None = None
    share_of_roll: float | None = None

    @property
    def shown_roll(self) -> int | None:
        return None if self.hide_roll else self.on_roll

    @property
    def shown_part(self) -> int | None:
        return None if self.hide_part else self.took_part

    @property
    def ratio(self) -> float | None:
        """Share of the participants over share of the roll: 1 is a fair share."""
        if self.share_of_part is None or not self.share_of_roll:
            return None
        return self.share_of_part / self.share_of_roll

    @property
    def under(self) -> bool:
        return self.ratio is not None and self.ratio < UNDER


@dataclass
class Area:
    """A district, or the whole round (``district`` None)."""

    district: District | None
    total: Group
    groups: dict[str, list[Group]] = field(default_factory=dict)

    def finish(self) -> None:
        """The shares, from the figures that are shown."""
        whole = self.total
        whole.turnout = _share(whole.shown_part, whole.shown_roll)
        for groups in self.groups.values():
            for g in groups:
                g.turnout = _share(g.shown_part, g.shown_roll)
                g.share_of_part = _share(g.shown_part, whole.shown_part)
                g.share_of_roll = _share(g.shown_roll, whole.shown_roll)


@dataclass
class Turnout:
    round: Round
    #: the whole round first, then each district
    areas: list[Area]
    #: the gender counts of the roll were made for other voting dates or minimum age
    genders_stale: bool
    #: the roll was imported before gender was counted: no figures by gender
    genders_missing: bool


def _share(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def age_bands(min_age: int) -> list[int]:
    """Where each band starts, for a round with this minimum age."""
    return [min_age] + [start for start in AGE_BANDS if start > min_age]


def band_of(born: date, day: date, starts: list[int]) -> int | None:
    """The start of the band someone born on ``born`` is in on ``day``; None if too young."""
    age = pnr.age_on(born, day)
    found = None
    for start in starts:
        if age >= start:
            found = start
    return found


def turnout(rnd: Round) -> Turnout:
    """Who took part in ``rnd``, per district and in all, with small groups suppressed."""
    starts = age_bands(rnd.min_voting_age)
    districts = list(rnd.districts)
    # the roll, by district and birth date; the participants, also by channel
    roll: Counter[tuple[int, str]] = Counter()
    for district_id, born, n in db.session.execute(
            sa.select(RollEntry.district_id, RollEntry.birth_date, sa.func.count())
            .where(RollEntry.round_id == rnd.id)
            .group_by(RollEntry.district_id, RollEntry.birth_date)):
        band = band_of(born, rnd.voting_close, starts)
        if band is not None:
            roll[district_id, f"age:{band}"] += n
    part: Counter[tuple[int, str]] = Counter()
    for district_id, born, channel, n in db.session.execute(
            sa.select(RollEntry.district_id, RollEntry.birth_date, Participation.channel,
                      sa.func.count())
            .join(Participation, sa.and_(Participation.round_id == RollEntry.round_id,
                                         Participation.voter_key == RollEntry.voter_key))
            .where(RollEntry.round_id == rnd.id)
            .group_by(RollEntry.district_id, RollEntry.birth_date, Participation.channel)):
        band = band_of(born, rnd.voting_close, starts)
        part[district_id, f"age:{band if band is not None else starts[0]}"] += n
        part[district_id, f"channel:{channel.value}"] += n
    counts = db.session.scalars(sa.select(GenderCount).where(GenderCount.round_id == rnd.id)).all()
    for c in counts:
        roll[c.district_id, f"gender:{c.gender.value}"] += c.on_roll
        part[c.district_id, f"gender:{c.gender.value}"] += c.took_part
    keys = {"age": [f"age:{s}" for s in starts],
            "gender": [f"gender:{g.value}" for g in Gender],
            "channel": [f"channel:{c.value}" for c in Channel]}
    has_roll = {"age": True, "gender": bool(counts), "channel": False}

    def area(district: District | None) -> Area:
        ids = [district.id] if district else [d.id for d in districts]
        total = Group("all", sum(roll[i, k] for i in ids for k in keys["age"]),
                      sum(part[i, k] for i in ids for k in keys["age"]))
        groups = {dim: [Group(k, sum(roll[i, k] for i in ids) if has_roll[dim] else None,
                              sum(part[i, k] for i in ids)) for k in keys[dim]]
                  for dim in DIMENSIONS}
        return Area(district, total, groups)

    areas = [area(None)] + [area(d) for d in districts]
    totals = None
    while totals != (totals := [(a.total.hide_roll, a.total.hide_part) for a in areas]):
        for dim in DIMENSIONS:  # the totals are shared: again until none changes
            for measure in ("roll", "part"):
                suppress_table(areas, dim, measure)
    for a in areas:
        a.finish()
    stale = any(c.eligible_on != rnd.voting_close or c.min_age != rnd.min_voting_age
                for c in counts)
    return Turnout(rnd, areas, genders_stale=stale,
                   genders_missing=not counts and bool(roll))


def small(value: int | None) -> bool:
    """A group smaller than SMALLEST (a group of nobody identifies nobody: 0 is shown)."""
    return value is not None and 0 < value < SMALLEST


def suppress(values: list[int | None], hidden: list[bool]) -> bool:
    """Hide figures in one line of a table, ``values[0]`` being the total of the rest, so that
    no group smaller than SMALLEST is shown or can be worked out from the line: with its total
    shown, a line may not have exactly one hidden figure (it would be the total minus the rest);
    with its total hidden, it must have at least one. Changes ``hidden`` (also the total's);
    True if it changed anything."""
    changed = False
    for i, v in enumerate(values):
        if small(v) and not hidden[i]:
            hidden[i] = changed = True
    parts = range(1, len(values))
    hidden_parts = sum(1 for i in parts if hidden[i] and values[i])
    shown = [(v, i) for i in parts if (v := values[i]) and not hidden[i]]
    if (hidden_parts == 1 and not hidden[0]) or (hidden_parts == 0 and hidden[0] and shown):
        if shown:
            hidden[min(shown)[1]] = True
        else:
            hidden[0] = True  # the one hidden figure is the whole line: hide its total
        changed = True
    return changed


def suppress_table(areas: list[Area], dim: str, measure: str) -> None:
    """Suppress one measure ("roll" or "part") of one dimension over the whole table: each
    district's line against its total, each group's column against the whole round's figure,
    and the districts' totals against the round's, until nothing changes."""
    attr, flag = ("on_roll", "hide_roll") if measure == "roll" else ("took_part", "hide_part")
    lines = [[a.total] + a.groups[dim] for a in areas]  # column 0: the totals
    if getattr(lines[0][1], attr) is None:
        return  # no such figures (channels on the roll, gender of an old roll)
    values = [[getattr(g, attr) for g in line] for line in lines]
    hidden = [[getattr(g, flag) for g in line] for line in lines]
    width = len(lines[0])
    changed = True
    while changed:
        changed = False
        for r in range(len(lines)):  # each area: its groups against its total
            changed |= suppress(values[r], hidden[r])
        for c in range(width):  # each column: the districts against the whole round
            col = [hidden[r][c] for r in range(len(lines))]
            if suppress([values[r][c] for r in range(len(lines))], col):
                for r, h in enumerate(col):
                    hidden[r][c] = h
                changed = True
    for line, flags in zip(lines, hidden):
        for g, h in zip(line, flags):
            setattr(g, flag, h)
