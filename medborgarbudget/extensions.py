"""Every extension object lives here, unbound; create_app binds them to the app."""

import sqlalchemy as sa
from flask import request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

# stable constraint names, so that migrations can name what they change
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def voter_or_address() -> str:
    """Whom a ballot post is counted against: the proved voter (so that a class voting from
    one school network is not one client), else the address."""
    voter = session.get("voter") if request else None
    return f"voter:{voter['key']}" if voter and "key" in voter else get_remote_address()


#: rate limits live in RATELIMIT_STORAGE_URI: memory:// for one process, redis://... when
#: several workers or hosts must share them
limiter = Limiter(key_func=get_remote_address)
