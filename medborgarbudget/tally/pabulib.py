"""Reading and writing Pabulib `.pb` files (META, PROJECTS and VOTES sections).

Every problem in a file is reported as a PabulibError naming the line, never a traceback.
"""

import csv
import io
import re
from fractions import Fraction
from pathlib import Path
from typing import IO

from .types import VOTE_TYPES, Election, Project, decimal_str

SECTIONS = ("META", "PROJECTS", "VOTES")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class PabulibError(ValueError):
    """A file that is not a valid Pabulib election."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


def number(text: str, what: str, line: int | None) -> Fraction:
    """An exact decimal number, e.g. '2458488.22'."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise PabulibError(f"{what} is not a number: {text!r}", line)
    return Fraction(text)


def read(path: str | Path) -> Election:
    """Read a .pb file."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return parse(f)
    except UnicodeDecodeError as error:
        raise PabulibError(f"not UTF-8 text: {error.reason}") from None
    except OSError as error:
        raise PabulibError(f"cannot read {path}: {error.strerror}") from None


def loads(text: str) -> Election:
    return parse(io.StringIO(text.removeprefix("\ufeff"), newline=""))


def parse(stream: IO[str]) -> Election:
    """Parse a Pabulib election from a text stream."""
    rows = csv.reader(stream, delimiter=";")
    sections: dict[str, tuple[int, list[str], list[tuple[int, list[str]]]]] = {}
    current = None
    try:
        for row in rows:
            line = rows.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            name = row[0].strip().upper()
            if len(row) == 1 and name in SECTIONS:
                if name in sections:
                    raise PabulibError(f"section {name} appears twice", line)
                current = name
                sections[name] = (line, [], [])
                continue
            if current is None:
                raise PabulibError("the file must start with a META section", line)
            start, header, body = sections[current]
            if not header:
                header.extend(cell.strip() for cell in row)
            else:
                body.append((line, row))
    except csv.Error as error:
        raise PabulibError(f"unreadable line: {error}", rows.line_num) from None
    for name in SECTIONS:
        if name not in sections:
            raise PabulibError(f"the file has no {name} section")
    meta = _meta(*sections["META"])
    vote_type = meta.get("vote_type", "approval").strip().lower()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"unknown vote_type {vote_type!r}; known: {', '.join(VOTE_TYPES)}",
                           sections["META"][0])
    budget = number(meta.get("budget", ""), "budget", sections["META"][0])
    projects = _projects(*sections["PROJECTS"])
    election = Election(budget=budget, projects=projects, ballots=[], vote_type=vote_type,
                        meta=meta)
    _votes(election, *sections["VOTES"])
    for key, actual in (("num_projects", len(projects)), ("num_votes", election.num_voters)):
        if key in meta:
            stated = number(meta[key], key, sections["META"][0])
            if stated != actual:
                raise PabulibError(f"META says {key} is {meta[key]} but the file has {actual}",
                                   sections["META"][0])
    return election


def _columns(header: list[str], required: tuple[str, ...], section: str, line: int) -> dict:
    if not header:
        raise PabulibError(f"section {section} has no header line", line)
    index = {name: i for i, name in enumerate(header)}
    for name in required:
        if name not in index:
            raise PabulibError(f"section {section} has no column {name!r}", line + 1)
    return index


def _meta(line: int, header: list[str], body: list[tuple[int, list[str]]]) -> dict[str, str]:
    _columns(header, (), "META", line)
    meta = {}
    # the header line is usually "key;value"; if it is not, it is the first entry
    rows = body if header[:2] == ["key", "value"] else [(line + 1, header), *body]
    for row_line, row in rows:
        if len(row) < 2:
            raise PabulibError("a META line needs a key and a value", row_line)
        meta[row[0].strip()] = row[1].strip()
    return meta


def _projects(line: int, header: list[str],
              body: list[tuple[int, list[str]]]) -> dict[str, Project]:
    index = _columns(header, ("project_id", "cost"), "PROJECTS", line)
    id_col, cost_col, name_col = index["project_id"], index["cost"], index.get("name")
    projects: dict[str, Project] = {}
    for row_line, row in body:
        if len(row) != len(header):
            raise PabulibError(f"expected {len(header)} fields, found {len(row)}", row_line)
        pid = row[id_col].strip()
        if not pid:
            raise PabulibError("a project has no id", row_line)
        if pid in projects:
            raise PabulibError(f"duplicate project id {pid!r}", row_line)
        cost = number(row[cost_col], f"the cost of project {pid}", row_line)
        if cost < 0:
            raise PabulibError(f"project {pid} has a negative cost", row_line)
        extra = {h: row[i] for i, h in enumerate(header)
                 if i not in (id_col, cost_col, name_col)}
        projects[pid] = Project(pid, cost, row[name_col] if name_col is not None else "", extra)
    return projects


def _votes(election: Election, line: int, header: list[str],
           body: list[tuple[int, list[str]]]) -> None:
    with_points = election.vote_type in ("cumulative", "scoring")
    index = _columns(header, ("voter_id", "vote") + (("points",) if with_points else ()),
                     "VOTES", line)
    id_col, vote_col = index["voter_id"], index["vote"]
    points_col = index.get("points") if with_points else None
    skip = {id_col, vote_col, points_col}
    extra_cols = [(i, h) for i, h in enumerate(header) if i not in skip]
    known = {pid: pid for pid in election.projects}  # one string object per project id
    seen: set[str] = set()
    ballots, points, voter_ids, extras = [], [], [], []
    single = election.vote_type == "choose-1"
    for row_line, row in body:
        if len(row) != len(header):
            raise PabulibError(f"expected {len(header)} fields, found {len(row)}", row_line)
        voter = row[id_col].strip()
        if voter in seen:
            raise PabulibError(f"duplicate voter id {voter!r}", row_line)
        seen.add(voter)
        text = row[vote_col].strip()
        try:
            ballot = tuple(known[p.strip()] for p in text.split(",")) if text else ()
        except KeyError as error:
            raise PabulibError(f"vote for unknown project {error.args[0]!r}", row_line) from None
        if len(set(ballot)) != len(ballot):
            raise PabulibError("the same project appears twice in one vote", row_line)
        if single and len(ballot) > 1:
            raise PabulibError("a choose-1 vote names more than one project", row_line)
        if points_col is not None:
            text = row[points_col].strip()
            pts = tuple(number(p, "points", row_line) for p in text.split(",")) if text else ()
            if len(pts) != len(ballot):
                raise PabulibError(f"{len(ballot)} projects but {len(pts)} points", row_line)
            points.append(pts)
        ballots.append(ballot)
        voter_ids.append(voter)
        extras.append({h: row[i] for i, h in extra_cols})
    election.ballots, election.voter_ids, election.voter_extra = ballots, voter_ids, extras
    election.points = points if with_points else None


def dumps(election: Election) -> str:
    """The election as Pabulib text (the counts in META are set from the data)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    meta.update(num_projects=str(len(election.projects)), num_votes=str(election.num_voters),
                budget=decimal_str(election.budget), vote_type=election.vote_type)
    w.writerow(["META"])
    w.writerow(["key", "value"])
    w.writerows(meta.items())
    w.writerow(["PROJECTS"])
    extra = sorted({k for p in election.projects.values() for k in p.extra})
    w.writerow(["project_id", "cost", "name", *extra])
    for p in election.projects.values():
        w.writerow([p.id, decimal_str(p.cost), p.name, *(p.extra.get(k, "") for k in extra)])
    w.writerow(["VOTES"])
    voter_extra = election.voter_extra or [{} for _ in election.ballots]
    voter_cols = sorted({k for e in voter_extra for k in e})
    ids = election.voter_ids or [str(i + 1) for i in range(election.num_voters)]
    with_points = election.points is not None
    w.writerow(["voter_id", "vote", *(["points"] if with_points else []), *voter_cols])
    for i, ballot in enumerate(election.ballots):
        row = [ids[i], ",".join(ballot)]
        if with_points:
            row.append(",".join(decimal_str(p) for p in election.points[i]))
        w.writerow([*row, *(voter_extra[i].get(k, "") for k in voter_cols)])
    return out.getvalue()


def write(election: Election, path: str | Path) -> None:
    Path(path).write_text(dumps(election), encoding="utf-8")
