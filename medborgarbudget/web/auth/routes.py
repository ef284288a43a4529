from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ...extensions import db, limiter
from ...services import users
from ..util import commit_or_error, config_limit, login_required, safe_next
from . import bp
from .forms import LoginForm, RegisterForm


@bp.route("/logga-in", methods=["GET", "POST"])
@limiter.limit(config_limit("LIMIT_LOGIN"), methods=["POST"])
def login():
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("public.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is None:
            # the same words whether the account exists or not
            form.password.errors = [_("Fel e-postadress eller lösenord.")]
        else:
            db.session.commit()  # a rehashed password
            _start_session(user)
            flash(_("Du är inloggad."), "success")
            return redirect(safe_next(url_for("public.index")))
    return render_template("auth/login.html", form=form)


@bp.route("/logga-ut", methods=["POST"])
@login_required
def logout():
    """Log out and forget everything in the session."""
    logout_user()
    session.clear()
    flash(_("Du är utloggad."), "success")
    return redirect(url_for("public.index"))


@bp.route("/registrera", methods=["GET", "POST"])
def register():
    """A resident creates an account to submit proposals."""
    if current_user.is_authenticated:
        return redirect(url_for("public.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        ok, user = commit_or_error(form, lambda: users.create_user(
            form.email.data, form.name.data, form.password.data))
        if ok:
            _start_session(user)
            flash(_("Ditt konto är skapat och du är inloggad."), "success")
            return redirect(safe_next(url_for("public.index")))
    return render_template("auth/register.html", form=form)


def _start_session(user) -> None:
    """A fresh session for the logged-in user: nothing from before carries over."""
    session.clear()  # (the language choice has a cookie of its own)
    login_user(user)
