"""No N+1 on the meeting pages, and the reads the contact log's timelines and "My actions" use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings import queries
from crm.meetings.models import Decision
from tests.factories import AffiliationFactory, CoalitionFactory, DossierFactory, UserFactory
from tests.factories_meetings import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendeeFactory,
    MeetingFactory,
    MeetingSeriesFactory,
)


def statements_for(client, count_statements, url: str) -> int:
    with count_statements() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def populate_meeting(meeting, n: int) -> None:
    for _ in range(n):
        affiliation = AffiliationFactory()
        AttendeeFactory(meeting=meeting, person=affiliation.person, organisation=affiliation.organisation)
        AttendeeFactory(meeting=meeting, person=None, user=UserFactory())
        item = AgendaItemFactory(meeting=meeting, minutes="Notulen **vet**")
        db.session.add(Decision(meeting_id=meeting.id, agenda_item_id=item.id, text="Besluit"))
        db.session.add(Decision(meeting_id=meeting.id, text="Algemeen besluit"))
        ActionItemFactory(meeting=meeting, agenda_item=item)
        ActionItemFactory(meeting=meeting, owner_user=None, owner_person=affiliation.person)
    db.session.flush()


def populate_list(n: int, series) -> None:
    dossier = DossierFactory()
    for i in range(n):
        meeting = MeetingFactory(series=series if i % 2 else None, starts_at=utcnow() + timedelta(days=i - n // 2))
        meeting.dossiers = [dossier]
        AttendeeFactory(meeting=meeting)
    db.session.flush()


@pytest.mark.parametrize("url", ["/meetings/", "/meetings/series/", "/meetings/?q=vergadering&period=upcoming"])
def test_meeting_lists_do_not_grow_with_the_data(client, login_as, count_statements, url):
    login_as("admin")
    series = MeetingSeriesFactory(coalition=CoalitionFactory())
    populate_list(5, series)
    small = statements_for(client, count_statements, url)
    populate_list(40, MeetingSeriesFactory())
    large = statements_for(client, count_statements, url)
    assert large == small <= 12, f"{url}: {small} statements with little data, {large} with more"


def test_meeting_page_does_not_grow_with_attendees_items_and_actions(client, login_as, count_statements):
    me = login_as("lobbyist")
    series = MeetingSeriesFactory()
    earlier = MeetingFactory(series=series, starts_at=utcnow() - timedelta(days=40))
    meeting = MeetingFactory(organiser=me, series=series)
    meeting.dossiers = [DossierFactory()]
    populate_meeting(meeting, 1)
    ActionItemFactory(meeting=earlier)
    small = statements_for(client, count_statements, f"/meetings/{meeting.id}")
    populate_meeting(meeting, 12)
    for _ in range(5):
        ActionItemFactory(meeting=MeetingFactory(series=series, starts_at=utcnow() - timedelta(days=10)))
    large = statements_for(client, count_statements, f"/meetings/{meeting.id}")
    assert large == small <= 16, f"{small} statements with little data, {large} with more"
    series_small = statements_for(client, count_statements, f"/meetings/series/{series.id}")
    populate_list(10, series)
    assert statements_for(client, count_statements, f"/meetings/series/{series.id}") == series_small


def test_timeline_rows_per_scope(db):
    coalition = CoalitionFactory()
    dossier = DossierFactory()
    affiliation = AffiliationFactory()
    in_series = MeetingFactory(series=MeetingSeriesFactory(coalition=coalition))
    own = MeetingFactory(coalition=coalition)
    with_person = MeetingFactory()
    AttendeeFactory(meeting=with_person, person=affiliation.person, organisation=affiliation.organisation)
    with_dossier = MeetingFactory()
    with_dossier.dossiers = [dossier]
    cancelled = MeetingFactory(coalition=coalition, status="cancelled")
    MeetingFactory()
    db.session.flush()

    def ids(scope, record_id, **kwargs):
        rows = db.session.execute(queries.timeline_rows(scope, record_id, **kwargs)).all()
        assert all(row.occurred_at is not None for row in rows)
        return {row.id for row in rows}

    assert ids("coalition", coalition.id) == {in_series.id, own.id}
    assert ids("coalition", coalition.id, include_cancelled=True) == {in_series.id, own.id, cancelled.id}
    assert ids("person", affiliation.person_id) == {with_person.id}
    assert ids("organisation", affiliation.organisation_id) == {with_person.id}
    assert ids("dossier", dossier.id) == {with_dossier.id}
    with pytest.raises(ValueError):
        queries.timeline_rows("planet", 1)


def test_meetings_by_ids_loads_what_a_timeline_row_shows(db, count_statements):
    series = MeetingSeriesFactory(name="Taskforce")
    first = MeetingFactory(series=series)
    second = MeetingFactory()
    for _ in range(3):
        AttendeeFactory(meeting=first)
    db.session.flush()
    ids = [second.id, first.id, 999999]
    expected = [(second.title, None, "planned", 0), (first.title, "Taskforce", "planned", 3)]
    db.session.expire_all()
    with count_statements() as counter:
        found = queries.meetings_by_ids(ids)
        shown = [(m.title, m.series.name if m.series else None, m.status, m.attendee_count) for m in found]
    assert counter.count == 1
    assert shown == expected


def test_my_actions_queries_are_bounded(db, count_statements):
    me = UserFactory()
    for _ in range(10):
        ActionItemFactory(owner_user=me)
    db.session.flush()
    me_id = me.id
    db.session.expire_all()
    with count_statements() as counter:
        items = queries.open_action_items_for(me_id)
        titles = [(i.meeting.title, i.description) for i in items]
    assert counter.count == 1 and len(titles) == 10
    assert db.session.scalar(select(db.func.count()).select_from(queries.meeting_interaction_ids().subquery())) == 0
