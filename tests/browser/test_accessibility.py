"""Every page a resident, an officer or an auditor can reach in the demo, in Swedish, in
easy-to-read Swedish and in English, checked by axe-core in Chromium against WCAG 2.1 A and AA:
no violations. The crawl follows every link, so it also reaches the basic information in the
minority languages (linked from every page's footer) and the easy-to-read and children's
versions of pages (linked from the pages themselves); children start from their own pages.

A crawler follows the links each kind of visitor sees, from the start page and their own
pages; of pages that differ only by an id (one proposal or another), it checks the first two.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from browser_harness import axe_violations, log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: who visits, from where
VISITORS = {
    "anonymous": (None, ["/", "/om", "/omgangar/1/rosta", "/granskning/kontrollera",
                         "/tillganglighet"]),
    "child": (None, ["/omgangar/1/rosta?barn=1", "/omgangar/1/forslag?barn=1",
                     "/omgangar/3/resultat?barn=1"]),
    "resident": ("invanare", ["/", "/mina-forslag"]),
    "officer": ("handlaggare", ["/", "/handlaggare/"]),
    "auditor": ("granskare", ["/", "/granskning/logg"]),
    "admin": ("admin", ["/admin/anvandare"]),
}
#: where a visitor's crawl stays: an administrator sees the officers' pages too, which the
#: officer's crawl checks, so theirs keeps to their own
WITHIN = {"admin": "/admin/"}
#: how many pages of one kind (the same path but for its numbers) are checked: two in
#: Swedish, where the crawl is first; in the other languages the same templates with other
#: words, so one
PER_KIND = {"sv": 2, "lattlast": 1, "en": 1}
#: links not to follow: downloads, feeds, and leaving
SKIP = re.compile(r"\.(pdf|csv|pb|atom|txt)$|/avregistrera/|/logga-ut|/eid")


def kind_of(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(page, base: str, starts: list[str], per_kind: int = 2,
          within: str = "/") -> dict[str, list]:
    """Visit the pages reachable from ``starts`` (below ``within``); axe's violations by
    path."""
    seen_kinds: dict[str, int] = {}
    queue = deque(starts)
    visited, found = set(), {}
    while queue:
        path = queue.popleft()
        if path in visited:
            continue
        visited.add(path)
        kind = kind_of(path)
        if seen_kinds.get(kind, 0) >= per_kind:
            continue
        seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
        response = page.goto(base + path)
        if response is None or response.status >= 400 or "html" not in (
                response.headers.get("content-type") or ""):
            continue
        found[path] = axe_violations(page)
        for href in page.eval_on_selector_all("a[href]:not([download])",
                                              "links => links.map(a => a.href)"):
            url = urldefrag(href)[0]
            parts = urlsplit(url)
            if (url.startswith(base) and parts.path.startswith(within)
                    and not SKIP.search(parts.path)):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


#: every visitor in every language; easy-to-read Swedish where it differs from Swedish: for
#: residents (staff pages and the children's pages have no easy-to-read version of their own)
CASES = [(visitor, lang) for visitor in VISITORS for lang in ("sv", "lattlast", "en")
         if lang != "lattlast" or visitor in ("anonymous", "resident")]


@pytest.mark.parametrize("visitor, lang", CASES)
def test_no_axe_violations(browser, demo, visitor, lang):
    login, starts = VISITORS[visitor]
    page = new_page(browser, demo, "sv" if lang == "lattlast" else lang)
    if lang == "lattlast":  # chosen in the language menu, remembered in its cookie
        page.context.add_cookies([{"name": "sprak", "value": "lattlast", "url": demo.url}])
    if login:
        log_in(page, demo, login)
    found = crawl(page, demo.url, starts, PER_KIND[lang], WITHIN.get(visitor, "/"))
    assert len(found) >= (2 if visitor == "admin" else 4), f"the crawl reached only {sorted(found)}"
    failing = {path: v for path, v in found.items() if v}
    assert not failing, failing
    page.context.close()


def test_axe_finds_what_it_should(browser, demo):
    """The check itself works: an image without a text alternative and a field without a
    label, put into a real page, are found."""
    page = new_page(browser, demo)
    page.goto(demo.url + "/om")
    assert axe_violations(page) == []
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<img src="/static/none.png"><input type="text">')""")
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= found
    page.context.close()
