"""The demo as a new user starts it: seeded twice without duplicates, then served for real."""

import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).parent / "medborgarbudget"


def run_demo(instance: Path, *args: str, **popen) -> subprocess.CompletedProcess | subprocess.Popen:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "MEDBORGARBUDGET_ENV", "MEDBORGARBUDGET_SECRET_KEY")}
    env["MEDBORGARBUDGET_INSTANCE"] = str(instance)
    command = [str(COMMAND), "demo", *args]
    if popen:
        return subprocess.Popen(command, env=env, **popen)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def counts(db_path: Path) -> dict:
    with sqlite3.connect(db_path) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("user_account", "round", "district", "proposal", "review",
                              "proposal_event", "audit_entry")}


def test_demo_seeds_realistic_data_once(tmp_path):
    first = run_demo(tmp_path, "--no-serve")
    assert first.returncode == 0, first.stderr
    db_path = tmp_path / "medborgarbudget.sqlite3"
    seeded = counts(db_path)
    second = run_demo(tmp_path, "--no-serve")
    assert second.returncode == 0, second.stderr
    assert counts(db_path) == seeded  # nothing added twice

    logins = json.loads((tmp_path / "demo-logins.json").read_text())
    for output in (first.stdout, second.stdout):
        for email, password in logins.items():
            assert email in output and password in output
    assert "http://127.0.0.1:5000" in first.stdout

    with sqlite3.connect(db_path) as conn:
        phases = {r[0] for r in conn.execute("SELECT phase FROM round")}
        assert {"voting", "proposals", "results"} <= phases
        districts = {r[0] for r in conn.execute("SELECT name FROM district")}
        assert {"Norrby", "Hässleholmen", "Sjöbo"} <= districts
        assert all(b > 0 for (b,) in conn.execute("SELECT budget FROM district"))
        states = {r[0] for r in conn.execute("SELECT state FROM proposal")}
        assert states == {"draft", "submitted", "under_review", "feasible", "not_feasible",
                          "selected", "not_selected"}
        assert conn.execute("SELECT count(*) FROM proposal WHERE hidden").fetchone()[0] >= 1
        assert seeded["proposal"] >= 20
        roles = {r[0] for r in conn.execute("SELECT role FROM user_account")}
        assert roles == {"admin", "officer", "auditor", "resident"}
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM roll_entry").fetchone()[0] >= 6
        assert conn.execute("SELECT count(*) FROM voting_code").fetchone()[0] == 10 + 25
    codes = (tmp_path / "demo-codes.txt").read_text().split()
    assert str(tmp_path / "demo-codes.txt") in first.stdout
    assert sum(1 for c in codes if re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", c)) == 10


def test_the_demos_finished_round_verifies_end_to_end(tmp_path):
    """The demo counts its finished round, signs the result with a development key it makes
    under instance/, and an auditor's verify (no config, no database) accepts it."""
    made = run_demo(tmp_path, "--no-serve")
    assert made.returncode == 0, made.stderr
    pdf, cert = tmp_path / "demo-resultat.pdf", tmp_path / "signing-cert.pem"
    assert f"medborgarbudget verify {pdf} --trust {cert}" in made.stdout
    checked = subprocess.run([str(COMMAND), "verify", str(pdf), "--trust", str(cert)],
                             capture_output=True, text=True, env={"PATH": ""}, cwd="/")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAIL" not in checked.stdout and checked.stdout.count("PASS  recount") == 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo_server(tmp_path):
    port = free_port()
    server = run_demo(tmp_path, "--port", str(port), stdout=subprocess.PIPE,
                      stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                break
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                output = server.stdout.read()
                server.stdout.close()
                pytest.fail(f"the demo did not start: {output}")
            time.sleep(0.3)
    try:
        yield base, json.loads((tmp_path / "demo-logins.json").read_text())
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def test_demo_serves_and_officer_logs_in(demo_server):
    base, logins = demo_server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def browse(url, data=None, **headers) -> str:
        with opener.open(urllib.request.Request(base + url, data=data, headers=headers)) as r:
            return r.read().decode()

    home = browse("/")
    assert "Medborgarbudget 2026: Norrby, Hässleholmen och Sjöbo" in home
    assert "How the citizens" in browse("/om", **{"Accept-Language": "en"})
    login = browse("/logga-in")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    email = "handlaggare@demo.boras.example"
    data = urllib.parse.urlencode({"email": email, "password": logins[email],
                                   "csrf_token": token}).encode()
    assert "Du är inloggad." in browse("/logga-in", data=data)
    assert "Skapa en ny omgång" in browse("/handlaggare/")


def test_a_resident_votes_in_the_demo_with_the_test_eid(demo_server):
    base, _logins = demo_server
    from medborgarbudget.demo import DEMO_VOTERS
    number = next(n for district, n in DEMO_VOTERS if district == "Norrby")
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def browse(url, **form) -> tuple[str, str]:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form else None
        with opener.open(urllib.request.Request(url if "://" in url else base + url,
                                                data=data)) as r:
            return r.geturl(), r.read().decode()

    _url, home = browse("/")
    round_url = re.search(r'href="(/omgangar/\d+)"[^>]*>Medborgarbudget 2026', home).group(1)
    _url, login = browse(round_url + "/rosta/testlegitimering")
    assert "Testinloggning" in login
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    ballot_url, ballot = browse(round_url + "/rosta/testlegitimering", personnummer=number,
                                csrf_token=token)
    assert ballot_url.endswith("/rosta/valsedel") and "Röstsedel för Norrby" in ballot
    project = re.search(r'name="project" value="(\d+)"', ballot).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', ballot).group(1)
    _url, review = browse(ballot_url, project=project, action="review", csrf_token=token)
    assert "Bekräfta min röst" in review
    _url, receipt = browse(round_url + "/rosta/granska", csrf_token=token)
    assert "Tack för din röst" in receipt
    code = re.search(r"<code>([A-Z0-9-]{14})</code>", receipt).group(1)
    _url, check = browse(f"{round_url}/kvitto?receipt={code}")
    assert "räknas" in check


def test_a_command_that_needs_config_says_so_without_a_traceback(tmp_path):
    """Before `medborgarbudget init`, a command that needs the app (even for its --help)
    says in one line what is missing and how to get it, and exits with status 2."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "MEDBORGARBUDGET_ENV", "MEDBORGARBUDGET_SECRET_KEY")}
    env["MEDBORGARBUDGET_INSTANCE"] = str(tmp_path)  # empty: no config.py
    for args in (["roll", "--help"], ["routes"]):
        done = subprocess.run([str(COMMAND), *args], env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert "No SECRET_KEY" in done.stderr and "medborgarbudget init" in done.stderr
