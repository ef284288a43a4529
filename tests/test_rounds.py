"""Rounds: phases move forward in order, every change is audited, voting freezes the rules."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from medborgarbudget.extensions import db
from medborgarbudget.models import (
    AuditEntry,
    BallotRule,
    District,
    Phase,
    Proposal,
    ProposalState,
    Round,
    TallyRule,
)
from medborgarbudget.services import proposals as proposal_service
from medborgarbudget.services import rounds as round_service
from medborgarbudget.services.errors import DomainError, FrozenError, PhaseError
from medborgarbudget.services.results import count_round


def audit(action: str) -> list[AuditEntry]:
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


def test_phases_move_forward_in_order_and_are_audited(make_round, open_voting, officer):
    rnd = make_round(phase=Phase.INFORMATION)
    open_voting(rnd)
    while rnd.phase.next is not None:
        if rnd.phase is Phase.COUNTING:
            count_round(rnd, officer)  # results are published only once counted
        round_service.advance_phase(rnd, officer)
    db.session.commit()
    moves = [tuple(e.details["phase"]) for e in audit("round.phase_advanced")]
    order = [p.value for p in Phase]
    assert moves == list(zip(order, order[1:]))
    assert all(e.actor_id == officer.id and e.at is not None
               for e in audit("round.phase_advanced"))
    with pytest.raises(PhaseError):
        round_service.advance_phase(rnd, officer)


def test_proposals_need_a_district(make_round, officer):
    rnd = make_round(phase=Phase.INFORMATION, districts=())
    with pytest.raises(PhaseError, match="minst ett område"):
        round_service.advance_phase(rnd, officer)


def test_voting_waits_for_every_review(make_round, make_proposal, officer):
    rnd = make_round()
    make_proposal(rnd)
    round_service.advance_phase(rnd, officer)
    with pytest.raises(PhaseError, match="väntar"):
        round_service.advance_phase(rnd, officer)


def test_voting_needs_a_project_in_every_district(make_round, make_proposal, officer):
    rnd = make_round()
    p = make_proposal(rnd)  # in the first district only
    proposal_service.review_proposal(p, officer, True, 100_000, None)
    round_service.advance_phase(rnd, officer)
    with pytest.raises(PhaseError, match="Sjöbo"):
        round_service.advance_phase(rnd, officer)


def test_voting_needs_a_possible_ballot(make_round, make_proposal, officer):
    rnd = make_round(districts=(("Norrby", 500_000),), ballot_min_projects=2)
    for cost in (300_000, 250_000):
        p = make_proposal(rnd, estimated_cost=cost)
        proposal_service.review_proposal(p, officer, True, cost, None)
    round_service.advance_phase(rnd, officer)
    with pytest.raises(PhaseError, match="2 förslag inom budgeten"):
        round_service.advance_phase(rnd, officer)


def test_opening_voting_draws_the_tiebreak_seed(make_round, open_voting):
    rnd = open_voting(make_round())
    assert rnd.phase is Phase.VOTING and len(rnd.tiebreak_seed) == 32
    assert audit("round.phase_advanced")[-1].details["tiebreak_seed"] == rnd.tiebreak_seed


def test_a_phase_cannot_be_skipped_by_two_clicks(make_round, officer):
    rnd = make_round(phase=Phase.INFORMATION)
    assert rnd.districts  # loaded: this session now holds a round in the information phase
    with db.engine.begin() as other:  # a second officer's click lands first
        other.execute(sa.update(Round).where(Round.id == rnd.id).values(phase="proposals"))
    assert rnd.phase is Phase.INFORMATION  # what the first officer's request still believes
    with pytest.raises(PhaseError, match="redan flyttats"):
        round_service.advance_phase(rnd, officer)
    db.session.rollback()
    assert db.session.get(Round, rnd.id).phase is Phase.PROPOSALS


def test_changes_are_audited_with_old_and_new(make_round, officer):
    rnd = make_round()
    round_service.update_round(rnd, officer, name="Nytt namn", min_voting_age=15)
    district = rnd.districts[0]
    round_service.update_district(district, officer, district.name, 650_000)
    db.session.commit()
    entry = audit("round.updated")[-1]
    assert entry.details == {"name": ["Medborgarbudget Norrby 2026", "Nytt namn"],
                             "min_voting_age": [12, 15]}
    assert audit("district.updated")[-1].details == {"budget": [500_000, 650_000]}


def test_tally_options_are_checked(make_round, officer):
    rnd = make_round()
    round_service.update_round(rnd, officer, tally_rule=TallyRule.MES,
                               tally_options={"completion": "none", "comparison": True})
    assert rnd.tally_options["completion"] == "none" and rnd.tally_options["comparison"]
    assert rnd.tally_options["voter_budget"] == "floor"  # defaults are filled in
    for bad in ({"colour": "red"}, {"completion": "add2"}, {"greedy_fill": "yes"}):
        with pytest.raises(DomainError):
            round_service.update_round(rnd, officer, tally_options=bad)


def test_voting_freezes_rules_budgets_and_ballot(make_round, make_proposal, open_voting,
                                                 officer):
    rnd = make_round()
    late = make_proposal(rnd, title="Sent förslag")
    proposal_service.hide_proposal(late, officer, "Dubblett av ett annat förslag.")
    open_voting(rnd)
    on_ballot = db.session.scalar(sa.select(Proposal).where(
        Proposal.state == ProposalState.FEASIBLE).limit(1))
    district = rnd.districts[0]
    refused = [
        lambda: round_service.update_round(rnd, officer, ballot_rule=BallotRule.APPROVAL,
                                           approval_k=3),
        lambda: round_service.update_round(rnd, officer, tally_rule=TallyRule.MES,
                                           tally_options={}),
        lambda: round_service.update_round(rnd, officer, min_voting_age=0),
        lambda: round_service.update_district(district, officer, district.name, 1),
        lambda: round_service.add_district(rnd, officer, "Hulta", 100_000),
        lambda: round_service.remove_district(district, officer),
        lambda: proposal_service.review_proposal(on_ballot, officer, False, None, "Ångrat."),
        lambda: proposal_service.hide_proposal(on_ballot, officer, "Olämpligt."),
    ]
    for i, change in enumerate(refused):
        with pytest.raises(FrozenError):
            change()
            pytest.fail(f"change {i} was not refused")
        db.session.rollback()
    # a hidden proposal that is not on the ballot may be shown again: the ballot stays the same
    proposal_service.unhide_proposal(late, officer)
    assert not late.on_ballot
    # the words and the later dates may still change
    round_service.update_round(rnd, officer, name="Medborgarbudget Norrby 2026 (rättad)")
    db.session.commit()


def test_the_database_refuses_frozen_changes_too(make_round, open_voting):
    rnd = open_voting(make_round())
    proposal = db.session.scalar(sa.select(Proposal).limit(1))
    statements = [
        sa.update(District).where(District.round_id == rnd.id).values(budget=1),
        sa.update(Round).where(Round.id == rnd.id).values(ballot_rule="approval", approval_k=2),
        sa.update(Round).where(Round.id == rnd.id).values(phase="review"),
        sa.update(Proposal).where(Proposal.id == proposal.id).values(state="not_feasible"),
        sa.update(Proposal).where(Proposal.id == proposal.id)
        .values(hidden=True, hidden_reason="x"),
        sa.delete(District).where(District.round_id == rnd.id),
        sa.update(AuditEntry).values(action="nothing.happened"),
        sa.delete(AuditEntry),
    ]
    for statement in statements:
        with pytest.raises(IntegrityError):
            db.session.execute(statement)
            db.session.flush()
        db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) > 0


def test_frozen_round_refused_on_the_web_with_a_clear_message(client, auth, make_round,
                                                              open_voting, officer):
    rnd = open_voting(make_round())
    district = rnd.districts[0]
    auth.login(officer)
    r = client.post(f"/handlaggare/omraden/{district.id}/andra",
                    data={"name": district.name, "budget": "1"}, follow_redirects=True)
    assert "Röstningen har öppnat" in r.get_data(as_text=True)
    form = client.get(f"/handlaggare/omgangar/{rnd.id}/andra").get_data(as_text=True)
    assert "Låst" in form
    data = {"name": rnd.name, "purpose": rnd.purpose, "influence": "binding",
            "proposals_open": str(rnd.proposals_open), "proposals_close": str(rnd.proposals_close),
            "voting_open": str(rnd.voting_open), "voting_close": str(rnd.voting_close),
            "results_date": str(rnd.results_date), "min_voting_age": "12",
            "ballot_rule": "approval", "approval_k": "2", "tally_rule": "greedy"}
    r = client.post(f"/handlaggare/omgangar/{rnd.id}/andra", data=data)
    assert r.status_code == 200 and "Röstningen har öppnat" in r.get_data(as_text=True)
    db.session.refresh(district)
    db.session.refresh(rnd)
    assert district.budget == 500_000 and rnd.ballot_rule is BallotRule.KNAPSACK


def form_values(page: str, action: str) -> dict:
    """The values a browser would send for the form posting to ``action``."""
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.values, self.select, self.textarea = False, {}, None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                self.inside = a.get("action", "") in ("", action)
            elif not self.inside:
                return
            elif tag == "input" and a.get("type") not in ("submit", "radio", "checkbox"):
                self.values[a["name"]] = a.get("value", "")
            elif tag == "input" and "checked" in a:
                self.values[a["name"]] = a.get("value", "y")
            elif tag == "select":
                self.select = a["name"]
            elif tag == "option" and self.select and ("selected" in a
                                                      or self.select not in self.values):
                self.values[self.select] = a.get("value", "")
            elif tag == "textarea":
                self.textarea = a["name"]
                self.values[self.textarea] = ""

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
            elif tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.values[self.textarea] += data.lstrip("\n")

    parser = Collect()
    parser.feed(page)
    return parser.values


@pytest.mark.parametrize("rule", [TallyRule.GREEDY, TallyRule.MES])
def test_frozen_round_keeps_its_rules_when_its_text_is_edited(client, auth, make_round,
                                                              open_voting, officer, rule):
    options = {"completion": "add1", "comparison": True} if rule is TallyRule.MES else {
        "threshold": 3000}
    rnd = open_voting(make_round(tally_rule=rule, tally_options=options, ballot_max_projects=4))
    settings = {f: getattr(rnd, f) for f in round_service.FROZEN_FIELDS}
    auth.login(officer)
    url = f"/handlaggare/omgangar/{rnd.id}/andra"
    data = form_values(client.get(url).get_data(as_text=True), url)
    assert "ballot_rule" in data  # sent back unchanged, from hidden inputs
    data["name"] = "Medborgarbudget Norrby 2026 (rättad)"
    r = client.post(url, data=data)
    assert r.status_code == 302, r.get_data(as_text=True)
    db.session.refresh(rnd)
    assert rnd.name.endswith("(rättad)")
    assert {f: getattr(rnd, f) for f in round_service.FROZEN_FIELDS} == settings


@pytest.mark.parametrize("rule, options", [
    (TallyRule.GREEDY, {"threshold": 0, "no_skip": True}),
    (TallyRule.MES, {"completion": "none", "voter_budget": "exact", "greedy_fill": True}),
])
def test_edit_form_shows_the_round_as_it_is(client, auth, make_round, officer, rule, options):
    rnd = make_round(tally_rule=rule, tally_options=options, ballot_rule=BallotRule.APPROVAL,
                     approval_k=3)
    auth.login(officer)
    url = f"/handlaggare/omgangar/{rnd.id}/andra"
    data = form_values(client.get(url).get_data(as_text=True), url)
    r = client.post(url, data=data, follow_redirects=True)
    assert "Inget ändrades." in r.get_data(as_text=True)
    assert audit("round.updated") == []
