"""A small registry with a record of every kind, named in English (or neutrally), and the main pages that show it.

The English-interface test (no Dutch words on any main page) and the accessibility test in the browser read the
same pages: the names here are never Dutch, so a Dutch word found on a page comes from the interface itself.
Build it with the factories bound to a session (`tests.factories.bind`); it only flushes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm.auth.models import User
from crm.common.time import today, utcnow
from crm.extensions import db
from crm.letters.models import EventMessage, LetterEventKind
from crm.letters.services import record_event
from crm.letters.texts import text_sha256
from tests.factories import (
    AffiliationFactory,
    CoalitionFactory,
    CoalitionMemberFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.factories_documents import DocumentTemplateFactory, GeneratedDocumentFactory, MergeJobFactory, published
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.factories_meetings import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendeeFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    MinutesVersionFactory,
)
from tests.factories_stakeholders import StakeholderPositionFactory

ENGLISH_META = """title = "Short note"
kind = "other"

[[fields]]
name = "title"
label = "Title"
type = "text"
required = true

[[fields]]
name = "body"
label = "Text"
type = "markdown"

[sample]
title = "Sample title"
body = "Sample text."
"""

BODY = "We ask you to give arts education a lasting place.\n\nThank you for your attention."


@dataclass(frozen=True)
class World:
    organisation: int
    person: int
    coalition: int
    dossier: int
    interaction: int
    series: int
    meeting: int
    letter: int
    document: int
    template: int
    merge_job: int


def build_world(owner: User) -> World:
    """Records of every kind; `owner` (the signed-in user) owns the organisation, the follow-up and an action item."""
    colleague = UserFactory(name="Alex Morgan", role="lobbyist")
    organisation = OrganisationFactory(name="Arts Council Example", acronym="ACE", kind="fund", city="Utrecht",
                                       owner=owner, email="info@arts-council.example")  # fmt: skip
    committee = OrganisationFactory(name="Culture Committee Example", kind="committee", city="Utrecht")
    person = PersonFactory(first_name="Sam", last_name="Taylor", email="sam.taylor@arts-council.example")
    AffiliationFactory(person=person, organisation=organisation, role="Policy adviser", start_date=date(2024, 1, 1))
    coalition = CoalitionFactory(name="Arts Alliance Example", description="Working together on arts education.")
    CoalitionMemberFactory(coalition=coalition, organisation=organisation, role="initiator", joined_on=date(2024, 2, 1))
    CoalitionMemberFactory(coalition=coalition, organisation=committee, role="observer")  # a link in the network
    dossier = DossierFactory(title="Arts Education Example", description="Arts education in every school.")
    dossier.coalitions = [coalition]
    interaction = InteractionFactory(
        kind="call",
        subject="Call about arts funding",
        notes="Asked for the **latest figures**.",
        occurred_at=(utcnow() - timedelta(days=3)).replace(microsecond=0),
        created_by=colleague,
        people=[person],
        organisations=[organisation],
        dossiers=[dossier],
        coalition=coalition,
        follow_up="Send the figures",
        follow_up_owner=owner,
        follow_up_due=today() - timedelta(days=1),
    )
    series = MeetingSeriesFactory(name="Board Meeting Example")
    meeting = MeetingFactory(
        title="Quarterly Board Example",
        series=series,
        organiser=colleague,
        status="held",
        starts_at=(utcnow() - timedelta(days=2)).replace(microsecond=0),
        ends_at=(utcnow() - timedelta(days=2) + timedelta(hours=1)).replace(microsecond=0),
        location="Utrecht",
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Opening")
    AttendeeFactory(meeting=meeting, person=person, attendance="present")
    ActionItemFactory(meeting=meeting, description="Share the figures", owner_user=owner,
                      due_date=today() - timedelta(days=1))  # fmt: skip
    MinutesVersionFactory(meeting_id=meeting.id, number=1)
    letter = LetterFactory(
        title="Letter on arts education",
        addressee_organisation=committee,
        lead_organisation=organisation,
        signature_deadline=today(),
        current_sha256=text_sha256("Dear members of the committee", BODY, "Kind regards,"),
        first_version__salutation="Dear members of the committee",
        first_version__body=BODY,
        first_version__closing="Kind regards,",
    )
    signatory = SignatoryFactory(letter=letter, organisation=organisation, status="invited")
    db.session.flush()
    # History lines of each kind the letter page words in the reader's language ("Ondertekeningslink gemaakt voor").
    for kind, message, params in [
        (LetterEventKind.SIGNATORY, EventMessage.SIGNATORIES_ADDED, {"names": signatory.organisation.name}),
        (LetterEventKind.LINK, EventMessage.LINK_MADE, {"name": signatory.organisation.name}),
        (LetterEventKind.SIGNATORY, EventMessage.SIGNATORY_STATUS, {"name": organisation.name, "status": "signed"}),
    ]:
        record_event(letter, kind, actor=colleague, message=message, params=params)
    StakeholderPositionFactory(dossier=dossier, person=person, stance="supportive", influence="high",
                               rationale="Said in the meeting to be open to our proposal.", source="Phone call",
                               created_by=owner)  # fmt: skip
    template = DocumentTemplateFactory(name="Short note", draft_meta=ENGLISH_META, description="A short note.")
    published(template)
    document = GeneratedDocumentFactory(
        title="Position paper example",
        filename="2026-03-12 Position paper.pdf",
        input_snapshot={"fields": {"title": "Position paper example"}},
    )
    merge_job = MergeJobFactory(title="Call to municipalities example", recipients_label="Municipalities example",
                                result_filename="2026-03-12 Call.pdf")  # fmt: skip
    db.session.flush()
    return World(
        organisation=organisation.id,
        person=person.id,
        coalition=coalition.id,
        dossier=dossier.id,
        interaction=interaction.id,
        series=series.id,
        meeting=meeting.id,
        letter=letter.id,
        document=document.id,
        template=template.id,
        merge_job=merge_job.id,
    )


def main_pages(world: World, role: str) -> list[str]:
    """The main pages a user of `role` opens: home, dashboard, every list and a detail page of each kind of record."""
    pages = [
        "/",
        "/dashboard/",
        "/dashboard/network",
        "/organisations/",
        f"/organisations/{world.organisation}",
        f"/organisations/{world.organisation}/timeline",
        f"/organisations/{world.organisation}/history",
        "/people/",
        f"/people/{world.person}",
        f"/people/{world.person}/timeline",
        "/coalitions/",
        f"/coalitions/{world.coalition}",
        "/dossiers/",
        f"/dossiers/{world.dossier}",
        "/interactions/",
        f"/interactions/{world.interaction}",
        "/meetings/",
        f"/meetings/{world.meeting}",
        "/meetings/series/",
        f"/meetings/series/{world.series}",
        "/meetings/actions/overdue",
        "/letters/",
        f"/letters/{world.letter}",
        f"/letters/{world.letter}/versions",
        "/documents/",
        f"/documents/{world.document}",
        "/documents/templates/",
        f"/documents/templates/{world.template}",
        "/documents/templates/builtin/joint_letter",
        "/documents/merge/",
        f"/documents/merge/{world.merge_job}",
        "/my/actions",
        "/account",
        "/search/?q=arts",
    ]
    if role != "viewer":
        pages += [
            f"/dossiers/{world.dossier}/stakeholders",
            f"/dossiers/{world.dossier}/stakeholders/people/{world.person}",
            "/interactions/new",
            "/documents/new",
            "/documents/new/builtin:joint_letter",
            "/documents/new/builtin:position_paper",
            "/documents/new/builtin:minutes",
            "/documents/new/builtin:municipal_call",
            "/letters/new",
            "/organisations/new",
            "/reports/transparency",
            f"/reports/partner/{world.organisation}",
        ]
    if role == "admin":
        pages += ["/admin/users/", "/admin/audit/", "/privacy/", "/privacy/review", f"/privacy/people/{world.person}"]
    return pages
