"""Ballots per second over HTTP: gunicorn on PostgreSQL, concurrent clients.

    python benchmarks/cast_load.py [--voters 1500] [--clients 16] [--workers 4]
        [--database-url postgresql://postgres@127.0.0.1:5432/bench]

Builds a round in voting (its database's public schema is rebuilt), starts gunicorn, and has
each voter prove eligibility with the test provider and fill in the ballot up to the review
page (not timed). Then, timed: every voter confirms at once from ``--clients`` concurrent
connections (the confirm is the cast: check, write participation and ballot, move the chain's
head). The same clients hit /healthz, a request that does nothing, as the baseline: half of
those requests just before the ballots and half just after. The timed requests are written
and read with bare sockets, as the clients run on the server's two cores and should take as
little of them as they can. Goals on 2 cores: at least 300 ballots/s, and a ballot at most
3x the trivial request (p50). What each costs in CPU time, per request, is printed too: of
the server (gunicorn), of PostgreSQL, and of the rest (these clients, the kernel).
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from medborgarbudget.personnummer import check_digit

ROOT = Path(__file__).resolve().parent.parent
SETUP = """
import sys
import sqlalchemy as sa
from datetime import date, timedelta
from flask_migrate import upgrade
from medborgarbudget.app import ROOT, create_app
from medborgarbudget.extensions import db
from medborgarbudget.models import BallotRule, Category, Influence, Phase, Role, TallyRule
from medborgarbudget.services import proposals, rounds
from medborgarbudget.services.roll import import_roll
from medborgarbudget.services.users import create_user
numbers = sys.stdin.read().split()
app = create_app()
with app.app_context():
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    upgrade(directory=str(ROOT / "migrations"))
    officer = create_user("bench@example.org", "Bench", "a long bench password", Role.OFFICER)
    today = date.today()
    rnd = rounds.create_round(officer, name="Bench", purpose="Load", influence=Influence.BINDING,
        proposals_open=today, proposals_close=today, voting_open=today,
        voting_close=today + timedelta(days=1), results_date=today + timedelta(days=2),
        min_voting_age=0, ballot_rule=BallotRule.KNAPSACK, ballot_min_projects=None,
        ballot_max_projects=None, approval_k=None, tally_rule=TallyRule.GREEDY,
        tally_options={})
    district = rounds.add_district(rnd, officer, "Norrby", 1_000_000)
    rounds.advance_phase(rnd, officer)
    for i in range(12):
        p = proposals.create_proposal(rnd, officer, submit=True, title=f"Förslag {i}",
            summary="Ett förslag.", description="Ett förslag för lasttestet.",
            estimated_cost=50_000 + 10_000 * i, district_id=district.id,
            category=Category.PLAY_SPORT, place=None)
        proposals.review_proposal(p, officer, True, p.estimated_cost, None)
    import_roll(rnd, "personnummer;district\\n" + "".join(f"{n};Norrby\\n" for n in numbers),
                officer)
    while rnd.phase is not Phase.VOTING:
        rounds.advance_phase(rnd, officer)
    db.session.commit()
    print(rnd.id)
"""


def numbers(count: int) -> list[str]:
    found = []
    for serial in range(count):
        nine = f"{70 + serial // 9000:02d}{1 + serial // 300 % 12:02d}{1 + serial // 10 % 28:02d}" \
               f"{serial % 1000:03d}"
        found.append(f"19{nine}{check_digit(nine)}")
    return sorted(set(found))


class Browser:
    """One voter's cookie jar over a keep-alive connection."""

    local = threading.local()

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                                timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response.status, response.headers.get("Location", ""), text


def prepare(port: int, round_id: int, number: str) -> Browser:
    """Prove eligibility and fill in the ballot, up to the review page."""
    browser = Browser(port)
    base = f"/omgangar/{round_id}/rosta"
    _s, _l, page = browser.request("GET", base + "/testlegitimering")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    status, location, _t = browser.request("POST", base + "/testlegitimering",
                                           {"personnummer": number, "csrf_token": token})
    assert status == 302, status
    _s, _l, page = browser.request("GET", base + "/valsedel")
    projects = re.findall(r'name="project" value="(\d+)"', page)[:3]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    status, _l, _t = browser.request("POST", base + "/valsedel",
                                     {"project": projects, "action": "review",
                                      "csrf_token": token})
    assert status == 302, status
    browser.token = token
    return browser


def send(port: int, request: bytes) -> tuple[int, bytes]:
    """One timed request, as little client work as can be: the clients share the server's
    two cores, so http.client's header parsing would be counted against the server.
    gunicorn's sync workers close the connection after each response: read to the end."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    head = response[:response.index(b"\r\n\r\n")]
    return int(head[9:12]), head


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time used so far (Linux /proc): by gunicorn (master and workers), by PostgreSQL
    (every postgres process: backends, WAL writer...), and by the whole machine ("all",
    which includes the clients and the kernel)."""
    used = {"app": 0.0, "database": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                command = f.read()
        except OSError:  # gone meanwhile
            continue
        seconds = (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
        if server_pid in (int(pid), int(fields[1])):  # (fields[1]: the parent)
            used["app"] += seconds
        elif command.startswith(b"postgres"):
            used["database"] += seconds
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:8]]
    used["all"] = (sum(ticks) - ticks[3] - ticks[4]) / TICK  # not idle, not waiting on I/O
    return used


def timed(fn, items, clients: int) -> tuple[float, list[float]]:
    latencies: list[float] = []

    def one(item):
        start = time.perf_counter()
        fn(item)
        latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, items))
    return time.perf_counter() - start, latencies


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] * 1000


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/bench")
    return parser.parse_args()


@contextmanager
def serving(args: argparse.Namespace, app: list[str], people: list[str]):
    """A round in voting with ``people`` on its roll, and gunicorn serving it with ``app``
    (its last arguments: what to serve): (port, gunicorn's pid, the round's id)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MEDBORGARBUDGET_SECRET_KEY="bench",
                   MEDBORGARBUDGET_ROLL_SECRET="bench", MEDBORGARBUDGET_INSTANCE=tmp,
                   MEDBORGARBUDGET_ENV="development", MEDBORGARBUDGET_RATELIMIT_ENABLED="false",
                   DATABASE_URL=args.database_url)
        made = subprocess.run([sys.executable, "-c", SETUP], input="\n".join(people), env=env,
                              capture_output=True, text=True)
        if made.returncode:
            sys.exit(made.stderr)
        round_id = int(made.stdout.split()[-1])
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b",
             f"127.0.0.1:{port}", "--access-logfile", "-", "--log-level", "warning", *app],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(100):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
            yield port, server.pid, round_id
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    args = arguments()
    people = numbers(args.voters)
    with serving(args, ["wsgi:app"], people) as (port, server_pid, round_id):
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            browsers = list(pool.map(lambda n: prepare(port, round_id, n), people))
        print(f"prepared {len(browsers)} voters in {time.perf_counter() - t0:.1f} s "
              f"({args.workers} gunicorn workers, {args.clients} clients)")

        def confirm(browser: Browser) -> bytes:
            body = urllib.parse.urlencode({"csrf_token": browser.token}).encode()
            cookies = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
            return (f"POST /omgangar/{round_id}/rosta/granska HTTP/1.1\r\n"
                    f"Host: 127.0.0.1\r\nCookie: {cookies}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode() + body

        casts = [confirm(b) for b in browsers]
        results = compare(port, server_pid, casts, b"/rosta/kvitto", args.clients)
    report(results, "ballot")
    rate = results["ballot"][0]
    print(f"goal: at least 300 ballots/s ({rate / 300:.2f}x of it) and at most 3x")


def compare(port: int, server_pid: int, casts: list[bytes], receipt: bytes,
            clients: int) -> dict:
    """Send the casts (each must redirect to ``receipt``) and as many trivial requests (half
    just before, half just after: this machine's speed drifts by 10-20% over a minute, and
    the ratio should not), from ``clients`` at once. For each kind: the rate, the latencies
    and the CPU time per request (see cpu_seconds)."""
    def cast(request: bytes) -> None:
        status, head = send(port, request)
        assert status == 302 and receipt + b"\r\n" in head, head

    def trivial(request: bytes) -> None:
        status, head = send(port, request)
        assert status == 200, head

    half = [b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"] * (len(casts) // 2)
    cpu = [cpu_seconds(server_pid)]
    before_s, before_lat = timed(trivial, half, clients)
    cpu.append(cpu_seconds(server_pid))
    cast_s, cast_lat = timed(cast, casts, clients)
    cpu.append(cpu_seconds(server_pid))
    after_s, after_lat = timed(trivial, half, clients)
    cpu.append(cpu_seconds(server_pid))
    found = {}
    for name, seconds, latencies, spans in (
            ("ballot", cast_s, cast_lat, [(1, 2)]),
            ("trivial", before_s + after_s, before_lat + after_lat, [(0, 1), (2, 3)])):
        used = {k: sum(cpu[b][k] - cpu[a][k] for a, b in spans) * 1000 / len(latencies)
                for k in cpu[0]}
        found[name] = (len(latencies) / seconds, latencies, used)
    return found


def report(results: dict, what: str) -> None:
    """Print what compare found; ``what`` says what a cast was."""
    for name, label in (("ballot", what), ("trivial", "/healthz")):
        rate, latencies, used = results[name]
        print(f"{label + ':':10s}{rate:7.0f}/s  p50 {pct(latencies, 50):6.1f} ms  p99 "
              f"{pct(latencies, 99):6.1f} ms;  CPU {used['all']:.2f} ms (gunicorn "
              f"{used['app']:.2f}, PostgreSQL {used['database']:.2f}, clients and kernel "
              f"{used['all'] - used['app'] - used['database']:.2f})")
    (rate, cast_lat, _u), (base_rate, base_lat, _b) = results["ballot"], results["trivial"]
    print(f"a {what} costs {pct(cast_lat, 50) / pct(base_lat, 50):.1f}x the trivial request "
          f"at p50 ({base_rate / rate:.1f}x by throughput)")


if __name__ == "__main__":
    main()
