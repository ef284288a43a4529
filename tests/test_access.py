"""Who may reach what. The matrix is built from app.url_map, so a new route is checked the
moment it exists: unless it is listed here as public or for residents, anonymous visitors must
be sent to the login page and residents must get 403, for every method it accepts."""

import pytest
import sqlalchemy as sa

from medborgarbudget.extensions import db
from medborgarbudget.models import AuditEntry, Proposal, Role, Round, User
from medborgarbudget.services import dialogue

#: anyone may use these
PUBLIC = {"public.index", "public.about", "public.round_page", "public.proposals",
          "public.proposal", "public.set_language", "public.health", "auth.login",
          "auth.register", "static",
          # voting needs no account: a voter proves eligibility (code or eID) for each vote
          "voting.start", "voting.code", "voting.test_eid", "voting.ballot", "voting.review",
          "voting.receipt", "voting.check", "voting.eid_start", "voting.eid_done",
          # published results are for everyone (before publication they answer 404, except
          # to staff and auditors), and so is checking a signed result
          "public.results", "public.results_pdf", "public.results_csv", "public.results_file",
          "auditor.verify_page",
          # the link in an email that stops such emails: its signed token is the access rule
          "public.unsubscribe", "public.feed", "public.timeline",
          # who took part: public once voting has closed (before that, 404 but to staff)
          "public.turnout", "public.turnout_csv",
          # the evaluation: anyone on the roll proves it as when voting (404 until it opens)
          "voting.survey_start", "voting.survey_code", "voting.survey_test_eid",
          "voting.survey_eid_start", "voting.survey_answer", "voting.survey_thanks",
          "voting.survey_summary",
          # anyone may report a comment (an officer decides)
          "public.report",
          # the basic information in the national minority languages
          "public.basic_info",
          # the accessibility statement, and its form for reporting barriers
          "public.accessibility_statement"}
#: any logged-in user, residents included
RESIDENT = {"proposals.new", "proposals.edit", "proposals.submit", "proposals.mine",
            "auth.logout", "public.follow", "public.comment", "public.ask"}


@pytest.fixture
def world(make_round, make_proposal, make_user, officer):
    """One of everything, so that every URL can be built with real ids."""
    rnd = make_round()
    proposal = make_proposal(rnd)
    comment = dialogue.add_comment(proposal, officer, "En kommentar.")
    question = dialogue.ask(rnd, officer, "En fråga?")
    db.session.commit()
    return {"round_id": rnd.id, "proposal_id": proposal.id, "district_id": rnd.districts[0].id,
            "user_id": officer.id, "filename": "style.css", "name": "omrade-1.pb",
            "token": "not-a-token", "code": "fi", "report_id": 1, "comment_id": comment.id,
            "question_id": question.id}


def routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def fetch(client, app, rule, method, world):
    with app.test_request_context():
        from flask import url_for

        url = url_for(rule.endpoint, **{arg: world[arg] for arg in rule.arguments})
    return client.open(url, method=method, data={})


def state():
    """Something that changes if a request did anything."""
    return (db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Round)),
            db.session.scalar(sa.select(sa.func.count()).select_from(User)))


def test_every_protected_route_says_who_may_use_it(app):
    for rule, _method in routes(app):
        if rule.endpoint in PUBLIC:
            continue
        view = app.view_functions[rule.endpoint]
        assert hasattr(view, "required_roles"), f"{rule.endpoint} has no access rule"


def test_anonymous_is_sent_to_login(app, client, world):
    before = state()
    checked = 0
    for rule, method in routes(app):
        if rule.endpoint in PUBLIC:
            continue
        r = fetch(client, app, rule, method, world)
        assert r.status_code == 302, (rule.endpoint, method, r.status_code)
        assert r.headers["Location"].startswith("/logga-in"), (rule.endpoint, method)
        checked += 1
    assert checked >= 20
    assert state() == before


def test_resident_is_refused_staff_routes(app, client, auth, world, resident):
    auth.login(resident)
    before = state()
    for rule, method in routes(app):
        if rule.endpoint in PUBLIC | RESIDENT:
            continue
        r = fetch(client, app, rule, method, world)
        assert r.status_code == 403, (rule.endpoint, method, r.status_code)
    assert state() == before


@pytest.mark.parametrize("role, refused_prefixes", [
    (Role.AUDITOR, ("officer.", "admin.")),
    (Role.OFFICER, ("admin.",)),
])
def test_staff_roles_are_kept_apart(app, client, auth, world, make_user, role, refused_prefixes):
    auth.login(make_user(role))
    before = state()
    for rule, method in routes(app):
        if rule.endpoint.startswith(refused_prefixes):
            r = fetch(client, app, rule, method, world)
            assert r.status_code == 403, (role, rule.endpoint, method, r.status_code)
    assert state() == before


def test_each_role_reaches_its_own_pages(client, auth, world, make_user):
    expected = {
        Role.RESIDENT: ["/mina-forslag"],
        Role.AUDITOR: ["/granskning/logg"],
        Role.OFFICER: ["/handlaggare/", f"/handlaggare/omgangar/{world['round_id']}",
                       f"/handlaggare/forslag/{world['proposal_id']}", "/granskning/logg"],
        Role.ADMIN: ["/admin/anvandare", "/handlaggare/", "/granskning/logg"],
    }
    for role, urls in expected.items():
        auth.login(make_user(role))
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
        auth.logout()


def test_a_resident_cannot_edit_someone_elses_proposal(client, auth, world, make_user):
    auth.login(make_user())
    pid = world["proposal_id"]
    assert client.get(f"/forslag/{pid}/andra").status_code == 403
    assert client.post(f"/forslag/{pid}/andra", data={"title": "Kapat"}).status_code == 403
    assert db.session.get(Proposal, pid).title != "Kapat"


def test_public_pages_are_open_to_everyone(app, client, world):
    for rule, method in routes(app):
        if rule.endpoint in PUBLIC and method == "GET":
            r = fetch(client, app, rule, method, world)
            r.close()  # a static file is streamed from disk
            # the voting steps send a visitor who has not proved eligibility back to the start
            # (and the test provider exists only when configured)
            # and the world's round has no result to show, nor has it voted
            expected = ((404,) if rule.endpoint in ("voting.test_eid", "voting.eid_start",
                                                    "voting.eid_done")
                        or rule.endpoint.startswith(("public.results", "public.turnout",
                                                     "voting.survey"))
                        or rule.endpoint == "public.unsubscribe"
                        else (200, 302) if rule.endpoint.startswith("voting.") else (200,))
            assert r.status_code in expected, (rule.endpoint, r.status_code)
