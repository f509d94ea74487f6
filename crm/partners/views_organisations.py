"""Organisation pages: list, detail, create, edit, archive/restore, history (the skeleton:
crm/common/views_records.py), type-ahead."""

from __future__ import annotations

from operator import attrgetter

from flask import Blueprint, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.auth.queries import active_users
from crm.coalitions.queries import coalition_choices, memberships_of_organisation
from crm.common.forms import int_or_none
from crm.common.views_records import RecordPages
from crm.partners import queries, services
from crm.partners.forms import OrganisationForm, organisation_filters, owner_choices, province_choices
from crm.partners.kinds import KIND_LABELS
from crm.partners.models import organisation_tags
from crm.permissions import has_permission, requires

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _duplicate_rows(found) -> list[dict]:
    return [
        {
            "id": o.id,
            "label": str(o),
            "url": url_for(".detail", organisation_id=o.id),
            "archived": o.is_archived,
        }
        for o in found
    ]


def _form(org=None, **kwargs) -> OrganisationForm:
    form = OrganisationForm(**kwargs)
    form.owner_id.choices = owner_choices(active_users())
    form.province_id.choices = province_choices(queries.provinces())
    return form


ARCHIVING = _l(
    "The organisation disappears from lists and pickers. Its history and links are kept; "
    "it stays findable under “Archived” and you can restore it at any time."
)
# The form shows look-alikes of a new organisation's name as `duplicates`: none when editing.
pages = RecordPages(
    bp,
    "organisation",
    queries.get_organisation,
    _form,
    attrgetter("name"),
    "organisations/",
    services,
    record_name="org",
    form_context={"duplicates": []},
)
pages.add_archive_routes(ARCHIVING)
pages.add_list_route(
    organisation_filters,
    queries.organisations_query,
    lambda filters, page: {
        "kinds": KIND_LABELS,
        "tags": queries.tags_in_use(organisation_tags),
        "coalitions": coalition_choices(),
        "provinces": queries.provinces(),
    },
)
pages.add_detail_route(
    lambda org: {
        "children": queries.child_organisations(org),
        "memberships": memberships_of_organisation(org.id),
        "logo": org.logo,
    }
)


def organisation_in_address(key: str):
    """The organisation whose id the address gives under `key` (a new record's link to it), or None."""
    org_id = int_or_none(request.args.get(key))
    return queries.get_organisation(org_id) if org_id else None


def _prefill(form: OrganisationForm) -> None:
    form.owner_id.data = current_user.id
    parent = organisation_in_address("parent")
    if parent is not None:
        form.parent_name.data, form.parent_id.data = parent.name, parent.id


pages.add_form_routes(
    lambda form: services.create_organisation(form.to_input()),
    lambda org: _("Organisation %(name)s created.", name=org.name),
    services.update_organisation,
    prefill=_prefill,
    duplicates=lambda form: _duplicate_rows(queries.similar_organisations(form.name.data)),
)


@bp.get("/lookup")
@requires("registry.read")
def lookup():
    kinds = tuple(k for k in request.args.getlist("kind") if k in {str(k) for k in KIND_LABELS})
    found = queries.lookup_organisations(request.args.get("q", "")[:100], kinds=kinds)
    return jsonify([{"id": o.id, "name": o.name, "label": str(o), "hint": o.kind_label} for o in found])


@bp.get("/similar")
@requires("registry.read")
def similar():
    exclude = request.args.get("exclude", "")
    found = queries.similar_organisations(request.args.get("name", "")[:200], exclude_id=int_or_none(exclude))
    rows = _duplicate_rows(found)
    if exclude.isdigit() and has_permission(current_user, "registry.merge"):  # editing one: offer to merge
        for row in rows:
            row["merge_url"] = url_for("merge.compare_organisations", a=int(exclude), b=row["id"])
    return jsonify(rows)
