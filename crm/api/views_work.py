"""API: contacts, meetings (read), action items, joint letters (read, status), stakeholder positions (for those
allowed, as on screen) and generated documents (metadata and download)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.api import schemas_work as s
from crm.api.paging import page
from crm.api.problems import ApiProblem
from crm.api.schemas import page_schema
from crm.api.views_registry import _found
from crm.api.writes import idempotent_create, service_problem, validated_form
from crm.auth.queries import colleagues_who_act
from crm.coalitions.queries import coalition_choices
from crm.common.errors import ServiceError
from crm.common.files import file_response
from crm.common.forms import int_or_none, select_choices
from crm.common.locking import ConflictError
from crm.documents import queries as document_queries
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.interactions import queries as contact_queries
from crm.interactions import services as contact_services
from crm.interactions.forms import InteractionForm, contact_log_filters
from crm.interactions.models import Interaction
from crm.letters import queries as letter_queries
from crm.letters.forms import letter_filters
from crm.letters.models import JointLetter
from crm.meetings import queries as meeting_queries
from crm.meetings import services_actions as action_services
from crm.meetings.forms import meeting_filters
from crm.meetings.models import ActionItem, Meeting
from crm.permissions import has_permission, requires
from crm.stakeholders import services as position_services
from crm.stakeholders.forms import PositionForm
from crm.stakeholders.models import StakeholderPosition

blp = Blueprint("api_work", __name__, url_prefix="/api/v1", description="Contacts, meetings, letters, documents")


# --- contacts --------------------------------------------------------------------------------------------------


@blp.get("/contacts")
@requires("contacts.read")
@blp.arguments(s.ContactListArgs, location="query", as_kwargs=True)
@blp.response(200, page_schema(s.ContactSchema, "ContactPage"))
def contacts(sort: str, limit: int, cursor: str | None = None, **_filters):
    filters = contact_log_filters(request.args)
    filters.sensitive_notes = has_permission(current_user, "contacts.sensitive")  # as on the web page
    query = contact_queries.contact_log_query(filters)
    items, next_cursor = page(query, Interaction, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/contacts/<int:contact_id>")
@requires("contacts.read")
@blp.response(200, s.ContactSchema)
def contact(contact_id: int):
    found = _found(contact_queries.get_interaction_for_page(contact_id))
    return found, 200, {"ETag": f'"{found.version_id}"'}


def _contact_form_setup(form) -> None:
    form.coalition_id.choices = select_choices([(0, "-"), *((c.id, c.name) for c in coalition_choices())])
    form.follow_up_owner_id.choices = select_choices([(0, "-"), *((u.id, u.name) for u in colleagues_who_act())])


def _contact_values(body: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in body.items() if k != "confirm_not_duplicate"}
    moment = values.get("occurred_at")
    if moment is not None:  # the form reads the time as the users see it (Europe/Amsterdam)
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        values["occurred_at"] = moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment.tzinfo else moment
    for select_field in ("coalition_id", "follow_up_owner_id"):
        if values.get(select_field) is None and select_field in values:
            values[select_field] = 0
    if values.get("sensitive") is False:
        values.pop("sensitive")
    return values


@blp.post("/contacts")
@requires("contacts.write")
@blp.arguments(s.ContactInput)
@blp.response(201, s.ContactSchema)
@blp.alt_response(409, description="This contact was just logged; send confirm_not_duplicate to log it anyway")
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def log_contact(body: dict[str, Any]):
    def make():
        form = validated_form(InteractionForm, _contact_values(body), setup=_contact_form_setup)
        allow_duplicate = bool(body.get("confirm_not_duplicate"))
        try:
            logged = contact_services.log_interaction(form.to_input(), author=current_user,
                                                      allow_duplicate=allow_duplicate)  # fmt: skip
        except contact_services.PossibleDuplicate as repeated:
            db.session.rollback()
            raise ApiProblem(409, _l("Conflict"), repeated.message) from None
        except ServiceError as error:
            db.session.rollback()
            raise service_problem(error) from None
        return s.ContactSchema().dump(logged), url_for(".contact", contact_id=logged.id), logged

    return idempotent_create(make)


# --- meetings and action items ---------------------------------------------------------------------------------


@blp.get("/meetings")
@requires("meetings.read")
@blp.arguments(s.MeetingListArgs, location="query", as_kwargs=True)
@blp.response(200, page_schema(s.MeetingSchema, "MeetingPage"))
def meetings(sort: str, limit: int, cursor: str | None = None, **_filters):
    query = meeting_queries.meetings_query(meeting_filters(request.args)).options(selectinload(Meeting.dossiers))
    items, next_cursor = page(query, Meeting, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/meetings/<int:meeting_id>")
@requires("meetings.read")
@blp.response(200, s.MeetingSchema)
def meeting(meeting_id: int):
    found = _found(meeting_queries.get_meeting(meeting_id))
    return found, 200, {"ETag": f'"{found.version_id}"'}


@blp.get("/action-items")
@requires("meetings.read")
@blp.arguments(s.ActionItemListArgs, location="query", as_kwargs=True)
@blp.response(200, page_schema(s.ActionItemSchema, "ActionItemPage"))
def action_items(sort: str, limit: int, cursor: str | None = None, meeting: int | None = None,
                 owner: int | None = None, open: str | None = None, status: str | None = None, **_filters):  # fmt: skip
    query = select(ActionItem)
    if meeting:
        query = query.where(ActionItem.meeting_id == meeting)
    if owner:
        query = query.where(ActionItem.owner_user_id == owner)
    if open or status:
        query = query.where(ActionItem.status == (status or "open"))
    items, next_cursor = page(query, ActionItem, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/action-items/<int:action_item_id>")
@requires("meetings.read")
@blp.response(200, s.ActionItemSchema)
def action_item(action_item_id: int):
    found = _found(meeting_queries.get_action_item(action_item_id))
    return found, 200, {"ETag": f'"{found.version_id}"'}


@blp.post("/action-items/<int:action_item_id>/done")
@requires("actions.complete")
@blp.response(200, s.ActionItemSchema)
@blp.alt_response(409, description="It was no longer open (done or cancelled by someone else)")
def complete_action_item(action_item_id: int):
    """Mark it done: its owner, the meeting's organiser, or a director/admin (as on the web page)."""
    found = _found(meeting_queries.get_action_item(action_item_id))
    try:
        closed = action_services.mark_done(found, actor=current_user)
    except ConflictError:
        db.session.rollback()
        closed = False
    if not closed:
        raise ApiProblem(409, _l("Conflict"), _l("This action item was already closed."))
    db.session.commit()
    return found, 200, {"ETag": f'"{found.version_id}"'}


# --- joint letters ---------------------------------------------------------------------------------------------


@blp.get("/letters")
@requires("letters.read")
@blp.arguments(s.LetterListArgs, location="query", as_kwargs=True)
@blp.response(200, page_schema(s.LetterSchema, "LetterPage"))
def letters(sort: str, limit: int, cursor: str | None = None, **_filters):
    query = letter_queries.letters_query(letter_filters(request.args)).options(selectinload(JointLetter.dossiers))
    items, next_cursor = page(query, JointLetter, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/letters/<int:letter_id>")
@requires("letters.read")
@blp.response(200, s.LetterDetailSchema)
def letter(letter_id: int):
    found = _found(letter_queries.get_letter(letter_id))
    return found, 200, {"ETag": f'"{found.version_id}"'}


# --- stakeholder positions: opinions about people, never for viewers (as on screen) ----------------------------


@blp.get("/stakeholder-positions")
@requires("positions.read")
@blp.arguments(s.PositionListArgs, location="query", as_kwargs=True)
@blp.response(200, page_schema(s.StakeholderPositionSchema, "StakeholderPositionPage"))
def stakeholder_positions(sort: str, limit: int, cursor: str | None = None, dossier: int | None = None,
                          person: int | None = None, organisation: int | None = None, **_filters):  # fmt: skip
    query = select(StakeholderPosition)
    if dossier:
        query = query.where(StakeholderPosition.dossier_id == dossier)
    if person or organisation:
        query = query.where(or_(StakeholderPosition.person_id == person,
                                StakeholderPosition.organisation_id == organisation))  # fmt: skip
    items, next_cursor = page(query, StakeholderPosition, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/stakeholder-positions/<int:position_id>")
@requires("positions.read")
@blp.response(200, s.StakeholderPositionSchema)
def stakeholder_position(position_id: int):
    found = _found(db.session.get(StakeholderPosition, position_id))
    return found, 200, {"ETag": f'"{found.version_id}"'}


@blp.post("/stakeholder-positions")
@requires("positions.write")
@blp.arguments(s.StakeholderPositionInput)
@blp.response(201, s.StakeholderPositionSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def record_stakeholder_position(body: dict[str, Any]):
    renames = {"person_name": "person_id", "organisation_name": "organisation_id"}

    def make():
        values = dict(body)
        for picker in ("person", "organisation"):  # the picker's typed name goes with a chosen id
            if values.get(f"{picker}_id"):
                values[f"{picker}_name"] = "-"

        def setup(form):
            form.dossier_id.choices = [(body["dossier_id"], "-")]

        form = validated_form(PositionForm, values, renames=renames, setup=setup)
        try:
            position = position_services.record_position(form.to_input(), author=current_user)
        except ServiceError as error:
            db.session.rollback()
            raise service_problem(error, renames) from None
        url = url_for(".stakeholder_position", position_id=position.id)
        return s.StakeholderPositionSchema().dump(position), url, position

    return idempotent_create(make)


# --- generated documents ---------------------------------------------------------------------------------------


@blp.get("/documents")
@requires("documents.read")
@blp.arguments(s.DocumentListArgs, location="query", as_kwargs=True)
@blp.response(200, page_schema(s.DocumentSchema, "DocumentPage"))
def documents(sort: str, limit: int, cursor: str | None = None, **_filters):
    filters = document_queries.DocumentFilters(q=request.args.get("q", "")[:200], kind=request.args.get("kind", ""),
                                               author_id=int_or_none(request.args.get("author")))  # fmt: skip
    query = document_queries.documents_query(filters).options(joinedload(GeneratedDocument.created_by))
    sort = sort if sort in ("id", "-id") else ("-id" if sort.startswith("-") else "id")  # made once: id order
    items, next_cursor = page(query, GeneratedDocument, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/documents/<int:document_id>")
@requires("documents.read")
@blp.response(200, s.DocumentSchema)
def document(document_id: int):
    return _found(document_queries.get_document(document_id))


@blp.get("/documents/<int:document_id>/download")
@requires("documents.read")
@blp.response(200, None, content_type="application/pdf", description="The PDF as it was made")
def download_document(document_id: int):
    found = _found(document_queries.get_document(document_id))
    return file_response(found.pdf, filename=found.filename, mimetype="application/pdf")
