"""People pages: list, detail, create, edit, archive/restore, history (the skeleton: crm/common/views_records.py),
positions over time, type-ahead."""

from __future__ import annotations

from operator import attrgetter

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.auth.queries import active_users
from crm.coalitions.queries import coalition_choices
from crm.common.commits import saved
from crm.common.forms import int_or_none
from crm.common.views import form_status
from crm.common.views_records import RecordPages, RecordParts
from crm.partners import queries, services
from crm.partners.forms import AffiliationForm, PersonForm, owner_choices, people_filters
from crm.partners.models import person_tags
from crm.partners.views_organisations import organisation_in_address
from crm.permissions import has_permission, requires

bp = Blueprint("people", __name__, url_prefix="/people")


def _duplicate_rows(found) -> list[dict]:
    rows = []
    for person in found:
        positions = ", ".join(f"{a.role or ''} {a.organisation.name}".strip() for a in person.current_affiliations)
        label = f"{person.full_name} ({positions})" if positions else person.full_name
        rows.append(
            {
                "id": person.id,
                "label": label,
                "url": url_for(".detail", person_id=person.id),
                "archived": person.is_archived,
            }
        )
    return rows


def _form(person=None, **kwargs) -> PersonForm:
    form = PersonForm(**kwargs)
    form.owner_id.choices = owner_choices(active_users())
    return form


ARCHIVING = _l(
    "The person disappears from lists and pickers. Their history and positions are kept; "
    "they stay findable under “Archived” and you can restore them at any time."
)
# The form shows look-alikes of a new person's name as `duplicates`: none when editing.
pages = RecordPages(
    bp,
    "person",
    queries.get_person,
    _form,
    attrgetter("full_name"),
    "people/",
    services,
    form_context={"duplicates": []},
)
pages.add_archive_routes(ARCHIVING)
pages.add_list_route(
    people_filters,
    queries.people_query,
    lambda filters, page: {
        "tags": queries.tags_in_use(person_tags),
        "coalitions": coalition_choices(),
        "parties": queries.parties(),
        "organisation": queries.get_organisation(filters.organisation_id) if filters.organisation_id else None,
    },
)
pages.add_detail_route()


def _prefill(form: PersonForm) -> None:
    form.owner_id.data = current_user.id
    org = organisation_in_address("organisation")
    if org is not None:
        form.organisation_name.data, form.organisation_id.data = org.name, org.id
    # "Add the person" from an e-mail address nobody had (a contact logged from e-mail): name and address.
    form.email.data = (request.args.get("email") or "").strip()[:254] or form.email.data
    first, _space, last = (request.args.get("name") or "").strip()[:200].partition(" ")
    form.first_name.data, form.last_name.data = first or form.first_name.data, last or form.last_name.data


def _look_alikes(form: PersonForm) -> list[dict]:
    data = form.first_name.data, form.name_prefix.data, form.last_name.data, form.email.data
    return _duplicate_rows(queries.similar_people(*data))


pages.add_form_routes(
    lambda form: services.create_person(form.to_input(), form.first_position()),
    lambda person: _("%(name)s added.", name=person.full_name),
    services.update_person,
    prefill=_prefill,
    duplicates=_look_alikes,
)


@bp.route("/<int:person_id>/positions/new", methods=["GET", "POST"])
@requires("registry.write")
def add_affiliation(person_id: int):
    person = pages.editable(person_id)
    form = AffiliationForm()
    if form.validate_on_submit() and saved(
        lambda: services.add_affiliation(person, form.to_input(), actor=current_user), form
    ):
        flash(_("Position added."), "success")
        return redirect(url_for(".detail", person_id=person.id))
    return render_template("people/affiliation_form.html", form=form, person=person, affiliation=None), form_status(
        form
    )


def _removal_texts(person, affiliation) -> dict[str, str]:
    return {
        "removed": _("Position removed."),
        "title": _("Remove this position?"),
        "message": _(
            "Only remove a position that was entered by mistake. When %(name)s left %(org)s, "
            "give the position an end date instead, so the history stays right.",
            name=person.full_name,
            org=affiliation.organisation.name,
        ),
        "confirm_label": _("Remove"),
    }


affiliations = RecordParts(
    pages, "affiliation", "positions", queries.get_affiliation, "person_id", "people/affiliation_form.html"
)
affiliations.add_edit_route(
    AffiliationForm,
    lambda affiliation, form: services.update_affiliation(
        affiliation, form.to_input(), form.submitted_version(), actor=current_user
    ),
    lambda person, affiliation: _("Position saved."),
)
affiliations.add_remove_route(
    lambda affiliation: services.remove_affiliation(affiliation, actor=current_user), _removal_texts
)


@bp.get("/lookup")
@requires("registry.read")
def lookup():
    found = queries.lookup_people(request.args.get("q", "")[:100])
    return jsonify([{"id": p.id, "name": p.full_name, "label": p.full_name, "hint": p.email or ""} for p in found])


@bp.get("/similar")
@requires("registry.read")
def similar():
    exclude = request.args.get("exclude", "")
    found = queries.similar_people(
        request.args.get("first_name", "")[:80],
        request.args.get("name_prefix", "")[:30],
        request.args.get("last_name", "")[:120],
        request.args.get("email", "")[:254],
        exclude_id=int_or_none(exclude),
    )
    rows = _duplicate_rows(found)
    if exclude.isdigit() and has_permission(current_user, "registry.merge"):  # editing a person: offer to merge
        for row in rows:
            row["merge_url"] = url_for("merge.compare_people", a=int(exclude), b=row["id"])
    return jsonify(rows)
