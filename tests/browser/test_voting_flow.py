"""Voting in a real browser: with the keyboard alone, with JavaScript off, and on a 320 px
wide screen (no horizontal scrolling), with axe-core checking every step's page."""

import re

import pytest
from browser_harness import axe_violations, new_page

from medborgarbudget.demo import DEMO_VOTERS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: the demo's voting round (the first it creates) and people of Norrby on its roll
VOTING_ROUND = 1
NORRBY = [number for district, number in DEMO_VOTERS if district == "Norrby"]


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id, name: e.name || '', type: e.type || '',
                text: (e.innerText || e.value || '').trim().slice(0, 60),
                outline: getComputedStyle(e).outlineStyle,
                shadow: getComputedStyle(e).boxShadow}; }""")


def tab_to(page, matches, limit: int = 80) -> dict:
    """Press Tab until the focused element matches; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["outline"] != "none" or now["shadow"] != "none", f"no visible focus: {now}"
        if matches(now):
            return now
    raise AssertionError("never reached by Tab")


def test_the_whole_vote_with_the_keyboard_alone(browser, demo):
    page = new_page(browser, demo)
    page.goto(f"{demo.url}/omgangar/{VOTING_ROUND}")
    assert axe_violations(page) == []
    # the skip link comes first and leads to the content
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Hoppa till innehållet"
    tab_to(page, lambda e: e["tag"] == "a" and e["text"] == "Rösta")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/rosta$"))
    assert axe_violations(page) == []
    tab_to(page, lambda e: e["id"] == "code")
    page.keyboard.type(demo.codes[0])
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "personnummer"
    page.keyboard.type(NORRBY[0])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/rosta/valsedel$"))
    assert axe_violations(page) == []
    tab_to(page, lambda e: e["type"] == "checkbox")
    page.keyboard.press("Space")
    assert page.locator("input[type=checkbox]:checked").count() == 1
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Granska mina val")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/rosta/granska$"))
    assert axe_violations(page) == []
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Bekräfta min röst")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/rosta/kvitto$"))
    assert axe_violations(page) == []
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", page.inner_text("main"))
    page.context.close()


def test_voting_works_without_javascript_and_errors_are_tied_to_their_fields(browser, demo):
    page = new_page(browser, demo, javascript=False)
    page.goto(f"{demo.url}/omgangar/{VOTING_ROUND}/rosta")
    # a wrong personnummer: the error names the field, sits next to it, and is announced
    page.fill("#code", demo.codes[1])
    page.fill("#personnummer", "19850412-0001")  # the check digit is wrong
    page.get_by_role("button", name="Fortsätt till röstsedeln").click()
    field = page.locator("#personnummer")
    assert field.get_attribute("aria-invalid") == "true"
    error_id = field.get_attribute("aria-describedby").split()[-1]
    assert "kontrollsiffran" in page.inner_text(f"#{error_id}")
    assert page.locator(".error-summary[role=alert]").count() == 1
    # (axe runs in the page's JavaScript: it checks these pages in the other tests)
    page.fill("#personnummer", NORRBY[1])
    page.get_by_role("button", name="Fortsätt till röstsedeln").click()
    page.wait_for_url(re.compile(r"/rosta/valsedel$"))
    boxes = page.locator("input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    # no script: the server says what is left, or what is over
    page.get_by_role("button", name="Räkna om").click()
    assert re.search(r"för mycket|Kvar", page.inner_text("#budget-status"))
    page.get_by_role("button", name="Granska mina val").click()
    for _ in range(boxes.count()):  # over the budget or too many: untick until it passes
        if "/granska" in page.url:
            break
        assert page.locator(".error-summary[role=alert]").count() == 1
        page.locator("input[type=checkbox]:checked").last.uncheck()
        page.get_by_role("button", name="Granska mina val").click()
    page.get_by_role("button", name="Bekräfta min röst").click()
    page.wait_for_url(re.compile(r"/rosta/kvitto$"))
    page.context.close()


@pytest.mark.parametrize("path", [
    "/", f"/omgangar/{VOTING_ROUND}", f"/omgangar/{VOTING_ROUND}/forslag", "/om",
    f"/omgangar/{VOTING_ROUND}/rosta", "/omgangar/3/resultat", "/omgangar/3/deltagande",
    "/logga-in"])
def test_no_horizontal_scrolling_at_320_pixels(browser, demo, path):
    page = new_page(browser, demo, width=320)
    page.goto(demo.url + path)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 320, f"{path} is {wide} px wide"
    page.context.close()


@pytest.mark.parametrize("path", ["/information/yi", "/information/fit", "/tillganglighet",
                                  f"/omgangar/{VOTING_ROUND}/forslag?barn=1", "/om?lattlast=1"])
def test_no_horizontal_scrolling_at_320_pixels_on_the_new_pages(browser, demo, path):
    """The same for the pages of other languages (Yiddish reads right to left), the
    accessibility statement and the children's and easy-to-read pages."""
    page = new_page(browser, demo, width=320)
    page.goto(demo.url + path)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert page.evaluate("() => window.scrollX") == 0
    page.context.close()
