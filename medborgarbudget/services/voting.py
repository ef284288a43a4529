"""Eligibility, casting ballots, and the ballot log (design.md sections 4 and 5).

A cast writes the participation (who took part) and the ballot (what was chosen) in one
transaction; ballots join the log one at a time under the round's chain row lock, and the
unique constraints stop a second vote even under concurrent requests. The log is a hash
chain: h_n = SHA-256(h_(n-1) || SHA-256(content of ballot n)).
"""

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import psycopg
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from .. import personnummer as pnr
from ..extensions import db
from ..models import (
    Ballot,
    BallotChain,
    BallotRule,
    Channel,
    District,
    Gender,
    GenderCount,
    Participation,
    Phase,
    Proposal,
    ProposalState,
    Review,
    RollEntry,
    Round,
    VotingCode,
)
from ..tally.validate import BallotRule as Rule
from ..tally.validate import check_ballot
from .audit import log_action
from .errors import DomainError
from .roll import PNR_REASONS, roll_secret

#: letters and digits that cannot be mistaken for each other, for receipts and codes
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class Refused(DomainError):
    """This person may not vote (now, here, this way); ``code`` says why (see REASONS)."""

    def __init__(self, code: str) -> None:
        # what is wrong with a code is said next to the code field
        super().__init__(REASONS[code], field="code" if code.startswith("code_") else None)
        self.code = code


REASONS = {
    "not_open": _l("Röstningen är inte öppen."),
    "not_in_roll": _l("Du finns inte i röstlängden för den här omgången."),
    "other_district": _l("Du är folkbokförd i ett annat område än det här."),
    "too_young": _l("Du är för ung för att rösta i den här omgången."),
    "voted_on_paper": _l("Du har redan röstat på papper. Den rösten gäller."),
    "voted_online": _l("Personen har redan röstat digitalt. Den rösten gäller."),
    "code_unknown": _l("Koden finns inte. Kontrollera att du skrev den rätt."),
    "code_used": _l("Koden har redan använts."),
    "code_other_district": _l("Koden gäller ett annat område än det där du är folkbokförd."),
}


class InvalidBallot(DomainError):
    """The ballot breaks its district's rule; ``problems`` are tally.validate Problems."""

    def __init__(self, problems: list) -> None:
        super().__init__(_l("Valsedeln är inte giltig."))
        self.problems = problems


@dataclass(frozen=True)
class Voter:
    """Someone whose eligibility has been proved: kept in the session until they vote."""

    round_id: int
    voter_key: str
    district_id: int
    channel: Channel
    #: for a code voter, the code's hash
    code_hash: str | None = None
    #: legal gender, read from the personnummer, for the counts of who took part (not kept
    #: with the person)
    gender: Gender | None = None


def gender_of(number: pnr.Personnummer) -> Gender:
    return Gender.FEMALE if number.female else Gender.MALE


def random_code(length: int, group: int = 4) -> str:
    """A random code in ALPHABET, in groups joined by '-' for reading aloud and typing."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(raw[i:i + group] for i in range(0, length, group))


def normalise_code(text: str) -> str:
    """What a person typed, as the code it means: case and separators do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def parse_personnummer(text: str) -> pnr.Personnummer:
    try:
        return pnr.parse(text)
    except pnr.InvalidPersonnummer as error:
        raise DomainError(PNR_REASONS[error.reason], field="personnummer") from None


# --- eligibility -----------------------------------------------------------------------

def roll_entry(rnd: Round, number: pnr.Personnummer) -> RollEntry | None:
    return db.session.get(RollEntry, (rnd.id, pnr.voter_key(roll_secret(), number)))


def check_eligible(rnd: Round, entry: RollEntry | None, channel: Channel,
                   district: District | None = None) -> RollEntry:
    """The person's roll entry if they may vote through ``channel`` (in ``district``, if
    given); else Refused with the reason."""
    taken = None if entry is None else db.session.get(Participation, (rnd.id, entry.voter_key))
    _refuse(rnd, entry and (entry.birth_date, entry.district_id), channel,
            district and district.id, taken and taken.channel)
    return entry


def _refuse(rnd: "Round | sa.Row", entry: tuple[date, int] | None, channel: Channel,
            district_id: int | None, taken: Channel | None) -> None:
    """Refused with the first reason why someone with this roll ``entry`` (birth date,
    district) may not vote through ``channel`` in ``district_id`` (if given), having taken
    part already through ``taken`` (if they have)."""
    if rnd.phase is not Phase.VOTING:
        raise Refused("not_open")
    if entry is None:
        raise Refused("not_in_roll")
    birth_date, home = entry
    if district_id is not None and home != district_id:
        raise Refused("other_district")
    if pnr.age_on(birth_date, rnd.voting_close) < rnd.min_voting_age:
        raise Refused("too_young")
    _refuse_taken(taken, channel)


def _refuse_taken(taken: Channel | None, channel: Channel) -> None:
    """Online ballots can be changed; a paper ballot is final, and comes only first."""
    if taken is Channel.PAPER:
        raise Refused("voted_on_paper")
    if taken is not None and channel is Channel.PAPER:
        raise Refused("voted_online")


def voter_by_eid(rnd: Round, number: pnr.Personnummer) -> Voter:
    """A person identified by eID (or the test provider)."""
    entry = check_eligible(rnd, roll_entry(rnd, number), Channel.EID)
    return Voter(rnd.id, entry.voter_key, entry.district_id, Channel.EID,
                 gender=gender_of(number))


def voter_by_code(rnd: Round, code: str, number: pnr.Personnummer) -> Voter:
    """A person with a one-time code, who also gives their personnummer: the code proves they
    were handed it, the roll that they may vote. A used code lets only the same person in
    again (to change their ballot while voting is open)."""
    if rnd.phase is not Phase.VOTING:
        raise Refused("not_open")
    found = db.session.scalar(sa.select(VotingCode).where(
        VotingCode.round_id == rnd.id, VotingCode.code_hash == code_hash(code)))
    if found is None:
        raise Refused("code_unknown")
    entry = check_eligible(rnd, roll_entry(rnd, number), Channel.CODE)
    if found.used and found.slot != _slot(rnd, entry.voter_key):
        raise Refused("code_used")
    if entry.district_id != found.district_id:
        raise Refused("code_other_district")
    return Voter(rnd.id, entry.voter_key, entry.district_id, Channel.CODE, found.code_hash,
                 gender_of(number))


def voter_on_paper(rnd: Round, number: pnr.Personnummer,
                   desk: District | None = None) -> Voter:
    """A person at an officer's desk with a paper ballot (a desk for ``desk``'s district
    only, if given)."""
    entry = check_eligible(rnd, roll_entry(rnd, number), Channel.PAPER, desk)
    return Voter(rnd.id, entry.voter_key, entry.district_id, Channel.PAPER,
                 gender=gender_of(number))


# --- the ballot ------------------------------------------------------------------------

def on_ballot(proposal) -> sa.ColumnElement[bool]:
    """Whether a proposal is on its district's ballot: feasible and not hidden. ``proposal``
    is Proposal, or the columns of its table (``Proposal.__table__.c``)."""
    return sa.and_(proposal.state == ProposalState.FEASIBLE, proposal.hidden.is_(False))


def ballot_projects(district: District) -> list[Proposal]:
    """The projects on a district's ballot, by title."""
    return list(db.session.scalars(
        sa.select(Proposal).where(Proposal.district_id == district.id, on_ballot(Proposal))
        .options(selectinload(Proposal.review))  # the costs, in one query
        .order_by(Proposal.title, Proposal.id)))


def ballot_rule(rnd: Round, district: District) -> Rule:
    return _rule(rnd, district.budget)


def _rule(rnd: "Round | sa.Row", budget: int) -> Rule:
    if rnd.ballot_rule is BallotRule.APPROVAL:
        return Rule("approval", budget, k=rnd.approval_k)
    return Rule("knapsack", budget, rnd.ballot_min_projects, rnd.ballot_max_projects)


def project_cost(proposal: Proposal) -> int:
    """What a project on the ballot costs: the officer's estimate."""
    return proposal.review.cost_estimate if proposal.review else proposal.estimated_cost


def ballot_costs(district_id: int) -> dict[str, int]:
    """What each project on a district's ballot costs, by id (as tally.validate takes them),
    in one plain query: the same projects and costs as ballot_projects and project_cost."""
    return {str(pid): cost
            for pid, cost in db.session.execute(_Cast.costs, {"district": district_id})}


def check_choices(rnd: Round, district: District, choices: list[int]) -> list:
    """Problems (tally.validate) with choosing these project ids in ``district``."""
    return check_ballot([str(c) for c in choices], ballot_costs(district.id),
                        ballot_rule(rnd, district))


def _slot(rnd: Round, voter_key: str) -> str | None:
    chain = db.session.get(BallotChain, rnd.id)
    return None if chain is None else slot_for(chain.slot_secret, voter_key)


def slot_for(secret: str | None, voter_key: str) -> str | None:
    """The keyed handle by which a voter's ballot can be replaced (None once voting closed)."""
    if secret is None:
        return None
    return hmac.new(bytes.fromhex(secret), voter_key.encode(), hashlib.sha256).hexdigest()


def genesis(round_id: int) -> str:
    return hashlib.sha256(f"medborgarbudget:{round_id}".encode()).hexdigest()


def ballot_content(ballot) -> bytes:
    """What the chain covers of a ballot (a row, or its values as a dict), canonically."""
    get = ballot.get if isinstance(ballot, dict) else lambda name: getattr(ballot, name)
    return json.dumps({"round": get("round_id"), "seq": get("seq"),
                       "district": get("district_id"), "choices": get("choices"),
                       "channel": get("channel").value, "receipt": get("receipt_hash")},
                      sort_keys=True, separators=(",", ":")).encode()


def content_prefix(ballot: dict) -> str:
    """A ballot's content (see ballot_content) up to its sequence number, which comes last:
    the content is this, the number, and "}"."""
    content = ballot_content({**ballot, "seq": 0}).decode()
    if not content.endswith(',"seq":0}'):
        raise AssertionError("the sequence number must come last in a ballot's content")
    return content[:-2]


def link(previous: str, ballot) -> str:
    return hashlib.sha256(bytes.fromhex(previous)
                          + hashlib.sha256(ballot_content(ballot)).digest()).hexdigest()


def open_chain(rnd: Round) -> BallotChain:
    """Start the round's ballot log (when voting opens), with a fresh slot secret."""
    chain = BallotChain(round_id=rnd.id, head=genesis(rnd.id), length=0, counted=0,
                        slot_secret=secrets.token_hex(32))
    db.session.add(chain)
    return chain


def cast_ballot(voter: Voter, choices: list[int]) -> str:
    """Record the ballot of ``voter`` (in their round); the receipt code (shown once, never
    stored).

    The busiest write there is, so it is a few plain statements, built once (see _Cast),
    and ballots wait for each other only for the last ones. One query reads the round's
    rules, the person (roll, district, age, an earlier vote), the chain's slot secret and
    the projects on their ballot. On PostgreSQL a first ballot is then one statement
    (_first_ballot), and with nothing else open on the session's connection it is its own
    transaction: two round trips in all, no BEGIN or COMMIT. Otherwise, in the session's
    transaction: the participation is written before the chain's lock is taken, as its
    primary key alone stops a second vote (a concurrent one waits for ours, then finds it);
    under the lock the replaced ballot is marked (if any), the ballot written, the head
    moved."""
    run = db.session.execute
    rnd_id = voter.round_id
    who = {"rnd": rnd_id, "key": voter.voter_key}
    # a code is used in the ballot's transaction: no statement of a code voter commits alone
    with _each_statement_commits(voter.channel is not Channel.CODE):
        rows = run(_Cast.read, who).all()
        if not rows:
            raise Refused("not_open")  # no such round
        found = rows[0]
        _refuse(found, found.birth_date and (found.birth_date, found.district_id),
                voter.channel, voter.district_id, found.channel)
        if found.slot_secret is None:
            raise Refused("not_open")
        costs = {str(row.project): row.cost for row in rows if row.project is not None}
        problems = check_ballot([str(c) for c in choices], costs, _rule(found, found.budget))
        if problems:
            raise InvalidBallot(problems)
        slot = None if voter.channel is Channel.PAPER else slot_for(found.slot_secret,
                                                                     voter.voter_key)
        if voter.channel is Channel.CODE:
            used = run(_Cast.use_code, {"rnd": rnd_id, "code": voter.code_hash,
                                        "handle": slot}).rowcount
            if used != 1:
                raise Refused("code_used")
        receipt = random_code(12)
        ballot = dict(round_id=rnd_id, district_id=voter.district_id,
                      choices=sorted(set(choices)), channel=voter.channel,
                      receipt_hash=code_hash(receipt))
        postgres = db.session.get_bind().dialect.name == "postgresql"
        if postgres and found.channel is None:  # a first ballot, the common case
            done = run(_Cast.first_ballot, {
                "rnd": rnd_id, "key": voter.voter_key, "by": voter.channel,
                "in_district": voter.district_id, "of_gender": voter.gender,
                "chose": ballot["choices"], "receipt": ballot["receipt_hash"], "handle": slot,
                "prefix": content_prefix(ballot)}).one()
            if done.seq is not None:
                return receipt
            if done.closed:
                raise Refused("not_open")
            # else they voted a moment ago, in another request: as any change of ballot
    participate = _Cast.participate["postgresql" if postgres else "sqlite"]
    first = run(participate, {"round_id": rnd_id, "voter_key": voter.voter_key,
                              "channel": voter.channel}).first() is not None
    if not first:  # they have voted before (perhaps a moment ago, in another request)
        _refuse_taken(run(_Cast.taken, who).scalar(), voter.channel)
    # the lock: closing voting erases the slot secret under it, so no secret, no ballot
    chain = run(_Cast.lock, {"rnd": rnd_id, "added": int(first)}).first()
    if chain is None:
        raise Refused("not_open")
    if not first:  # an online voter changing their ballot: the last one counts
        run(_Cast.replace, {"rnd": rnd_id, "handle": slot})
    elif voter.gender is not None:  # counted once, after the chain's lock (one lock order)
        run(_Cast.count_gender, {"rnd": rnd_id, "in_district": voter.district_id,
                                 "of_gender": voter.gender})
    ballot["seq"] = chain.length
    head = link(chain.head, ballot)
    run(_Cast.write, {**ballot, "chain_hash": head, "slot": slot})
    run(_Cast.move, {"rnd": rnd_id, "moved_to": head})
    return receipt


@contextmanager
def _each_statement_commits(wanted: bool) -> Iterator[None]:
    """Inside, on PostgreSQL with no transaction open on the session's connection (and if
    ``wanted``): each statement is its own transaction (psycopg's autocommit), which saves
    the round trips of BEGIN and COMMIT. Elsewhere statements join the session's
    transaction as always."""
    conn = db.session.connection()
    driver = conn.connection.driver_connection
    if not wanted or conn.dialect.name != "postgresql" or \
            driver.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        yield
        return
    driver.autocommit = True
    try:
        yield
    finally:
        driver.autocommit = False


def _first_ballot(p: sa.Table, chain: sa.Table, count_gender: sa.Update,
                  ballot: sa.Table) -> sa.Select:
    """cast_ballot's steps for a first ballot as one PostgreSQL statement: take the chain's
    lock if voting is open (its slot secret is there); under it, write the participation;
    if it is new (else nothing more happens), move the head, count the voter's gender and
    write the ballot. All or nothing even as its own transaction: without the lock there is
    no participation. Its row: ``closed`` (voting had closed) and ``seq`` (the ballot's
    place in the chain; None if none was written)."""
    rnd = sa.bindparam("rnd", type_=sa.Integer)
    locked = (sa.select(chain.c.round_id)
              .where(chain.c.round_id == rnd, chain.c.slot_secret.is_not(None))
              .with_for_update().cte("locked"))
    wrote = (postgresql.insert(p)
             .from_select(["round_id", "voter_key", "channel"],
                          sa.select(locked.c.round_id, sa.bindparam("key", type_=sa.String),
                                    sa.bindparam("by", type_=p.c.channel.type)))
             .on_conflict_do_nothing().returning(p.c.voter_key).cte("wrote"))
    seq = chain.c.length + 1
    content = sa.func.convert_to(sa.bindparam("prefix", type_=sa.Text)
                                 + sa.cast(seq, sa.Text) + "}", "UTF8")
    head = sa.func.encode(sa.func.sha256(
        sa.func.decode(chain.c.head, "hex").op("||")(sa.func.sha256(content))), "hex")
    moved = (sa.update(chain)
             .where(chain.c.round_id == rnd, sa.exists(sa.select(wrote.c.voter_key)))
             .values(length=seq, counted=chain.c.counted + 1, head=head)
             .returning(chain.c.length, chain.c.head).cte("moved"))
    counted = (count_gender.where(sa.exists(sa.select(moved.c.length)))
               .returning(count_gender.table.c.took_part).cte("counted"))
    written = (sa.insert(ballot).from_select(
        ["round_id", "seq", "district_id", "choices", "channel", "receipt_hash", "chain_hash",
         "slot", "superseded"],
        sa.select(rnd, moved.c.length, sa.bindparam("in_district", type_=sa.Integer),
                  sa.bindparam("chose", type_=ballot.c.choices.type),
                  sa.bindparam("by", type_=ballot.c.channel.type),
                  sa.bindparam("receipt", type_=sa.String),
                  moved.c.head, sa.bindparam("handle", type_=sa.String), sa.false()))
        .returning(ballot.c.seq).cte("written"))
    return sa.select(
        ~sa.exists(sa.select(locked.c.round_id)).label("closed"),
        sa.select(written.c.seq).scalar_subquery().label("seq"),
        sa.select(sa.func.count()).select_from(counted).scalar_subquery().label("counted"))


class _Cast:
    """The statements of cast_ballot, on the tables (not the ORM), built once: building a
    statement costs more than running it."""

    chain, ballot, code = BallotChain.__table__, Ballot.__table__, VotingCode.__table__
    roll, district, p = RollEntry.__table__, District.__table__, Participation.__table__
    rounds = Round.__table__
    proposal, review = Proposal.__table__, Review.__table__
    cost = sa.func.coalesce(review.c.cost_estimate, proposal.c.estimated_cost)  # project_cost
    read = (  # rows if the round exists: one per project on the person's ballot, or one
        # with no project; the person's columns are None if they are not on its roll
        sa.select(rounds.c.phase, rounds.c.voting_close, rounds.c.min_voting_age,
                  rounds.c.ballot_rule, rounds.c.approval_k, rounds.c.ballot_min_projects,
                  rounds.c.ballot_max_projects, roll.c.birth_date, roll.c.district_id,
                  district.c.budget, chain.c.slot_secret, p.c.channel,
                  proposal.c.id.label("project"), cost.label("cost"))
        .select_from(rounds)
        .outerjoin(roll, sa.and_(roll.c.round_id == rounds.c.id,
                                 roll.c.voter_key == sa.bindparam("key")))
        .outerjoin(district, district.c.id == roll.c.district_id)
        .outerjoin(chain, chain.c.round_id == rounds.c.id)
        .outerjoin(p, sa.and_(p.c.round_id == rounds.c.id, p.c.voter_key == roll.c.voter_key))
        .outerjoin(proposal, sa.and_(proposal.c.district_id == roll.c.district_id,
                                     on_ballot(proposal.c)))
        .outerjoin(review, review.c.proposal_id == proposal.c.id)
        .where(rounds.c.id == sa.bindparam("rnd")))
    costs = (
        sa.select(proposal.c.id, cost)
        .outerjoin(review, review.c.proposal_id == proposal.c.id)
        .where(proposal.c.district_id == sa.bindparam("district"), on_ballot(proposal.c)))
    use_code = (
        sa.update(code).where(code.c.code_hash == sa.bindparam("code"),
                              code.c.round_id == sa.bindparam("rnd"),
                              sa.or_(code.c.used.is_(False),
                                     code.c.slot == sa.bindparam("handle")))
        .values(used=True, slot=sa.bindparam("handle")))
    participate = {  # by dialect: ON CONFLICT is not in the standard
        "sqlite": sqlite.insert(p).on_conflict_do_nothing().returning(p.c.voter_key),
        "postgresql": postgresql.insert(p).on_conflict_do_nothing().returning(p.c.voter_key)}
    taken = sa.select(p.c.channel).where(p.c.round_id == sa.bindparam("rnd"),
                                         p.c.voter_key == sa.bindparam("key"))
    lock = (sa.update(chain)
            .where(chain.c.round_id == sa.bindparam("rnd"), chain.c.slot_secret.is_not(None))
            .values(length=chain.c.length + 1, counted=chain.c.counted + sa.bindparam("added"))
            .returning(chain.c.length, chain.c.head))
    replace = (sa.update(ballot)
               .where(ballot.c.round_id == sa.bindparam("rnd"),
                      ballot.c.slot == sa.bindparam("handle"), ballot.c.superseded.is_(False))
               .values(superseded=True))
    write = sa.insert(ballot).values(superseded=False)
    genders = GenderCount.__table__
    count_gender = (sa.update(genders)
                    .where(genders.c.round_id == sa.bindparam("rnd"),
                           genders.c.district_id == sa.bindparam("in_district"),
                           genders.c.gender == sa.bindparam("of_gender"))
                    .values(took_part=genders.c.took_part + 1))
    move = (sa.update(chain).where(chain.c.round_id == sa.bindparam("rnd"))
            .values(head=sa.bindparam("moved_to")))
    first_ballot = _first_ballot(p, chain, count_gender, ballot)


# --- the log -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    length: int
    head: str
    #: the first ballot (seq) whose hash does not follow, if any
    broken_at: int | None = None


def verify_chain(rnd: Round) -> ChainCheck:
    """Recompute the round's chain from its ballots and compare it with the stored one."""
    chain = db.session.get(BallotChain, rnd.id)
    if chain is None:
        return ChainCheck(True, 0, genesis(rnd.id))
    head, seq = genesis(rnd.id), 0
    # plain rows, not objects: what is stored now, whatever the session holds, and fast
    rows = db.session.execute(
        sa.select(Ballot.round_id, Ballot.seq, Ballot.district_id, Ballot.choices,
                  Ballot.channel, Ballot.receipt_hash, Ballot.chain_hash)
        .where(Ballot.round_id == rnd.id).order_by(Ballot.seq)
        .execution_options(yield_per=2000))
    with rows:  # closes the server-side cursor however we leave
        for ballot in rows:
            seq += 1
            head = link(head, ballot)
            if ballot.seq != seq or ballot.chain_hash != head:
                return ChainCheck(False, chain.length, chain.head, broken_at=ballot.seq)
    if seq != chain.length or head != chain.head:
        return ChainCheck(False, chain.length, chain.head, broken_at=seq + 1)
    return ChainCheck(True, chain.length, chain.head)


def close_voting(rnd: Round) -> None:
    """When voting closes: erase every slot and the secret they were made with, so that from
    now on nothing links a ballot to a person. Called by the phase change, under its lock."""
    chain = db.session.scalar(sa.select(BallotChain).where(BallotChain.round_id == rnd.id)
                              .with_for_update())
    if chain is not None:
        chain.slot_secret = None
    db.session.execute(sa.update(Ballot).where(Ballot.round_id == rnd.id,
                                               Ballot.slot.is_not(None))
                       .values(slot=None).execution_options(synchronize_session=False))
    db.session.execute(sa.update(VotingCode).where(VotingCode.round_id == rnd.id)
                       .values(slot=None).execution_options(synchronize_session=False))


def receipt_status(rnd: Round, receipt: str) -> str:
    """'counted', 'replaced' (its voter cast a later ballot) or 'unknown'."""
    ballot = db.session.scalar(sa.select(Ballot).where(
        Ballot.round_id == rnd.id, Ballot.receipt_hash == code_hash(receipt)))
    if ballot is None:
        return "unknown"
    return "replaced" if ballot.superseded else "counted"


# --- one-time codes ----------------------------------------------------------------------

#: at most this many codes in one batch (one printed sheet set)
MAX_CODES = 2000


def create_codes(rnd: Round, district: District, count: int, actor) -> tuple[int, list[str]]:
    """``count`` new one-time codes for ``district``: (batch number, the codes). The codes
    exist only in what is returned (to print); the database keeps their hashes."""
    if district.round_id != rnd.id:
        raise DomainError(_l("Området hör inte till omgången."))
    if not 1 <= count <= MAX_CODES:
        raise DomainError(_l("Antalet koder ska vara mellan 1 och %(most)d.", most=MAX_CODES),
                          field="count")
    if rnd.phase.index > Phase.VOTING.index:
        raise DomainError(_l("Röstningen har stängt."))
    batch = (db.session.scalar(sa.select(sa.func.max(VotingCode.batch))
                               .where(VotingCode.round_id == rnd.id)) or 0) + 1
    codes = [random_code(12) for _ in range(count)]
    db.session.execute(sa.insert(VotingCode), [
        {"round_id": rnd.id, "district_id": district.id, "code_hash": code_hash(c),
         "batch": batch, "used": False} for c in codes])
    log_action(actor, "codes.created", district, rnd, batch=batch, count=count)
    return batch, codes
