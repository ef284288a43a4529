"""The accessibility statement and its barrier reports: anyone reports, an officer handles the
report, and the reporter's contact details go when it is handled."""

import re

import sqlalchemy as sa

from medborgarbudget.extensions import db
from medborgarbudget.models import AuditEntry, BarrierReport


def test_the_statement_says_what_the_law_asks(client):
    page = client.get("/tillganglighet").get_data(as_text=True)
    assert "<h1>Tillgänglighet för Medborgarbudget Borås</h1>" in page
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in page
    assert "Den underskrivna resultatfilen (PDF) är inte taggad." in page  # a known barrier
    assert 'href="https://www.digg.se/tdosanmalan"' in page
    assert "granskades senast den 2 december 2026" in page
    assert 'href="/tillganglighet"' in client.get("/").get_data(as_text=True)  # in the footer


def test_in_english(client):
    client.post("/sprak", data={"lang": "en"})
    page = client.get("/tillganglighet").get_data(as_text=True)
    assert "Accessibility of Medborgarbudget Borås" in page and "December 2, 2026" in page


def test_anyone_reports_a_barrier(client):
    r = client.post("/tillganglighet", data={
        "description": "Knappen Granska går inte att nå med tangentbordet.",
        "page": "Röstsedeln", "contact": "anna@example.se"})
    assert r.status_code == 302 and r.headers["Location"] == "/tillganglighet#rapportera"
    report = db.session.scalar(sa.select(BarrierReport))
    assert (report.page, report.contact) == ("Röstsedeln", "anna@example.se")
    assert not report.handled
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "barrier.reported"))
    assert entry.actor_id is None and "anna@example.se" not in str(entry.details)


def test_a_report_needs_a_description_and_loses_nothing_typed(client):
    r = client.post("/tillganglighet", data={"description": " ", "page": "Resultatsidan",
                                             "contact": "x" * 201})
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Beskriv vad som inte fungerar för dig." in page
    assert 'value="Resultatsidan"' in page and 'aria-invalid="true"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BarrierReport)) == 0


def test_an_officer_handles_it_and_the_contact_is_erased(client, auth, officer):
    client.post("/tillganglighet", data={"description": "Texten är för liten på mobilen.",
                                         "contact": "070-123 45 67"})
    report = db.session.scalar(sa.select(BarrierReport))
    auth.login(officer)
    dashboard = client.get("/handlaggare/").get_data(as_text=True)
    assert re.search(r"Rapporterade tillgänglighetsproblem</a>: (\d+)</p>", dashboard)[1] == "1"
    waiting = client.get("/handlaggare/tillganglighet").get_data(as_text=True)
    assert "Texten är för liten på mobilen." in waiting and "070-123 45 67" in waiting
    empty = client.post(f"/handlaggare/tillganglighet/{report.id}",
                        data={f"handle-{report.id}-note": ""})
    assert empty.status_code == 422 and "Skriv vad som gjordes." in empty.get_data(as_text=True)
    done = client.post(f"/handlaggare/tillganglighet/{report.id}",
                       data={f"handle-{report.id}-note": "Större text från 320 px. Svarat."})
    assert done.status_code == 302
    db.session.refresh(report)
    assert report.handled and report.contact is None and report.handled_by_id == officer.id
    page = client.get("/handlaggare/tillganglighet").get_data(as_text=True)
    assert "Inga rapporter väntar." in page and "Större text från 320 px. Svarat." in page
    again = client.post(f"/handlaggare/tillganglighet/{report.id}",
                        data={f"handle-{report.id}-note": "Igen."})
    assert again.status_code == 422 and "Rapporten är redan hanterad." in again.get_data(
        as_text=True)
