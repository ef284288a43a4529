"""The schema comes from the migrations alone, on SQLite and on PostgreSQL."""

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from medborgarbudget.app import ROOT
from medborgarbudget.extensions import db
from tests.conftest import make_app

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TABLES = {"user_account", "round", "district", "proposal", "review", "proposal_event",
          "audit_entry"}


def differences(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, db.metadata)


def test_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        assert differences(connection) == []
        assert TABLES <= set(sa.inspect(connection).get_table_names())


def test_migrations_build_the_schema_on_postgresql():
    """From an empty schema to the whole schema and back, on a real PostgreSQL."""
    url = os.environ.get("TEST_DATABASE_URL") or PG_DEFAULT
    schema = "migration_check"
    admin = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except sa.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {url}: start it (see README). {error}")
    app = make_app(url, SQLALCHEMY_ENGINE_OPTIONS={
        "connect_args": {"options": f"-csearch_path={schema}"}})
    try:
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            with db.engine.connect() as connection:
                assert connection.dialect.name == "postgresql"
                assert TABLES <= set(sa.inspect(connection).get_table_names(schema=schema))
                assert differences(connection) == []
                triggers = set(connection.scalars(sa.text(
                    "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s "
                    "AND NOT tgisinternal"), {"s": schema}))
                assert {"audit_entry_append_only", "round_rules_frozen",
                        "proposal_ballot_frozen"} <= triggers
            downgrade(directory=str(ROOT / "migrations"), revision="base")
            with db.engine.connect() as connection:
                left = set(sa.inspect(connection).get_table_names(schema=schema))
                assert left <= {"alembic_version"}
            upgrade(directory=str(ROOT / "migrations"))
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def test_nothing_creates_tables_at_start_up():
    for path in (ROOT / "medborgarbudget").rglob("*.py"):
        assert "create_all" not in path.read_text(), path


def test_migration_files_are_date_prefixed():
    names = [p.name for p in (ROOT / "migrations" / "versions").glob("*.py")]
    assert names and all(n[:8].isdigit() and n[8] == "_" for n in names)
