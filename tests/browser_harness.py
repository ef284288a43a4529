"""The browser suite's harness (tests/browser): the demo, served for real, driven by Debian's
Chromium through Playwright, with axe-core (tests/browser/node_modules, from `npm ci --prefix
tests/browser`) checking every page. tests/conftest.py takes the fixtures from here (a
conftest.py in tests/browser would shadow it for the other tests' `from conftest import`).

These tests run when MEDBORGARBUDGET_BROWSER_TESTS=1 (CI sets it after installing Chromium and
axe-core), or when asked for with -m browser; without them the default run stays as it was.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "browser"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Demo:
    """The demo server: its address, logins and voting codes."""

    def __init__(self, instance: Path) -> None:
        self.instance = instance
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MEDBORGARBUDGET_INSTANCE": str(instance)}
        env.pop("TEST_DATABASE_URL", None)
        env.pop("DATABASE_URL", None)
        self.log = instance / "server.log"  # a file, not a pipe: nobody reads a pipe here
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "medborgarbudget", "demo", "--port", str(self.port)],
                env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the demo did not start:\n{self.log.read_text()}") \
                        from None
                time.sleep(0.3)
        self.logins = json.loads((instance / "demo-logins.json").read_text())
        self.codes = self._codes(instance / "demo-codes.txt")
        self.class_codes = self._codes(instance / "demo-codes-klass.txt")

    @staticmethod
    def _codes(path: Path) -> list[str]:
        """The codes of a sheet the demo printed (its first line says what they are for)."""
        return [line for line in path.read_text().splitlines()[1:] if line.strip()]

    def login_of(self, prefix: str) -> tuple[str, str]:
        email = next(e for e in self.logins if e.startswith(prefix))
        return email, self.logins[email]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    server = Demo(tmp_path_factory.mktemp("demo-instance"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    """Chromium, for one test module at a time: Playwright's sync API keeps an event loop
    running while it lives, and later tests in the same process (pyHanko signing) need
    asyncio.run."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError("the browser tests need Debian's chromium (apt-get install chromium)")
    if not AXE.exists():
        raise RuntimeError("the browser tests need axe-core: npm ci --prefix tests/browser")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


def new_page(browser, demo, lang: str = "sv", javascript: bool = True, width: int = 1280):
    """A fresh visitor (own cookies) whose browser asks for ``lang``."""
    context = browser.new_context(locale=lang, java_script_enabled=javascript,
                                  viewport={"width": width, "height": 900},
                                  extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def log_in(page, demo, prefix: str) -> None:
    email, password = demo.login_of(prefix)
    page.goto(demo.url + "/logga-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/logga-in" not in page.url, f"could not log in as {email}"


def axe_violations(page) -> list[dict]:
    """What axe-core finds against WCAG 2.1 A and AA on the page as it is now."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
