"""Minutes: per agenda item with decisions, every save kept as a version, final minutes locked, admin reopen."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings.models import AgendaItem, Decision, Meeting, MinutesVersion
from tests.factories_meetings import AgendaItemFactory, MeetingFactory
from tests.helpers import count, text_of


def held_meeting(organiser, **fields):
    fields.setdefault("starts_at", (utcnow() - timedelta(days=1)).replace(microsecond=0))
    meeting = MeetingFactory(organiser=organiser, status="held", title="Taskforce 12", **fields)
    opening = AgendaItemFactory(meeting=meeting, position=1, title="Opening")
    routekaart = AgendaItemFactory(meeting=meeting, position=2, title="Routekaart")
    return meeting, opening, routekaart


def minutes_data(meeting_id, based_on, opening, routekaart, **extra):
    data = {
        "based_on": str(based_on),
        f"minutes_{opening.id}": "",
        f"decisions_{opening.id}": "",
        f"minutes_{routekaart.id}": "",
        f"decisions_{routekaart.id}": "",
        "general_decisions": "",
    }
    data.update(extra)
    return data


def test_minutes_are_saved_per_item_with_decisions_and_every_save_is_a_version(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting, opening, routekaart = held_meeting(me)
    url = f"/meetings/{meeting.id}/minutes"
    response = client.submit(
        url,
        minutes_data(
            meeting.id,
            0,
            opening,
            routekaart,
            **{
                f"minutes_{opening.id}": "Welkom door de **voorzitter**.",
                f"minutes_{routekaart.id}": "Bespreking van de routekaart.\n\n- fase 1\n- fase 2",
                f"decisions_{routekaart.id}": "- Input leveren vóór 1 maart\nBrief aan OCW",
                "general_decisions": "Volgende vergadering in april",
            },
        ),
    )
    assert response.status_code == 302, text_of(response)[:500]
    assert count(MinutesVersion) == 1
    decisions = {d.text: d.agenda_item_id for d in db.session.scalars(select(Decision))}
    assert decisions == {
        "Input leveren vóór 1 maart": routekaart.id,
        "Brief aan OCW": routekaart.id,
        "Volgende vergadering in april": None,
    }
    page = client.get(f"/meetings/{meeting.id}")
    assert "<strong>voorzitter</strong>" in page.get_data(as_text=True)  # Markdown rendered
    text = text_of(page)
    assert "Brief aan OCW" in text and "Draft minutes (version 1)." in text

    # Second save changes one item and drops one decision; saving the same again makes no new version.
    second = minutes_data(
        meeting.id,
        1,
        opening,
        routekaart,
        **{
            f"minutes_{opening.id}": "Welkom door de **voorzitter**.",
            f"minutes_{routekaart.id}": "Bespreking van de routekaart, aangepast.",
            f"decisions_{routekaart.id}": "Brief aan OCW",
            "general_decisions": "Volgende vergadering in april",
        },
    )
    client.submit(url, second)
    second["based_on"] = "2"
    client.submit(url, second)
    versions = list(db.session.scalars(select(MinutesVersion).order_by(MinutesVersion.number)))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].content["items"][1]["minutes"].startswith("Bespreking van de routekaart.\n")
    assert versions[1].content["items"][1]["minutes"] == "Bespreking van de routekaart, aangepast."
    assert [d["text"] for d in versions[0].content["decisions"]] == [
        "Input leveren vóór 1 maart",
        "Brief aan OCW",
        "Volgende vergadering in april",
    ]
    assert count(Decision) == 2
    listing = text_of(client.get(f"/meetings/{meeting.id}/minutes/versions"))
    assert "Version 2" in listing and "Version 1" in listing and me.name in listing
    old = text_of(client.get(f"/meetings/{meeting.id}/minutes/versions/1"))
    assert "Bespreking van de routekaart." in old and "Input leveren vóór 1 maart" in old
    assert client.get(f"/meetings/{meeting.id}/minutes/versions/9").status_code == 404


def test_a_stale_minutes_save_is_a_conflict_and_overwrites_nothing(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting, opening, routekaart = held_meeting(me)
    url = f"/meetings/{meeting.id}/minutes"
    client.submit(url, minutes_data(meeting.id, 0, opening, routekaart, **{f"minutes_{opening.id}": "Collega"}))
    response = client.submit(
        url, minutes_data(meeting.id, 0, opening, routekaart, **{f"minutes_{opening.id}": "Mijn tekst"})
    )
    assert response.status_code == 409
    assert "Mijn tekst" in text_of(response)
    assert db.session.get(AgendaItem, opening.id).minutes == "Collega"
    assert count(MinutesVersion) == 1


def test_final_minutes_are_locked_even_for_a_direct_post(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting, opening, routekaart = held_meeting(me)
    url = f"/meetings/{meeting.id}/minutes"
    client.submit(url, minutes_data(meeting.id, 0, opening, routekaart, **{f"minutes_{opening.id}": "Definitief"}))
    assert client.get(f"/meetings/{meeting.id}/minutes/finalise").status_code == 200
    assert db.session.get(Meeting, meeting.id).minutes_status == "draft"  # the GET only asks
    client.submit(f"/meetings/{meeting.id}/minutes/finalise", {})
    final = db.session.get(Meeting, meeting.id)
    assert final.minutes_status == "final" and final.minutes_finalised_by_id == me.id
    assert "Final minutes, locked since" in text_of(client.get(f"/meetings/{meeting.id}"))
    versions_before = count(MinutesVersion)

    token = client.csrf_token(f"/meetings/{meeting.id}")
    attempts = [
        (url, minutes_data(meeting.id, versions_before, opening, routekaart, **{f"minutes_{opening.id}": "Stiekem"})),
        (f"/meetings/{meeting.id}/agenda", {"title": "Extra punt"}),
        (f"/meetings/{meeting.id}/agenda/{opening.id}/edit", {"title": "Anders", "version_id": "1"}),
        (f"/meetings/{meeting.id}/agenda/{routekaart.id}/move", {"direction": "up"}),
        (f"/meetings/{meeting.id}/agenda/{opening.id}/remove", {}),
        (f"/meetings/{meeting.id}/agenda/order", {"item_ids": [str(routekaart.id), str(opening.id)]}),
        (f"/meetings/{meeting.id}/minutes/finalise", {}),
    ]
    for target, data in attempts:
        response = client.post(target, data={**data, "csrf_token": token})
        assert response.status_code == 403, target
        assert "final and locked" in text_of(response)
    assert client.get(url).status_code == 403
    assert db.session.get(AgendaItem, opening.id).minutes == "Definitief"
    assert [i.title for i in db.session.scalars(select(AgendaItem).order_by(AgendaItem.position))] == [
        "Opening",
        "Routekaart",
    ]
    assert count(MinutesVersion) == versions_before


def test_only_an_admin_reopens_final_minutes_with_a_reason_and_it_is_audited(client, login_as, db):
    director = login_as("director", language="en")
    meeting, _opening, _routekaart = held_meeting(director)
    client.submit(f"/meetings/{meeting.id}/minutes/finalise", {}, token_from=f"/meetings/{meeting.id}")
    assert db.session.get(Meeting, meeting.id).minutes_final
    assert client.get(f"/meetings/{meeting.id}/minutes/reopen").status_code == 403
    token = client.csrf_token(f"/meetings/{meeting.id}")
    refused = client.post(f"/meetings/{meeting.id}/minutes/reopen", data={"csrf_token": token, "reason": "Fout"})
    assert refused.status_code == 403
    assert db.session.get(Meeting, meeting.id).minutes_final

    client.post("/logout", data={"csrf_token": client.csrf_token("/account")})
    admin = login_as("admin", language="en")
    no_reason = client.submit(f"/meetings/{meeting.id}/minutes/reopen", {"reason": ""})
    assert no_reason.status_code == 422
    assert db.session.get(Meeting, meeting.id).minutes_final
    response = client.submit(f"/meetings/{meeting.id}/minutes/reopen", {"reason": "Besluit 2 was onjuist genotuleerd."})
    assert response.status_code == 302
    reopened = db.session.get(Meeting, meeting.id)
    assert reopened.minutes_status == "draft" and reopened.minutes_finalised_at is None
    latest = db.session.scalar(select(MinutesVersion).order_by(MinutesVersion.number.desc()))
    assert latest.event == "reopened" and latest.note == "Besluit 2 was onjuist genotuleerd."
    assert latest.author_id == admin.id
    events = list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "meeting", AuditEvent.entity_id == meeting.id)
        )
    )
    assert any(e.changes.get("minutes_status") == ["final", "draft"] and e.actor_id == admin.id for e in events)
    history = text_of(client.get(f"/meetings/{meeting.id}/history"))
    assert "Besluit 2 was onjuist genotuleerd." in history
    assert "Reason for reopening: Besluit 2 was onjuist genotuleerd." in text_of(
        client.get(f"/meetings/{meeting.id}/minutes/versions/{latest.number}")
    )
    # Draft again: the organiser can change the minutes.
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 200


def test_minutes_of_a_meeting_not_held_cannot_be_finalised(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(organiser=me)
    response = client.submit(f"/meetings/{meeting.id}/minutes/finalise", {})
    assert response.status_code == 422
    assert "Mark the meeting as held before finalising its minutes." in text_of(response)
    assert db.session.get(Meeting, meeting.id).minutes_status == "draft"
