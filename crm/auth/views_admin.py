"""Administrator pages to create, edit, deactivate users and reset their passwords."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.queries import history_page
from crm.auth import queries, services
from crm.auth.forms import NewUserForm, PasswordResetForm, UserForm
from crm.auth.fresh import recent_login_required
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, page_number
from crm.common.views import confirmed_change, form_status, found_or_404, paginate
from crm.common.views_records import locked_edit
from crm.extensions import db
from crm.permissions import PERMISSION_LABELS, PERMISSIONS, requires

bp = Blueprint("users", __name__, url_prefix="/admin/users")


def _load(user_id: int):
    return found_or_404(queries.get_user(user_id))


@bp.get("/")
@requires("users.manage")
def index():
    search = request.args.get("q", "")[:100]
    role = request.args.get("role", "")
    status = request.args.get("status", "active")
    page = paginate(queries.users_query(search, role, status), page_number(request.args))
    return render_template(
        "users/index.html",
        page=page,
        search=search,
        role=role,
        status=status,
        permissions=PERMISSIONS,
        permission_labels=PERMISSION_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("users.manage")
@recent_login_required
def create():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                password=form.password.data,
                language=form.language.data,
            )
            db.session.commit()
            flash(_("User %(email)s created.", email=user.email), "success")
            return redirect(url_for(".index"))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return render_template("users/form.html", form=form, user=None), form_status(form)


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@requires("users.manage")
@recent_login_required
def edit(user_id: int):
    user = _load(user_id)
    form = UserForm()

    def page(shown, status: int, **conflict):
        """The form; its recent history, unless it shows a conflict."""
        context = conflict or {"history": history_page("user", shown.id, page=1, per_page=10)}
        return render_template("users/form.html", form=form, user=shown, **context), status

    return locked_edit(
        form,
        user,
        save=lambda: services.update_user(
            user,
            expected_version=form.submitted_version(),
            **form.values(form.record_fields),
        ),
        saved=lambda: (_("Changes to %(email)s saved.", email=user.email), url_for(".index")),
        reload=lambda: _load(user_id),
        page=page,
    )


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires("users.manage")
@recent_login_required
def deactivate(user_id: int):
    user = _load(user_id)
    return confirmed_change(
        lambda: services.deactivate_user(user, acting_user=current_user),
        done=_("%(email)s has been deactivated and signed out.", email=user.email),
        done_url=url_for(".index"),
        cancel_url=url_for(".index"),
        title=_("Deactivate %(email)s?", email=user.email),
        message=_(
            "The user is signed out at once and can no longer sign in. Their name stays on everything "
            "they did; you can reactivate the account later."
        ),
        confirm_label=_("Deactivate"),
        danger=True,
    )


@bp.post("/<int:user_id>/activate")
@requires("users.manage")
@recent_login_required
def activate(user_id: int):
    user = _load(user_id)
    if ConfirmForm().validate_on_submit():
        services.activate_user(user)
        db.session.commit()
        flash(_("%(email)s can sign in again.", email=user.email), "success")
    return redirect(url_for(".index", status="all"))


@bp.route("/<int:user_id>/password", methods=["GET", "POST"])
@requires("users.manage")
@recent_login_required
def reset_password(user_id: int):
    user = _load(user_id)
    form = PasswordResetForm()
    form.account = user
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        flash(
            _("New password set for %(email)s; their other sessions have been signed out.", email=user.email),
            "success",
        )
        return redirect(url_for(".index"))
    return render_template("users/password.html", form=form, user=user), form_status(form)
