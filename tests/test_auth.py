"""Accounts: argon2id passwords, login and logout, registration, the user command."""

import re

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from medborgarbudget.extensions import db
from medborgarbudget.models import AuditEntry, Role, User
from tests.conftest import PASSWORD


def test_passwords_are_argon2id(resident):
    assert resident.password_hash.startswith("$argon2id$")
    assert PASSWORD not in resident.password_hash


def test_login_and_logout(client, auth, resident):
    r = auth.login(resident)
    assert r.status_code == 302
    assert "Logga ut" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "Logga in" in client.get("/").get_data(as_text=True)
    assert client.get("/mina-forslag").status_code == 302


def test_wrong_password_and_unknown_account_look_the_same(client, auth, resident):
    wrong = auth.login(resident, "not the password")
    unknown = auth.login("nobody@example.se", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    def message(r):
        return re.findall(r'class="field-error"[^>]*>(.*?)</ul>', r.get_data(as_text=True), re.S)
    assert message(wrong) == message(unknown) != []
    assert "Fel e-postadress eller lösenord." in wrong.get_data(as_text=True)


def test_deactivated_account_cannot_log_in(client, auth, resident):
    resident.active = False
    db.session.commit()
    r = auth.login(resident)
    assert r.status_code == 200 and "Fel e-postadress eller lösenord." in r.get_data(as_text=True)


def test_login_clears_the_session(app, client, auth, resident):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post("/sprak", data={"lang": "en"})
    auth.login(resident)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == str(resident.id)
    # the visitor's own language choice stays
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_password_is_rehashed_when_the_cost_changes(app, client, auth, resident):
    old = resident.password_hash
    app.config["ARGON2_TIME_COST"] = 2
    auth.login(resident)
    db.session.refresh(resident)
    assert resident.password_hash != old
    assert PasswordHasher().check_needs_rehash(resident.password_hash)  # still not the default
    assert "t=2" in resident.password_hash
    auth.logout()
    assert auth.login(resident).status_code == 302  # the new hash works


def test_no_open_redirect_after_login(client, auth, resident):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        r = client.post(f"/logga-in?next={target}",
                        data={"email": resident.email, "password": PASSWORD})
        assert r.headers["Location"] == "/", target
        auth.logout()
    r = client.post("/logga-in?next=/mina-forslag",
                    data={"email": resident.email, "password": PASSWORD})
    assert r.headers["Location"] == "/mina-forslag"


def test_register(client):
    r = client.post("/registrera", data={"name": "Sara Ek", "email": "Sara.Ek@Example.se",
                                         "password": "ett långt lösenord", "confirm":
                                         "ett långt lösenord"})
    assert r.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "sara.ek@example.se"))
    assert user.role is Role.RESIDENT
    assert "Logga ut" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"password": "kort", "confirm": "kort"}, "Lösenordet måste ha minst 10 tecken."),
    ({"confirm": "något annat helt"}, "Lösenorden är inte likadana."),
    ({"email": "inte-en-adress"}, "Skriv en giltig e-postadress"),
    ({"name": ""}, "Fyll i ditt namn."),
])
def test_register_rejects_bad_input(client, data, message):
    form = {"name": "Sara Ek", "email": "sara@example.se", "password": "ett långt lösenord",
            "confirm": "ett långt lösenord", **data}
    r = client.post("/registrera", data=form)
    assert r.status_code == 200
    assert message in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_register_twice_is_refused(client, resident):
    r = client.post("/registrera", data={"name": "X", "email": resident.email.upper(),
                                         "password": "ett långt lösenord",
                                         "confirm": "ett långt lösenord"})
    assert r.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_user_create_command(runner):
    result = runner.invoke(args=["user", "create", "--role", "officer", "--name", "Omar",
                                 "omar@boras.example"],
                           input="hemligt lösenord\nhemligt lösenord\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "omar@boras.example"))
    assert user.role is Role.OFFICER and user.password_hash.startswith("$argon2id$")
    assert "hemligt" not in result.output.split("\n", 2)[-1]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.created"))
    assert entry.details["role"] == "officer"
    again = runner.invoke(args=["user", "create", "omar@boras.example", "--password",
                                "ett annat lösenord"])
    assert again.exit_code == 1 and "redan ett konto" in again.output


def test_admin_creates_staff_and_cannot_lock_themself_out(client, auth, make_user):
    admin = make_user(Role.ADMIN)
    auth.login(admin)
    r = client.post("/admin/anvandare", data={"name": "Greta", "email": "greta@boras.example",
                                              "role": "auditor", "password": "tio tecken!"})
    assert r.status_code == 302
    greta = db.session.scalar(sa.select(User).where(User.email == "greta@boras.example"))
    assert greta.role is Role.AUDITOR
    r = client.post(f"/admin/anvandare/{admin.id}", data={"role": "resident", "active": "1"})
    assert "Du kan inte ändra din egen roll." in r.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role is Role.ADMIN
    r = client.post(f"/admin/anvandare/{greta.id}", data={"role": "auditor", "active": "0"})
    db.session.refresh(greta)
    assert r.status_code == 302 and not greta.active
    assert auth.logout() and auth.login(greta, "tio tecken!").status_code == 200
