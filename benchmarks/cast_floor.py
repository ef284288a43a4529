"""The least a ballot can cost here: cast_load.py's measurement of a cast that is nothing
but the database's work.

    python benchmarks/cast_floor.py [--voters 1500] [--clients 16] [--workers 4]

cast_load.py measures the platform: a ballot goes through gunicorn, Flask (the session
cookie that says who the voter is, CSRF), SQLAlchemy, the checks, and the two statements of
services.voting.cast_ballot on PostgreSQL (one reads the round, the person and their
ballot; one writes the participation, the ballot, the gender count and the chain's head,
as its own transaction). This one starts gunicorn on the platform's app with one route
added, /floor, which runs the same two statements, compiled once, on a psycopg connection
of its own in each worker, and nothing else: no session, no CSRF, no SQLAlchemy at run
time, no checks. The trivial request is the platform's /healthz, as in cast_load.py. No
cast on the platform can cost less, against the same trivial request on the same machine.
"""

import os
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)

import cast_load  # noqa: E402


def statements():
    """cast_ballot's two statements on PostgreSQL: (SQL, compiled statement) each."""
    from sqlalchemy.dialects import postgresql

    from medborgarbudget.services.voting import _Cast
    dialect = postgresql.psycopg.dialect()
    found = []
    for statement in (_Cast.read, _Cast.first_ballot):
        compiled = statement.compile(dialect=dialect)
        found.append((compiled.string, compiled))
    return found


def floor_app():
    """The platform's app (its /healthz is the trivial request), plus /floor: the cast's two
    statements with what they need and nothing else."""
    import hashlib
    import secrets

    import psycopg
    from flask import request

    from medborgarbudget.app import create_app
    from medborgarbudget.models import Channel, Gender
    from medborgarbudget.services.voting import code_hash, content_prefix

    platform = create_app()
    (read, read_compiled), (write, write_compiled) = statements()
    connection = []

    def params(compiled, values):
        # what SQLAlchemy does to each value before it sends it (an enum to its value, a
        # list to JSON), done here by hand (a private attribute: a benchmark may)
        processors = compiled._bind_processors
        return {k: processors[k](v) if k in processors else v
                for k, v in compiled.construct_params(values).items()}

    @platform.route("/floor")
    def floor():
        if not connection:
            connection.append(psycopg.connect(os.environ["DATABASE_URL"], autocommit=True))
        conn = connection[0]
        rnd, district = int(request.args["round"]), int(request.args["district"])
        key = request.args["key"]
        rows = conn.execute(read, params(read_compiled, {"rnd": rnd, "key": key})).fetchall()
        chosen = sorted(row[-2] for row in rows[:3])
        ballot = dict(round_id=rnd, district_id=district, choices=chosen,
                      channel=Channel.EID, receipt_hash=code_hash(secrets.token_hex(6)))
        done = conn.execute(write, params(write_compiled, {
            "rnd": rnd, "key": key, "by": Channel.EID, "in_district": district,
            "of_gender": Gender.FEMALE, "chose": chosen, "receipt": ballot["receipt_hash"],
            "handle": hashlib.sha256(key.encode()).hexdigest(),
            "prefix": content_prefix(ballot)})).fetchone()
        assert done[1] is not None, done
        return "", 302, {"Location": "/kvitto"}

    return platform


def main() -> None:
    import psycopg

    args = cast_load.arguments()
    people = cast_load.numbers(args.voters)
    with cast_load.serving(args, ["--chdir", BENCH, "cast_floor:floor_app()"], people) as (
            port, server_pid, round_id):
        with psycopg.connect(args.database_url) as conn:
            voters = conn.execute("SELECT voter_key, district_id FROM roll_entry "
                                  "WHERE round_id = %s", (round_id,)).fetchall()

        def request(voter) -> bytes:
            return (f"GET /floor?round={round_id}&district={voter[1]}&key={voter[0]} "
                    "HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").encode()

        # the first requests of each worker connect to the database: not timed
        warm, voters = voters[:args.workers * 4], voters[args.workers * 4:]
        cast_load.compare(port, server_pid, [request(v) for v in warm], b"/kvitto",
                          args.clients)
        results = cast_load.compare(port, server_pid, [request(v) for v in voters], b"/kvitto",
                                    args.clients)
    cast_load.report(results, "bare cast")
    print("(the floor: no cast on the platform can cost less than the bare cast)")


if __name__ == "__main__":
    main()
