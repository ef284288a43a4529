"""The result PDF at city scale: count, build and sign, then verify.

    python benchmarks/results_pdf.py [--ballots 100000] [--projects 200] [--districts 4]

Builds a round in a temporary SQLite database with ``--ballots`` ballots (a valid hash chain,
one participation each) spread over ``--districts`` districts with ``--projects`` projects in
all, closes voting and counts it (timed, for information). Then, timed against the goals of
10 s each on this machine: building and signing the PDF (reports.result_pdf, signing), and
verifying it as an auditor does (reports.verify: signature, files, a re-count of every
district). Prints the PDF's size.
"""

import argparse
import os
import random
import secrets
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--districts", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(MEDBORGARBUDGET_INSTANCE=tmp, MEDBORGARBUDGET_SECRET_KEY="bench",
                          MEDBORGARBUDGET_ROLL_SECRET="bench")
        os.environ.pop("DATABASE_URL", None)
        run(args, Path(tmp))


def run(args, tmp: Path) -> None:
    from flask_migrate import upgrade

    from medborgarbudget.app import ROOT, create_app
    from medborgarbudget.extensions import db
    from medborgarbudget.models import (
        Ballot,
        BallotChain,
        BallotRule,
        Category,
        Channel,
        Influence,
        Participation,
        Phase,
        Role,
        TallyRule,
    )
    from medborgarbudget.reports.signing import create_dev_keys
    from medborgarbudget.reports.verify import verify
    from medborgarbudget.services import proposals, rounds
    from medborgarbudget.services.results import count_round, signed_pdf, signing_files
    from medborgarbudget.services.users import create_user
    from medborgarbudget.services.voting import code_hash, link

    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        officer = create_user("bench@example.org", "Bench", "a long bench password",
                              Role.OFFICER)
        today = date.today()
        rnd = rounds.create_round(
            officer, name="Medborgarbudget i stor skala", purpose="Mätning",
            influence=Influence.BINDING, proposals_open=today, proposals_close=today,
            voting_open=today, voting_close=today + timedelta(days=1),
            results_date=today + timedelta(days=2), min_voting_age=0,
            ballot_rule=BallotRule.APPROVAL, ballot_min_projects=None,
            ballot_max_projects=None, approval_k=5, tally_rule=TallyRule.GREEDY,
            tally_options={})
        districts = [rounds.add_district(rnd, officer, f"Område {d + 1}", 5_000_000)
                     for d in range(args.districts)]
        rounds.advance_phase(rnd, officer)
        chance = random.Random(7)
        on_ballot = {d.id: [] for d in districts}
        for i in range(args.projects):
            district = districts[i % len(districts)]
            p = proposals.create_proposal(
                rnd, officer, submit=True, title=f"Förslag {i + 1}", summary="Ett förslag.",
                description="Ett förslag i mätningen.", district_id=district.id,
                estimated_cost=chance.randrange(20_000, 800_000, 1000),
                category=Category.PLAY_SPORT, place=None)
            proposals.review_proposal(p, officer, True, p.estimated_cost, None)
            on_ballot[district.id].append(p.id)
        while rnd.phase is not Phase.VOTING:
            rounds.advance_phase(rnd, officer)
        db.session.commit()

        start = time.perf_counter()
        chain = db.session.get(BallotChain, rnd.id)
        head, ballots, people = chain.head, [], []
        channels = [Channel.EID] * 8 + [Channel.CODE, Channel.PAPER]
        weights = {d: [chance.random() ** 2 for _ in ps] for d, ps in on_ballot.items()}
        for seq in range(1, args.ballots + 1):
            district = districts[seq % len(districts)].id
            chosen = sorted(set(chance.choices(on_ballot[district], weights[district],
                                               k=chance.randint(1, 5))))
            ballot = {"round_id": rnd.id, "seq": seq, "district_id": district,
                      "choices": chosen, "channel": chance.choice(channels),
                      "receipt_hash": code_hash(secrets.token_hex(6))}
            head = link(head, ballot)
            ballots.append({**ballot, "chain_hash": head, "superseded": False, "slot": None})
            people.append({"round_id": rnd.id, "voter_key": secrets.token_hex(32),
                           "channel": ballot["channel"]})
        db.session.execute(sa.insert(Participation), people)
        db.session.execute(sa.insert(Ballot), ballots)
        chain.head, chain.length, chain.counted = head, args.ballots, args.ballots
        rounds.advance_phase(rnd, officer)  # close voting
        db.session.commit()
        print(f"{args.ballots:,} ballots, {args.projects} projects in {args.districts} "
              f"districts, written in {time.perf_counter() - start:.1f} s")

        start = time.perf_counter()
        result = count_round(rnd, officer)
        db.session.commit()
        print(f"count (chain check, {args.districts} tallies): "
              f"{time.perf_counter() - start:.2f} s")

        key, cert = signing_files()
        create_dev_keys(key, cert)
        start = time.perf_counter()
        pdf = signed_pdf(result)
        built = time.perf_counter() - start
        start = time.perf_counter()
        checks = verify(pdf, cert.read_bytes())
        verified = time.perf_counter() - start
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    print(f"build and sign the PDF: {built:6.2f} s  (goal 10 s: {built / 10:.2f}x of it)")
    print(f"verify it:              {verified:6.2f} s  (goal 10 s: {verified / 10:.2f}x of it;"
          f" {len(checks)} checks passed)")
    print(f"PDF size: {len(pdf) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
