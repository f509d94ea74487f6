"""The meetings' part of the dashboard's network: organisations represented at the same meeting.

An organisation is represented at a meeting by an attendee who speaks for it (`meeting_attendees.organisation_id`)
and was not absent or excused; cancelled meetings join nobody. A meeting belongs to a coalition directly or through
its series, as elsewhere on the dashboard; in a period, it counts when it starts in it."""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, exists, or_, select

from crm.common.pairs import NetworkScope, Participants, among, link_counts, pair_counts
from crm.meetings.models import Attendance, Meeting, MeetingAttendee, MeetingSeries, MeetingStatus, meeting_dossiers

NAME = "meeting"
NOT_THERE = (Attendance.ABSENT.value, Attendance.EXCUSED.value)


def _meetings(scope: NetworkScope) -> list:
    conditions = [Meeting.status != MeetingStatus.CANCELLED.value]
    if scope.coalition_id:
        in_series = select(MeetingSeries.id).where(MeetingSeries.coalition_id == scope.coalition_id)
        conditions.append(or_(Meeting.coalition_id == scope.coalition_id, Meeting.series_id.in_(in_series)))
    if scope.dossier_id:
        conditions.append(exists().where(meeting_dossiers.c.meeting_id == Meeting.id,
                                         meeting_dossiers.c.dossier_id == scope.dossier_id))  # fmt: skip
    if scope.start is not None and scope.end is not None:
        conditions += [Meeting.starts_at >= scope.start, Meeting.starts_at < scope.end]
    return conditions


def participants(scope: NetworkScope) -> Participants:
    """(organisation_id, item_id = meeting): the organisations represented at each meeting in scope."""
    return (
        select(MeetingAttendee.organisation_id.label("organisation_id"), MeetingAttendee.meeting_id.label("item_id"))
        .distinct()
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(
            MeetingAttendee.organisation_id.is_not(None),
            MeetingAttendee.attendance.not_in(NOT_THERE),
            *_meetings(scope),
            *among(MeetingAttendee.organisation_id, scope),
        )
    )


def links(scope: NetworkScope) -> Select:
    """(organisation_id, links): the others each organisation meets in the meetings in scope, counted each time."""
    return link_counts(participants(scope), NAME)


def pairs(scope: NetworkScope) -> CompoundSelect:
    """(a, b, weight): two organisations and the number of meetings in scope both were represented at.
    (a, None, items): the ones organisation a shares with another one (crm.common.pairs.pair_counts)."""
    return pair_counts(participants(scope), NAME)
