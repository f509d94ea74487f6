"""Administrator pages to create, edit, deactivate users and reset their passwords."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.queries import history_page
from crm.auth import queries, services
from crm.auth.forms import NewUserForm, PasswordResetForm, UserForm
from crm.auth.fresh import recent_login_required
from crm.common.commits import saved
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, page_number
from crm.common.locking import ConflictError
from crm.common.views import confirm_page, form_status, found_or_404, paginate, prepare_conflict
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
    if request.method == "GET":
        form.fill_from(user)
    elif form.validate_on_submit():
        try:
            services.update_user(
                user,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                language=form.language.data,
                expected_version=form.submitted_version(),
                template_editor=form.template_editor.data,
            )
            db.session.commit()
            flash(_("Changes to %(email)s saved.", email=user.email), "success")
            return redirect(url_for(".index"))
        except ConflictError:
            db.session.rollback()
            current = _load(user_id)
            rows = prepare_conflict(form, UserForm(formdata=None), current)
            return render_template("users/form.html", form=form, user=current, conflict=rows), 409
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    history = history_page("user", user.id, page=1, per_page=10)
    return render_template("users/form.html", form=form, user=user, history=history), form_status(form)


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires("users.manage")
@recent_login_required
def deactivate(user_id: int):
    user = _load(user_id)
    form = ConfirmForm()
    if form.validate_on_submit() and saved(lambda: services.deactivate_user(user, acting_user=current_user), form):
        flash(_("%(email)s has been deactivated and signed out.", email=user.email), "success")
        return redirect(url_for(".index"))
    return confirm_page(
        form,
        title=_("Deactivate %(email)s?", email=user.email),
        message=_(
            "The user is signed out at once and can no longer sign in. Their name stays on everything "
            "they did; you can reactivate the account later."
        ),
        confirm_label=_("Deactivate"),
        cancel_url=url_for(".index"),
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
