"""Counting a round and freezing the result (design.md section 7).

``count_round`` runs once voting has closed: it checks the ballot log's hash chain (a broken
chain stops the count), turns each district's counted ballots into the tally engine's input,
runs the round's rule, and stores a Result that nothing can change afterwards. The result is
one JSON document plus, per district, the anonymised ballots as a Pabulib file; everything
published is built from these, and `medborgarbudget verify` re-counts from them alone:

- ``engine``: the exact arguments of ``tally.rules.run`` per district (rule, options, tie-break
  and its seed), so a re-count needs nothing else;
- ``files``: each file's name and SHA-256; ``chain``: the log's head and length;
- ``counts``: roll, participations, ballots counted and replaced, by channel;
- per district: its projects (title, cost, votes, selected) and the outcome with every step
  and tie, as the engine explains it.
"""

import hashlib
import json
import secrets
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import __version__
from ..extensions import db
from ..models import (
    Ballot,
    Channel,
    District,
    Participation,
    Phase,
    Result,
    ResultFile,
    RollEntry,
    Round,
    SignedResult,
    TallyRule,
    User,
)
from ..models._types import utcnow
from ..reports.result_pdf import result_pdf
from ..reports.signing import sign_pdf
from ..tally import pabulib
from ..tally.rules import run
from ..tally.types import Election, Project, decimal_str
from .audit import log_action
from .errors import DomainError, PhaseError
from .voting import ballot_projects, project_cost, verify_chain

#: names the document's layout; a verifier refuses a format it does not know
FORMAT = "medborgarbudget-result/1"


def engine_options(rnd: Round) -> dict[str, Any]:
    """The round's rule as the arguments of tally.rules.run (besides the election)."""
    options = rnd.tally_options
    common = {"tie_break": "cost-votes-lot", "seed": rnd.tiebreak_seed or ""}
    if rnd.tally_rule is TallyRule.GREEDY:
        return {"rule": "greedy", "threshold": options.get("threshold", 0),
                "no_skip": options.get("no_skip", False), **common}
    completion = options.get("completion", "add1")
    if completion == "add1" and not options.get("stop_at_exhaustive", True):
        completion = "add1-noexh"
    return {"rule": "mes", "completion": completion,
            "start": options.get("voter_budget", "floor"),
            "fill": options.get("greedy_fill", False),
            "comparison": options.get("comparison", False), **common}


def file_name(district: District) -> str:
    return f"omrade-{district.id}.pb"


def district_election(rnd: Round, district: District,
                      choices: list[list[int]]) -> Election:
    """A district's counted ballots as the engine's input, in a random order under random
    voter ids (sorted), with nothing that tells when or how a ballot came in."""
    projects = {str(p.id): Project(str(p.id), Fraction(project_cost(p)), name=p.title)
                for p in sorted(ballot_projects(district), key=lambda p: p.id)}
    ids: set[str] = set()
    while len(ids) < len(choices):
        ids.add(secrets.token_hex(8))
    ballots = [tuple(str(c) for c in chosen) for chosen in choices]
    order = sorted(ids)
    meta = {"description": f"{rnd.name}: {district.name}", "country": "Sweden",
            "unit": "Borås", "subunit": district.name, "instance": str(rnd.voting_close.year),
            "currency": "SEK", "language": "sv", "rule": rnd.tally_rule.value,
            "date_begin": rnd.voting_open.isoformat(), "date_end": rnd.voting_close.isoformat()}
    return Election(budget=Fraction(district.budget), projects=projects, ballots=ballots,
                    vote_type="approval", meta=meta, voter_ids=order)


def count_round(rnd: Round, actor: User | None) -> Result:
    """Count the round (once, after voting closed) and freeze the result."""
    if rnd.phase is not Phase.COUNTING:
        raise PhaseError(_l("Rösterna räknas när röstningen har stängt."))
    if db.session.scalar(sa.select(Result.id).where(Result.round_id == rnd.id)) is not None:
        raise DomainError(_l("Omgången är redan räknad."))
    check = verify_chain(rnd)
    if not check.ok:
        raise DomainError(_l("Röstloggen är ändrad: kedjan bryts vid röst nummer %(seq)d. "
                             "Rösterna räknas inte. Kontakta systemförvaltningen.",
                             seq=check.broken_at))
    counted = db.session.execute(
        sa.select(Ballot.district_id, Ballot.choices, Ballot.channel)
        .where(Ballot.round_id == rnd.id, Ballot.superseded.is_(False))).all()
    counts = _counts(rnd, counted)
    if counts["ballots_counted"] != counts["participations"]:
        raise DomainError(_l("Antalet räknade röster (%(ballots)d) stämmer inte med antalet "
                             "som röstat (%(people)d). Rösterna räknas inte.",
                             ballots=counts["ballots_counted"], people=counts["participations"]))
    engine = engine_options(rnd)
    counted_at = utcnow()
    districts, files = [], []
    for district in sorted(rnd.districts, key=lambda d: d.id):
        election = district_election(
            rnd, district, [c for d, c, _ch in counted if d == district.id])
        text = pabulib.dumps(election)
        outcome = run(election, **engine)
        votes = election.supporters()
        files.append(ResultFile(name=file_name(district), content=text, sha256=sha256(text)))
        districts.append({
            "id": district.id, "name": district.name, "budget": decimal_str(election.budget),
            "file": file_name(district), "ballots": election.num_voters,
            "projects": [{"id": pid, "title": p.name, "cost": decimal_str(p.cost),
                          "votes": votes.get(pid, 0), "selected": pid in outcome.selected}
                         for pid, p in election.projects.items()],
            "outcome": outcome.as_dict(),
        })
    document = dumps({
        "format": FORMAT,
        "software": f"medborgarbudget {__version__}",
        "counted_at": _iso(counted_at),
        "round": {"id": rnd.id, "name": rnd.name, "influence": rnd.influence.value,
                  "voting_open": rnd.voting_open.isoformat(),
                  "voting_close": rnd.voting_close.isoformat(),
                  "tally_rule": rnd.tally_rule.value, "tally_options": rnd.tally_options},
        "engine": engine,
        "chain": {"head": check.head, "length": check.length},
        "counts": counts,
        "files": {f.name: f.sha256 for f in files},
        "districts": districts,
    })
    result = Result(round_id=rnd.id, counted_at=counted_at, document=document,
                    sha256=sha256(document), files=files)
    db.session.add(result)
    db.session.flush()
    log_action(actor, "round.counted", result, rnd, sha256=result.sha256,
               chain_head=check.head, ballots=counts["ballots_counted"])
    return result


def _counts(rnd: Round, counted) -> dict[str, int]:
    def count(statement) -> int:
        return db.session.scalar(statement) or 0

    by_channel = {channel: 0 for channel in Channel}
    for _district, _choices, channel in counted:
        by_channel[channel] += 1
    return {
        "roll": count(sa.select(sa.func.count()).select_from(RollEntry)
                      .where(RollEntry.round_id == rnd.id)),
        "participations": count(sa.select(sa.func.count()).select_from(Participation)
                                .where(Participation.round_id == rnd.id)),
        "ballots_counted": len(counted),
        "ballots_replaced": count(sa.select(sa.func.count()).select_from(Ballot).where(
            Ballot.round_id == rnd.id, Ballot.superseded.is_(True))),
        "eid": by_channel[Channel.EID], "code": by_channel[Channel.CODE],
        "paper": by_channel[Channel.PAPER],
    }


def signing_files() -> tuple[Path, Path]:
    """The signing key and certificate (instance config, else the instance folder)."""
    instance = Path(current_app.instance_path)
    return (Path(current_app.config.get("SIGNING_KEY") or instance / "signing-key.pem"),
            Path(current_app.config.get("SIGNING_CERT") or instance / "signing-cert.pem"))


def signed_pdf(result: Result, lang: str = "sv") -> bytes:
    """The result as a signed PDF in ``lang`` (sv or en): signed the first time it is asked
    for (the caller commits; two first requests at once both sign, and the database keeps
    one: see stored_pdf), the same bytes every time after."""
    stored = stored_pdf(result, lang)
    if stored is not None:
        return stored
    key, cert = signing_files()
    if not key.exists() or not cert.exists():
        raise DomainError(_l("Det finns ingen nyckel att skriva under resultatet med. Be "
                             "administratören lägga in kommunens nyckel och certifikat."))
    content = document(result)
    pdf = result_pdf(content, result.document, {f.name: f.content for f in result.files}, lang)
    with force_locale(lang):
        reason = _("Resultatet av %(name)s", name=content["round"]["name"])
    signed = sign_pdf(pdf, key, cert, reason)
    db.session.add(SignedResult(result_id=result.id, lang=lang, pdf=signed,
                                sha256=hashlib.sha256(signed).hexdigest()))
    return signed


def stored_pdf(result: Result, lang: str) -> bytes | None:
    return db.session.scalar(sa.select(SignedResult.pdf).where(
        SignedResult.result_id == result.id, SignedResult.lang == lang))


def round_result(rnd: Round) -> Result | None:
    return db.session.scalar(sa.select(Result).where(Result.round_id == rnd.id))


def document(result: Result) -> dict[str, Any]:
    return json.loads(result.document)


def dumps(value: Any) -> str:
    """JSON as the result stores it: the same value gives the same text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
