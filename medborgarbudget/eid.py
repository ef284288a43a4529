"""Proving who you are with eID: OpenID Connect with the Swedish profile (id.oidc.se).

The identity provider is configured in instance config (OIDC_ISSUER, OIDC_CLIENT_ID,
OIDC_CLIENT_SECRET); Authlib does the protocol (discovery, state, nonce, the code exchange and
the ID token's signature). What we take from it is one claim, the personnummer, which goes
straight to the roll check and is never stored or logged. Without OIDC_ISSUER there is no
eID; the demo uses the test provider (EID_TEST_PROVIDER) instead.
"""

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

#: the Swedish profile's claim for a verified personnummer
PERSONAL_NUMBER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


def init_app(app: Flask) -> None:
    """Register the provider on this app (each app its own: tests make several)."""
    oauth = OAuth(app)
    issuer = app.config.get("OIDC_ISSUER")
    if issuer:
        oauth.register(
            "eid",
            client_id=app.config["OIDC_CLIENT_ID"],
            client_secret=app.config.get("OIDC_CLIENT_SECRET"),
            server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": app.config["OIDC_SCOPE"]},
        )
    app.extensions["eid"] = oauth


def client():
    """The configured provider's client, or None if eID is not configured."""
    oauth = current_app.extensions.get("eid")
    return getattr(oauth, "eid", None) if current_app.config.get("OIDC_ISSUER") else None


def personal_number(token: dict) -> str | None:
    """The personnummer from the ID token's claims, else from the userinfo endpoint."""
    claims = token.get("userinfo") or {}
    number = claims.get(PERSONAL_NUMBER_CLAIM)
    if number is None:
        number = (client().userinfo(token=token) or {}).get(PERSONAL_NUMBER_CLAIM)
    return number if isinstance(number, str) else None
