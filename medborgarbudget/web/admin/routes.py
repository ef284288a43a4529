import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import Role, User
from ...services import users
from ..util import commit_or_error, roles_required
from . import bp
from .forms import AccountForm, UserForm

admin_required = roles_required(Role.ADMIN)


@bp.route("/anvandare", methods=["GET", "POST"])
@admin_required
def user_list():
    """Staff accounts, and a form to create one."""
    form = UserForm()
    if form.validate_on_submit():
        ok, user = commit_or_error(form, lambda: users.create_user(
            form.email.data, form.name.data, form.password.data, Role(form.role.data),
            actor=current_user))
        if ok:
            flash(_("Kontot för %(email)s är skapat.", email=user.email), "success")
            return redirect(url_for(".user_list"))
    staff = db.session.scalars(sa.select(User).where(User.role != Role.RESIDENT)
                               .order_by(User.email)).all()
    residents = db.session.scalar(sa.select(sa.func.count()).select_from(User)
                                  .where(User.role == Role.RESIDENT))
    return render_template("admin/users.html", form=form, staff=staff, residents=residents)


@bp.route("/anvandare/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    """Change an account's role, or switch it off."""
    user = db.get_or_404(User, user_id)
    form = AccountForm(data={"role": user.role.value, "active": "1" if user.active else "0"})
    if form.validate_on_submit():
        def change():
            users.set_role(user, Role(form.role.data), current_user)
            users.set_active(user, form.active.data == "1", current_user)

        ok, _r = commit_or_error(form, change)
        if ok:
            flash(_("Kontot är sparat."), "success")
            return redirect(url_for(".user_list"))
    return render_template("admin/user.html", form=form, user=user)
