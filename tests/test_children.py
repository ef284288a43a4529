"""The children's pages: the code flow, the ballot with a picture per category and big
targets, and proposals and results in children's words (the test client runs no JavaScript;
tests/browser/test_class_of_children.py votes as a class of children in a real browser)."""

import io
import re

import pypdf
import sqlalchemy as sa
from conftest import BOB, ids

from medborgarbudget.extensions import db
from medborgarbudget.models import Ballot, Category, ProposalState
from medborgarbudget.services import voting


def text(response) -> str:
    return response.get_data(as_text=True).replace("\xa0", " ")


def code_for(rnd, officer, district="Norrby") -> str:
    where = next(d for d in rnd.districts if d.name == district)
    _batch, codes = voting.create_codes(rnd, where, 1, officer)
    db.session.commit()
    return codes[0]


def test_a_child_votes_with_a_code(client, voting_round, officer):
    rnd = voting_round
    start = text(client.get(f"/omgangar/{rnd.id}/rosta?barn=1"))
    assert "<h1>Nu får du rösta!</h1>" in start
    assert '<label for="code">Koden på din lapp</label>' in start
    assert "Logga in med" not in start  # the code only: no eID buttons to puzzle over
    code = code_for(rnd, officer)
    wrong = client.post(f"/omgangar/{rnd.id}/rosta/kod", data={"code": code, "personnummer": ""})
    assert wrong.status_code == 422 and "Nu får du rösta!" in text(wrong)  # still for children
    go = client.post(f"/omgangar/{rnd.id}/rosta/kod", data={"code": code, "personnummer": BOB})
    assert go.status_code == 302
    ballot = text(client.get(go.location))
    assert "<h1>Välj det du tycker är bäst!</h1>" in ballot
    assert "Det finns 500 000 kr att använda i Norrby." in ballot
    # every project a card: its category's picture and name, title, summary and cost
    assert ballot.count('class="child-card"') == 4
    assert ballot.count('<svg class="category-icon cat-') == 4
    assert 'aria-hidden="true"' in ballot and "Kostar 300 000 kr" in ballot
    lekplats, bankar, trad = ids(rnd, "Lekplats", "Bänkar", "Träd")
    over = client.post(go.location, data={"project": [lekplats, bankar], "action": "review"})
    assert over.status_code == 422
    assert "Det blev för dyrt! Ta bort något som kostar minst 100 000 kr." in text(over)
    left = client.post(go.location, data={"project": [lekplats], "action": "update"})
    assert "Pengar kvar: 200 000 kr." in text(left)
    review = client.post(go.location, data={"project": [lekplats, trad], "action": "review"})
    confirm = text(client.get(review.location))
    assert "<h1>Är det här rätt?</h1>" in confirm
    assert "Allt tillsammans kostar 350 000 kr." in confirm
    done = client.post(review.location)
    thanks = text(client.get(done.location))
    assert "<h1>Tack! Nu har du röstat.</h1>" in thanks
    assert re.search(r"<code>[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}</code>", thanks)
    assert db.session.scalar(sa.select(Ballot.choices)) == sorted([lekplats, trad])
    # the next child at the same screen starts again on the children's pages
    assert "Nu får du rösta!" in text(client.get(f"/omgangar/{rnd.id}/rosta"))
    assert "Nu får du rösta!" not in text(client.get(f"/omgangar/{rnd.id}/rosta?barn=0"))


def test_the_proposals_in_childrens_words(client, make_round, make_proposal):
    rnd = make_round()
    proposal = make_proposal(rnd, title="Klätterträd", category=Category.NATURE)
    proposal.state = ProposalState.NOT_FEASIBLE
    db.session.commit()
    page = text(client.get(f"/omgangar/{rnd.id}/forslag?barn=1"))
    assert "<h1>Idéerna</h1>" in page and "Klätterträd" in page
    assert '<svg class="category-icon cat-nature"' in page
    assert "Den går tyvärr inte att göra." in page
    assert "Idéerna" not in text(client.get(f"/omgangar/{rnd.id}/forslag?barn=0")).split(
        "<main")[1]


def test_the_results_in_childrens_words(client, published):
    page = text(client.get(f"/omgangar/{published.id}/resultat?barn=1"))
    assert "<h1>Det här blir av!</h1>" in page and "3 personer röstade." in page
    norrby = page.split('id="district-1">Norrby</h2>', 1)[1].split("</section>", 1)[0]
    assert norrby.count('class="child-card"') == 3 and "Lekplats" in norrby
    assert "2 röster" in norrby and "1 röst<" in norrby
    assert norrby.count("<svg class=\"category-icon") == 3  # each winner's picture
    assert "<table" not in page


def test_code_sheets_for_a_school_lead_to_the_childrens_ballot(client, auth, officer,
                                                               voting_round):
    auth.login(officer)
    norrby = next(d for d in voting_round.districts if d.name == "Norrby")
    response = client.post(f"/handlaggare/omgangar/{voting_round.id}/koder",
                           data={"district": norrby.id, "count": 3, "for_children": "y"})
    sheet = "\n".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(response.data)).pages)
    assert f"/omgangar/{voting_round.id}/rosta?barn=1" in sheet
    assert "Välj det du tycker är bäst!" in sheet
