"""Basic information in the national minority languages: complete, and marked up as the
language it is in (Yiddish right to left), with the site's own frame in the visitor's."""

import re

import pytest

from medborgarbudget import basic_info

CODES = ["fi", "fit", "se", "rom", "yi"]


@pytest.mark.parametrize("code", CODES)
def test_every_text_is_translated(code):
    translated = basic_info.catalogue(code)
    missing = [text for text in basic_info.source_texts() if text not in translated]
    assert missing == []
    assert set(translated) == set(basic_info.source_texts())  # nothing left over either


@pytest.mark.parametrize("code", CODES)
def test_the_page_is_in_its_language(client, code):
    page = client.get(f"/information/{code}").get_data(as_text=True)
    rtl = ' dir="rtl"' if code == "yi" else ""
    assert f'<html lang="{code}"{rtl}>' in page
    info = basic_info.page(code)
    for heading, text in info["sections"]:
        assert f"<h2>{heading.text}</h2>" in page and f"<p>{text.text}</p>" in page
    # no Swedish source text in the page's own content, and the frame says it is Swedish
    main = page.split('<main', 1)[1].split("</main>", 1)[0]
    assert not any(source in main for source, _ in basic_info.SECTIONS)
    assert '<header class="site-header" lang="sv" dir="ltr">' in page
    assert '<footer class="site-footer" lang="sv" dir="ltr">' in page


def test_a_missing_translation_shows_in_swedish_and_says_so(client, monkeypatch):
    heading, text = basic_info.SECTIONS[0]
    partial = {k: v for k, v in basic_info.catalogue("fi").items() if k != text}
    monkeypatch.setattr(basic_info, "catalogue", lambda code: partial)
    page = client.get("/information/fi").get_data(as_text=True)
    assert f'<p lang="sv" dir="ltr">{text}</p>' in page
    assert f"<h2>{partial[heading]}</h2>" in page


def test_every_page_links_to_every_language(client):
    page = client.get("/").get_data(as_text=True)
    for code, language in basic_info.LANGUAGES.items():
        link = re.search(rf'<a href="/information/{code}" lang="{code}" hreflang="{code}"'
                         rf'(?: dir="rtl")?>([^<]+)</a>', page)
        assert link and link.group(1) == language.name


def test_an_unknown_language_is_not_found(client):
    assert client.get("/information/xx").status_code == 404
    assert client.get("/information/sv").status_code == 404
