"""Languages: Swedish by default, English complete, chosen by the visitor or the browser."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from medborgarbudget.app import ROOT

CATALOGUE = ROOT / "medborgarbudget" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def source_messages() -> set[str]:
    """Every translatable string in the code and the templates, as pybabel extracts them."""
    found = set()
    method_map = [("medborgarbudget/**.py", "python"), ("templates/**.html", "jinja2"),
                  ("templates/mail/**.txt", "jinja2")]
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                "ngettext": (1, 2)}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_english_catalogue_is_complete():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f, locale="en")
    translated = {}
    for m in catalogue:
        if m.id:
            key = m.id[0] if isinstance(m.id, tuple) else m.id
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            translated[key] = all(strings) and not m.fuzzy
    messages = source_messages()
    assert len(messages) > 300
    missing = sorted(m for m in messages if not translated.get(m))
    assert missing == [], f"untranslated: {missing[:10]}"
    assert not [e for _m, errors in catalogue.check() for e in errors]


def test_compiled_catalogue_comes_from_the_install():
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists(), "run the install (pip install -e .), which compiles the catalogues"
    with CATALOGUE.open("rb") as f:
        po = {_key(m.id): _key(m.string) for m in read_po(f, locale="en") if m.id}
    with mo.open("rb") as f:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(f) if m.id}
    assert compiled == po, "the catalogue changed since the install compiled it: reinstall"
    ignored = (ROOT / ".gitignore").read_text()
    assert "*.mo" in ignored.splitlines()


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_swedish_is_the_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in page and "Medborgarbudget i Borås" in page


def test_browser_language_is_the_first_guess(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "budget in Borås" in page
    page = client.get("/", headers={"Accept-Language": "de,fr"}).get_data(as_text=True)
    assert '<html lang="sv">' in page


def test_the_choice_is_remembered(client, make_round):
    rnd = make_round()
    r = client.post("/sprak", data={"lang": "en", "next": f"/omgangar/{rnd.id}"})
    assert r.headers["Location"] == f"/omgangar/{rnd.id}"
    page = client.get(f"/omgangar/{rnd.id}",
                      headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "How much do residents decide?" in page and "You decide." in page
    assert "Timeline" in page and "Districts and budgets" in page
    client.post("/sprak", data={"lang": "sv"})
    assert "Tidsplan" in client.get(f"/omgangar/{rnd.id}").get_data(as_text=True)


def test_the_choice_outlasts_the_visit_and_the_login(client, auth, resident):
    r = client.post("/sprak", data={"lang": "en"})
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("sprak=en;") and "Max-Age=31536000" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    auth.login(resident)
    auth.logout()
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_easy_to_read_swedish_is_a_choice_of_its_own(client):
    client.post("/sprak", data={"lang": "lattlast"})
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert '<option lang="sv" selected value="lattlast">Lättläst svenska</option>' in page


def test_a_shared_easy_to_read_link_is_swedish_whatever_the_choice(client):
    client.post("/sprak", data={"lang": "en"})
    assert '<html lang="sv">' in client.get("/om?lattlast=1").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/om").get_data(as_text=True)


def test_forms_and_errors_in_english(client, auth, resident, make_round):
    client.post("/sprak", data={"lang": "en"})
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)
    r = auth.login(resident, "wrong password")
    assert "Wrong email address or password." in r.get_data(as_text=True)
    auth.login(resident)
    rnd = make_round()
    r = client.post(f"/omgangar/{rnd.id}/forslag/nytt", data={"estimated_cost": "lots"})
    body = r.get_data(as_text=True)
    assert "Write a title." in body and "Enter an amount in whole kronor" in body
    assert "1,000" in client.get(f"/omgangar/{rnd.id}").get_data(as_text=True).replace(
        "500,000", "1,000")  # numbers in the English format
    assert client.get("/handlaggare/").status_code == 403
    assert "You do not have access" in client.get("/handlaggare/").get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    client.post("/sprak", data={"lang": "xx"})
    assert '<html lang="sv">' in client.get("/").get_data(as_text=True)


def test_translations_live_in_the_package():
    assert Path(CATALOGUE).is_relative_to(ROOT / "medborgarbudget")
