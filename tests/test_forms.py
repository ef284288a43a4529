"""Bad input: a message next to the field, nothing saved, and never a server error."""

import pytest
import sqlalchemy as sa
from flask import url_for

from medborgarbudget.extensions import db
from medborgarbudget.models import AuditEntry, District, Proposal, Review, Round


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


GOOD_PROPOSAL = {"title": "Utegym i parken", "summary": "Enkla redskap för träning utomhus.",
                 "description": "Ett utegym som är öppet dygnet runt och gratis för alla.",
                 "estimated_cost": "200 000", "category": "play_sport", "submit": "y"}


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "Skriv en rubrik."),
    ({"title": "x" * 121}, "Fältet måste vara mellan 3 och 120 tecken långt."),
    ({"estimated_cost": "mycket"}, "Skriv ett belopp i hela kronor"),
    ({"estimated_cost": "0"}, "Beloppet måste vara mellan 1 och 10 000 000 000 kronor."),
    ({"estimated_cost": "-5"}, "Skriv ett belopp i hela kronor"),
    ({"estimated_cost": "1" * 40}, "Skriv ett belopp i hela kronor"),
    ({"estimated_cost": "600 000"}, "Kostnaden är större än områdets hela budget."),
    ({"estimated_cost": ""}, "Skriv vad du tror att förslaget kostar."),
    ({"category": "weapons"}, "Inte ett giltigt val"),
    ({"district_id": "99999"}, "Inte ett giltigt val"),
    ({"district_id": "abc"}, "Inte ett giltigt val"),
    ({"title": "\x00\x00\x00"}, "Skriv en rubrik."),
])
def test_proposal_form_rejects(client, auth, make_round, resident, change, message):
    rnd = make_round()
    auth.login(resident)
    data = {**GOOD_PROPOSAL, "district_id": str(rnd.districts[0].id), **change}
    r = client.post(f"/omgangar/{rnd.id}/forslag/nytt", data=data)
    body = r.get_data(as_text=True)
    assert r.status_code == 200
    assert message in body
    assert 'aria-invalid="true"' in body and "Något behöver rättas" in body
    assert count(Proposal) == 0
    # what the resident typed is still there to correct
    if change.get("title", "x").strip("\x00"):
        assert (change.get("title") or GOOD_PROPOSAL["title"]).replace("x" * 121, "x" * 121) in body


def test_control_characters_are_removed_not_refused(client, auth, make_round, resident):
    rnd = make_round()
    auth.login(resident)
    data = {**GOOD_PROPOSAL, "district_id": str(rnd.districts[0].id),
            "title": "Ute\x00gym\x07 i parken  "}
    assert client.post(f"/omgangar/{rnd.id}/forslag/nytt", data=data).status_code == 302
    assert db.session.scalar(sa.select(Proposal.title)) == "Utegym i parken"


ROUND = {"name": "Medborgarbudget Sjöbo", "purpose": "Invånarna i Sjöbo bestämmer över pengarna.",
         "influence": "advisory", "proposals_open": "2026-01-01", "proposals_close": "2026-02-01",
         "voting_open": "2026-03-01", "voting_close": "2026-03-20", "results_date": "2026-04-01",
         "min_voting_age": "0", "ballot_rule": "knapsack", "tally_rule": "mes",
         "mes_completion": "add1", "mes_voter_budget": "floor"}


@pytest.mark.parametrize("change, message", [
    ({"voting_open": "2026-01-15"}, "Datumet kan inte ligga före föregående fas."),
    ({"results_date": "31/12"}, "Inte ett giltigt datum"),
    ({"ballot_rule": "approval"}, "Ange hur många förslag man får välja."),
    ({"ballot_min_projects": "5", "ballot_max_projects": "2"}, "Minsta antal kan inte vara"),
    ({"min_voting_age": "200"}, "Skriv en ålder mellan 0 och 120."),
    ({"min_voting_age": "tolv"}, "Inte ett giltigt heltal"),
    ({"name": ""}, "Ge omgången ett namn."),
    ({"influence": ""}, "Välj grad av inflytande."),
    ({"tally_rule": "dice"}, "Inte ett giltigt val"),
    ({"mes_completion": "add2"}, "Inte ett giltigt val"),
])
def test_round_form_rejects(client, auth, officer, change, message):
    auth.login(officer)
    logged = count(AuditEntry)
    r = client.post("/handlaggare/omgangar/ny", data={**ROUND, **change})
    assert r.status_code == 200
    assert message in r.get_data(as_text=True)
    assert count(Round) == 0 and count(AuditEntry) == logged


@pytest.mark.parametrize("data, message", [
    ({"review-decision": "feasible"}, "Ange kommunens kostnadsberäkning i hela kronor."),
    ({"review-decision": "feasible", "review-cost_estimate": "500 001"}, "ryms inte i områdets"),
    ({"review-decision": "not_feasible", "review-reason": "  "},
     "Skriv varför förslaget inte är genomförbart."),
    ({"review-decision": "maybe"}, "Inte ett giltigt val"),
    ({}, "Välj en bedömning."),
])
def test_review_form_rejects(client, auth, make_round, make_proposal, officer, data, message):
    proposal = make_proposal(make_round())
    auth.login(officer)
    r = client.post(f"/handlaggare/forslag/{proposal.id}", data=data)
    assert r.status_code == 200 and message in r.get_data(as_text=True)
    assert count(Review) == 0


@pytest.mark.parametrize("data, message", [
    ({"name": "Sjöbo", "budget": "100 000"}, "redan ett område med det namnet"),
    ({"name": "Hulta", "budget": "tio tusen"}, "Skriv ett belopp i hela kronor"),
    ({"name": "", "budget": "100"}, "Skriv områdets namn."),
])
def test_district_form_rejects(client, auth, make_round, officer, data, message):
    rnd = make_round()
    auth.login(officer)
    r = client.post(f"/handlaggare/omgangar/{rnd.id}/omraden", data=data)
    assert r.status_code == 200 and message in r.get_data(as_text=True)
    assert count(District) == 2


NASTY = ["\x00", "x" * 100_000, "9" * 400, "-1", "1e400", "NaN", "<script>", "'; DROP TABLE x;--",
         "\ud7ff\U0001f600", "%00", "../../etc/passwd", ""]


def test_no_input_causes_a_server_error(app, client, auth, make_round, make_proposal, make_user,
                                       officer):
    """Every form and query argument, filled with nonsense, as every kind of user."""
    from medborgarbudget.models import Role
    from medborgarbudget.services import dialogue

    rnd = make_round()
    proposal = make_proposal(rnd)
    comment = dialogue.add_comment(proposal, officer, "En kommentar.")
    question = dialogue.ask(rnd, officer, "En fråga?")
    db.session.commit()
    ids = {"round_id": rnd.id, "proposal_id": proposal.id, "district_id": rnd.districts[0].id,
           "user_id": officer.id, "name": "omrade-1.pb",
           "token": "not-a-token", "code": "fi", "report_id": 1, "comment_id": comment.id,
           "question_id": question.id}
    fields = ["name", "purpose", "influence", "proposals_open", "voting_close", "min_voting_age",
              "ballot_rule", "approval_k", "ballot_min_projects", "tally_rule",
              "greedy_threshold", "mes_completion", "budget", "title", "summary", "description",
              "estimated_cost", "district_id", "category", "place", "email", "password",
              "confirm", "role", "active", "lang", "review-decision", "review-cost_estimate",
              "review-reason", "hide-reason", "unhide-reason", "next", "submit", "save",
              "body", "reason", "comment_id", "question_id", "kind", "text", "intro", "summary",
              "code", "personnummer", f"answer-{question.id}-answer",
              f"answer-{question.id}-visibility", f"hide-{question.id}-reason",
              f"hide-{comment.id}-reason"]
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    for user in (None, make_user(), officer, make_user(Role.ADMIN)):
        if user is not None:
            auth.login(user)
        for rule in rules:
            with app.test_request_context():
                url = url_for(rule.endpoint, **{a: ids[a] for a in rule.arguments})
            for value in NASTY:
                data = {f: value for f in fields}
                if "POST" in rule.methods:
                    r = client.post(url, data=data)
                    assert r.status_code < 500, (rule.endpoint, value[:20], r.status_code)
                r = client.get(url, query_string={"page": value, "state": value,
                                                  "district": value, "round": value,
                                                  "category": value})
                assert r.status_code < 500, (rule.endpoint, value[:20], r.status_code)
        if user is not None:
            auth.logout()


@pytest.mark.parametrize("url", ["/forslag/99999999999999999999", "/omgangar/2147483648",
                                 "/omgangar/-1", "/forslag/abc", "/handlaggare/omraden/0/andra"])
def test_impossible_ids_are_not_found(client, auth, officer, url):
    auth.login(officer)
    assert client.get(url).status_code == 404
