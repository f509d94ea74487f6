"""The record lists read their filters from the URL the same way: text cut short, ids only when they are ids."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from crm.coalitions.forms import coalition_filters, dossier_filters
from crm.partners.forms import organisation_filters, people_filters


def test_organisation_filters_take_ids_text_and_a_known_status_only():
    args = MultiDict({"q": "x" * 300, "province": "7", "parent": "abc", "owner": "0", "coalition": "3",
                      "status": "bogus", "kind": "ministry", "tag": "t" * 100, "sort": "recent"})  # fmt: skip
    found = organisation_filters(args)
    assert (found.q, found.kind, found.tag) == ("x" * 200, "ministry", "t" * 60)
    assert (found.province_id, found.parent_id, found.owner_id, found.coalition_id) == (7, None, None, 3)
    assert (found.status, found.sort) == ("active", "recent")


def test_people_coalition_and_dossier_filters_default_to_active_by_name():
    people = people_filters(MultiDict({"organisation": "12", "party": "4", "status": "archived"}))
    assert (people.organisation_id, people.party_id, people.coalition_id, people.owner_id) == (12, 4, None, None)
    assert (people.q, people.tag, people.status, people.sort) == ("", "", "archived", "name")
    coalitions = coalition_filters(MultiDict({"dossier": "9"}))
    assert (coalitions.dossier_id, coalitions.status, coalitions.sort) == (9, "active", "name")
    dossiers = dossier_filters(MultiDict({"coalition": "99999999999", "dossier_status": "closed"}))
    assert (dossiers.coalition_id, dossiers.dossier_status) == (None, "closed")
