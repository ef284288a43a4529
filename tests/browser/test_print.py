"""Printing: a proposal, the ballot and the results print as documents (Chromium's own
print to PDF, read back with pypdf): their content whole, without the site's menus, forms
and buttons. (The code sheets are PDFs of their own: tests/test_code_sheet.py.)"""

import io
import re

import pypdf
import pytest
from browser_harness import new_page

from medborgarbudget.demo import DEMO_VOTERS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

VOTING_ROUND, FINISHED_ROUND = 1, 3
NORRBY = next(number for district, number in DEMO_VOTERS if district == "Norrby")
#: what belongs to the screen only
SCREEN_ONLY = ["Hoppa till innehållet", "Byt språk", "Logga in", "Information på andra språk",
               "Tillgänglighetsredogörelse"]


def printed(page) -> str:
    page.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pdf.pages))


def test_a_proposal_prints_without_the_site_around_it(browser, demo):
    page = new_page(browser, demo)
    page.goto(f"{demo.url}/omgangar/{VOTING_ROUND}/forslag")
    # the demo's proposal with comments (each with its report form), as most have none
    links = page.locator(".card-title a")
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        page.goto(demo.url + href)
        if page.locator(".comment").count():
            break
    assert page.locator("details.report").count() >= 1
    title = page.locator("h1").inner_text()
    text = printed(page)
    assert title in text and "Beskrivning" in text
    assert not [words for words in SCREEN_ONLY if words in text]
    assert "Skicka kommentar" not in text and "Anmäl" not in text  # no forms on paper
    page.context.close()


def test_the_ballot_prints_every_project_to_tick_by_hand(browser, demo):
    page = new_page(browser, demo)
    page.goto(f"{demo.url}/omgangar/{VOTING_ROUND}/rosta/testlegitimering")
    page.fill("#personnummer", NORRBY)
    page.get_by_role("button", name="Logga in (test)").click()
    page.wait_for_url(re.compile(r"/rosta/valsedel$"))
    titles = page.locator(".ballot-item label strong").all_inner_texts()
    costs = [c.replace("\xa0", " ") for c in page.locator(".ballot-item .cost").all_inner_texts()]
    text = printed(page).replace("\xa0", " ")
    assert titles and all(t in text for t in titles) and all(c in text for c in costs)
    assert "Granska mina val" not in text and "Räkna om" not in text
    assert not [words for words in SCREEN_ONLY if words in text]
    page.context.close()


def test_the_results_print_with_their_tables(browser, demo):
    page = new_page(browser, demo)
    page.goto(f"{demo.url}/omgangar/{FINISHED_ROUND}/resultat")
    caption = page.locator("caption").first.inner_text()
    text = printed(page)
    assert caption in text and "Deltagande" in text
    assert not [words for words in SCREEN_ONLY if words in text]
    page.context.close()
