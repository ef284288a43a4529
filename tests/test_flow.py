"""The whole way from an officer's new round to a resident reading the review of a proposal."""

import sqlalchemy as sa

from medborgarbudget.extensions import db
from medborgarbudget.models import AuditEntry, Phase, Proposal, ProposalState, Round


def html(response) -> str:
    return response.get_data(as_text=True)


ROUND_FORM = {
    "name": "Medborgarbudget Hässleholmen 2026",
    "purpose": "Invånarna i Hässleholmen bestämmer hur 400 000 kronor ska göra området tryggare.",
    "influence": "binding",
    "proposals_open": "2026-01-10", "proposals_close": "2026-02-10",
    "voting_open": "2026-03-01", "voting_close": "2026-03-21", "results_date": "2026-04-01",
    "min_voting_age": "12", "ballot_rule": "knapsack", "ballot_max_projects": "3",
    "tally_rule": "greedy", "greedy_threshold": "", "mes_completion": "add1",
    "mes_voter_budget": "floor",
}


def test_officer_to_resident(client, auth, officer, make_user):
    # the officer creates a round and gives it a district with a budget
    auth.login(officer)
    r = client.post("/handlaggare/omgangar/ny", data=ROUND_FORM)
    assert r.status_code == 302, html(r)
    rnd = db.session.scalar(sa.select(Round))
    assert rnd.name == ROUND_FORM["name"] and rnd.ballot_max_projects == 3
    assert rnd.tally_options == {"threshold": 0, "no_skip": False}
    r = client.post(f"/handlaggare/omgangar/{rnd.id}/omraden",
                    data={"name": "Hässleholmen", "budget": "400 000 kr"})
    assert r.status_code == 302
    r = client.post(f"/handlaggare/omgangar/{rnd.id}/nasta-fas")
    db.session.refresh(rnd)
    assert rnd.phase is Phase.PROPOSALS
    district = rnd.districts[0]
    assert district.budget == 400_000
    auth.logout()

    # every round page states its purpose and the degree of influence in plain words
    page = html(client.get(f"/omgangar/{rnd.id}"))
    assert "400 000 kronor ska göra området tryggare" in page
    assert "Ni bestämmer." in page and "Medbeslut" in page

    # a resident submits two proposals
    resident = make_user(email="amina@example.se")
    auth.login(resident)
    ids = []
    for title, cost in (("Utegym vid Hässlehuset", "350 000"), ("Guldkran på torget", "90000")):
        r = client.post(f"/omgangar/{rnd.id}/forslag/nytt", data={
            "title": title, "summary": "Något som gör området bättre för alla.",
            "description": "En längre beskrivning av vad förslaget innebär för området.",
            "estimated_cost": cost, "district_id": str(district.id), "category": "play_sport",
            "submit": "y"})
        assert r.status_code == 302, html(r)
        ids.append(int(r.headers["Location"].rsplit("/", 1)[1]))
    auth.logout()

    # the officer moves on to review, finds one feasible and the other not
    auth.login(officer)
    client.post(f"/handlaggare/omgangar/{rnd.id}/nasta-fas")
    gym, tap = (db.session.get(Proposal, i) for i in ids)
    db.session.refresh(gym)
    assert gym.state is ProposalState.UNDER_REVIEW
    r = client.post(f"/handlaggare/forslag/{gym.id}", data={
        "review-decision": "feasible", "review-cost_estimate": "380000"})
    assert r.status_code == 302, html(r)
    reason = "Kranar av guld är för dyra att underhålla och går inte att skydda mot stöld."
    r = client.post(f"/handlaggare/forslag/{tap.id}", data={
        "review-decision": "not_feasible", "review-reason": reason})
    assert r.status_code == 302, html(r)
    auth.logout()

    # the author sees the state and the reason, on the proposal and in their own list
    auth.login(resident)
    page = html(client.get(f"/forslag/{tap.id}"))
    assert "Inte genomförbart" in page and reason in page
    assert "Bedömt inte genomförbart" in page  # the history
    mine = html(client.get("/mina-forslag"))
    assert reason in mine and "Genomförbart" in mine
    page = html(client.get(f"/forslag/{gym.id}"))
    assert "380\u00a0000\u00a0kr" in page
    auth.logout()

    # so does the public, per round and district
    listing = html(client.get(f"/omgangar/{rnd.id}/forslag?district={district.id}"))
    assert "Utegym vid Hässlehuset" in listing and "Guldkran på torget" in listing
    assert reason in html(client.get(f"/forslag/{tap.id}"))

    # every officer action is in the audit log, with who
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.round_id == rnd.id)
                                 .order_by(AuditEntry.id)).all()
    actions = [e.action for e in entries]
    assert actions == ["round.created", "district.added", "round.phase_advanced",
                       "round.phase_advanced", "proposal.reviewed", "proposal.reviewed"]
    assert {e.actor_id for e in entries} == {officer.id}
    assert entries[-1].details["reason"] == [None, reason]
