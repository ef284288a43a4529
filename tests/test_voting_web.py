"""The voting pages, as a resident uses them without JavaScript (the test client runs none)."""

import re

import pytest
import sqlalchemy as sa
from conftest import ADULT, ALICE, BOB, CAROL, ids

from medborgarbudget.extensions import db
from medborgarbudget.models import Ballot, Participation
from medborgarbudget.services import voting


@pytest.fixture
def test_eid_app(new_app):
    return new_app(EID_TEST_PROVIDER=True)


def receipt_in(html: str) -> str:
    return re.search(r"<code>([A-Z0-9-]{14})</code>", html).group(1)


def test_a_resident_votes_with_the_test_provider(test_eid_app, voting_round):
    client = test_eid_app.test_client()
    page = client.get(f"/omgangar/{voting_round.id}/rosta")
    assert "Logga in med testlegitimation" in page.text
    login = client.post(f"/omgangar/{voting_round.id}/rosta/testlegitimering",
                        data={"personnummer": ALICE})
    assert login.status_code == 302 and login.location.endswith("/rosta/valsedel")
    ballot = client.get(login.location)
    assert "Lekplats" in ballot.text and "Bad" not in ballot.text  # Sjöbo's project
    lekplats, bankar, trad = ids(voting_round, "Lekplats", "Bänkar", "Träd")
    # without JavaScript: "Räkna om" shows what is left, and problems come back with a 422
    update = client.post(login.location, data={"project": [lekplats, trad], "action": "update"})
    assert "Kvar: 150" in update.text.replace("\xa0", " ")
    over = client.post(login.location, data={"project": [lekplats, bankar], "action": "review"})
    assert over.status_code == 422
    assert "Ta bort förslag för minst 100" in over.text.replace("\xa0", " ")
    review = client.post(login.location, data={"project": [lekplats, trad], "action": "review"})
    assert review.status_code == 302
    page = client.get(review.location)
    assert "Bekräfta min röst" in page.text and "Träd" in page.text
    done = client.post(review.location)
    receipt = receipt_in(client.get(done.location).text)
    assert client.get(done.location).status_code == 302  # shown once
    check = client.get(f"/omgangar/{voting_round.id}/kvitto", query_string={"receipt": receipt})
    assert "finns bland de röster som räknas" in check.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 1
    assert db.session.scalar(sa.select(Ballot.choices)) == sorted([lekplats, trad])


def test_refusals_are_explained(test_eid_app, voting_round):
    client = test_eid_app.test_client()
    url = f"/omgangar/{voting_round.id}/rosta/testlegitimering"
    assert "kontrollsiffran" in client.post(url, data={"personnummer": "19121212-1213"}).text
    page = client.post(url, data={"personnummer": ADULT})
    assert page.status_code == 422 and "inte i röstlängden" in page.text


def test_the_test_provider_is_off_unless_configured(client, voting_round):
    assert client.get(f"/omgangar/{voting_round.id}/rosta/testlegitimering").status_code == 404
    assert "testlegitimation" not in client.get(f"/omgangar/{voting_round.id}/rosta").text


def test_a_code_voter(client, voting_round, officer):
    norrby = next(d for d in voting_round.districts if d.name == "Norrby")
    _batch, codes = voting.create_codes(voting_round, norrby, 1, officer)
    db.session.commit()
    start = client.post(f"/omgangar/{voting_round.id}/rosta/kod",
                        data={"code": codes[0].lower().replace("-", " "), "personnummer": BOB})
    assert start.status_code == 302
    (trad,) = ids(voting_round, "Träd")
    review = client.post(start.location, data={"project": [trad], "action": "review"})
    done = client.post(review.location)
    assert done.status_code == 302
    again = client.post(f"/omgangar/{voting_round.id}/rosta/kod",
                        data={"code": codes[0], "personnummer": CAROL})
    assert again.status_code == 422 and "redan använts" in again.text


def test_the_ballot_needs_a_proved_voter(client, voting_round):
    page = client.get(f"/omgangar/{voting_round.id}/rosta/valsedel")
    assert page.status_code == 302 and page.location.endswith("/rosta")
    assert client.post(f"/omgangar/{voting_round.id}/rosta/granska").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0


def test_round_page_shows_the_log_while_voting(client, voting_round):
    page = client.get(f"/omgangar/{voting_round.id}")
    assert "Röster i röstloggen: 0" in page.text
    assert f'href="/omgangar/{voting_round.id}/rosta"' in page.text
