"""The stakeholder map of a dossier: exact cards in exact cells, the table view, the high-influence stakeholders
not contacted in the period (at its edges), the dashboard's query across dossiers, and statement counts."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta

from crm.common.time import utcnow
from crm.stakeholders.queries import contact_since, high_influence_not_contacted
from tests.factories import (
    AffiliationFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.factories_stakeholders import StakeholderPositionFactory
from tests.helpers import listed, text_of

CARD_NAME = re.compile(r'<p class="card-name"><a href="[^"]+">([^<]+)</a>')


def cell(response, influence: str, stance: str) -> list[str]:
    body = response.get_data(as_text=True)
    match = re.search(rf'<td id="cell-{influence}-{stance}"[^>]*>(.*?)</td>', body, flags=re.S)
    assert match, f"no cell {influence}/{stance}"
    return [html.unescape(name) for name in CARD_NAME.findall(match.group(1))]


def person(first: str, last: str, **fields):
    return PersonFactory(first_name=first, last_name=last, **fields)


def test_the_grid_places_each_current_position_in_its_cell(client, login_as):
    login_as("lobbyist")
    owner = UserFactory(name="Lotte Lobby")
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    hofstede = person("Gerrit", "Hofstede", owner=owner)
    StakeholderPositionFactory(dossier=dossier, person=hofstede, influence="high", stance="supportive", interest="low")
    terpstra = person("Annemijn", "Terpstra")
    StakeholderPositionFactory(
        dossier=dossier, person=terpstra, influence="high", stance="critical", observed_on=date(2026, 2, 10)
    )
    StakeholderPositionFactory(
        dossier=dossier,
        person=terpstra,
        influence="high",
        stance="neutral",
        observed_on=date(2026, 3, 12),
        source="werkbezoek",
    )
    # A stakeholder with higher interest comes first in the same cell.
    zandbergen = person("Pieter", "Zandbergen")
    StakeholderPositionFactory(
        dossier=dossier, person=zandbergen, influence="high", stance="supportive", interest="high"
    )
    vng = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG")
    StakeholderPositionFactory(dossier=dossier, person=None, organisation=vng, influence="low", stance="opposed")
    StakeholderPositionFactory(dossier=dossier, person=person("Ilse", "Wouden"), influence="medium", stance="unknown")
    StakeholderPositionFactory(
        dossier=dossier, person=person("Oud", "Lid", archived_at=utcnow()), influence="high", stance="supportive"
    )
    StakeholderPositionFactory(person=person("Ander", "Dossier"), influence="high", stance="supportive")
    InteractionFactory(people=[hofstede], occurred_at=datetime(2026, 3, 3, 10, 0))

    response = client.get(f"/dossiers/{dossier.id}/stakeholders")
    assert response.status_code == 200
    grid = {
        (influence, stance): cell(response, influence, stance)
        for influence in ("high", "medium", "low")
        for stance in ("supportive", "neutral", "critical", "opposed", "unknown")
    }
    filled = {key: names for key, names in grid.items() if names}
    assert filled == {
        ("high", "supportive"): ["Pieter Zandbergen", "Gerrit Hofstede"],
        ("high", "neutral"): ["Annemijn Terpstra"],
        ("medium", "unknown"): ["Ilse Wouden"],
        ("low", "opposed"): ["Vereniging van Nederlandse Gemeenten (VNG)"],
    }
    page = text_of(response)
    assert "Gerrit Hofstede Belang laag Relatiebeheerder Lotte Lobby Laatste contact 3 mrt 2026" in page
    assert "Annemijn Terpstra Belang middel Relatiebeheerder nog niemand Laatste contact nooit" in page
    assert "van kritisch naar neutraal (12 mrt 2026)" in page
    assert "1 gearchiveerde stakeholder met een standpunt wordt niet getoond." in page
    assert "Steunend 2 · Neutraal 1 · Kritisch 0 · Tegen 1 · Onbekend 1" in page


def test_the_table_view_lists_the_same_cards_by_influence_and_stance(client, login_as):
    login_as("director")
    dossier = DossierFactory()
    StakeholderPositionFactory(
        dossier=dossier, person=person("Noor", "Achterveld"), influence="low", stance="supportive"
    )
    StakeholderPositionFactory(
        dossier=dossier,
        person=person("Ruben", "Stellingwerf"),
        influence="high",
        stance="opposed",
        source="Corona Gids",
    )
    rows = listed(client.get(f"/dossiers/{dossier.id}/stakeholders?view=table"))
    assert rows.index("Ruben Stellingwerf Hoog Tegen Middel nog niemand nooit 15 jan 2026 Corona Gids") < rows.index(
        "Noor Achterveld Laag Steunend Middel"
    )


def test_not_contacted_lists_exact_names_per_period(client, login_as):
    login_as("lobbyist")
    dossier = DossierFactory()
    now = utcnow()

    def stakeholder(name: str, days_ago: int | None, influence: str = "high"):
        p = person(name, "Test")
        StakeholderPositionFactory(dossier=dossier, person=p, influence=influence)
        if days_ago is not None:
            InteractionFactory(people=[p], occurred_at=now - timedelta(days=days_ago))
        return p

    stakeholder("Recent", 10)
    stakeholder("Maand", 45)
    stakeholder("Kwartaal", 120)
    stakeholder("Nooit", None)
    stakeholder("Middel", None, influence="medium")  # not high: never listed
    vng = OrganisationFactory(name="VNG")
    StakeholderPositionFactory(dossier=dossier, person=None, organisation=vng, influence="high")
    InteractionFactory(organisations=[vng], occurred_at=now - timedelta(days=200))

    def flat(days: int | None) -> list[str]:
        url = f"/dossiers/{dossier.id}/stakeholders" + (f"?days={days}" if days else "")
        section = client.get(url).get_data(as_text=True).split('id="not-contacted-heading"')[1]
        return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', section)

    assert flat(30) == ["Nooit Test", "VNG", "Kwartaal Test", "Maand Test"]  # never first, then the longest ago
    assert flat(None) == flat(90) == ["Nooit Test", "VNG", "Kwartaal Test"]  # 90 days is the default
    assert flat(180) == ["Nooit Test", "VNG"]
    assert flat(7) == flat(90)  # an unknown period falls back to the default


def test_not_contacted_at_the_exact_edge_of_the_period(db):
    dossier = DossierFactory()
    since = datetime(2026, 6, 1, 10, 0)
    at_edge, just_before = person("Op", "Grens"), person("Net", "Ervoor")
    for p, moment in ((at_edge, since), (just_before, since - timedelta(seconds=1))):
        StakeholderPositionFactory(dossier=dossier, person=p, influence="high")
        InteractionFactory(people=[p], occurred_at=moment)
    found = high_influence_not_contacted(dossier.id, since, 10)
    assert [(n.name, n.last_contact) for n in found] == [("Net Ervoor", since - timedelta(seconds=1))]


def test_the_period_starts_at_midnight_in_amsterdam():
    now = datetime(2026, 7, 20, 22, 30)  # 00:30 on 21 July in Amsterdam (summer time)
    assert contact_since(90, now, "Europe/Amsterdam") == datetime(2026, 4, 21, 22, 0)  # 22 April, 00:00 local


def test_the_dashboard_query_across_dossiers(db, count_statements):
    npo = DossierFactory(title="Nationaal Programma Onderwijs")
    heropening = DossierFactory(title="Heropening en routekaart")
    closed = DossierFactory(title="Gesloten dossier", status="closed")
    owner = UserFactory(name="Daphne Directeur")
    hofstede = AffiliationFactory(
        person__first_name="Gerrit",
        person__last_name="Hofstede",
        person__owner=owner,
        role="Voorzitter",
        organisation__name="Vaste commissie OCW",
        organisation__acronym="cie. OCW",
    ).person
    StakeholderPositionFactory(dossier=npo, person=hofstede, influence="high", stance="critical")
    StakeholderPositionFactory(dossier=heropening, person=hofstede, influence="high", stance="supportive")
    # Once high, now medium: the current position counts.
    StakeholderPositionFactory(
        dossier=heropening, person=(was := person("Was", "Hoog")), influence="high", observed_on=date(2026, 1, 1)
    )
    StakeholderPositionFactory(dossier=heropening, person=was, influence="medium", observed_on=date(2026, 2, 1))
    StakeholderPositionFactory(dossier=closed, person=person("Gesloten", "Dossier"), influence="high")
    lkca = OrganisationFactory(name="LKCA")
    StakeholderPositionFactory(dossier=npo, person=None, organisation=lkca, influence="high", stance="supportive")
    InteractionFactory(organisations=[lkca], occurred_at=datetime(2026, 1, 10))
    since = datetime(2026, 3, 1)

    with count_statements() as counter:
        found = high_influence_not_contacted(None, since, 10)
    assert counter.count <= 3
    assert [(n.kind, n.name, n.detail, n.owner_name, n.last_contact) for n in found] == [
        ("person", "Gerrit Hofstede", "Voorzitter, cie. OCW", "Daphne Directeur", None),
        ("organisation", "LKCA", "Culturele instelling", None, datetime(2026, 1, 10)),
    ]
    assert [(d.title, d.stance) for d in found[0].dossiers] == [
        ("Heropening en routekaart", "supportive"),
        ("Nationaal Programma Onderwijs", "critical"),
    ]
    assert [n.name for n in high_influence_not_contacted(None, since, 1)] == ["Gerrit Hofstede"]
    assert [n.name for n in high_influence_not_contacted(npo.id, since, 10)] == ["Gerrit Hofstede", "LKCA"]
    assert high_influence_not_contacted(npo.id, datetime(2026, 1, 1), 10)[0].name == "Gerrit Hofstede"
    assert [n.name for n in high_influence_not_contacted(npo.id, datetime(2026, 1, 1), 10)] == ["Gerrit Hofstede"]


def populate(dossier, n: int) -> None:
    owner = UserFactory()
    stances = ("supportive", "neutral", "critical", "opposed", "unknown")
    for i in range(n):
        affiliation = AffiliationFactory(person__owner=owner)
        p = affiliation.person
        StakeholderPositionFactory(
            dossier=dossier, person=p, stance=stances[i % 5], influence="high", observed_on=date(2026, 1, 1)
        )
        StakeholderPositionFactory(
            dossier=dossier, person=p, stance=stances[(i + 1) % 5], influence="high", observed_on=date(2026, 2, 1)
        )
        org = OrganisationFactory(owner=owner)
        StakeholderPositionFactory(dossier=dossier, person=None, organisation=org, influence="low")
        InteractionFactory(people=[p], organisations=[org], occurred_at=utcnow() - timedelta(days=200 - i))


def test_the_map_page_does_not_grow_with_the_number_of_stakeholders(client, login_as, count_statements):
    login_as("lobbyist")
    dossier = DossierFactory()
    populate(dossier, 3)
    urls = [f"/dossiers/{dossier.id}/stakeholders", f"/dossiers/{dossier.id}/stakeholders?view=table&days=180"]

    def statements() -> list[int]:
        counts = []
        for url in urls:
            with count_statements() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    small = statements()
    populate(dossier, 20)
    large = statements()
    assert large == small
    assert max(large) <= 10, large


def test_detail_pages_with_stances_stay_within_their_budget(client, login_as, count_statements):
    """Person and organisation pages add exactly one statement for those who may read positions, none for viewers."""
    dossier = DossierFactory()
    org = OrganisationFactory()
    p = AffiliationFactory(organisation=org).person
    StakeholderPositionFactory(dossier=dossier, person=p)
    StakeholderPositionFactory(dossier=dossier, person=None, organisation=org)
    pages = [f"/organisations/{org.id}", f"/people/{p.id}", f"/dossiers/{dossier.id}"]

    def statements() -> list[int]:
        counts = []
        for url in pages:
            with count_statements() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    login_as("viewer")
    as_viewer = statements()
    client.post("/logout", data={"csrf_token": client.csrf_token("/account")})
    login_as("lobbyist")
    small = statements()
    for _ in range(10):
        StakeholderPositionFactory(person=p)  # other dossiers
        StakeholderPositionFactory(person=None, organisation=org)
        StakeholderPositionFactory(dossier=dossier)
    large = statements()
    assert large == small
    assert [a - b for a, b in zip(large, as_viewer, strict=True)] == [1, 1, 1]
    assert max(large[:2]) <= 12, large
