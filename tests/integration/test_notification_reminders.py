"""The daily reminders (due and overdue items, signature deadlines in 3 days, tomorrow's meetings) are raised once per
item and day however often the job runs; the meeting briefing (page, PDF, e-mail) shows what to know and never a
stance to a viewer; the weekly digest counts what the dashboard counts for that week."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from flask import current_app

from crm.common import formatting
from crm.common.time import local_to_utc, today, utcnow
from crm.dashboard.period import Period
from crm.dashboard.queries import DashboardFilters, dashboard
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.notifications.digests import week_before
from crm.notifications.models import Notification
from tests import pdf
from tests.factories import (
    AffiliationFactory,
    CoalitionMemberFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.factories_meetings import ActionItemFactory, AgendaItemFactory, AttendeeFactory, MeetingFactory
from tests.factories_stakeholders import StakeholderPositionFactory
from tests.helpers import text_of
from tests.integration.test_letters_record import smtp_server  # noqa: F401 (a fixture)
from tests.integration.test_notification_mail import mail_on, parsed, parts, run_job, signed_in  # noqa: F401


def titles(user) -> list[str]:
    return [n.title for n in db.session.query(Notification).filter_by(user_id=user.id).order_by(Notification.id)]


def tomorrow_meeting(organiser, colleague):
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    starts = local_to_utc(datetime.combine(today() + timedelta(days=1), time(10, 0)), zone)
    dossier = DossierFactory(title="Heropening")
    meeting = MeetingFactory(title="Taskforce cultuur", starts_at=starts, ends_at=starts + timedelta(hours=1),
                             organiser=organiser, dossiers=[dossier])  # fmt: skip
    affiliation = AffiliationFactory(person__first_name="Peter", person__last_name="de Groot",
                                     organisation=OrganisationFactory(name="Ministerie van OCW"),
                                     role="Directeur Kunst en Cultuur")  # fmt: skip
    AttendeeFactory(meeting=meeting, person=affiliation.person, organisation=affiliation.organisation)
    AttendeeFactory(meeting=meeting, person=None, user=colleague)
    AgendaItemFactory(meeting=meeting, title="Routekaart heropening")
    StakeholderPositionFactory(dossier=dossier, person=affiliation.person, stance="supportive")
    InteractionFactory(subject="Bellen over de routekaart", organisations=[affiliation.organisation],
                       people=[affiliation.person], users=[colleague], created_by=colleague,
                       occurred_at=utcnow() - timedelta(days=3))  # fmt: skip
    return meeting


def test_reminders_are_raised_once_per_item_and_day(db):
    day = today()
    doer, organiser, attendee, lead = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    InteractionFactory(follow_up="Nabellen OCW", follow_up_owner=doer, follow_up_due=day)
    InteractionFactory(follow_up="Notitie sturen", follow_up_owner=doer, follow_up_due=day - timedelta(days=2))
    InteractionFactory(follow_up="Klaar", follow_up_owner=doer, follow_up_due=day, follow_up_done_at=utcnow())
    ActionItemFactory(description="Cijfers aanleveren", owner_user=doer, due_date=day)
    letter = LetterFactory(status="signing", title="Brief NPO", created_by=lead,
                           signature_deadline=day + timedelta(days=3))  # fmt: skip
    SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="LKCA"))
    SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="Kunstenbond"), status="signed",
                     signer_name="A", signed_sha256=letter.current_sha256)  # fmt: skip
    LetterFactory(status="signing", created_by=lead, signature_deadline=day + timedelta(days=4))
    tomorrow_meeting(organiser, attendee)

    run_job("notification_reminders", day=day.isoformat())
    run_job("notification_reminders", day=day.isoformat())  # twice a day (a retry, a second worker): once

    assert sorted(titles(doer)) == sorted([
        "Vervolgactie moet vandaag af: Nabellen OCW",
        f"Vervolgactie te laat sinds {formatting.day(day - timedelta(days=2))}: Notitie sturen",
        "Actiepunt moet vandaag af: Cijfers aanleveren",
    ])  # fmt: skip
    assert titles(lead) == ["Over 3 dagen sluit de ondertekening van “Brief NPO”; nog niet ondertekend: LKCA"]
    assert titles(organiser) == titles(attendee) == ["Briefing voor het overleg van morgen: Taskforce cultuur"]
    run_job("notification_reminders", day=(day + timedelta(days=1)).isoformat())
    assert len(titles(doer)) == 6  # the next day each open item is reminded again, once


def test_the_briefing_page_shows_what_to_know_and_never_a_stance_to_a_viewer(app, client, login_as):
    colleague = login_as("lobbyist", name="Marieke")
    meeting = tomorrow_meeting(UserFactory(), colleague)
    page = text_of(client.get(f"/meetings/{meeting.id}/briefing"))
    assert "Routekaart heropening" in page
    assert "Peter de Groot" in page and "Ministerie van OCW" in page and "Directeur Kunst en Cultuur" in page
    assert "Marieke" in page and "Bellen over de routekaart" in page
    assert "Heropening: Steunend" in page
    viewer = signed_in(app, UserFactory(role="viewer"))
    seen = text_of(viewer.get(f"/meetings/{meeting.id}/briefing"))
    assert "Peter de Groot" in seen and "Steunend" not in seen and "Standpunt" not in seen

    made = client.submit(f"/meetings/{meeting.id}/briefing/pdf", {}, token_from=f"/meetings/{meeting.id}/briefing")
    assert made.status_code == 302 and "/documents/" in made.headers["Location"]
    document = db.session.query(GeneratedDocument).order_by(GeneratedDocument.id.desc()).first()
    printed = pdf.text(document.pdf)
    assert "Taskforce cultuur" in printed and "Peter de Groot" in printed and "Routekaart heropening" in printed


def test_the_briefing_arrives_by_mail_the_day_before(app, mail_on):  # noqa: F811
    attendee = UserFactory(email="marieke@cc.test", name="Marieke")
    meeting = tomorrow_meeting(UserFactory(email="org@cc.test"), attendee)
    run_job("notification_reminders", day=today().isoformat())
    message = next(parsed(e) for e in mail_on.messages if e.rcpt_tos == ["marieke@cc.test"])
    text, html = parts(message)
    for shown in ("Routekaart heropening", "Peter de Groot", "Ministerie van OCW", "Heropening: Steunend"):
        assert shown in text and shown in html, shown
    link = re.search(r"Openen in Bondgenoot: (\S+)", text).group(1)
    assert link.endswith(f"/meetings/{meeting.id}/briefing")
    assert "Peter de Groot" in text_of(signed_in(app, attendee).get(link))
    assert len(mail_on.messages) == 2  # organiser and attendee, once each


def test_the_weekly_digest_counts_what_the_dashboard_counts_for_that_week(app, mail_on):  # noqa: F811
    director = UserFactory(role="director", email="directeur@cc.test")
    UserFactory(role="lobbyist")  # not a director: no weekly digest
    monday, sunday = week_before(today())
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    for offset in (0, 2, 6):
        InteractionFactory(occurred_at=local_to_utc(datetime.combine(monday + timedelta(days=offset), time(12)), zone),
                           dossiers=[dossier])  # fmt: skip
    InteractionFactory(occurred_at=local_to_utc(datetime.combine(sunday + timedelta(days=1), time(0, 30)), zone))
    LetterFactory(status="sent", sent_on=monday + timedelta(days=1))
    CoalitionMemberFactory(organisation=OrganisationFactory(name="Vergeten Fonds", owner=director))

    run_job("digest_weekly", day=today().isoformat())
    run_job("digest_weekly", day=today().isoformat())
    [envelope] = mail_on.messages
    message = parsed(envelope)
    text, html = parts(message)
    board = dashboard(Period("custom", monday, sunday), DashboardFilters(), zone=zone, now=utcnow(), today=today())
    assert board.contacts == 3
    assert re.search(r'data-count="contacts"><strong>(\d+)<', html).group(1) == str(board.contacts)
    assert f"Contacten: {board.contacts}" in text and "Brieven verstuurd: 1" in text
    row = next(r for r in board.dossiers if r.title == "Nationaal Programma Onderwijs")
    assert f"Nationaal Programma Onderwijs: {row.contacts} / {row.meetings} / {row.letters}" in text
    assert "Vergeten Fonds" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
