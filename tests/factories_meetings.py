"""factory_boy factories for the meetings domain (bound to the test's session through tests.factories.bind)."""

from __future__ import annotations

from datetime import timedelta

import factory

from crm.common.time import utcnow
from crm.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendee,
    MeetingSeries,
    MinutesVersion,
)
from crm.meetings.models_calendar import CalendarFeed
from tests.factories import Base, PersonFactory, UserFactory


class MeetingSeriesFactory(Base):
    class Meta:
        model = MeetingSeries

    name = factory.Sequence(lambda n: f"Overleg {n}")


class MeetingFactory(Base):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Vergadering {n}")
    starts_at = factory.LazyFunction(lambda: (utcnow() + timedelta(days=7)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    organiser = factory.SubFactory(UserFactory)
    status = "planned"


class AttendeeFactory(Base):
    class Meta:
        model = MeetingAttendee

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    attendance = "invited"


class AgendaItemFactory(Base):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agendapunt {n}")


class DecisionFactory(Base):
    class Meta:
        model = Decision

    meeting = factory.SelfAttribute("agenda_item.meeting")
    agenda_item = factory.SubFactory(AgendaItemFactory)
    text = factory.Sequence(lambda n: f"Besluit {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        meeting = kwargs.pop("meeting")
        kwargs["meeting_id"] = meeting.id
        return super()._create(model_class, *args, **kwargs)


class ActionItemFactory(Base):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Actiepunt {n}")
    owner_user = factory.SubFactory(UserFactory)
    status = "open"


class MinutesVersionFactory(Base):
    class Meta:
        model = MinutesVersion

    meeting_id = factory.LazyFunction(lambda: MeetingFactory().id)
    number = 1
    content = factory.LazyFunction(lambda: {"status": "draft", "items": [], "decisions": []})


class CalendarFeedFactory(Base):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


def sample_meeting_arguments() -> dict:
    """URL arguments for every meetings route (access matrix): a held meeting organised by someone else, with a
    series, an agenda item, an external attendee, an action item of another colleague, a minutes version, and a
    calendar feed token."""
    from crm.meetings.services_calendar import renew_feed

    organiser = UserFactory()
    series = MeetingSeriesFactory()
    meeting = MeetingFactory(
        organiser=organiser,
        series=series,
        status="held",
        starts_at=(utcnow() - timedelta(days=2)).replace(microsecond=0),
    )
    item = AgendaItemFactory(meeting=meeting, position=1)
    attendee = AttendeeFactory(meeting=meeting)
    action = ActionItemFactory(meeting=meeting, owner_user=organiser)
    MinutesVersionFactory(meeting_id=meeting.id, number=1)
    _feed, token = renew_feed(UserFactory().id)
    return {
        "meeting_id": meeting.id,
        "series_id": series.id,
        "item_id": item.id,
        "attendee_id": attendee.id,
        "action_item_id": action.id,
        "number": 1,
        "token": token,
    }
