"""Counting a round and the frozen result (design.md section 7)."""

import json

import pytest
import sqlalchemy as sa
from conftest import ids

from medborgarbudget.extensions import db
from medborgarbudget.models import Ballot, ProposalState, Result, ResultFile
from medborgarbudget.services import results, voting
from medborgarbudget.services import rounds as round_service
from medborgarbudget.services.errors import DomainError, PhaseError
from medborgarbudget.tally import pabulib
from medborgarbudget.tally.rules import run


def test_count_freezes_the_result_of_every_district(closed_round, officer):
    result = results.count_round(closed_round, officer)
    db.session.commit()
    doc = results.document(result)
    norrby, sjobo = doc["districts"]
    assert (norrby["name"], sjobo["name"]) == ("Norrby", "Sjöbo")
    titles = {p["id"]: p["title"] for p in norrby["projects"]}
    # greedy by votes: Lekplats (2), then Träd and Skylt (1 each; cheaper first) fit in 500,000
    assert [titles[pid] for pid in norrby["outcome"]["selected"]] == ["Lekplats", "Skylt", "Träd"]
    assert {p["title"]: p["votes"] for p in norrby["projects"]} == {
        "Lekplats": 2, "Bänkar": 0, "Träd": 1, "Skylt": 1}
    assert [p["title"] for p in sjobo["projects"] if p["selected"]] == ["Bad"]
    assert doc["counts"] == {"roll": 4, "participations": 3, "ballots_counted": 3,
                             "ballots_replaced": 1, "eid": 2, "code": 0, "paper": 1}
    assert doc["chain"]["length"] == 4 and doc["chain"] == {
        "head": voting.verify_chain(closed_round).head, "length": 4}
    assert doc["engine"]["seed"] == closed_round.tiebreak_seed
    assert result.sha256 == results.sha256(result.document)


def test_the_files_hold_the_counted_ballots_anonymised_and_recount_to_the_result(closed_round):
    result = results.count_round(closed_round, None)
    doc = results.document(result)
    files = {f.name: f for f in result.files}
    assert set(files) == set(doc["files"]) == {d["file"] for d in doc["districts"]}
    for district in doc["districts"]:
        file = files[district["file"]]
        assert doc["files"][file.name] == file.sha256 == results.sha256(file.content)
        election = pabulib.loads(file.content)
        assert election.num_voters == district["ballots"]
        assert election.voter_ids == sorted(election.voter_ids)  # random ids, sorted
        assert run(election, **doc["engine"]).as_dict() == district["outcome"]
    norrby = pabulib.loads(files[doc["districts"][0]["file"]].content)
    # the replaced ballot is not there; nothing tells how or when a ballot came in
    assert sorted(sorted(b) for b in norrby.ballots) == sorted(
        sorted(str(i) for i in ids(closed_round, *t)) for t in [("Lekplats", "Träd"),
                                                               ("Lekplats", "Skylt")])
    assert "paper" not in file.content and "eid" not in file.content


def test_counting_before_voting_closes_is_refused(voting_round):
    with pytest.raises(PhaseError):
        results.count_round(voting_round, None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Result)) == 0


def test_a_round_is_counted_once_and_the_result_never_changes(closed_round):
    result = results.count_round(closed_round, None)
    db.session.commit()
    with pytest.raises(DomainError):
        results.count_round(closed_round, None)
    db.session.rollback()
    for statement in (sa.update(Result).values(document="{}"), sa.delete(ResultFile),
                      sa.update(ResultFile).values(content="")):
        with pytest.raises(sa.exc.DatabaseError):
            db.session.execute(statement.execution_options(synchronize_session=False))
            db.session.flush()
        db.session.rollback()
    assert db.session.get(Result, result.id).sha256 == results.sha256(
        db.session.get(Result, result.id).document)


def test_a_broken_chain_stops_the_count(closed_round):
    drop = ("DROP TRIGGER ballot_content_fixed ON ballot"
            if db.engine.dialect.name == "postgresql"
            else "DROP TRIGGER ballot_content_fixed_update")
    db.session.execute(sa.text(drop))
    first = db.session.scalar(sa.select(Ballot).order_by(Ballot.seq))
    db.session.execute(sa.update(Ballot).where(Ballot.id == first.id)
                       .values(choices=[first.choices[0]])
                       .execution_options(synchronize_session=False))
    with pytest.raises(DomainError) as error:
        results.count_round(closed_round, None)
    assert "kedjan bryts vid röst nummer 1" in str(error.value.message)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Result)) == 0


def test_publishing_marks_each_project_selected_or_not(closed_round, officer):
    with pytest.raises(PhaseError):
        round_service.advance_phase(closed_round, officer)  # not counted yet
    db.session.rollback()
    results.count_round(closed_round, officer)
    round_service.advance_phase(closed_round, officer)
    db.session.commit()
    states = {p.title: p.state for p in closed_round.proposals}
    assert states == {"Lekplats": ProposalState.SELECTED, "Skylt": ProposalState.SELECTED,
                      "Träd": ProposalState.SELECTED, "Bänkar": ProposalState.NOT_SELECTED,
                      "Bad": ProposalState.SELECTED}


def test_mes_rounds_count_with_their_options(make_round, make_proposal, officer):
    from medborgarbudget.models import TallyRule

    rnd = make_round(tally_rule=TallyRule.MES,
                     tally_options={"completion": "add1", "stop_at_exhaustive": False})
    assert results.engine_options(rnd) == {
        "rule": "mes", "completion": "add1-noexh", "start": "floor", "fill": False,
        "comparison": False, "tie_break": "cost-votes-lot", "seed": ""}


def test_round_tally_command(closed_round, app):
    result = app.test_cli_runner().invoke(args=["round", "tally", str(closed_round.id)])
    assert result.exit_code == 0, result.output
    assert "3 ballots" in result.output and "Norrby: 3 selected" in result.output
    again = app.test_cli_runner().invoke(args=["round", "tally", str(closed_round.id)])
    assert again.exit_code == 1 and "redan räknad" in again.output
    missing = app.test_cli_runner().invoke(args=["round", "tally", "999"])
    assert missing.exit_code == 1 and "no round 999" in missing.output
    assert json.loads(db.session.scalar(sa.select(Result.document)))["format"] == results.FORMAT
