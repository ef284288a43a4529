"""Easy-to-read Swedish (lättläst) versions of the information, proposal, ballot and results
pages: chosen in the language menu (and remembered) or linked with ?lattlast=1."""

import pytest
from conftest import ALICE

from medborgarbudget.extensions import db
from medborgarbudget.models import ProposalState


def text(response) -> str:
    return response.get_data(as_text=True).replace("\xa0", " ")


def test_the_information_page(client):
    ordinary = text(client.get("/om"))
    assert '<a href="/om?lattlast=1" lang="sv" hreflang="sv">Lättläst svenska</a>' in ordinary
    assert "Medborgarbudget – lättläst" not in ordinary
    easy = text(client.get("/om?lattlast=1"))
    assert "<h1>Medborgarbudget – lättläst</h1>" in easy
    assert "Du kan ändra din röst tills röstningen slutar." in easy
    assert '<a href="/om?lattlast=0">Vanlig text</a>' in easy


def test_the_choice_in_the_menu_is_remembered(client):
    client.post("/sprak", data={"lang": "lattlast"})
    assert "Medborgarbudget – lättläst" in text(client.get("/om"))
    assert "Medborgarbudget – lättläst" not in text(client.get("/om?lattlast=0"))
    client.post("/sprak", data={"lang": "sv"})
    assert "Medborgarbudget – lättläst" not in text(client.get("/om"))


@pytest.mark.parametrize("state, says", [
    (ProposalState.SUBMITTED, "Förslaget är inskickat. Kommunen ska läsa det."),
    (ProposalState.NOT_FEASIBLE, "Kommunen har sagt nej. Förslaget går inte att göra."),
    (ProposalState.SELECTED, "Förslaget vann. Det ska bli av."),
])
def test_a_proposal_in_short(client, make_round, make_proposal, state, says):
    proposal = make_proposal(make_round(), title="Gungor i parken", estimated_cost=40_000)
    proposal.state = state
    db.session.commit()
    easy = text(client.get(f"/forslag/{proposal.id}?lattlast=1"))
    assert "Förslaget i korthet" in easy and says in easy
    assert "Den som skrev förslaget tror att det kostar 40 000 kr." in easy
    assert f"Förslaget gäller området {proposal.district.name}." in easy
    assert "Förslaget i korthet" not in text(client.get(f"/forslag/{proposal.id}"))


def test_the_ballot(new_app, voting_round):
    client = new_app(EID_TEST_PROVIDER=True).test_client()
    client.post(f"/omgangar/{voting_round.id}/rosta/testlegitimering",
                data={"personnummer": ALICE})
    easy = text(client.get(f"/omgangar/{voting_round.id}/rosta/valsedel?lattlast=1"))
    assert "Det finns 500 000 kr att använda i Norrby." in easy
    assert "Du får kryssa för högst 2 förslag." in easy
    assert 'name="project"' in easy  # the same ballot, with simpler words around it
    ordinary = text(client.get(f"/omgangar/{voting_round.id}/rosta/valsedel"))
    assert "Det finns 500 000 kr att använda" not in ordinary


def test_the_results(client, published):
    easy = text(client.get(f"/omgangar/{published.id}/resultat?lattlast=1"))
    assert "3 personer röstade." in easy and "Kommunen ska göra de förslag som vann." in easy
    assert "De här förslagen vann:" in easy or "Det här förslaget vann:" in easy
    assert "Lekplats</a>. Det kostar 300 000 kr. Det fick 2 röster." in easy
    assert "Bad</a>. Det kostar 100 000 kr. Det fick 1 röst." in easy
    assert "<table" not in easy  # the numbers are on the ordinary page, linked from here
    assert '<a href="/omgangar/%d/resultat?lattlast=0">' % published.id in easy


def test_english_readers_get_swedish_easy_pages_with_the_right_language(client):
    client.post("/sprak", data={"lang": "en"})
    assert '<html lang="sv">' in text(client.get("/om?lattlast=1"))
