"""Importing a voter roll of 100,000 people: the goal is at most 30 s.

    python benchmarks/roll_import.py [--people 100000] [--database-url postgresql://...]

Makes a round with Borås districts in a fresh database (a temporary SQLite file unless a
PostgreSQL URL is given, whose public schema is then rebuilt), writes a CSV extract of
made-up but valid personnummer, and times the import as an officer would run it.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from medborgarbudget.personnummer import check_digit

DISTRICTS = ["Centrum", "Norrby", "Hässleholmen", "Sjöbo", "Trandared", "Brämhult", "Dalsjöfors",
             "Fristad", "Sandared"]


def valid_number(rng: random.Random) -> str:
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(33000))
    nine = f"{born:%y%m%d}{rng.randrange(1000):03d}"
    return f"{born.year // 100}{nine[:6]}-{nine[6:]}{check_digit(nine)}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    rng = random.Random(1)
    numbers: set[str] = set()
    while len(numbers) < args.people:
        numbers.add(valid_number(rng))
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "roll.csv"
        csv.write_text("personnummer;district\n" + "".join(
            f"{n};{rng.choice(DISTRICTS)}\n" for n in sorted(numbers)))
        env = dict(os.environ, MEDBORGARBUDGET_SECRET_KEY="bench",
                   MEDBORGARBUDGET_ROLL_SECRET="bench", MEDBORGARBUDGET_INSTANCE=tmp,
                   DATABASE_URL=args.database_url or f"sqlite:///{tmp}/bench.sqlite3")
        setup = f"""
import sqlalchemy as sa
from datetime import date, timedelta
from flask_migrate import upgrade
from medborgarbudget.app import ROOT, create_app
from medborgarbudget.extensions import db
from medborgarbudget.models import BallotRule, Influence, Role, TallyRule
from medborgarbudget.services.users import create_user
from medborgarbudget.services.rounds import add_district, create_round
app = create_app()
with app.app_context():
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    upgrade(directory=str(ROOT / "migrations"))
    today = date.today()
    officer = create_user("bench@example.org", "Bench", "a long bench password", Role.OFFICER)
    rnd = create_round(officer, name="Bench", purpose="Bench", influence=Influence.BINDING,
        proposals_open=today, proposals_close=today, voting_open=today, voting_close=today,
        results_date=today, min_voting_age=0, ballot_rule=BallotRule.KNAPSACK,
        ballot_min_projects=None, ballot_max_projects=None, approval_k=None,
        tally_rule=TallyRule.GREEDY, tally_options={{}})
    for name in {DISTRICTS!r}:
        add_district(rnd, officer, name, 1_000_000)
    db.session.commit()
    print(rnd.id)
"""
        made = subprocess.run([sys.executable, "-c", setup], env=env, capture_output=True,
                              text=True)
        if made.returncode:
            sys.exit(made.stderr)
        round_id = made.stdout.split()[-1]
        start = time.perf_counter()
        result = subprocess.run(["medborgarbudget", "roll", "import", round_id, str(csv)],
                                env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        print(result.stdout.strip() or result.stderr.strip())
        database = "PostgreSQL" if args.database_url else "SQLite"
        print(f"{args.people} people on {database}: {seconds:.1f} s including start-up "
              f"(goal: at most 30 s; {30 / seconds:.1f}x inside it)")


if __name__ == "__main__":
    main()
