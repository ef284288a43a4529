"""The officer's voting pages: the roll upload, printed codes and paper ballots."""

import io
import re

import pypdf
import sqlalchemy as sa
from conftest import ADULT, ALICE, BOB, TEEN, ids

from medborgarbudget.extensions import db
from medborgarbudget.models import Ballot, Channel, Participation, RollEntry, VotingCode
from medborgarbudget.services import voting


def upload(client, round_id, text: str):
    return client.post(f"/handlaggare/omgangar/{round_id}/rostlangd",
                       data={"file": (io.BytesIO(text.encode()), "rostlangd.csv")},
                       content_type="multipart/form-data")


def test_roll_upload(client, auth, officer, make_round):
    rnd = make_round()
    auth.login(officer)
    bad = upload(client, rnd.id, f"personnummer;district\n{ALICE};Norrby\n{ALICE};Norrby\n"
                                 "19121212-1213;Norrby\n")
    assert bad.status_code == 422
    assert "Rad 3: samma person som på rad 2" in bad.text
    assert "Rad 4: kontrollsiffran" in bad.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RollEntry)) == 0
    good = upload(client, rnd.id, f"personnummer;district\n{ALICE};Norrby\n{BOB};Sjöbo\n")
    assert good.status_code == 302
    page = client.get(good.location)
    assert "Röstlängden är inläst: 2 personer." in page.text


def test_codes_come_as_a_pdf_and_only_their_hashes_are_kept(client, auth, officer,
                                                             voting_round):
    auth.login(officer)
    norrby = next(d for d in voting_round.districts if d.name == "Norrby")
    response = client.post(f"/handlaggare/omgangar/{voting_round.id}/koder",
                           data={"district": norrby.id, "count": 12})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 2  # ten cards a page
    text = "\n".join(page.extract_text() for page in reader.pages)
    codes = re.findall(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b", text)
    assert len(codes) == 12
    stored = set(db.session.scalars(sa.select(VotingCode.code_hash)))
    assert {voting.code_hash(c) for c in codes} == stored
    assert not any(c in str(stored) for c in codes)


def test_paper_ballot_entry(client, auth, officer, voting_round):
    auth.login(officer)
    url = f"/handlaggare/omgangar/{voting_round.id}/papper"
    refused = client.post(url, data={"personnummer": ADULT, "district": 0})
    assert "inte i röstlängden" in refused.text
    sjobo = next(d for d in voting_round.districts if d.name == "Sjöbo")
    elsewhere = client.post(url, data={"personnummer": ALICE, "district": sjobo.id})
    assert "annat område" in elsewhere.text
    too_young = client.post(url, data={"personnummer": TEEN, "district": 0})
    assert "för ung" in too_young.text
    found = client.post(url, data={"personnummer": ALICE, "district": 0})
    assert found.status_code == 302
    lekplats, bankar, trad = ids(voting_round, "Lekplats", "Bänkar", "Träd")
    over = client.post(found.location, data={"project": [lekplats, bankar]})
    assert over.status_code == 422 and "budgeten är" in over.text
    done = client.post(found.location, data={"project": [lekplats, trad]})
    assert done.status_code == 302
    assert "Pappersrösten är registrerad" in client.get(done.location).text
    ballot = db.session.scalar(sa.select(Ballot))
    assert ballot.channel is Channel.PAPER and ballot.slot is None
    assert db.session.scalar(sa.select(Participation.channel)) is Channel.PAPER
    again = client.post(url, data={"personnummer": ALICE, "district": 0})
    assert "redan röstat" in again.text.replace("\n", " ")
