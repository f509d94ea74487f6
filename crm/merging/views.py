"""Merge pages: possible duplicates, pick two by hand, compare side by side, merge."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError
from crm.common.forms import int_or_none
from crm.common.locking import ConflictError
from crm.common.views import form_status
from crm.extensions import db
from crm.merging import queries, services
from crm.merging.forms import MergeForm, PickForm, chosen_sides
from crm.partners import queries as partners
from crm.partners.models import Organisation, Person
from crm.permissions import requires

bp = Blueprint("merge", __name__, url_prefix="/merge")

PERSON_LABELS = {
    "first_name": _l("First name"), "initials": _l("Initials"), "name_prefix": _l("Prefix"),
    "last_name": _l("Last name"), "salutation": _l("Salutation"), "email": _l("Email"), "phone": _l("Phone"),
    "notes": _l("Notes"), "party_id": _l("Political party"), "owner_id": _l("Relationship owner"),
}  # fmt: skip
ORGANISATION_LABELS = {
    "name": _l("Name"), "acronym": _l("Acronym"), "kind": _l("Kind"), "website": _l("Website"), "email": _l("Email"),
    "phone": _l("Phone"), "address": _l("Address"), "postal_code": _l("Postal code"), "city": _l("City"),
    "description": _l("Description"), "parent_id": _l("Part of"), "owner_id": _l("Relationship owner"),
    "province_id": _l("Province"),
}  # fmt: skip

KINDS = {
    "people": (Person, services.PERSON_FIELDS, PERSON_LABELS, partners.get_person, partners.lookup_people),
    "organisations": (Organisation, services.ORGANISATION_FIELDS, ORGANISATION_LABELS, partners.get_organisation,
                      partners.lookup_organisations),
}  # fmt: skip


def _display(record, name: str) -> str:
    """What a field holds, as the page shows it (a linked record by its name)."""
    if name.endswith("_id"):
        linked = getattr(record, name.removesuffix("_id"), None)
        return str(linked.name if hasattr(linked, "name") else linked) if linked is not None else ""
    if name == "kind":
        return record.kind_label
    return getattr(record, name) or ""


def _picked(kind: str, form: PickForm, side: str) -> int | None:
    chosen = int_or_none(getattr(form, side).data)
    name = (getattr(form, f"{side}_name").data or "").strip()
    if chosen or not name:
        return chosen
    found = KINDS[kind][4](name, limit=1)
    return found[0].id if found else None


def _candidates(kind: str):
    form = PickForm(request.args)
    a, b = _picked(kind, form, "a"), _picked(kind, form, "b")
    if a and b:
        return redirect(url_for(f".compare_{kind}", a=a, b=b))
    if form.a_name.data and form.b_name.data:  # both typed, not both found
        form.b_name.errors = [_("Choose two records from the lists.")]
    finder = queries.possible_duplicate_people if kind == "people" else queries.possible_duplicate_organisations
    return render_template("merging/candidates.html", kind=kind, form=form, pairs=finder()), form_status(form)


@bp.get("/people/")
@requires("registry.merge")
def people():
    return _candidates("people")


@bp.get("/organisations/")
@requires("registry.merge")
def organisations():
    return _candidates("organisations")


def _compare(kind: str):
    _model, fields, labels, loader, _lookup = KINDS[kind]
    a = loader(int_or_none(request.args.get("a")) or 0)
    b = loader(int_or_none(request.args.get("b")) or 0)
    if a is None or b is None:  # not two records (yet): choose them on the list page
        return redirect(url_for(f".{kind}"))
    form = MergeForm()
    if request.method == "GET":
        form.a_version.data, form.b_version.data = a.version_id, b.version_id
    elif form.validate_on_submit():
        keep, other = (a, b) if form.keep.data == "a" else (b, a)
        keep_side = form.keep.data
        sides = chosen_sides(request.form, fields)
        from_other = {name for name, side in sides.items() if side and side != keep_side}
        versions = {"a": int_or_none(form.a_version.data), "b": int_or_none(form.b_version.data)}
        merge = services.merge_people if kind == "people" else services.merge_organisations
        try:
            merge(keep, other, from_other, keep_version=versions[keep_side],
                  other_version=versions["b" if keep_side == "a" else "a"])  # fmt: skip
        except ConflictError:
            db.session.rollback()
            form.form_errors.append(_("One of the two was changed by someone else while you compared them. "
                                      "Look again and merge once more."))  # fmt: skip
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
        else:
            keep_id, other_name = keep.id, str(other)
            db.session.commit()
            flash(_("%(name)s was merged into this record.", name=other_name), "success")
            return redirect(url_for(f"{'people' if kind == 'people' else 'organisations'}.detail",
                                    **{("person_id" if kind == "people" else "organisation_id"): keep_id}))  # fmt: skip
        a, b = loader(a.id), loader(b.id)
    rows = [(name, labels[name], _display(a, name), _display(b, name)) for name in fields]
    return render_template("merging/compare.html", kind=kind, a=a, b=b, rows=rows, form=form), form_status(form)


@bp.route("/people/compare", methods=["GET", "POST"])
@requires("registry.merge")
def compare_people():
    return _compare("people")


@bp.route("/organisations/compare", methods=["GET", "POST"])
@requires("registry.merge")
def compare_organisations():
    return _compare("organisations")
