"""Proposals: drafts, editing while allowed, moderation, review, public lists."""

import pytest
import sqlalchemy as sa

from medborgarbudget.extensions import db
from medborgarbudget.models import EventKind, Phase, Proposal, ProposalState
from medborgarbudget.services import proposals as service
from medborgarbudget.services import rounds as round_service
from medborgarbudget.services.errors import DomainError, NotAllowed, PhaseError


def page(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def test_a_draft_is_seen_by_its_author_only(client, auth, make_round, make_proposal, resident):
    rnd = make_round()
    draft = make_proposal(rnd, author=resident, submit=False, title="Mitt hemliga utkast")
    assert draft.state is ProposalState.DRAFT
    assert client.get(f"/forslag/{draft.id}").status_code == 404
    assert "Mitt hemliga utkast" not in page(client, f"/omgangar/{rnd.id}/forslag")
    auth.login(resident)
    assert "Mitt hemliga utkast" in page(client, f"/forslag/{draft.id}")
    client.post(f"/forslag/{draft.id}/skicka-in")
    db.session.refresh(draft)
    assert draft.state is ProposalState.SUBMITTED and draft.submitted_at is not None
    auth.logout()
    assert "Mitt hemliga utkast" in page(client, f"/omgangar/{rnd.id}/forslag")


def test_author_edits_until_review_starts(client, auth, make_round, make_proposal, resident,
                                          officer):
    rnd = make_round()
    proposal = make_proposal(rnd, author=resident)
    auth.login(resident)
    data = {"title": "Belysning vid skolan", "summary": "Ljus längs gångvägen till skolan.",
            "description": "Gångvägen är mörk och många känner sig otrygga på kvällen.",
            "estimated_cost": "150 000", "district_id": str(rnd.districts[1].id),
            "category": "safety", "submit": "y"}
    assert client.post(f"/forslag/{proposal.id}/andra", data=data).status_code == 302
    db.session.refresh(proposal)
    assert proposal.title == "Belysning vid skolan" and proposal.estimated_cost == 150_000
    assert proposal.district_id == rnd.districts[1].id
    edited = [e for e in proposal.events if e.kind is EventKind.EDITED]
    assert edited[-1].details["fields"] == ["description", "district_id", "estimated_cost",
                                            "summary", "title"]
    service.start_review(proposal, officer)
    db.session.commit()
    r = client.post(f"/forslag/{proposal.id}/andra", data={**data, "title": "Ändrat igen"},
                    follow_redirects=True)
    assert "kan inte längre ändras" in r.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.title == "Belysning vid skolan"


def test_proposals_only_in_the_proposal_phase(client, auth, make_round, resident):
    rnd = make_round(phase=Phase.INFORMATION)
    auth.login(resident)
    r = client.get(f"/omgangar/{rnd.id}/forslag/nytt", follow_redirects=True)
    assert "tar inte emot förslag" in r.get_data(as_text=True)
    with pytest.raises(PhaseError):
        service.create_proposal(rnd, resident, True, title="x", summary="y", description="z",
                                estimated_cost=1, district_id=rnd.districts[0].id,
                                category=None, place=None)


def test_hiding_keeps_everything_and_tells_the_author(client, auth, make_round, make_proposal,
                                                     resident, officer):
    rnd = make_round()
    proposal = make_proposal(rnd, author=resident, title="Reklam för min firma")
    auth.login(officer)
    r = client.post(f"/handlaggare/forslag/{proposal.id}/dolj", data={"hide-reason": ""})
    assert "Skriv varför förslaget döljs." in r.get_data(as_text=True)
    reason = "Förslaget innehåller reklam."
    client.post(f"/handlaggare/forslag/{proposal.id}/dolj", data={"hide-reason": reason})
    auth.logout()
    assert client.get(f"/forslag/{proposal.id}").status_code == 404
    assert "Reklam för min firma" not in page(client, f"/omgangar/{rnd.id}/forslag")
    auth.login(resident)
    own = page(client, f"/forslag/{proposal.id}")
    assert reason in own and "dolt" in own
    assert db.session.get(Proposal, proposal.id) is not None  # nothing is deleted
    auth.logout()
    auth.login(officer)
    client.post(f"/handlaggare/forslag/{proposal.id}/visa", data={"unhide-reason": "Rättat."})
    auth.logout()
    assert client.get(f"/forslag/{proposal.id}").status_code == 200


def test_review_rules(make_round, make_proposal, officer):
    rnd = make_round()
    proposal = make_proposal(rnd)
    with pytest.raises(DomainError) as error:
        service.review_proposal(proposal, officer, True, None, None)
    assert error.value.field == "cost_estimate"
    with pytest.raises(DomainError) as error:
        service.review_proposal(proposal, officer, True, 500_001, None)  # Norrby has 500 000
    assert error.value.field == "cost_estimate"
    with pytest.raises(DomainError) as error:
        service.review_proposal(proposal, officer, False, None, "   ")
    assert error.value.field == "reason"
    service.review_proposal(proposal, officer, True, 500_000, None)
    # a correction replaces the one review, and is recorded
    service.review_proposal(proposal, officer, False, None, "Marken är inte kommunens.")
    db.session.commit()
    assert proposal.review.feasible is False and proposal.review.cost_estimate is None
    kinds = [e.kind for e in proposal.events]
    assert kinds[-2:] == [EventKind.FEASIBLE, EventKind.NOT_FEASIBLE]


def test_one_review_per_proposal_in_the_database(make_round, make_proposal, officer):
    from sqlalchemy.exc import IntegrityError

    from medborgarbudget.models import Review

    proposal = make_proposal(make_round())
    service.review_proposal(proposal, officer, True, 1000, None)
    db.session.commit()
    db.session.add(Review(proposal_id=proposal.id, feasible=True, cost_estimate=2000,
                          reviewer_id=officer.id))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_database_constraints(make_round, make_proposal, officer):
    from sqlalchemy.exc import IntegrityError, StatementError

    rnd = make_round()
    proposal = make_proposal(rnd)
    other = make_round(name="Annan omgång", districts=(("Hulta", 100_000),))
    bad = [
        sa.update(Proposal).where(Proposal.id == proposal.id).values(estimated_cost=0),
        sa.update(Proposal).where(Proposal.id == proposal.id).values(hidden=True),
        # a district of another round
        sa.update(Proposal).where(Proposal.id == proposal.id)
        .values(district_id=other.districts[0].id),
        sa.text("UPDATE proposal SET state = 'approved'"),
        sa.text("UPDATE district SET budget = -5"),
    ]
    for statement in bad:
        with pytest.raises((IntegrityError, StatementError)):
            db.session.execute(statement)
            db.session.flush()
        db.session.rollback()


def test_public_list_filters(client, make_round, make_proposal, officer):
    rnd = make_round()
    norrby, sjobo = rnd.districts if rnd.districts[0].name == "Norrby" else rnd.districts[::-1]
    from medborgarbudget.models import Category

    make_proposal(rnd, title="Utegym i Norrby", district_id=norrby.id,
                  category=Category.PLAY_SPORT)
    lamp = make_proposal(rnd, title="Lampor i Sjöbo", district_id=sjobo.id)
    service.review_proposal(lamp, officer, True, 90_000, None)
    db.session.commit()
    listing = page(client, f"/omgangar/{rnd.id}/forslag?district={sjobo.id}")
    assert "Lampor i Sjöbo" in listing and "Utegym i Norrby" not in listing
    listing = page(client, f"/omgangar/{rnd.id}/forslag?category=play_sport")
    assert "Utegym i Norrby" in listing and "Lampor i Sjöbo" not in listing
    listing = page(client, f"/omgangar/{rnd.id}/forslag?state=feasible")
    assert "Lampor i Sjöbo" in listing and "Utegym i Norrby" not in listing
    # a filter value no one offered is ignored, not an error
    listing = page(client, f"/omgangar/{rnd.id}/forslag?state=secret&district=99999&page=-3")
    assert "Lampor i Sjöbo" in listing and "Utegym i Norrby" in listing


def test_only_the_author_submits(make_round, make_proposal, make_user):
    proposal = make_proposal(make_round(), submit=False)
    with pytest.raises(NotAllowed):
        service.submit_proposal(proposal, make_user())


def test_advancing_to_review_takes_up_submitted_proposals(make_round, make_proposal, officer):
    rnd = make_round()
    submitted = make_proposal(rnd)
    draft = make_proposal(rnd, submit=False)
    round_service.advance_phase(rnd, officer)
    db.session.commit()
    assert submitted.state is ProposalState.UNDER_REVIEW
    assert draft.state is ProposalState.DRAFT  # never sent in: stays the author's own
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 2
