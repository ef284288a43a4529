"""Configuration: defaults here, then instance/config.py, then the environment, then tests."""

import os

#: the languages every page exists in; the first is the default
LANGUAGES = ("sv", "en")


class Config:
    """Defaults for every environment."""

    #: set in instance/config.py or MEDBORGARBUDGET_SECRET_KEY; create_app refuses to start without
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by create_app (DATABASE_URL or SQLite)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = LANGUAGES
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a long form may take a while to fill in
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    #: argon2id cost; stored hashes made with other values are rehashed at the next login
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024  # KiB
    ARGON2_PARALLELISM = 4
    PASSWORD_MIN_LENGTH = 10
    #: how many rows a public list shows per page
    PAGE_SIZE = 20
    #: the key of the voter roll's hashes (instance config; `medborgarbudget init` writes one)
    ROLL_SECRET: str | None = None
    #: a stand-in for eID where you type a personnummer: demo and development only
    EID_TEST_PROVIDER = False
    #: eID through OpenID Connect (Swedish profile): the provider's issuer URL and our client;
    #: unset means no eID. The redirect URI to register at the provider is /eid/klar.
    OIDC_ISSUER: str | None = None
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_SCOPE = "openid https://id.oidc.se/scope/naturalPersonNumber"
    #: where rate limits are counted: memory:// suits one process; with several gunicorn
    #: workers or hosts use Redis, e.g. redis://127.0.0.1:6379/0
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: logging in, per address
    LIMIT_LOGIN = "10/minute;100/hour"
    #: entering a voting code or a test identity, per address. A school shares one address:
    #: a class of 30 entering codes at once, with some typing errors, must get through (the
    #: browser suite votes as such a class). Guessing stays hopeless: a code has 60 bits and
    #: is only good with the personnummer of someone on the roll.
    LIMIT_IDENTIFY = "90/minute;900/hour"
    #: posting a ballot, per proved voter
    LIMIT_BALLOT = "30/minute"
    #: checking an uploaded result PDF (a re-count each time), per address
    LIMIT_VERIFY = "10/minute;100/hour"
    #: where links in emails point: the platform's public address
    PUBLIC_URL = "http://127.0.0.1:5000"
    #: email: an SMTP server, or else MAIL_OUTBOX, a folder the sender writes .eml files to
    #: (instance/outbox by default: the demo's). `medborgarbudget mail send` delivers.
    MAIL_FROM = "Medborgarbudget Borås <medborgarbudget@boras.example>"
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_STARTTLS = False
    MAIL_OUTBOX: str | None = None
    #: the municipality's key and certificate (PEM files) that sign result PDFs; unset means
    #: instance/signing-key.pem and instance/signing-cert.pem (`medborgarbudget keys
    #: create-dev` makes a self-signed pair there for development)
    SIGNING_KEY: str | None = None
    SIGNING_CERT: str | None = None


class DevelopmentConfig(Config):
    """The demo on http://127.0.0.1:5000."""

    EID_TEST_PROVIDER = True


class ProductionConfig(Config):
    """Behind HTTPS: cookies only over TLS."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig}


def environment() -> str:
    """Which configuration to use: MEDBORGARBUDGET_ENV, production unless told otherwise."""
    return os.environ.get("MEDBORGARBUDGET_ENV", "production")
