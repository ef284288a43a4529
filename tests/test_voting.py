"""Voter roll, eligibility, casting and the ballot log, through the services (design.md 4-5)."""

import logging
from datetime import date

import pytest
import sqlalchemy as sa
from conftest import ADULT, ALICE, BOB, CAROL, TEEN, ids

from medborgarbudget.extensions import db
from medborgarbudget.models import Ballot, BallotChain, Channel, Participation, Phase, RollEntry
from medborgarbudget.personnummer import parse
from medborgarbudget.services import rounds as round_service
from medborgarbudget.services import voting
from medborgarbudget.services.errors import DomainError, FrozenError
from medborgarbudget.services.roll import RollErrors, import_roll


def project(rnd, district_name):
    district = next(d for d in rnd.districts if d.name == district_name)
    return district, voting.ballot_projects(district)


def test_roll_import_keeps_no_personnummer(make_round, officer, caplog):
    rnd = make_round()
    caplog.set_level(logging.DEBUG)
    count = import_roll(rnd, f"personnummer;district\n{ALICE};Norrby\n{CAROL};sjöbo\n", officer)
    db.session.commit()
    assert count == 2
    entries = db.session.scalars(sa.select(RollEntry)).all()
    assert {e.birth_date for e in entries} == {date(1912, 12, 12), date(1990, 3, 15)}
    assert all(len(e.voter_key) == 64 for e in entries)
    assert_nowhere(["191212121212", "1212121212", CAROL.replace("-", "")[2:]], caplog)


def assert_nowhere(needles: list[str], caplog) -> None:
    """None of ``needles`` in any column of any table, nor in the log."""
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).all():
            text = " ".join(str(v) for v in row)
            for needle in needles:
                assert needle not in text, f"{needle} found in {table.name}"
    for needle in needles:
        assert needle not in caplog.text


def test_roll_import_reports_every_bad_row_and_imports_nothing(make_round, officer):
    rnd = make_round()
    import_roll(rnd, f"personnummer;district\n{ALICE};Norrby\n", officer)
    db.session.commit()
    text = ("personnummer;område\n"
            f"{BOB};Norrby\n"             # 2: fine
            "19121212-1213;Norrby\n"      # 3: check digit
            f"{CAROL};Hässleholmen\n"     # 4: no such district
            "701063-2391;Norrby\n"       # 5: Bob again, in the 10-digit form
            "just one field\n"            # 6: one field
            "\n"                          # 7: blank, ignored
            "19900230-1234;Norrby\n")     # 8: 30 February (or check digit)
    with pytest.raises(RollErrors) as error:
        import_roll(rnd, text, officer)
    lines = [p.line for p in error.value.problems]
    assert lines == [3, 4, 5, 6, 8]
    assert "rad 2" in str(error.value.problems[2].message)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RollEntry)) == 1


def test_roll_needs_its_header(make_round, officer):
    with pytest.raises(RollErrors) as error:
        import_roll(make_round(), f"{ALICE};Norrby\n", officer)
    assert error.value.problems[0].line == 1


def test_roll_is_frozen_once_voting_opens(voting_round, officer):
    with pytest.raises(FrozenError):
        import_roll(voting_round, f"personnummer;district\n{ALICE};Norrby\n", officer)
    with pytest.raises(sa.exc.DBAPIError):  # the database refuses too
        db.session.execute(sa.delete(RollEntry))
        db.session.flush()
    db.session.rollback()


def test_eligibility_refusals_say_why(voting_round):
    with pytest.raises(voting.Refused) as error:
        voting.voter_by_eid(voting_round, parse(ADULT))
    assert error.value.code == "not_in_roll"
    with pytest.raises(voting.Refused) as error:
        voting.voter_by_eid(voting_round, parse(TEEN))
    assert error.value.code == "too_young"
    carol = voting.voter_by_eid(voting_round, parse(CAROL))
    norrby = project(voting_round, "Norrby")[0]
    with pytest.raises(voting.Refused) as error:
        voting.check_eligible(voting_round, db.session.get(RollEntry, (voting_round.id,
                              carol.voter_key)), Channel.PAPER, norrby)
    assert error.value.code == "other_district"


def test_a_vote_is_cast_changed_and_counted_once(voting_round):
    alice = voting.voter_by_eid(voting_round, parse(ALICE))
    district, projects = project(voting_round, "Norrby")
    first = voting.cast_ballot(alice, ids(voting_round, "Lekplats", "Träd"))
    db.session.commit()
    second = voting.cast_ballot(voting.voter_by_eid(voting_round, parse(ALICE)),
                                [projects[0].id])
    db.session.commit()
    assert voting.receipt_status(voting_round, first) == "replaced"
    assert voting.receipt_status(voting_round, second.lower()) == "counted"
    assert voting.receipt_status(voting_round, "AAAA-BBBB-CCCC") == "unknown"
    chain = db.session.get(BallotChain, voting_round.id)
    assert (chain.length, chain.counted) == (2, 1)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 1
    assert voting.verify_chain(voting_round).ok


def test_paper_and_online_exclude_each_other(voting_round):
    _district, projects = project(voting_round, "Norrby")
    voting.cast_ballot(voting.voter_on_paper(voting_round, parse(ALICE)),
                       [projects[0].id])
    db.session.commit()
    with pytest.raises(voting.Refused) as error:
        voting.voter_by_eid(voting_round, parse(ALICE))
    assert error.value.code == "voted_on_paper"
    voting.cast_ballot(voting.voter_by_eid(voting_round, parse(BOB)),
                       [projects[0].id])
    db.session.commit()
    with pytest.raises(voting.Refused) as error:
        voting.voter_on_paper(voting_round, parse(BOB))
    assert error.value.code == "voted_online"


def nothing_stored():
    return (db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0
            and db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 0)


@pytest.mark.parametrize("titles, problem", [
    (("Lekplats", "Bänkar"), "over_budget"),
    (("Bad",), "unknown_project"),                    # a project of another district
    (("Träd", "Skylt", "Lekplats"), "too_many"),
    ((), "too_few"),
])
def test_invalid_ballots_are_refused_and_nothing_is_stored(voting_round, titles, problem):
    alice = voting.voter_by_eid(voting_round, parse(ALICE))
    with pytest.raises(voting.InvalidBallot) as error:
        voting.cast_ballot(alice, ids(voting_round, *titles))
    assert [p.code for p in error.value.problems] == [problem]
    db.session.rollback()
    assert nothing_stored()


def test_nothing_is_cast_outside_voting(voting_round, officer):
    alice = voting.voter_by_eid(voting_round, parse(ALICE))
    _district, projects = project(voting_round, "Norrby")
    round_service.advance_phase(voting_round, officer)
    db.session.commit()
    with pytest.raises(voting.Refused) as error:
        voting.cast_ballot(alice, [projects[0].id])
    assert error.value.code == "not_open"
    db.session.rollback()
    assert nothing_stored()


def test_closing_unlinks_ballots_from_people(voting_round, officer):
    _district, projects = project(voting_round, "Norrby")
    batch, codes = voting.create_codes(voting_round, projects[0].district, 3, officer)
    voting.cast_ballot(voting.voter_by_eid(voting_round, parse(ALICE)),
                       [projects[0].id])
    voting.cast_ballot(voting.voter_by_code(voting_round, codes[0], parse(BOB)),
                       [projects[0].id])
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).where(Ballot.slot.is_not(None))) == 2
    round_service.advance_phase(voting_round, officer)
    db.session.commit()
    assert voting_round.phase is Phase.COUNTING
    assert db.session.scalar(sa.select(sa.func.count()).where(Ballot.slot.is_not(None))) == 0
    assert db.session.get(BallotChain, voting_round.id).slot_secret is None
    assert voting.verify_chain(voting_round).ok


def test_a_code_votes_once_and_only_for_its_holder(voting_round, officer):
    norrby, projects = project(voting_round, "Norrby")
    _batch, codes = voting.create_codes(voting_round, norrby, 2, officer)
    db.session.commit()
    voting.cast_ballot(voting.voter_by_code(voting_round, codes[0].lower(),
                                                         parse(ALICE)), [projects[0].id])
    db.session.commit()
    with pytest.raises(voting.Refused) as error:
        voting.voter_by_code(voting_round, codes[0], parse(BOB))
    assert error.value.code == "code_used"
    # Alice may come back with her code to change her ballot
    voting.cast_ballot(voting.voter_by_code(voting_round, codes[0],
                                                         parse(ALICE)), [projects[0].id])
    db.session.commit()
    with pytest.raises(voting.Refused) as error:
        voting.voter_by_code(voting_round, codes[1], parse(CAROL))
    assert error.value.code == "code_other_district"
    with pytest.raises(voting.Refused) as error:
        voting.voter_by_code(voting_round, "NOPE-NOPE-NOPE", parse(BOB))
    assert error.value.code == "code_unknown"


def test_a_ballot_cast_as_voting_closes_is_refused(voting_round, monkeypatch):
    """Closing the vote erases the slot secret under the chain's lock. A cast that checked
    the person while voting was open, but writes after the secret is gone, is refused (on
    PostgreSQL a first ballot is one statement that writes the participation too: it must
    go with the ballot). test_voting_concurrency has the same with a real second session."""
    alice = voting.voter_by_eid(voting_round, parse(ALICE))
    _district, projects = project(voting_round, "Norrby")
    round_id = voting_round.id
    check = voting.check_ballot

    def closing_meanwhile(*args):  # (cast_ballot checks the ballot between read and write)
        db.session.execute(sa.update(BallotChain).where(BallotChain.round_id == round_id)
                           .values(slot_secret=None))
        return check(*args)

    monkeypatch.setattr(voting, "check_ballot", closing_meanwhile)
    with pytest.raises(voting.Refused) as error:
        voting.cast_ballot(alice, [projects[0].id])
    assert error.value.code == "not_open"
    db.session.rollback()
    assert nothing_stored()
    assert db.session.get(BallotChain, round_id).length == 0


def test_editing_a_stored_ballot_breaks_the_chain(voting_round):
    _district, projects = project(voting_round, "Norrby")
    for number in (ALICE, BOB):
        voting.cast_ballot(voting.voter_by_eid(voting_round, parse(number)),
                           [projects[0].id])
    db.session.commit()
    with pytest.raises(sa.exc.DBAPIError):  # the database refuses the edit...
        db.session.execute(sa.update(Ballot).where(Ballot.seq == 1).values(choices=[]))
    db.session.rollback()
    # ...so an attacker with the database's keys switches the guard off first
    db.session.close()
    with db.engine.begin() as conn:
        postgres = conn.dialect.name == "postgresql"
        conn.execute(sa.text("ALTER TABLE ballot DISABLE TRIGGER USER" if postgres
                             else "DROP TRIGGER ballot_content_fixed_update"))
        conn.execute(sa.update(Ballot).where(Ballot.seq == 1).values(choices=[]))
        if postgres:
            conn.execute(sa.text("ALTER TABLE ballot ENABLE TRIGGER USER"))
    check = voting.verify_chain(db.session.merge(voting_round))
    assert not check.ok and check.broken_at == 1


def test_codes_are_checked_when_created(voting_round, officer):
    norrby = project(voting_round, "Norrby")[0]
    with pytest.raises(DomainError):
        voting.create_codes(voting_round, norrby, 0, officer)
    with pytest.raises(DomainError):
        voting.create_codes(voting_round, norrby, voting.MAX_CODES + 1, officer)


def test_roll_import_command(make_round, runner, tmp_path):
    rnd = make_round()
    good = tmp_path / "roll.csv"
    good.write_bytes(f"personnummer;district\r\n{ALICE};Norrby\r\n{CAROL};Sjöbo\r\n"
                     .encode("cp1252"))  # an extract from an older system
    result = runner.invoke(args=["roll", "import", str(rnd.id), str(good)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 people" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(f"personnummer;district\n{ALICE};Norrby\n19121212-1213;Norrby\n")
    result = runner.invoke(args=["roll", "import", str(rnd.id), str(bad)])
    assert result.exit_code == 1
    assert "bad.csv:3: kontrollsiffran i personnumret stämmer inte" in result.output
    assert "1212" not in result.output.replace("bad.csv:3", "")  # the row's number is not echoed
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RollEntry)) == 2
    result = runner.invoke(args=["roll", "import", "999", str(good)])
    assert result.exit_code == 1 and "no round 999" in result.output
