"""Fixtures: an app on SQLite (default) or PostgreSQL (TEST_DATABASE_URL), clients, factories.

The schema is built once per run by the migrations, never by create_all(). Each test starts
from empty tables: on SQLite from a fresh copy of the migrated file, on PostgreSQL by
truncating every table (TRUNCATE does not fire the append-only triggers of the audit log).
"""

import contextvars
import os
import shutil
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from browser_harness import browser, demo  # noqa: F401 (fixtures of tests/browser)
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from medborgarbudget.app import ROOT, create_app
from medborgarbudget.app import database_url as app_database_url
from medborgarbudget.extensions import db
from medborgarbudget.models import (
    BallotRule,
    Category,
    Influence,
    Phase,
    Proposal,
    Role,
    Round,
    TallyRule,
    User,
)
from medborgarbudget.personnummer import check_digit, parse
from medborgarbudget.services import proposals as proposal_service
from medborgarbudget.services import rounds as round_service
from medborgarbudget.services import voting as voting_service
from medborgarbudget.services.roll import import_roll
from medborgarbudget.services.users import create_user

PASSWORD = "correct horse battery"


def worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own (``<name>_gw0``,
    created when missing), so that the PostgreSQL pass can run on both cores."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base, _slash, name = url.rpartition("/")
    own = f"{name}_{worker}"
    admin = sa.create_engine(app_database_url(f"{base}/postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # one CREATE DATABASE at a time: two at once fail, both copying template1
        conn.execute(sa.text("SELECT pg_advisory_lock(7411)"))
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": own}):
            conn.execute(sa.text(f'CREATE DATABASE "{own}"'))
        conn.execute(sa.text("SELECT pg_advisory_unlock(7411)"))
    admin.dispose()
    return f"{base}/{own}"


PG_URL = worker_database(os.environ.get("TEST_DATABASE_URL", ""))


def base_config(url: str, **extra) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test secret",
        "ROLL_SECRET": "test roll secret",
        # rate limits are tested on their own (test_rate_limits.py)
        "RATELIMIT_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        # the test client speaks plain http; production's Secure cookies are tested on their own
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        # cheap hashing in tests; the argon2id parameters are still real
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
    }
    config.update(extra)
    return config


def build_postgres(url: str) -> None:
    """Rebuild a PostgreSQL database's schema by running every migration."""
    app = create_app(base_config(url))
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()


def empty_postgres(url: str) -> None:
    """Empty every table but Alembic's (TRUNCATE fires no row triggers)."""
    engine = sa.create_engine(app_database_url(url))
    with engine.begin() as conn:
        tables = [r[0] for r in conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'alembic_version'"))]
        conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated(tmp_path_factory):
    """The database URL of a schema built by running every migration once."""
    if PG_URL:
        build_postgres(PG_URL)
        return PG_URL
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    app = create_app(base_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    return f"sqlite:///{path}"


@pytest.fixture
def database_url(migrated, tmp_path):
    """A URL to an empty, fully migrated database for one test."""
    if PG_URL:
        yield PG_URL
        empty_postgres(PG_URL)
    else:
        path = tmp_path / "test.sqlite3"
        shutil.copy(migrated.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"


class IsolatedClient(FlaskClient):
    """A test client whose requests each get their own app context, as on a real server.

    Without this a request would borrow the test's app context, and with it `g` (where
    Flask-Login and Flask-WTF keep per-request state) and the test's database session."""

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # the test sees what the request wrote
        return response


def make_app(database_url: str, **extra):
    app = create_app(base_config(database_url, **extra))
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture
def new_app(database_url):
    """new_app(**config) -> another app on the test database; its connections close after."""
    apps = []

    def new(create=make_app, **extra):
        app = create(database_url, **extra)
        apps.append(app)
        return app

    yield new
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """make_user(role=Role.RESIDENT, email=None) -> a committed user whose password is PASSWORD."""
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.RESIDENT, email: str | None = None, name: str = "Test Person"):
        email = email or f"{role.value}{next(counter)}@example.se"
        user = create_user(email, name, PASSWORD, role)
        db.session.commit()
        return user

    return make


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


@pytest.fixture
def resident(make_user):
    return make_user(Role.RESIDENT)


def round_values(**overrides) -> dict:
    today = date.today()
    values = {
        "name": "Medborgarbudget Norrby 2026",
        "purpose": "Invånarna i Norrby bestämmer över 500 000 kronor till lek och trygghet.",
        "influence": Influence.BINDING,
        "proposals_open": today, "proposals_close": today + timedelta(days=30),
        "voting_open": today + timedelta(days=40), "voting_close": today + timedelta(days=60),
        "results_date": today + timedelta(days=70),
        "min_voting_age": 12,
        "ballot_rule": BallotRule.KNAPSACK, "ballot_min_projects": None,
        "ballot_max_projects": None, "approval_k": None,
        "tally_rule": TallyRule.GREEDY, "tally_options": {},
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_round(app, officer):
    """make_round(phase=Phase.PROPOSALS, districts=..., **settings) -> a committed round."""

    def make(phase: Phase = Phase.PROPOSALS, districts=(("Norrby", 500_000), ("Sjöbo", 300_000)),
             **overrides) -> Round:
        rnd = round_service.create_round(officer, **round_values(**overrides))
        for name, budget in districts:
            round_service.add_district(rnd, officer, name, budget)
        if phase.index > Phase.PROPOSALS.index:
            raise ValueError("use open_voting() for later phases: they need reviewed proposals")
        while rnd.phase is not phase:
            round_service.advance_phase(rnd, officer)
        db.session.commit()
        return rnd

    return make


@pytest.fixture
def make_proposal(app, make_user):
    """make_proposal(round, author=None, submit=True, **fields) -> a committed proposal."""

    def make(rnd: Round, author: User | None = None, submit: bool = True, **fields) -> Proposal:
        author = author or make_user()
        values = {
            "title": "Belysning vid Norrbyskolan",
            "summary": "Ljus längs den mörka gångvägen till skolan.",
            "description": "Gångvägen är mörk på vintern och många känner sig otrygga där.",
            "estimated_cost": 120_000,
            "district_id": rnd.districts[0].id,
            "category": Category.SAFETY,
            "place": None,
        }
        values.update(fields)
        proposal = proposal_service.create_proposal(rnd, author, submit=submit, **values)
        db.session.commit()
        return proposal

    return make


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/logga-in", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logga-ut")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def open_voting(officer, make_proposal):
    """open_voting(round) -> the round in the voting phase, one feasible project per district."""

    def open_(rnd: Round) -> Round:
        if rnd.phase is Phase.INFORMATION:
            round_service.advance_phase(rnd, officer)
        for district in rnd.districts:
            proposal = make_proposal(rnd, district_id=district.id,
                                     title=f"Lekplats i {district.name}")
            proposal_service.review_proposal(proposal, officer, True, district.budget // 2, None)
        while rnd.phase is not Phase.VOTING:
            round_service.advance_phase(rnd, officer)
        db.session.commit()
        return rnd

    return open_


def pytest_collection_modifyitems(config, items):
    """Slow tests run when MEDBORGARBUDGET_SLOW_TESTS=1 (CI sets it), or when asked for by
    name with -m slow; the browser suite (tests/browser: Chromium and axe-core) likewise with
    MEDBORGARBUDGET_BROWSER_TESTS=1 or -m browser. The default run stays quick."""
    asked = config.getoption("-m")
    wanted = {mark for mark, variable in (("slow", "MEDBORGARBUDGET_SLOW_TESTS"),
                                          ("browser", "MEDBORGARBUDGET_BROWSER_TESTS"))
              if os.environ.get(variable) == "1" or mark in asked}
    keep, left = [], []
    for item in items:
        marks = {m for m in ("slow", "browser") if item.get_closest_marker(m)}
        (keep if marks <= wanted else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
    # the longest groups first, so that with pytest-xdist the two workers end together (CI
    # runs with --no-loadscope-reorder, else xdist would order the groups by their size)
    keep.sort(key=lambda item: LONGEST_FIRST.get(group_of(item), len(LONGEST_FIRST)))
    items[:] = keep


#: the pytest-xdist groups that take longest (CI: minutes each), longest first
LONGEST_FIRST = {group: rank for rank, group in enumerate((
    "add1:Hungary_Budapest_2024.pb", "browser", "add1:Poland_Warszawa_2023_Mokotow.pb",
    "add1:Poland_Warszawa_2026.pb"))}


def group_of(item) -> str | None:
    mark = item.get_closest_marker("xdist_group")
    return mark and (mark.args[0] if mark.args else mark.kwargs.get("name"))


# --- voting ------------------------------------------------------------------------------
# made-up personnummer (check digits put right by valid()); Bob's is a samordningsnummer

ADULT = "19800101-0008"       # born 1980
TEEN = "20120612-1234"
ALICE, BOB, CAROL = "19121212-1212", "197010632391", "19900315-5678"


def valid(number: str) -> str:
    """The number with its Luhn check digit put right (tests make up their own numbers)."""
    return number[:-1] + check_digit(number.replace("-", "")[-10:-1])


ADULT, TEEN, CAROL = valid(ADULT), valid(TEEN), valid(CAROL)


#: the projects on the ballot: (district, title, cost)
PROJECTS = [("Norrby", "Lekplats", 300_000), ("Norrby", "Bänkar", 300_000),
            ("Norrby", "Träd", 50_000), ("Norrby", "Skylt", 10_000), ("Sjöbo", "Bad", 100_000)]


@pytest.fixture
def voting_round(make_round, make_proposal, officer):
    """A round in voting (Norrby 500,000 kr, at most 2 projects a ballot) with a roll: Alice,
    Bob and a teenager in Norrby, Carol in Sjöbo; everyone must be 16."""
    rnd = make_round(min_voting_age=16, ballot_max_projects=2)
    roll = (f"personnummer;district\n{ALICE};Norrby\n{BOB};Norrby\n{TEEN};Norrby\n"
            f"{CAROL};Sjöbo\n")
    import_roll(rnd, roll, officer)
    for district_name, title, cost in PROJECTS:
        district = next(d for d in rnd.districts if d.name == district_name)
        proposal = make_proposal(rnd, district_id=district.id, title=title, estimated_cost=cost)
        proposal_service.review_proposal(proposal, officer, True, cost, None)
    while rnd.phase is not Phase.VOTING:
        round_service.advance_phase(rnd, officer)
    db.session.commit()
    return rnd


def ids(rnd, *titles):
    found = {p.title: p.id for d in rnd.districts for p in voting_service.ballot_projects(d)}
    return [found[t] for t in titles]


# --- results ----------------------------------------------------------------------------

def cast(rnd, number, *titles, paper=False):
    who = parse(number)
    voter = (voting_service.voter_on_paper(rnd, who) if paper
             else voting_service.voter_by_eid(rnd, who))
    voting_service.cast_ballot(voter, ids(rnd, *titles))
    db.session.commit()


@pytest.fixture
def closed_round(voting_round, officer):
    """Alice changes her mind once, Bob votes on paper, Carol votes in Sjöbo; voting closes."""
    rnd = voting_round
    cast(rnd, ALICE, "Lekplats", "Skylt")
    cast(rnd, ALICE, "Lekplats", "Träd")
    cast(rnd, BOB, "Lekplats", "Skylt", paper=True)
    cast(rnd, CAROL, "Bad")
    round_service.advance_phase(rnd, officer)
    db.session.commit()
    assert rnd.phase is Phase.COUNTING
    return rnd


@pytest.fixture(scope="session")
def signing_keys(tmp_path_factory):
    """Two self-signed key pairs: "trusted" (the app signs with it) and "other"."""
    from medborgarbudget.reports.signing import create_dev_keys

    folder = tmp_path_factory.mktemp("keys")
    pairs = {}
    for name in ("trusted", "other"):
        pairs[name] = (folder / f"{name}-key.pem", folder / f"{name}-cert.pem")
        create_dev_keys(*pairs[name], name=f"Test {name}")
    return pairs


@pytest.fixture
def counted_round(closed_round, app, signing_keys):
    """closed_round, counted, with the app signing with the trusted key."""
    from medborgarbudget.services.results import count_round

    app.config["SIGNING_KEY"], app.config["SIGNING_CERT"] = map(str, signing_keys["trusted"])
    count_round(closed_round, None)
    db.session.commit()
    return closed_round


@pytest.fixture
def published(counted_round, officer):
    """counted_round, with its result published (the results phase)."""
    round_service.advance_phase(counted_round, officer)
    db.session.commit()
    assert counted_round.phase is Phase.RESULTS
    return counted_round
