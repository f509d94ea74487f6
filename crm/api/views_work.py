"""API: contacts, meetings (read), action items, joint letters (read, status), stakeholder positions (for those
allowed, as on screen) and generated documents (metadata and download)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.api import schemas_work as s
from crm.api.problems import ApiProblem
from crm.api.resources import add_detail, add_list, save_patch, with_etag
from crm.api.resources import found as found_record
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


def _contacts_query(args, **_filters):
    filters = contact_log_filters(args)
    filters.sensitive_notes = has_permission(current_user, "contacts.sensitive")  # as on the web page
    return contact_queries.contact_log_query(filters)


add_list(blp, "/contacts", endpoint="contacts", permission="contacts.read", args=s.ContactListArgs,
         schema=s.ContactSchema, page_name="ContactPage", model=Interaction, query=_contacts_query)  # fmt: skip
add_detail(blp, "/contacts/<int:contact_id>", endpoint="contact", permission="contacts.read", schema=s.ContactSchema,
           load=contact_queries.get_interaction_for_page)  # fmt: skip


def _contact_form_setup(form, owner_id: int | None = None) -> None:
    """The form's choices as the web page offers them: the follow-up to colleagues who act (and its current owner)."""
    users = colleagues_who_act([owner_id] if owner_id else None)
    form.coalition_id.choices = select_choices([(0, "-"), *((c.id, c.name) for c in coalition_choices())])
    form.follow_up_owner_id.choices = select_choices([(0, "-"), *((u.id, u.name) for u in users)])


def _contact_values(body: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in body.items() if k != "confirm_not_duplicate"}
    moment = values.get("occurred_at")
    if moment is not None:  # the form reads the time as the users see it (Europe/Amsterdam)
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        values["occurred_at"] = moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment.tzinfo else moment
    for select_field in ("coalition_id", "follow_up_owner_id"):
        if values.get(select_field) is None and select_field in values:
            values[select_field] = 0
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


@blp.patch("/contacts/<int:contact_id>")
@requires("contacts.write")
@blp.arguments(s.ContactPatch(partial=True))
@blp.response(200, s.ContactSchema)
@blp.alt_response(409, description="The contact stands for a meeting: change the meeting instead")
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_contact(body: dict[str, Any], contact_id: int):
    """Change a contact: managers any contact, editors the contacts they logged (as on the web page)."""
    contact = found_record(contact_queries.get_interaction_for_page(contact_id))
    contact_services.check_may_edit(current_user, contact)
    meeting = meeting_queries.meeting_for_interaction(contact.id)
    if meeting is not None:  # the web page sends the user to the meeting: it is changed there
        detail = _l("This contact stands for the meeting “%(title)s”; change the meeting instead.", title=meeting.title)
        raise ApiProblem(409, _l("Conflict"), detail)
    return save_patch(contact, _contact_values(body), form_class=InteractionForm,
                      setup=lambda form: _contact_form_setup(form, contact.follow_up_owner_id),
                      check=contact_services.check_may_edit,
                      save=lambda form, version: contact_services.update_interaction(contact, form.to_input(), version,
                                                                                     actor=current_user))  # fmt: skip


# --- meetings and action items ---------------------------------------------------------------------------------


def _action_items_query(args, meeting: int | None = None, owner: int | None = None, open: str | None = None,
                        status: str | None = None, **_filters):  # fmt: skip
    query = select(ActionItem)
    if meeting:
        query = query.where(ActionItem.meeting_id == meeting)
    if owner:
        query = query.where(ActionItem.owner_user_id == owner)
    if open or status:
        query = query.where(ActionItem.status == (status or "open"))
    return query


add_list(blp, "/meetings", endpoint="meetings", permission="meetings.read", args=s.MeetingListArgs,
         schema=s.MeetingSchema, page_name="MeetingPage", model=Meeting,
         query=lambda args, **_: meeting_queries.meetings_query(meeting_filters(args)).options(
             selectinload(Meeting.dossiers)))  # fmt: skip
add_detail(blp, "/meetings/<int:meeting_id>", endpoint="meeting", permission="meetings.read", schema=s.MeetingSchema,
           load=meeting_queries.get_meeting)  # fmt: skip
add_list(blp, "/action-items", endpoint="action_items", permission="meetings.read", args=s.ActionItemListArgs,
         schema=s.ActionItemSchema, page_name="ActionItemPage", model=ActionItem,
         query=_action_items_query)  # fmt: skip
add_detail(blp, "/action-items/<int:action_item_id>", endpoint="action_item", permission="meetings.read",
           schema=s.ActionItemSchema, load=meeting_queries.get_action_item)  # fmt: skip


@blp.post("/action-items/<int:action_item_id>/done")
@requires("actions.complete")
@blp.response(200, s.ActionItemSchema)
@blp.alt_response(409, description="It was no longer open (done or cancelled by someone else)")
def complete_action_item(action_item_id: int):
    """Mark it done: its owner, the meeting's organiser, or a director/admin (as on the web page)."""
    found = found_record(meeting_queries.get_action_item(action_item_id))
    try:
        closed = action_services.mark_done(found, actor=current_user)
    except ConflictError:
        db.session.rollback()
        closed = False
    if not closed:
        raise ApiProblem(409, _l("Conflict"), _l("This action item was already closed."))
    db.session.commit()
    return with_etag(found)


# --- joint letters ---------------------------------------------------------------------------------------------


add_list(blp, "/letters", endpoint="letters", permission="letters.read", args=s.LetterListArgs, schema=s.LetterSchema,
         page_name="LetterPage", model=JointLetter,
         query=lambda args, **_: letter_queries.letters_query(letter_filters(args)).options(
             selectinload(JointLetter.dossiers)))  # fmt: skip
add_detail(blp, "/letters/<int:letter_id>", endpoint="letter", permission="letters.read", schema=s.LetterDetailSchema,
           load=letter_queries.get_letter)  # fmt: skip


# --- stakeholder positions: opinions about people, never for viewers (as on screen) ----------------------------


def _positions_query(args, dossier: int | None = None, person: int | None = None, organisation: int | None = None,
                     **_filters):  # fmt: skip
    query = select(StakeholderPosition)
    if dossier:
        query = query.where(StakeholderPosition.dossier_id == dossier)
    if person or organisation:
        query = query.where(or_(StakeholderPosition.person_id == person,
                                StakeholderPosition.organisation_id == organisation))  # fmt: skip
    return query


add_list(blp, "/stakeholder-positions", endpoint="stakeholder_positions", permission="positions.read",
         args=s.PositionListArgs, schema=s.StakeholderPositionSchema, page_name="StakeholderPositionPage",
         model=StakeholderPosition, query=_positions_query)  # fmt: skip
add_detail(blp, "/stakeholder-positions/<int:position_id>", endpoint="stakeholder_position",
           permission="positions.read", schema=s.StakeholderPositionSchema,
           load=lambda position_id: db.session.get(StakeholderPosition, position_id))  # fmt: skip


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


def _documents_query(args, **_filters):
    filters = document_queries.DocumentFilters(q=args.get("q", "")[:200], kind=args.get("kind", ""),
                                               author_id=int_or_none(args.get("author")))  # fmt: skip
    return document_queries.documents_query(filters).options(joinedload(GeneratedDocument.created_by))


add_list(blp, "/documents", endpoint="documents", permission="documents.read", args=s.DocumentListArgs,
         schema=s.DocumentSchema, page_name="DocumentPage", model=GeneratedDocument, query=_documents_query,
         sorts=lambda sort: sort if sort in ("id", "-id") else ("-id" if sort.startswith("-") else "id"))  # fmt: skip
add_detail(blp, "/documents/<int:document_id>", endpoint="document", permission="documents.read",
           schema=s.DocumentSchema, load=document_queries.get_document, etag=False)  # fmt: skip


@blp.get("/documents/<int:document_id>/download")
@requires("documents.read")
@blp.response(200, None, content_type="application/pdf", description="The PDF as it was made")
def download_document(document_id: int):
    found = found_record(document_queries.get_document(document_id))
    return file_response(found.pdf, filename=found.filename, mimetype="application/pdf")
