"""The `medborgarbudget` command: Flask's commands (run, shell, db ...) and our own."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import FlaskGroup, with_appcontext

from . import ROOT

if TYPE_CHECKING:
    from flask import Flask


def create_app() -> Flask:
    """The web app, imported only when a command needs it: `tally` and `verify` need no app,
    and add1's worker processes import this module again (as the command's __main__)."""
    from flask.cli import NoAppException

    from .app import NotConfigured, create_app

    try:
        return create_app()
    except NotConfigured as e:  # Flask says so in one line, not with a traceback
        raise NoAppException(str(e)) from None


cli = FlaskGroup(create_app=create_app, help="medborgarbudget: participatory budgeting.")


def instance_path() -> Path:
    return Path(os.environ.get("MEDBORGARBUDGET_INSTANCE", str(ROOT / "instance")))


def ensure_instance_config() -> Path:
    """Write instance/config.py with fresh secrets, unless it exists; add a secret that an
    older file lacks (never replace one: the roll's keys depend on ROLL_SECRET)."""
    path = instance_path() / "config.py"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "# Local configuration; never commit this file.\n"
            f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
            "# the key of the voter roll's hashes: keep it as long as a roll is in use\n"
            f"ROLL_SECRET = {secrets.token_hex(32)!r}\n"
            "# DATABASE_URL in the environment selects PostgreSQL, e.g.\n"
            "# postgresql+psycopg://user@127.0.0.1:5432/medborgarbudget\n")
        path.chmod(0o600)
        click.echo(f"Wrote {path}")
    elif "ROLL_SECRET" not in path.read_text():
        with path.open("a") as config:
            config.write("# the key of the voter roll's hashes: keep it as long as a roll is "
                         f"in use\nROLL_SECRET = {secrets.token_hex(32)!r}\n")
        click.echo(f"Added ROLL_SECRET to {path}")
    return path


@cli.command("init", with_appcontext=False)
def init_command() -> None:
    """Create instance/ with a config file holding a new secret key."""
    ensure_instance_config()


@cli.command("demo", with_appcontext=False)
@click.option("--no-serve", is_flag=True, help="Seed the demo data and exit.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def demo_command(no_serve: bool, host: str, port: int) -> None:
    """Set up the demo (database, migrations, Borås data) and serve it."""
    from flask_migrate import upgrade

    from . import demo

    os.environ.setdefault("MEDBORGARBUDGET_ENV", "development")
    ensure_instance_config()
    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        logins = demo.seed(instance_path())
        click.echo(demo.describe(logins, f"http://{host}:{port}", instance_path()))
    if not no_serve:
        # Flask's app.run() declines to run inside its own CLI; this is the same server
        from werkzeug.serving import run_simple

        run_simple(host, port, app, threaded=True)


@cli.command("tally", with_appcontext=False, add_help_option=False,
             context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def tally_command(args: tuple[str, ...]) -> None:
    """Count a Pabulib file (needs no configuration): tally FILE.pb --rule greedy|mes ..."""
    from .tally.cli import main as tally_main

    raise SystemExit(tally_main(list(args)))


@cli.command("verify", with_appcontext=False)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--trust", "trust", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="the certificate (PEM or DER) the signature must chain to")
def verify_command(file: Path, trust: Path) -> None:
    """Check a signed result PDF without the database or any configuration: the signature,
    that it covers the whole file and chains to --trust, the embedded files' SHA-256, and a
    re-count. Exit 0 when every check passes, 1 when one fails, 2 on a file it cannot read."""
    from .reports.verify import Unreadable, verify

    try:
        checks = verify(file.read_bytes(), trust.read_bytes())
    except (OSError, Unreadable) as error:
        click.echo(f"cannot read: {getattr(error, 'strerror', None) or error}", err=True)
        raise SystemExit(2) from None
    for check in checks:
        click.echo(f"{'PASS' if check.ok else 'FAIL'}  {check.name}: {check.detail}")
    failed = [c for c in checks if not c.ok]
    click.echo(f"{len(checks) - len(failed)} of {len(checks)} checks passed: "
               + ("the result is verified." if not failed else "the result is NOT verified."))
    raise SystemExit(1 if failed else 0)


@click.group("user")
def user_group() -> None:
    """Manage accounts."""


@user_group.command("create")
@click.option("--role", type=click.Choice(["resident", "officer", "auditor", "admin"]),
              default="officer", show_default=True)
@click.option("--name", default="", help="Full name (defaults to the email's local part).")
@click.password_option("--password", help="Asked for if not given.")
@click.argument("email")
@with_appcontext
def user_create(role: str, name: str, password: str, email: str) -> None:
    """Create an account with the given role."""
    from .extensions import db
    from .models import Role
    from .services.errors import DomainError
    from .services.users import create_user

    try:
        user = create_user(email, name or email.split("@")[0], password, Role(role))
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Created {user.role.value} {user.email}")


def _round(round_id: int):
    """The round, or a one-line error for the command line."""
    from .extensions import db
    from .models import Round

    rnd = db.session.get(Round, round_id)
    if rnd is None:
        raise click.ClickException(f"no round {round_id}")
    return rnd


@click.group("roll")
def roll_group() -> None:
    """The voter roll of a round."""


@roll_group.command("import")
@click.argument("round_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def roll_import(round_id: int, file: Path) -> None:
    """Replace the round's roll with FILE (personnummer;district, header row). Every bad row
    is listed with its line number, and then nothing is imported."""
    from .extensions import db
    from .services.errors import DomainError
    from .services.roll import RollErrors, decode, import_roll

    rnd = _round(round_id)
    try:
        count = import_roll(rnd, decode(file.read_bytes()), None)
        db.session.commit()
    except RollErrors as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(f"{file.name}:{problem.line}: {problem.message}", err=True)
        raise click.ClickException(str(error.message)) from None
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Imported {count} people into the roll of round {round_id}.")


@click.group("round")
def round_group() -> None:
    """Rounds: counting the votes."""


@round_group.command("tally")
@click.argument("round_id", type=int)
@with_appcontext
def round_tally(round_id: int) -> None:
    """Count ROUND_ID (voting must have closed): check the ballot log's chain, run the round's
    rule on each district's counted ballots, and freeze the result."""
    from .extensions import db
    from .services.errors import DomainError
    from .services.results import count_round, document

    rnd = _round(round_id)
    try:
        result = count_round(rnd, None)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    doc = document(result)
    click.echo(f"Counted round {round_id}: {doc['counts']['ballots_counted']} ballots, "
               f"chain head {doc['chain']['head']}.")
    for district in doc["districts"]:
        won = [p["title"] for p in district["projects"] if p["selected"]]
        click.echo(f"{district['name']}: {len(won)} selected, {district['outcome']['total_cost']}"
                   f" of {district['budget']} kr: {', '.join(won) or '-'}")


@click.group("results")
def results_group() -> None:
    """The published result of a round."""


@results_group.command("pdf")
@click.argument("round_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="where to write the signed PDF")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True)
@with_appcontext
def results_pdf(round_id: int, out: Path, lang: str) -> None:
    """Write the signed result PDF of ROUND_ID (it must have been counted). It is signed the
    first time it is asked for, in each language, and the same file is given every time after."""
    from .extensions import db
    from .services.errors import DomainError
    from .services.results import round_result, signed_pdf

    result = round_result(_round(round_id))
    if result is None:
        raise click.ClickException(f"round {round_id} has not been counted")
    try:
        out.write_bytes(signed_pdf(result, lang))
        db.session.commit()
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Wrote {out} ({out.stat().st_size:,} bytes).")


@click.group("mail")
def mail_group() -> None:
    """The email queue."""


@mail_group.command("send")
@click.option("--loop", is_flag=True, help="keep going, looking for new mail every --interval")
@click.option("--interval", type=float, default=10.0, show_default=True)
@click.option("--limit", type=int, default=None, help="stop after this many messages")
@with_appcontext
def mail_send(loop: bool, interval: float, limit: int | None) -> None:
    """Send the queued mail that is due (SMTP from MAIL_SERVER, else .eml files in
    MAIL_OUTBOX), after queueing reminders for rounds whose voting closes within three days.
    Safe to stop and start again at any time, and to run on several hosts."""
    import time
    from datetime import date

    from .extensions import db
    from .services.mail import send_due, transport
    from .services.notify import remind_closing

    via = transport()
    while True:
        remind_closing(date.today())  # queued once per round and person
        db.session.commit()
        sent, failed = send_due(via, limit=limit)
        if sent or failed or not loop:
            click.echo(f"Sent {sent}, failed {failed} (to be tried again).")
        if not loop:
            break
        time.sleep(interval)


@click.group("keys")
def keys_group() -> None:
    """The key and certificate that sign result PDFs."""


@keys_group.command("create-dev")
@click.option("--force", is_flag=True, help="replace an existing pair")
@with_appcontext
def keys_create_dev(force: bool) -> None:
    """Make a self-signed key pair for development where SIGNING_KEY and SIGNING_CERT point
    (by default instance/signing-key.pem and signing-cert.pem). Never for a real count."""
    from .reports.signing import create_dev_keys
    from .services.results import signing_files

    key, cert = signing_files()
    if (key.exists() or cert.exists()) and not force:
        raise click.ClickException(f"{key} or {cert} exists; --force replaces them")
    create_dev_keys(key, cert)
    click.echo(f"Wrote {key} and {cert} (self-signed: for development only).\n"
               f"Verify with: medborgarbudget verify RESULT.pdf --trust {cert}")


@click.group("translate")
def translate_group() -> None:
    """Keep the translation catalogues up to date (wraps pybabel)."""


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=ROOT)


@translate_group.command("update")
def translate_update() -> None:
    """Extract the messages from the code and merge them into every catalogue."""
    pot = ROOT / "messages.pot"
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
             "--project", "medborgarbudget", "-o", str(pot), ".")
    _pybabel("update", "-i", str(pot), "-d", "medborgarbudget/translations", "--no-wrap",
             "--ignore-obsolete")
    pot.unlink()


@translate_group.command("compile")
def translate_compile() -> None:
    """Compile the catalogues (the install does this too)."""
    _pybabel("compile", "-d", "medborgarbudget/translations", "--statistics")


def register_commands(app: Flask) -> None:
    """Commands that need the app; `init` and `demo` live on the top-level group, since they
    run before there is any configuration."""
    app.cli.add_command(user_group)
    app.cli.add_command(roll_group)
    app.cli.add_command(round_group)
    app.cli.add_command(results_group)
    app.cli.add_command(keys_group)
    app.cli.add_command(mail_group)
    app.cli.add_command(translate_group)


def main() -> None:
    cli(prog_name="medborgarbudget")
