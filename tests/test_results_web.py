"""The result on the web: officers count, residents read and download, anyone verifies."""

import csv
import io

from pypdf import PdfReader

from medborgarbudget.models import ProposalState
from medborgarbudget.services import results


def test_an_officer_counts_from_the_round_page(closed_round, client, auth, officer):
    auth.login(officer)
    page = client.get(f"/handlaggare/omgangar/{closed_round.id}").text
    assert "Räkna rösterna" in page
    done = client.post(f"/handlaggare/omgangar/{closed_round.id}/rakna",
                       data={"csrf_token": csrf(page)}, follow_redirects=True)
    assert "Rösterna är räknade" in done.text and "Resultatsidan" in done.text
    assert results.round_result(closed_round) is not None
    again = client.post(f"/handlaggare/omgangar/{closed_round.id}/rakna",
                        data={"csrf_token": csrf(page)}, follow_redirects=True)
    assert "redan räknad" in again.text


def csrf(page: str) -> str:
    import re

    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def test_results_are_hidden_until_published(counted_round, client, auth, officer):
    assert client.get(f"/omgangar/{counted_round.id}/resultat").status_code == 404
    assert client.get(f"/omgangar/{counted_round.id}/resultat.csv").status_code == 404
    auth.login(officer)
    page = client.get(f"/omgangar/{counted_round.id}/resultat")
    assert page.status_code == 200 and "inte publicerat" in page.text


def test_the_results_page(published, client):
    page = client.get(f"/omgangar/{published.id}/resultat")
    assert page.status_code == 200
    text = page.text
    assert "I Norrby vann 3 förslag: Lekplats, Skylt, Träd." in text
    assert "I Sjöbo vann ett förslag: Bad." in text
    assert "<caption" in text and 'class="chart"' in text  # the chart has its table
    assert "(72\xa0%)" in text  # Norrby spent 360,000 of 500,000
    round_page = client.get(f"/omgangar/{published.id}").text
    assert "Se hela resultatet" in round_page and "I Norrby vann 3 förslag" in round_page
    english = client.get(f"/omgangar/{published.id}/resultat",
                         headers={"Accept-Language": "en"}).text
    assert "In Sjöbo one proposal won: Bad." in english


def test_proposals_show_whether_they_won(published, client):
    states = {p.title: p for p in published.proposals}
    assert states["Bänkar"].state is ProposalState.NOT_SELECTED
    page = client.get(f"/forslag/{states['Lekplats'].id}").text
    assert "Förslaget vann" in page and f"/omgangar/{published.id}/resultat" in page
    assert "inte tillräckligt många röster" in client.get(f"/forslag/{states['Bänkar'].id}").text


def test_downloads(published, client, signing_keys):
    from medborgarbudget.reports.verify import verify

    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/omgangar/{published.id}/resultat.csv").text.lstrip("\ufeff")),
        delimiter=";"))
    assert {(r["district"], r["title"], r["selected"]) for r in rows} >= {
        ("Norrby", "Lekplats", "1"), ("Norrby", "Bänkar", "0"), ("Sjöbo", "Bad", "1")}
    result = results.round_result(published)
    for file in result.files:
        got = client.get(f"/omgangar/{published.id}/resultat/{file.name}")
        assert got.status_code == 200 and got.text == file.content
    assert client.get(f"/omgangar/{published.id}/resultat/nope.pb").status_code == 404
    pdf = client.get(f"/omgangar/{published.id}/resultat.pdf")
    assert pdf.mimetype == "application/pdf"
    assert all(c.ok for c in verify(pdf.data, signing_keys["trusted"][1].read_bytes()))
    english = client.get(f"/omgangar/{published.id}/resultat.pdf?lang=en").data
    assert "proposals won" in PdfReader(io.BytesIO(english)).pages[0].extract_text()


def upload(client, pdf: bytes, certificate: bytes | None = None):
    page = client.get("/granskning/kontrollera").text
    data = {"csrf_token": csrf(page), "pdf": (io.BytesIO(pdf), "resultat.pdf")}
    if certificate is not None:
        data["certificate"] = (io.BytesIO(certificate), "cert.pem")
    return client.post("/granskning/kontrollera", data=data,
                       content_type="multipart/form-data")


def test_anyone_can_verify_a_result_on_the_web(published, client, signing_keys):
    pdf = results.signed_pdf(results.round_result(published))
    good = upload(client, pdf)
    assert good.status_code == 200 and "allt stämmer" in good.text
    assert good.text.count("Godkänd") == 6 and "Underkänd" not in good.text
    damaged = bytearray(pdf)
    damaged[len(pdf) // 2] ^= 1
    bad = upload(client, bytes(damaged))
    assert "kunde inte bekräftas" in bad.text and "Underkänd" in bad.text
    untrusted = upload(client, pdf, signing_keys["other"][1].read_bytes())
    assert "kunde inte bekräftas" in untrusted.text
    not_pdf = upload(client, b"hello")
    assert not_pdf.status_code == 422 and "Filen kunde inte läsas" in not_pdf.text
    page = client.get("/granskning/kontrollera").text
    empty = client.post("/granskning/kontrollera", data={"csrf_token": csrf(page)})
    assert empty.status_code == 422
