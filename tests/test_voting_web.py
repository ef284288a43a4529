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


def test_no_personnummer_is_kept_anywhere_after_a_full_flow(test_eid_app, voting_round, officer,
                                                            caplog):
    """Roll import, an eID vote, a code vote, a paper vote and closing: then search every
    column of every table, and the log, for each number in every form it could be written."""
    import logging

    from conftest import PASSWORD
    from test_voting import assert_nowhere

    from medborgarbudget.services import rounds as round_service

    caplog.set_level(logging.DEBUG)
    client = test_eid_app.test_client()
    norrby = next(d for d in voting_round.districts if d.name == "Norrby")
    _batch, codes = voting.create_codes(voting_round, norrby, 1, officer)
    db.session.commit()
    (trad,) = ids(voting_round, "Träd")
    start = client.post(f"/omgangar/{voting_round.id}/rosta/testlegitimering",
                        data={"personnummer": ALICE})
    review = client.post(start.location, data={"project": [trad], "action": "review"})
    client.post(review.location)
    other = test_eid_app.test_client()
    start = other.post(f"/omgangar/{voting_round.id}/rosta/kod",
                       data={"code": codes[0], "personnummer": BOB})
    review = other.post(start.location, data={"project": [trad], "action": "review"})
    other.post(review.location)
    desk = test_eid_app.test_client()
    desk.post("/logga-in", data={"email": officer.email, "password": PASSWORD})
    found = desk.post(f"/handlaggare/omgangar/{voting_round.id}/papper",
                      data={"personnummer": CAROL, "district": 0})
    sjobo = ids(voting_round, "Bad")
    assert desk.post(found.location, data={"project": sjobo}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 3
    round_service.advance_phase(voting_round, officer)
    db.session.commit()
    forms = []
    for number in (ALICE, BOB, CAROL):
        digits = number.replace("-", "")
        twelve = digits if len(digits) == 12 else "19" + digits
        forms += [twelve, twelve[2:], f"{twelve[:8]}-{twelve[8:]}", f"{twelve[2:8]}-{twelve[8:]}"]
    assert_nowhere(forms, caplog)


@pytest.mark.parametrize("titles", [("Lekplats", "Bänkar"), ("Bad",), ("Träd", "Skylt", "Lekplats"),
                                    ("closed",)])
def test_a_ballot_posted_by_hand_is_refused_and_nothing_stored(test_eid_app, voting_round,
                                                               officer, titles):
    """Over the budget, a project of another district, too many projects, or after voting
    closed: posted straight to the review step, as a script would."""
    from medborgarbudget.services import rounds as round_service

    client = test_eid_app.test_client()
    start = client.post(f"/omgangar/{voting_round.id}/rosta/testlegitimering",
                        data={"personnummer": ALICE})
    if titles == ("closed",):
        round_service.advance_phase(voting_round, officer)
        db.session.commit()
        choices = ids(voting_round, "Träd")
    else:
        choices = ids(voting_round, *titles)
    page = client.post(start.location, data={"project": choices, "action": "review"})
    assert page.status_code in (302, 422)
    if page.status_code == 302:  # only "closed": refused on the way, back to the round
        assert "/rosta/granska" not in page.location
    assert client.post(f"/omgangar/{voting_round.id}/rosta/granska").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 0
