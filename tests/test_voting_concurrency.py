"""Casting under real concurrency, always on PostgreSQL: threads with their own connections
and transactions, as gunicorn workers would have. SQLite serialises every write, so there is
nothing to race there: in the SQLite run these tests use their own PostgreSQL database,
test_concurrency on 127.0.0.1:5432 (PostgreSQL must run for the default tests anyway)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from conftest import PG_URL, build_postgres, empty_postgres, make_app

from medborgarbudget.app import database_url as app_database_url
from medborgarbudget.extensions import db
from medborgarbudget.models import Ballot, BallotChain, GenderCount, Participation, Round
from medborgarbudget.personnummer import check_digit, parse
from medborgarbudget.services import voting
from medborgarbudget.services.roll import import_roll

#: the PostgreSQL pass's database, else one of these tests' own
#: with pytest -n, every test here runs in one worker: they share one PostgreSQL database
pytestmark = pytest.mark.xdist_group("postgres")

CONCURRENCY_URL = PG_URL or "postgresql://postgres@127.0.0.1:5432/test_concurrency"


@pytest.fixture(scope="module")
def postgres(request):
    """A migrated PostgreSQL database for this module, whichever pass this is."""
    if PG_URL:
        return request.getfixturevalue("migrated")
    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = 'test_concurrency'")):
            conn.execute(sa.text("CREATE DATABASE test_concurrency"))
    admin.dispose()
    build_postgres(CONCURRENCY_URL)
    return CONCURRENCY_URL


@pytest.fixture
def database_url(postgres):
    """Every test here runs on PostgreSQL (this overrides conftest's choice)."""
    yield postgres
    empty_postgres(postgres)


def numbers(count: int) -> list[str]:
    """``count`` different valid personnummer of adults."""
    found = []
    serial = 0
    while len(found) < count:
        serial += 1
        nine = f"85{1 + serial // 900 % 12:02d}{1 + serial // 10 % 28:02d}{serial % 1000:03d}"
        number = f"19{nine}{check_digit(nine)}"
        if number not in found:
            found.append(number)
    return found


@pytest.fixture
def crowded_round(make_round, open_voting, officer):
    def make(people: int) -> tuple[Round, list[str]]:
        rnd = make_round()
        everyone = numbers(people)
        import_roll(rnd, "personnummer;district\n" + "".join(f"{n};Norrby\n" for n in everyone),
                    officer)
        db.session.commit()
        return open_voting(rnd), everyone
    return make


def cast_in_parallel(database_url, rnd, jobs, threads, alone):
    """Run cast(voter number) for every job, each in its own app context and transaction.
    ``alone``: with nothing open on the session's connection when the ballot is cast, as in
    the web's confirm request (a first ballot is then its own transaction); else inside the
    transaction that looked the voter up, as at an officer's paper-ballot desk."""
    app = make_app(database_url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": threads,
                                                            "max_overflow": 0})
    start = threading.Barrier(threads)
    district_projects = {}
    round_id = rnd.id  # read here: the test's session is not for threads

    def cast(index_and_number):
        index, number = index_and_number
        with app.app_context():
            here = db.session.get(Round, round_id)
            if index < threads:
                start.wait()  # the first of each thread start together
            voter = voting.voter_by_eid(here, parse(number))
            district = next(d for d in here.districts if d.id == voter.district_id)
            if district.id not in district_projects:
                district_projects[district.id] = [p.id for p in voting.ballot_projects(district)]
            if alone:
                db.session.commit()
            receipt = voting.cast_ballot(voter, district_projects[district.id][:1])
            db.session.commit()
            db.session.remove()
            return receipt

    try:
        with ThreadPoolExecutor(threads) as pool:
            return list(pool.map(cast, enumerate(jobs)))
    finally:
        with app.app_context():
            db.engine.dispose()


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


ALONE = pytest.mark.parametrize("alone", [True, False], ids=["alone", "in-transaction"])


@ALONE
def test_fifty_concurrent_casts_by_one_voter_count_once(crowded_round, database_url, alone):
    rnd, (alice,) = crowded_round(1)
    receipts = cast_in_parallel(database_url, rnd, [alice] * 50, threads=10, alone=alone)
    db.session.expire_all()
    assert len(set(receipts)) == 50
    assert count(Participation) == 1
    assert count(Ballot) == 50
    counted = db.session.scalars(sa.select(Ballot).where(Ballot.superseded.is_(False))).all()
    assert len(counted) == 1
    assert [voting.receipt_status(rnd, r) for r in receipts].count("counted") == 1
    chain = db.session.get(BallotChain, rnd.id)
    assert (chain.length, chain.counted) == (50, 1)
    assert voting.verify_chain(rnd).ok
    # and the person is counted once in the statistics of who took part
    assert sum(db.session.scalars(sa.select(GenderCount.took_part))) == 1


@ALONE
def test_a_thousand_voters_at_once(crowded_round, database_url, alone):
    rnd, everyone = crowded_round(1000)
    receipts = cast_in_parallel(database_url, rnd, everyone, threads=16, alone=alone)
    db.session.expire_all()
    assert len(set(receipts)) == 1000
    assert count(Participation) == 1000
    assert db.session.scalar(sa.select(sa.func.count()).where(
        Ballot.superseded.is_(False))) == 1000
    check = voting.verify_chain(rnd)
    assert check.ok and check.length == 1000
    assert db.session.get(BallotChain, rnd.id).counted == 1000
    assert sum(db.session.scalars(sa.select(GenderCount.took_part))) == 1000


@ALONE
def test_a_cast_racing_the_close_leaves_nothing(crowded_round, database_url, monkeypatch,
                                               alone):
    """Another session closes voting (erases the slot secret) after a cast has read that
    voting is open and before it writes: the cast is refused, and neither its ballot nor
    its participation is left, also where a first ballot is its own transaction."""
    rnd, (alice,) = crowded_round(1)
    round_id, voter = rnd.id, voting.voter_by_eid(rnd, parse(alice))
    project = voting.ballot_projects(rnd.districts[0])[0].id
    if alone:
        db.session.commit()
    other = sa.create_engine(app_database_url(database_url))
    check, modes = voting.check_ballot, []

    def closing_meanwhile(*args):
        modes.append(db.session.connection().connection.driver_connection.autocommit)
        with other.begin() as conn:
            conn.execute(sa.update(BallotChain).where(BallotChain.round_id == round_id)
                         .values(slot_secret=None))
        return check(*args)

    monkeypatch.setattr(voting, "check_ballot", closing_meanwhile)
    try:
        with pytest.raises(voting.Refused) as error:
            voting.cast_ballot(voter, [project])
    finally:
        other.dispose()
    assert error.value.code == "not_open"
    assert modes == [alone]
    db.session.rollback()
    assert count(Participation) == 0 and count(Ballot) == 0
    assert db.session.get(BallotChain, round_id).length == 0
