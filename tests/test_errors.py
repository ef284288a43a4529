"""Error pages: in the visitor's language, with no details of the failure."""

import pytest


@pytest.mark.parametrize("lang, texts", [
    ("sv", {404: "Sidan finns inte", 403: "Du har inte behörighet", 500: "Något gick fel hos oss",
            405: "Begäran kunde inte genomföras"}),
    ("en", {404: "Page not found", 403: "You do not have access", 500: "Something went wrong",
            405: "The request could not be completed"}),
])
def test_error_pages_in_the_users_language(new_app, make_user, lang, texts):
    app = new_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.route("/_boom")
    def boom():
        raise RuntimeError("secret detail of the failure")

    client = app.test_client()
    client.post("/sprak", data={"lang": lang})
    resident = make_user()
    client.post("/logga-in", data={"email": resident.email, "password": "correct horse battery"})
    pages = {404: client.get("/finns-inte"), 403: client.get("/handlaggare/"),
             500: client.get("/_boom"), 405: client.get("/sprak")}
    for code, response in pages.items():
        body = response.get_data(as_text=True)
        assert response.status_code == code
        assert texts[code] in body, code
        assert f'<html lang="{lang}">' in body
        assert "secret detail" not in body and "Traceback" not in body
