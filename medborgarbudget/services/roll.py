"""Importing a round's voter roll from a CSV extract (``personnummer;district``, header row).

All or nothing: every bad or duplicate row is reported with its line number, and the roll is
replaced only when every row is valid. Only the keyed hash, the birth date and the district
are stored; the personnummer itself never leaves this function, not even in an error.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import personnummer as pnr
from ..extensions import db
from ..models import Gender, GenderCount, RollEntry, Round, User
from .audit import log_action
from .errors import DomainError, FrozenError

#: rows written per statement
CHUNK = 5000
#: accepted names of the two columns (the extract's header)
HEADERS = ({"personnummer", "pnr"}, {"district", "område", "omrade", "omradet", "området"})

PNR_REASONS = {
    "format": _l("personnumret ska ha 10 eller 12 siffror, som ÅÅÅÅMMDD-NNNN"),
    "plus": _l("plustecken används bara i formen med 10 siffror"),
    "check_digit": _l("kontrollsiffran i personnumret stämmer inte"),
    "no_such_date": _l("personnumrets datum finns inte"),
    "future": _l("personnumrets datum ligger i framtiden"),
}


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: object  # a lazy string


class RollErrors(DomainError):
    """The file has problems; ``problems`` lists each with its line number."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(_l("Röstlängden importerades inte: %(n)d rader har fel.",
                            n=len(problems)))
        self.problems = problems


def roll_secret() -> bytes:
    """The key of the voter_key HMAC, from instance config."""
    secret = current_app.config.get("ROLL_SECRET")
    if not secret:
        raise DomainError(_l("ROLL_SECRET saknas i instansens konfiguration "
                             "(kör medborgarbudget init)."))
    return secret.encode() if isinstance(secret, str) else secret


def decode(data: bytes) -> str:
    """Text of an uploaded extract: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def import_roll(rnd: Round, text: str, actor: User | None) -> int:
    """Replace the round's roll with the rows of ``text``; the number of people imported."""
    if rnd.is_frozen:
        raise FrozenError(_l("Röstningen har öppnat: röstlängden kan inte längre ändras."))
    secret = roll_secret()
    districts = {d.name.strip().casefold(): d.id for d in rnd.districts}
    rows = csv.reader(io.StringIO(text), delimiter=";")
    problems: list[RowProblem] = []
    header = next(rows, None)
    names = [c.strip().casefold() for c in header or []]
    if len(names) != 2 or names[0] not in HEADERS[0] or names[1] not in HEADERS[1]:
        raise RollErrors([RowProblem(1, _l("första raden ska vara rubriken "
                                           "personnummer;district"))])
    entries: dict[str, dict] = {}
    # legal gender is kept only as counts: (district, female) -> people who may vote
    genders: Counter[tuple[int, bool]] = Counter()
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless
        if len(row) != 2:
            problems.append(RowProblem(line, _l("raden ska ha två fält åtskilda av semikolon")))
            continue
        try:
            number = pnr.parse(row[0])
        except pnr.InvalidPersonnummer as error:
            problems.append(RowProblem(line, PNR_REASONS[error.reason]))
            continue
        district = districts.get(row[1].strip().casefold())
        if district is None:
            problems.append(RowProblem(line, _l("området %(name)s finns inte i omgången",
                                                name=row[1].strip()[:60])))
            continue
        key = pnr.voter_key(secret, number)
        if key in entries:
            problems.append(RowProblem(line, _l("samma person som på rad %(line)d",
                                                line=first_line[key])))
            continue
        first_line[key] = line
        if pnr.age_on(number.birth_date, rnd.voting_close) >= rnd.min_voting_age:
            genders[district, number.female] += 1
        entries[key] = {"round_id": rnd.id, "voter_key": key, "birth_date": number.birth_date,
                        "district_id": district}
    if problems:
        raise RollErrors(problems)
    if not entries:
        raise RollErrors([RowProblem(2, _l("filen har inga rader efter rubriken"))])
    db.session.execute(sa.delete(RollEntry).where(RollEntry.round_id == rnd.id))
    values = list(entries.values())
    for start in range(0, len(values), CHUNK):
        db.session.execute(sa.insert(RollEntry), values[start:start + CHUNK])
    db.session.execute(sa.delete(GenderCount).where(GenderCount.round_id == rnd.id))
    db.session.execute(sa.insert(GenderCount), [
        {"round_id": rnd.id, "district_id": district.id, "gender": gender, "on_roll":
         genders[district.id, gender is Gender.FEMALE], "took_part": 0,
         "eligible_on": rnd.voting_close, "min_age": rnd.min_voting_age}
        for district in rnd.districts for gender in Gender])
    log_action(actor, "roll.imported", rnd, rnd, people=len(values))
    return len(values)


def roll_counts(rnd: Round) -> dict[int, int]:
    """People on the roll per district id."""
    return dict(db.session.execute(
        sa.select(RollEntry.district_id, sa.func.count())
        .where(RollEntry.round_id == rnd.id).group_by(RollEntry.district_id)).all())
