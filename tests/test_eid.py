"""eID through OpenID Connect, against a small OpenID provider this test serves on 127.0.0.1:
discovery, authorize (it approves whoever it is told to), token (an RS256-signed ID token
with the Swedish profile's personnummer claim and the nonce it was given) and keys."""

import secrets
import threading
import time
import urllib.parse

import pytest
import requests
import sqlalchemy as sa
from conftest import ADULT, ALICE, CAROL, ids
from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

from medborgarbudget.eid import PERSONAL_NUMBER_CLAIM
from medborgarbudget.extensions import db
from medborgarbudget.models import Participation


class Provider:
    """The OpenID provider; ``person`` is who logs in at it next (None: the user cancels)."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test", "use": "sig",
                                                         "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.person: str | None = None
        self.app = self.make_app()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def make_app(self) -> Flask:
        app = Flask("test-op")

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(issuer=self.issuer, authorization_endpoint=self.issuer + "/authorize",
                           token_endpoint=self.issuer + "/token", jwks_uri=self.issuer + "/jwks",
                           response_types_supported=["code"], subject_types_supported=["public"],
                           id_token_signing_alg_values_supported=["RS256"],
                           token_endpoint_auth_methods_supported=["client_secret_basic"])

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([self.key]).as_dict(private=False))

        @app.get("/authorize")
        def authorize():
            args = request.args
            target = args["redirect_uri"]
            if self.person is None:
                query = {"error": "access_denied", "state": args["state"]}
            else:
                code = secrets.token_urlsafe(16)
                self.codes[code] = {"nonce": args.get("nonce"), "client": args["client_id"],
                                    "person": self.person, "redirect_uri": target}
                query = {"code": code, "state": args["state"]}
            return redirect(f"{target}?{urllib.parse.urlencode(query)}")

        @app.post("/token")
        def token():
            grant = self.codes.pop(request.form.get("code", ""), None)
            if grant is None or request.authorization is None \
                    or request.authorization.username != grant["client"] \
                    or request.form.get("redirect_uri") != grant["redirect_uri"]:
                return jsonify(error="invalid_grant"), 400
            now = int(time.time())
            claims = {"iss": self.issuer, "sub": secrets.token_hex(8), "aud": grant["client"],
                      "iat": now, "exp": now + 300, "nonce": grant["nonce"],
                      PERSONAL_NUMBER_CLAIM: grant["person"]}
            id_token = jwt.encode({"alg": "RS256", "kid": "test"}, claims, self.key)
            return jsonify(access_token=secrets.token_urlsafe(16), token_type="Bearer",
                           expires_in=300, id_token=id_token)

        return app


@pytest.fixture
def provider():
    op = Provider()
    op.thread.start()
    yield op
    op.server.shutdown()


@pytest.fixture
def eid_app(new_app, provider):
    return new_app(OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID="medborgarbudget",
                   OIDC_CLIENT_SECRET="client secret")


def log_in(client, provider, round_id: int, person: str | None):
    """The browser's trip: us -> provider -> us. Returns our last response."""
    provider.person = person
    out = client.get(f"/omgangar/{round_id}/rosta/eid")
    assert out.status_code == 302 and out.location.startswith(provider.issuer + "/authorize")
    back = requests.get(out.location, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    url = urllib.parse.urlsplit(back.headers["Location"])
    assert url.path == "/eid/klar"
    return client.get(f"{url.path}?{url.query}")


def test_a_resident_votes_with_eid(eid_app, provider, voting_round):
    client = eid_app.test_client()
    assert "Logga in med e-legitimation" in client.get(f"/omgangar/{voting_round.id}/rosta").text
    done = log_in(client, provider, voting_round.id, ALICE.replace("-", ""))
    assert done.status_code == 302 and done.location.endswith("/rosta/valsedel")
    (trad,) = ids(voting_round, "Träd")
    review = client.post(done.location, data={"project": [trad], "action": "review"})
    assert client.post(review.location).status_code == 302
    assert db.session.scalar(sa.select(Participation.channel)).value == "eid"


def test_eid_refusals_and_cancelling(eid_app, provider, voting_round):
    client = eid_app.test_client()
    refused = log_in(client, provider, voting_round.id, ADULT.replace("-", ""))
    assert refused.location.endswith("/rosta")
    assert "inte i röstlängden" in client.get(refused.location).text
    cancelled = log_in(client, provider, voting_round.id, None)
    assert "avbröts eller misslyckades" in client.get(cancelled.location).text


def test_a_forged_callback_is_refused(eid_app, provider, voting_round):
    client = eid_app.test_client()
    provider.person = ALICE.replace("-", "")
    client.get(f"/omgangar/{voting_round.id}/rosta/eid")
    # a code the provider never issued, and a state the session never saw
    page = client.get("/eid/klar?code=forged&state=forged")
    assert page.status_code == 302
    assert "avbröts eller misslyckades" in client.get(page.location).text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 0


def test_no_eid_without_configuration(client, voting_round):
    assert client.get(f"/omgangar/{voting_round.id}/rosta/eid").status_code == 404
    assert client.get("/eid/klar").status_code == 404


def test_a_resident_answers_the_evaluation_with_eid(eid_app, provider, counted_round, officer):
    from medborgarbudget.models import SurveyResponse
    from medborgarbudget.services import evaluation
    from medborgarbudget.services import rounds as round_service

    round_service.advance_phase(counted_round, officer)
    survey = evaluation.create_survey(counted_round, officer)
    evaluation.open_survey(survey, officer)
    db.session.commit()
    client = eid_app.test_client()
    provider.person = CAROL.replace("-", "")
    out = client.get(f"/omgangar/{counted_round.id}/utvardering/eid")
    back = requests.get(out.location, allow_redirects=False, timeout=10)
    url = urllib.parse.urlsplit(back.headers["Location"])
    done = client.get(f"{url.path}?{url.query}")
    assert done.status_code == 302 and done.location.endswith("/utvardering/svar")
    first = survey.questions[0]
    assert client.post(done.location, data={f"q{first.id}": "3"}).status_code == 302
    assert db.session.scalar(sa.select(SurveyResponse.answers)) == {str(first.id): 3}
    # and someone not on the roll is sent back with the reason
    provider.person = ADULT.replace("-", "")
    out = client.get(f"/omgangar/{counted_round.id}/utvardering/eid")
    back = requests.get(out.location, allow_redirects=False, timeout=10)
    url = urllib.parse.urlsplit(back.headers["Location"])
    refused = client.get(f"{url.path}?{url.query}")
    assert refused.location.endswith("/utvardering")
    assert "inte i omgångens röstlängd" in client.get(refused.location).text
