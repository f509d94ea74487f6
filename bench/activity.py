"""The contact log and meetings on top of a generated registry, from one random seed.

`generate_activity(registry, interactions, meetings)` adds exactly that many interactions and meetings, spread over
the three years before today. bench/cast.py picks who is involved; bench/contacts.py, bench/meetings.py and
bench/meeting_rows.py make the rest. The dates are relative to the day of the run, so "overdue", "last 90 days" and
"last 14 days" keep their meaning; the same seed on the same day gives the same data. Auditing is off and the rows
go in as bulk inserts.

Planted at every size alike: the measuring lobbyist's open follow-ups and action items ("My actions" lists the same
work), and the focus person's and organisation's contacts and meetings (their detail pages do the same work).
The busiest organisation and person, by timeline entries, are found afterwards: their timeline pages grow with the
data, as they should (of the busiest, the first whose newest page shows both contacts and meetings).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass

import config
from bench.cast import Cast, load_cast
from bench.contacts import Contact, focus_contacts, insert_contacts, plant_open_follow_ups, random_contact
from bench.generate import Dataset
from bench.letters import insert_letters
from bench.meeting_rows import insert_meetings
from bench.meetings import PlannedMeeting, focus_meetings, meeting_contacts, plan_meetings
from crm import create_app
from crm.audit.context import auditing_disabled
from crm.extensions import db
from crm.timeline.queries import TimelineFilters, timeline_page

TIMELINE_PAGE = 25  # entries on a timeline page (crm.timeline.queries.timeline_page)


@dataclass(frozen=True)
class Activity:
    interactions: int
    meetings: int
    lobbyist_id: int
    open_follow_ups: int  # the lobbyist's
    open_action_items: int  # the lobbyist's
    busiest_organisation_id: int
    busiest_organisation_entries: int  # on its timeline (as the app counts them)
    busiest_person_id: int
    busiest_person_entries: int
    busiest_person_organisation_id: int  # where the busiest person works: the quick-log test logs a call with them
    letters: int
    focus_letter_id: int  # collecting signatures from ten organisations: the letter page
    seconds: float


def generate_activity(registry: Dataset, interactions: int, meetings: int, letters: int, seed: int = 7) -> Activity:
    started = time.perf_counter()
    app = create_app(config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=registry.database_url)
    with app.app_context():
        try:
            with auditing_disabled():
                cast = load_cast(random.Random(seed), registry)
                planned_focus = focus_meetings(cast)
                series, planned = plan_meetings(cast, meetings - len(planned_focus))
                planned += planned_focus
                contacts = meeting_contacts(planned, series) + focus_contacts(cast)
                if len(contacts) > interactions:
                    raise ValueError(f"{interactions} interactions are fewer than the meetings' own {len(contacts)}")
                contacts += [random_contact(cast) for _ in range(interactions - len(contacts))]
                open_follow_ups = plant_open_follow_ups(contacts, cast)
                insert_contacts(contacts)
                open_action_items = insert_meetings(cast, series, planned)
                db.session.commit()
            organisations, people = _timeline_entries(contacts, planned, cast)
            busiest_organisation, busiest_person = _busiest(organisations), _busiest(people)
            with auditing_disabled():
                leave_alone = {cast.focus_organisation_id, busiest_organisation}
                focus_letter = insert_letters(cast, letters, leave_alone)
                db.session.commit()
            return Activity(
                interactions=interactions,
                meetings=meetings,
                lobbyist_id=cast.lobbyist_id,
                open_follow_ups=open_follow_ups,
                open_action_items=open_action_items,
                busiest_organisation_id=busiest_organisation,
                busiest_organisation_entries=_entries("organisation", busiest_organisation),
                busiest_person_id=busiest_person,
                busiest_person_entries=_entries("person", busiest_person),
                busiest_person_organisation_id=cast.employer[busiest_person],
                letters=letters,
                focus_letter_id=focus_letter,
                seconds=time.perf_counter() - started,
            )
        finally:
            db.session.remove()
            db.engine.dispose()


def _timeline_entries(contacts: list[Contact], meetings: list[PlannedMeeting], cast: Cast) -> tuple[dict, dict]:
    """(moment, kind) of the timeline entries per organisation and per person, focus records left out: contacts
    (but not those standing for a meeting, whose meeting is shown instead) and meetings that were not cancelled."""
    organisations: dict[int, list] = defaultdict(list)
    people: dict[int, list] = defaultdict(list)
    for contact in contacts:
        if not contact.for_meeting:
            for organisation in contact.organisations:
                organisations[organisation].append((contact.occurred_at, "contact"))
            for person in contact.people:
                people[person].append((contact.occurred_at, "contact"))
    for meeting in meetings:
        if meeting.held:
            for organisation in {organisation for _, organisation in meeting.people}:
                organisations[organisation].append((meeting.starts_at, "meeting"))
            for person, _ in meeting.people:
                people[person].append((meeting.starts_at, "meeting"))
    organisations.pop(cast.focus_organisation_id, None)
    for person in cast.focus_employers:
        people.pop(person, None)
    return organisations, people


def _busiest(entries: dict[int, list]) -> int:
    """The record with the most timeline entries whose first page shows contacts and meetings alike: the page then
    runs both loaders at every size (a kind missing from the page skips its statement, which is no N+1)."""
    for record, items in sorted(entries.items(), key=lambda item: (-len(item[1]), item[0])):
        first_page = sorted(items, reverse=True)[:TIMELINE_PAGE]
        if {kind for _, kind in first_page} == {"contact", "meeting"}:
            return record
    return max(entries, key=lambda record: len(entries[record]))


def _entries(scope: str, record_id: int) -> int:
    return timeline_page(scope, record_id, TimelineFilters()).total
