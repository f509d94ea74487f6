"""The start page, "My actions", and the counts shown in the navigation (open actions, unread notifications)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, g, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from crm.audit.queries import recent_events
from crm.coalitions import queries as coalition_queries
from crm.common.formatting import day
from crm.common.forms import ConfirmForm
from crm.common.time import today
from crm.extensions import db
from crm.interactions import queries as contact_queries
from crm.meetings import queries as meeting_queries
from crm.notifications import queries as notification_queries
from crm.partners import queries as partner_queries
from crm.permissions import has_permission, requires
from crm.stakeholders.models import POSITION_AUDIT_TYPES

bp = Blueprint("home", __name__)


@bp.app_context_processor
def open_actions():
    """The numbers behind "My actions" and the bell in the navigation, computed only when a template asks for them,
    both in one statement (once per request)."""

    def counts() -> tuple[int, int]:
        if not current_user.is_authenticated:
            return 0, 0
        if "header_counts" not in g:
            both = contact_queries.open_follow_ups_count_query(
                current_user.id
            ) + meeting_queries.open_action_items_count_query(current_user.id)
            unread = notification_queries.unread_count_query(current_user.id)
            row = db.session.execute(select(both.label("actions"), unread.label("unread"))).one()
            g.header_counts = (row.actions or 0, row.unread or 0)
        return g.header_counts

    return {"open_actions_count": lambda: counts()[0], "unread_notifications_count": lambda: counts()[1]}


@bp.get("/")
@requires("registry.read")
def index():
    return render_template(
        "home/index.html",
        counts={
            "organisations": partner_queries.count_active_organisations(),
            "people": partner_queries.count_active_people(),
            "coalitions": coalition_queries.count_active_coalitions(),
            "dossiers": coalition_queries.count_active_dossiers(),
        },
        my_organisations=partner_queries.owned_organisations(current_user.id),
        my_people=partner_queries.owned_people(current_user.id),
        # Stakeholder positions are opinions about people: not even their existence for those who may not read them.
        recent=recent_events(
            limit=12, exclude_types=() if has_permission(current_user, "positions.read") else POSITION_AUDIT_TYPES
        ),
    )


@dataclass
class ActionRow:
    """One line of "My actions": a follow-up of a contact or an action item of a meeting."""

    due: date | None
    what: str
    source: str
    source_url: str
    context: str
    done_url: str
    done_fields: dict[str, str]


def _action_rows() -> list[ActionRow]:
    rows = [
        ActionRow(
            due=i.follow_up_due,
            what=i.follow_up,
            source=i.subject,
            source_url=url_for("interactions.detail", interaction_id=i.id),
            context=", ".join([p.full_name for p in i.people] + [o.name for o in i.organisations]),
            done_url=url_for("interactions.follow_up_done", interaction_id=i.id),
            done_fields={"done": "1"},
        )
        for i in contact_queries.open_follow_ups_for(current_user.id)
    ]
    rows += [
        ActionRow(
            due=item.due_date,
            what=item.description,
            source=item.meeting.title,
            source_url=url_for("meetings.detail", meeting_id=item.meeting_id) + "#action-items",
            context=day(item.meeting.starts_at),
            done_url=url_for("meetings.actions.done", action_item_id=item.id),
            done_fields={},
        )
        for item in meeting_queries.open_action_items_for(current_user.id)
    ]
    return sorted(rows, key=lambda row: (row.due is None, row.due or date.max))


@bp.get("/my/actions")
@requires("account")
def my_actions():
    return render_template("home/my_actions.html", rows=_action_rows(), today=today(), confirm_form=ConfirmForm())
