"""Screenshots of every main page in every language, for review: one command.

    python scripts/screenshots.py [--out DIR] [--width 1280] [--only sv,en]

It starts the demo (as the browser tests do: a fresh instance in a temporary folder, served
on a free port), opens each page in Debian's Chromium through Playwright, and writes one
full-page PNG per page and language: DIR/<language>/<NN-page>.png (default DIR:
instance/screenshots). The languages are the interface's (sv, en), easy-to-read Swedish
(lattlast), the children's pages (barn), and the basic information in the national minority
languages (fi, fit, se, rom, yi). Needs what the browser tests need: `pip install -e
'.[test]'` and Debian's chromium.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_harness import CHROMIUM, Demo, log_in, new_page  # noqa: E402

from medborgarbudget.basic_info import LANGUAGES as MINORITY  # noqa: E402
from medborgarbudget.demo import DEMO_VOTERS  # noqa: E402

VOTING, FINISHED = 1, 3  # the demo's voting and finished rounds
VOTER = next(number for district, number in DEMO_VOTERS if district == "Norrby")

#: (file name, path, who is logged in: None, "resident", "officer", "auditor"; "voter" has
#: proved with the demo's test eID), for the interface languages and easy-to-read Swedish
PAGES = [
    ("01-start", "/", None),
    ("02-round", f"/omgangar/{VOTING}", None),
    ("03-proposals", f"/omgangar/{VOTING}/forslag", None),
    ("04-proposal", "/forslag/1", None),
    ("05-about", "/om", None),
    ("06-vote-start", f"/omgangar/{VOTING}/rosta", None),
    ("07-ballot", f"/omgangar/{VOTING}/rosta/valsedel", "voter"),
    ("08-results", f"/omgangar/{FINISHED}/resultat", None),
    ("09-turnout", f"/omgangar/{FINISHED}/deltagande", None),
    ("10-accessibility", "/tillganglighet", None),
    ("11-login", "/logga-in", None),
    ("12-my-proposals", "/mina-forslag", "resident"),
    ("13-officer", "/handlaggare/", "officer"),
    ("14-audit-log", "/granskning/logg", "auditor"),
    ("15-verify", "/granskning/kontrollera", "auditor"),
]
#: the children's pages (Swedish)
CHILD_PAGES = [
    ("01-vote-start", f"/omgangar/{VOTING}/rosta?barn=1", None),
    ("02-ballot", f"/omgangar/{VOTING}/rosta/valsedel?barn=1", "voter"),
    ("03-proposals", f"/omgangar/{VOTING}/forslag?barn=1", None),
    ("04-results", f"/omgangar/{FINISHED}/resultat?barn=1", None),
]


def visit(browser, demo, language: str, who: str | None, width: int):
    """A fresh visitor in ``language``, logged in or proved as ``who``."""
    lang = "sv" if language in ("lattlast", "barn") else language
    page = new_page(browser, demo, lang=lang, width=width)
    if language in ("sv", "en", "lattlast"):
        page.context.add_cookies([{"name": "sprak", "value": language, "url": demo.url}])
    if who == "voter":
        page.goto(f"{demo.url}/omgangar/{VOTING}/rosta/testlegitimering")
        page.fill("#personnummer", VOTER)
        page.locator("main form [type=submit]").first.click()
        page.wait_for_load_state()
    elif who:
        log_in(page, demo, {"resident": "invanare", "officer": "handlaggare",
                            "auditor": "granskare"}.get(who, who))
    return page


def shoot(browser, demo, out: Path, language: str, pages, width: int) -> list[Path]:
    made = []
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    visitors = {}  # one visitor per kind and language: log in once (logins are rate limited)
    for name, path, who in pages:
        if who not in visitors:
            visitors[who] = visit(browser, demo, language, who, width)
        page = visitors[who]
        response = page.goto(demo.url + path)
        if response is None or response.status >= 400:
            raise SystemExit(f"{language} {path}: HTTP {response and response.status}")
        target = folder / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        made.append(target)
    for page in visitors.values():
        page.context.close()
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "instance" / "screenshots")
    parser.add_argument("--width", type=int, default=1280, help="CSS pixels (390: a phone)")
    parser.add_argument("--only", help="languages, comma-separated (default: all)")
    args = parser.parse_args(argv)
    every = ["sv", "lattlast", "en", "barn", *MINORITY]
    languages = args.only.split(",") if args.only else every
    unknown = set(languages) - set(every)
    if unknown:
        parser.error(f"unknown language: {', '.join(sorted(unknown))} (known: {', '.join(every)})")
    if not Path(CHROMIUM).exists():
        parser.error("Debian's chromium is needed: apt-get install chromium")

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as instance, sync_playwright() as p:
        demo = Demo(Path(instance))
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            made = []
            for language in languages:
                if language in MINORITY:
                    pages = [("01-information", f"/information/{language}", None)]
                elif language == "barn":
                    pages = CHILD_PAGES
                else:
                    pages = PAGES
                made += shoot(browser, demo, args.out, language, pages, args.width)
            browser.close()
        finally:
            demo.stop()
    print(f"{len(made)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
