"""The object rules of meetings, document templates and logos live in the services they guard: a caller that is
not a web page (the API, the CLI, an importer) meets the same rule when it names the acting user (`actor=`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm.common.time import utcnow
from crm.documents import services as document_services
from crm.meetings import services, services_actions, services_minutes
from crm.meetings.services_actions import ActionItemInput, Owner
from crm.meetings.services_minutes import AgendaItemInput, MinutesInput
from crm.permissions import Refused
from tests.factories import OrganisationFactory, UserFactory
from tests.factories_documents import DocumentTemplateFactory, OrganisationLogoFactory
from tests.factories_meetings import ActionItemFactory, AgendaItemFactory, AttendeeFactory, MeetingFactory


def _meeting_writes(meeting, actor):
    """Every write to a meeting that only its organiser or a director/admin may do, called with `actor`."""
    item = AgendaItemFactory(meeting=meeting)
    action = ActionItemFactory(meeting=meeting, owner_user=meeting.organiser)
    attendee = AttendeeFactory(meeting=meeting)
    owner = Owner(user_id=meeting.organiser_id)
    return {
        "update_meeting": lambda: services.update_meeting(
            meeting,
            services.MeetingInput(
                title="Anders", starts_at=meeting.starts_at, ends_at=meeting.ends_at, organiser_id=meeting.organiser_id
            ),
            meeting.version_id,
            author=actor,
            actor=actor,
        ),
        "cancel": lambda: services.set_status(meeting, "cancelled", author=actor, actor=actor),
        "mark_held": lambda: services.mark_held(
            meeting, started_at=utcnow() - timedelta(hours=1), author=actor, actor=actor
        ),
        "set_attendance": lambda: services.set_attendance(
            meeting, {attendee.id: "attended"}, author=actor, actor=actor
        ),
        "update_attendee": lambda: services.update_attendee(
            attendee, attendance="attended", organisation_id=None, author=actor, actor=actor
        ),
        "add_agenda_item": lambda: services_minutes.add_agenda_item(meeting, title="Rondvraag", actor=actor),
        "update_agenda_item": lambda: services_minutes.update_agenda_item(
            item, AgendaItemInput("Nieuw"), item.version_id, actor=actor
        ),
        "move_agenda_item": lambda: services_minutes.move_agenda_item(item, "down", actor=actor),
        "reorder_agenda": lambda: services_minutes.reorder_agenda(meeting, [item.id], actor=actor),
        "remove_agenda_item": lambda: services_minutes.remove_agenda_item(item, actor=actor),
        "save_minutes": lambda: services_minutes.save_minutes(
            meeting, MinutesInput(based_on=0, item_minutes={item.id: "Besproken."}), author=actor, actor=actor
        ),
        "finalise_minutes": lambda: services_minutes.finalise_minutes(meeting, author=actor, actor=actor),
        "add_action_item": lambda: services_actions.add_action_item(
            meeting, ActionItemInput("Bellen", owner, date(2030, 1, 1)), actor=actor
        ),
        "update_action_item": lambda: services_actions.update_action_item(
            action, ActionItemInput("Mailen", owner), action.version_id, actor=actor
        ),
    }


NAMES = ["update_meeting", "cancel", "mark_held", "set_attendance", "update_attendee", "add_agenda_item",
         "update_agenda_item", "move_agenda_item", "reorder_agenda", "remove_agenda_item", "save_minutes",
         "finalise_minutes", "add_action_item", "update_action_item"]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_a_lobbyist_who_does_not_organise_the_meeting_is_refused_by_the_service(db, name):
    meeting = MeetingFactory(organiser=UserFactory(role="lobbyist"))
    other = UserFactory(role="lobbyist")
    writes = _meeting_writes(meeting, other)
    assert set(writes) == set(NAMES)
    with pytest.raises(Refused):
        writes[name]()


@pytest.mark.parametrize("name", ["update_meeting", "add_agenda_item", "update_agenda_item", "add_action_item",
                                  "set_attendance", "cancel"])  # fmt: skip
@pytest.mark.parametrize("who", ["organiser", "director"])
def test_the_organiser_and_a_director_pass_the_services_rule(db, name, who):
    meeting = MeetingFactory(organiser=UserFactory(role="lobbyist"))
    actor = meeting.organiser if who == "organiser" else UserFactory(role="director")
    _meeting_writes(meeting, actor)[name]()  # no Refused


def test_an_attendee_is_removed_by_the_organiser_or_by_themselves_only(db):
    meeting = MeetingFactory(organiser=UserFactory(role="lobbyist"))
    colleague = UserFactory(role="lobbyist")
    theirs = AttendeeFactory(meeting=meeting, person=None, user=colleague)
    someone = AttendeeFactory(meeting=meeting)
    with pytest.raises(Refused):
        services.remove_attendee(someone, author=colleague, actor=colleague)
    services.remove_attendee(theirs, author=colleague, actor=colleague)
    services.remove_attendee(someone, author=meeting.organiser, actor=meeting.organiser)


def test_templates_are_managed_by_whom_the_web_page_allows(db):
    lobbyist, granted, admin = UserFactory(role="lobbyist"), UserFactory(role="lobbyist"), UserFactory(role="admin")
    granted.template_editor = True
    with pytest.raises(Refused):
        document_services.create_template(name="Brief", kind="other", description=None, copy_of=None,
                                          author=lobbyist, actor=lobbyist)  # fmt: skip
    template = document_services.create_template(name="Brief", kind="other", description=None, copy_of=None,
                                                 author=granted, actor=granted)  # fmt: skip
    template.archived_at = utcnow()
    with pytest.raises(Refused):  # archived: read-only until restored, for an administrator too
        document_services.save_draft(template, html="<p>x</p>", css="", meta=template.draft_meta,
                                     expected_version=template.version_id, actor=admin)  # fmt: skip
    with pytest.raises(Refused):
        document_services.publish(template, author=admin, note=None, actor=admin)
    active = DocumentTemplateFactory()
    with pytest.raises(Refused):
        document_services.save_draft(active, html="<p>x</p>", css="", meta=active.draft_meta,
                                     expected_version=active.version_id, actor=lobbyist)  # fmt: skip
    document_services.save_draft(active, html="<p>x</p>", css="", meta=active.draft_meta,
                                 expected_version=active.version_id, actor=admin)  # fmt: skip


def test_a_logo_is_changed_by_an_editor_of_an_active_organisation_only(db):
    logo = OrganisationLogoFactory(organisation=OrganisationFactory(archived_at=utcnow()))
    with pytest.raises(Refused):
        document_services.remove_logo(logo, actor=UserFactory(role="admin"))
    active = OrganisationLogoFactory()
    with pytest.raises(Refused):
        document_services.remove_logo(active, actor=UserFactory(role="viewer"))
    document_services.remove_logo(active, actor=UserFactory(role="lobbyist"))
