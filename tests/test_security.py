"""Security headers, cookies, CSRF and escaping of user text."""

import re

import sqlalchemy as sa

from medborgarbudget.app import create_app
from medborgarbudget.extensions import db
from medborgarbudget.models import Proposal, Round
from tests.conftest import PASSWORD, base_config


def test_security_headers(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_no_inline_scripts_or_styles(client, make_round, make_proposal):
    rnd = make_round()
    make_proposal(rnd)
    for url in ("/", "/om", f"/omgangar/{rnd.id}", f"/omgangar/{rnd.id}/forslag", "/forslag/1",
                "/logga-in", "/registrera"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page and "<style" not in page, url
        assert not re.search(r"\son[a-z]+=", page), url


def test_production_session_cookie(monkeypatch, new_app, resident):
    # production is the default configuration: cookies only over HTTPS
    monkeypatch.delenv("MEDBORGARBUDGET_ENV", raising=False)

    def production_app(database_url):
        config = base_config(database_url)
        del config["SESSION_COOKIE_SECURE"], config["REMEMBER_COOKIE_SECURE"]
        return create_app(config)

    app = new_app(production_app)
    client = app.test_client()
    with app.app_context():
        r = client.post("/logga-in", data={"email": resident.email, "password": PASSWORD},
                        base_url="https://localhost")
    cookie = r.headers["Set-Cookie"]
    assert r.status_code == 302
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_development_config_allows_plain_http(monkeypatch, new_app):
    monkeypatch.setenv("MEDBORGARBUDGET_ENV", "development")
    app = new_app()
    assert not app.config.get("SESSION_COOKIE_SECURE")
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_app_refuses_to_start_without_secret_key(database_url):
    config = base_config(database_url)
    del config["SECRET_KEY"]
    try:
        create_app(config)
    except RuntimeError as error:
        assert "SECRET_KEY" in str(error)
    else:
        raise AssertionError("started without a secret key")


def test_csrf_is_enforced(new_app, officer):
    app = new_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        # without a token: refused, nothing saved, an explanation in Swedish
        r = client.post("/logga-in", data={"email": officer.email, "password": PASSWORD})
        assert r.status_code == 400 and "Formuläret har gått ut" in r.get_data(as_text=True)
        # with the token from the page: logged in
        page = client.get("/logga-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        form = {"email": officer.email, "password": PASSWORD, "csrf_token": token}
        # over HTTPS the token must also come from a page of this site (the Referer)
        r = client.post("/logga-in", data=form, headers={"Referer": "https://evil.example/"})
        assert r.status_code == 400
        r = client.post("/logga-in", data=form, headers={"Referer": "https://localhost/logga-in"})
        assert r.status_code == 302
        # a logged-in officer's form without a token changes nothing
        r = client.post("/handlaggare/omgangar/ny", data={"name": "Smygomgång"},
                        headers={"Referer": "https://localhost/handlaggare/omgangar/ny"})
        assert r.status_code == 400
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Round)) == 0
        # nor does a bare button such as logging out
        assert client.post("/logga-ut").status_code == 400
        assert "Logga ut" in client.get("/").get_data(as_text=True)


def test_user_text_is_escaped(client, auth, make_round, make_proposal):
    rnd = make_round()
    evil = "<script>alert(1)</script>"
    proposal = make_proposal(rnd, title=f"Park {evil}", description=f"Text {evil}\n\nNästa <b>")
    for url in (f"/forslag/{proposal.id}", f"/omgangar/{rnd.id}/forslag"):
        page = client.get(url).get_data(as_text=True)
        assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "<p>Nästa &lt;b&gt;</p>" in page
    assert db.session.get(Proposal, proposal.id).title == f"Park {evil}"  # stored as written
