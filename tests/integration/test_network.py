"""The coalition network: exact links and weights on a known dataset, its filters, the cap, and bad input.

The dataset: five coalitions (one archived, one with a single member), four letters (one withdrawn, one without
signatures), three meetings (one cancelled) with organisations represented by their people.

    coalitions   K1 "Cultuur deel je" (dossier NPO): Kunstenbond, LKCA, Kunsten '92
                 K2 "Zet cultuur op de agenda": Kunstenbond, LKCA, Federatie Cultuur
                 K3 "Taskforce" (dossier Heropening): Kunsten '92, Federatie Cultuur, VNG
                 archived: Kunstenbond and Ongezien; a one-member coalition: Alleen
    letters      L1 (K1, NPO, March): lead Kunstenbond; signed by LKCA and Kunsten '92; VNG only invited
                 L2 (K2, January): lead Kunstenbond; signed by LKCA; Federatie Cultuur declined
                 withdrawn: lead Kunstenbond, signed by LKCA; a draft led by Federatie Cultuur
    meetings     M1 (series of K3, Heropening, March): Kunsten '92, Federatie Cultuur, OCW; VNG excused
                 M2 (May): Kunsten '92 and two people of OCW; cancelled: Kunsten '92 and Federatie Cultuur
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm.dashboard import queries_network
from tests.factories import CoalitionFactory, CoalitionMemberFactory, DossierFactory, OrganisationFactory, UserFactory
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.factories_meetings import AttendeeFactory, MeetingFactory, MeetingSeriesFactory
from tests.helpers import rows_of, text_of


def members(coalition, *organisations) -> None:
    for organisation in organisations:
        CoalitionMemberFactory(coalition=coalition, organisation=organisation)


def meeting(when: datetime, represented: list, *, status: str = "held", **fields):
    held = MeetingFactory(starts_at=when, ends_at=when.replace(hour=when.hour + 2), status=status, **fields)
    for organisation, attendance in represented:
        AttendeeFactory(meeting=held, organisation=organisation, attendance=attendance)
    return held


@pytest.fixture
def known(db):
    lotte = UserFactory(role="lobbyist", name="Lotte Lobby")
    bram = UserFactory(role="lobbyist", name="Bram Beleid")
    npo = DossierFactory(title="Nationaal Programma Onderwijs")
    reopening = DossierFactory(title="Heropening")
    union = OrganisationFactory(name="Kunstenbond", kind="union", owner=lotte)
    lkca = OrganisationFactory(name="LKCA", kind="knowledge_institute")
    k92 = OrganisationFactory(name="Kunsten '92", kind="branch_organisation", owner=lotte)
    federation = OrganisationFactory(name="Federatie Cultuur", kind="branch_organisation", owner=bram)
    vng = OrganisationFactory(name="VNG", kind="municipal_association")
    ocw = OrganisationFactory(name="Ministerie van OCW", kind="ministry")
    unseen, alone = OrganisationFactory(name="Ongezien"), OrganisationFactory(name="Alleen")
    k1 = CoalitionFactory(name="Cultuur deel je", dossiers=[npo])
    k2 = CoalitionFactory(name="Zet cultuur op de agenda")
    k3 = CoalitionFactory(name="Taskforce", dossiers=[reopening])
    archived = CoalitionFactory(name="Oud verband", archived_at=datetime(2025, 1, 1))
    single = CoalitionFactory(name="Eenling")
    members(k1, union, lkca, k92)
    members(k2, union, lkca, federation)
    members(k3, k92, federation, vng)
    members(archived, union, unseen)
    members(single, alone)

    l1 = LetterFactory(status="signing", coalition=k1, lead_organisation=union, dossiers=[npo],
                       created_at=datetime(2026, 3, 5, 10))  # fmt: skip
    for organisation, status in ((lkca, "signed"), (k92, "signed"), (vng, "invited")):
        SignatoryFactory(letter=l1, organisation=organisation, status=status)
    l2 = LetterFactory(status="sent", coalition=k2, lead_organisation=union, created_at=datetime(2026, 1, 10, 10),
                       sent_on=date(2026, 1, 20))  # fmt: skip
    SignatoryFactory(letter=l2, organisation=lkca, status="signed")
    SignatoryFactory(letter=l2, organisation=federation, status="declined")
    withdrawn = LetterFactory(status="withdrawn", lead_organisation=union, created_at=datetime(2026, 3, 6, 10))
    SignatoryFactory(letter=withdrawn, organisation=lkca, status="signed")
    LetterFactory(status="draft", lead_organisation=federation, created_at=datetime(2026, 3, 7, 10))

    series = MeetingSeriesFactory(name="Taskforce-overleg", coalition=k3)
    m1 = meeting(datetime(2026, 3, 10, 9), [(k92, "attended"), (federation, "attended"), (ocw, "attended"),
                                            (vng, "excused")], series=series, dossiers=[reopening])  # fmt: skip
    AttendeeFactory(meeting=m1, person=None, user=lotte, attendance="attended")  # a colleague: no organisation
    meeting(datetime(2026, 5, 5, 9), [(k92, "invited"), (ocw, "invited"), (ocw, "invited")], status="planned")
    meeting(datetime(2026, 3, 12, 9), [(k92, "attended"), (federation, "attended")], status="cancelled")
    return {"k1": k1, "k3": k3, "npo": npo, "reopening": reopening, "union": union, "k92": k92, "alone": alone}


def table(client, query: str = "?period=all") -> list[str]:
    response = client.get(f"/dashboard/network{query}")
    assert response.status_code == 200
    return [row for row in rows_of(response) if not row.startswith("Organisation Relationship owner")]


def test_every_link_with_its_weight_per_source_and_the_relationship_owner(client, login_as, known):
    login_as("director", language="en")
    assert table(client) == [
        "Kunsten '92 Branch organisation Lotte Lobby 5 2 1 2 "
        "Kunstenbond (1 shared coalition, 1 co-signed letter); LKCA (1 shared coalition, 1 co-signed letter); "
        "Federatie Cultuur (1 shared coalition, 1 joint meeting); Ministerie van OCW (2 joint meetings); "
        "VNG (1 shared coalition)",
        "Federatie Cultuur Branch organisation Bram Beleid 5 2 0 1 "
        "Kunsten '92 (1 shared coalition, 1 joint meeting); Kunstenbond (1 shared coalition); "
        "LKCA (1 shared coalition); VNG (1 shared coalition); Ministerie van OCW (1 joint meeting)",
        "Kunstenbond Union Lotte Lobby 3 2 2 0 LKCA (2 shared coalitions, 2 co-signed letters); "
        "Kunsten '92 (1 shared coalition, 1 co-signed letter); Federatie Cultuur (1 shared coalition)",
        "LKCA Knowledge institute — 3 2 2 0 Kunstenbond (2 shared coalitions, 2 co-signed letters); "
        "Kunsten '92 (1 shared coalition, 1 co-signed letter); Federatie Cultuur (1 shared coalition)",
        "Ministerie van OCW Ministry — 2 0 0 2 Kunsten '92 (2 joint meetings); Federatie Cultuur (1 joint meeting)",
        "VNG Association of municipalities — 2 1 0 0 Kunsten '92 (1 shared coalition); "
        "Federatie Cultuur (1 shared coalition)",
    ]


def test_the_drawing_names_everyone_links_to_their_pages_and_shows_the_owner(client, login_as, known):
    login_as("viewer", language="en")  # dashboard.read is every role's
    response = client.get("/dashboard/network?period=all")
    body = response.get_data(as_text=True)
    svg = body.split('<svg class="network"', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and '<title id="network-title">Coalition network</title>' in svg
    # An image holds nothing interactive (WCAG 4.1.2, axe nested-interactive): no links inside role="img"; a click
    # on a circle opens the organisation (data-href, app.js) and the table after the drawing has the real links.
    assert "<a " not in svg and "tabindex" not in svg
    assert f'data-href="/organisations/{known["union"].id}"' in svg
    assert f'<a href="/organisations/{known["union"].id}">' in body.split("</svg>", 1)[1]
    assert "Kunstenbond · LL" in svg and "relationship owner: Lotte Lobby" in svg
    assert svg.count('class="node"') == 6 and "Ongezien" not in svg and "Alleen" not in svg
    # One curve per source of each link: 8 coalition pairs, 3 letter pairs, 3 meeting pairs.
    assert (svg.count("link-coalitions"), svg.count("link-letters"), svg.count("link-meetings")) == (8, 3, 3)
    assert "Kunstenbond – LKCA: 2 co-signed letters" in svg
    assert "6 organisations · 10 links" in text_of(response)
    assert "LL Lotte Lobby" in text_of(response) and "BB Bram Beleid" in text_of(response)


def test_a_coalition_narrows_to_its_members_and_its_letters_and_meetings(client, login_as, known):
    login_as("director", language="en")
    assert table(client, f"?period=all&coalition={known['k1'].id}") == [
        "Kunstenbond Union Lotte Lobby 2 2 1 0 LKCA (2 shared coalitions, 1 co-signed letter); "
        "Kunsten '92 (1 shared coalition, 1 co-signed letter)",
        "LKCA Knowledge institute — 2 2 1 0 Kunstenbond (2 shared coalitions, 1 co-signed letter); "
        "Kunsten '92 (1 shared coalition, 1 co-signed letter)",
        "Kunsten '92 Branch organisation Lotte Lobby 2 1 1 0 Kunstenbond (1 shared coalition, 1 co-signed letter); "
        "LKCA (1 shared coalition, 1 co-signed letter)",
    ]
    # The taskforce's meeting (through its series) counts, but not the ministry: it is no member.
    rows = table(client, f"?period=all&coalition={known['k3'].id}")
    k92 = "Kunsten '92 Branch organisation Lotte Lobby 2 1 0 1 "
    assert k92 + "Federatie Cultuur (1 shared coalition, 1 joint meeting); VNG (1 shared coalition)" in rows
    assert len(rows) == 3 and not any("OCW" in row for row in rows)


def test_a_dossier_narrows_to_its_coalitions_letters_and_meetings(client, login_as, known):
    login_as("director", language="en")
    rows = table(client, f"?period=all&dossier={known['npo'].id}")
    union = "Kunstenbond Union Lotte Lobby 2 1 1 0 LKCA (1 shared coalition, 1 co-signed letter); "
    assert union + "Kunsten '92 (1 shared coalition, 1 co-signed letter)" in rows
    assert len(rows) == 3
    rows = table(client, f"?period=all&dossier={known['reopening'].id}")
    k92 = "Kunsten '92 Branch organisation Lotte Lobby 3 1 0 1 Federatie Cultuur (1 shared coalition, 1 joint meeting);"
    assert k92 + " VNG (1 shared coalition); Ministerie van OCW (1 joint meeting)" in rows
    assert len(rows) == 4


def test_a_period_counts_the_letters_and_meetings_in_it_and_every_shared_coalition(client, login_as, known):
    login_as("director", language="en")
    rows = table(client, "?period=custom&from=2026-03-01&until=2026-03-31")
    union = (
        "Kunstenbond Union Lotte Lobby 3 2 1 0 LKCA (2 shared coalitions, 1 co-signed letter); "
        "Kunsten '92 (1 shared coalition, 1 co-signed letter); Federatie Cultuur (1 shared coalition)"
    )
    assert union in rows
    assert any(row.startswith("Ministerie van OCW Ministry — 2 0 0 1 Kunsten '92 (1 joint meeting)") for row in rows)


def test_the_cap_keeps_the_most_connected_and_says_so(client, login_as, known, monkeypatch):
    network = queries_network.network(limit=3)
    assert [node.name for node in network.nodes] == ["Kunstenbond", "LKCA", "Kunsten '92"]
    assert network.total_nodes == 6 and network.capped  # chosen by links counted per participation: 9, 7, 7
    # Shown by the organisations each is linked to in the drawing (two each), then by the weight of those links.
    assert {(e.a, e.b) for e in network.edges} <= {(n.id, m.id) for n in network.nodes for m in network.nodes}
    monkeypatch.setattr("crm.dashboard.views_network.MAX_NODES", 3)
    login_as("director", language="en")
    text = text_of(client.get("/dashboard/network?period=all"))
    assert "The 3 most connected of 6 linked organisations are shown (at most 3)" in text
    monkeypatch.setattr("crm.dashboard.views_network.MAX_NODES", 60)
    monkeypatch.setattr("crm.dashboard.views_network.MAX_LINKS", 4)
    response = client.get("/dashboard/network?period=all")
    assert "The drawing shows the 4 strongest links; the table lists all 10." in text_of(response)
    svg = response.get_data(as_text=True).split('<svg class="network"', 1)[1].split("</svg>", 1)[0]
    assert "Kunstenbond – LKCA: 2 co-signed letters" in svg  # the strongest pair (4) is drawn
    assert "Federatie Cultuur – VNG" not in svg  # one of the weakest (1) is not


def test_empty_selection_and_bad_filters_never_fail(client, login_as, known):
    login_as("director")  # Dutch, as users see it
    assert "Geen verbindingen voor deze selectie" in text_of(client.get("/dashboard/network?coalition=999999"))
    alone = CoalitionFactory(name="Alleen wij")
    members(alone, known["alone"])
    assert "Geen verbindingen voor deze selectie" in text_of(client.get(f"/dashboard/network?coalition={alone.id}"))
    for query in ("?coalition=abc", "?dossier=-4", "?coalition=99999999999999999999", "?period=nonsense",
                  "?period=custom&from=2026-13-45&until=zomaar", "?from=2026-01-01"):  # fmt: skip
        response = client.get(f"/dashboard/network{query}")
        assert response.status_code == 200, query
        assert "Kunstenbond" in text_of(response), query
    text = text_of(client.get("/dashboard/network?period=custom&from=2026-03-10&until=2026-03-01"))
    assert "Het einde van de periode ligt voor het begin; deze maand wordt getoond." in text


def populate(n: int) -> None:
    """n coalitions of four, n letters with four signatories, n meetings with four organisations."""
    owner = UserFactory()
    for _ in range(n):
        organisations = [OrganisationFactory(owner=owner) for _ in range(4)]
        members(CoalitionFactory(), *organisations)
        letter = LetterFactory(status="sent", lead_organisation=organisations[0])
        for organisation in organisations[1:]:
            SignatoryFactory(letter=letter, organisation=organisation, status="signed")
        meeting(datetime(2026, 3, 10, 9), [(organisation, "attended") for organisation in organisations])


def statements(client, count_statements, url: str) -> int:
    with count_statements() as counter:
        response = client.get(url)
    assert response.status_code == 200 and "Geen verbindingen" not in text_of(response)
    return counter.count


def test_the_number_of_statements_does_not_grow_with_the_data(client, login_as, count_statements):
    login_as("viewer")
    populate(2)
    small = statements(client, count_statements, "/dashboard/network")
    populate(8)
    large = statements(client, count_statements, "/dashboard/network?period=year")
    assert small == large <= 12


def test_the_dashboard_links_to_the_network_with_its_filters(client, login_as, known):
    login_as("viewer")
    body = client.get(f"/dashboard/?period=quarter&coalition={known['k1'].id}").get_data(as_text=True)
    assert f'href="/dashboard/network?period=quarter&amp;coalition={known["k1"].id}">Netwerk</a>' in body
    back = client.get(f"/dashboard/network?period=quarter&coalition={known['k1'].id}").get_data(as_text=True)
    assert f'href="/dashboard/?period=quarter&amp;coalition={known["k1"].id}">Terug naar het dashboard</a>' in back


def test_the_network_shows_the_last_twelve_months_unless_asked_for_all_time(client, login_as, db):
    old, recent = OrganisationFactory(name="Oude Partner"), OrganisationFactory(name="Nieuwe Partner")
    lead = OrganisationFactory(name="Penvoerder")
    long_ago = datetime.combine(date.today() - timedelta(days=400), datetime.min.time())
    letter = LetterFactory(status="sent", lead_organisation=lead, created_at=long_ago, sent_on=long_ago.date())
    SignatoryFactory(letter=letter, organisation=old, status="signed")
    fresh = LetterFactory(status="signing", lead_organisation=lead, created_at=datetime.now() - timedelta(days=3))
    SignatoryFactory(letter=fresh, organisation=recent, status="signed")
    login_as("director", language="en")
    page = text_of(client.get("/dashboard/network"))
    assert "The last 12 months" in page and "Nieuwe Partner" in page and "Oude Partner" not in page
    assert "Oude Partner" in text_of(client.get("/dashboard/network?period=all"))


def test_a_long_name_is_drawn_as_its_acronym_with_the_full_name_behind_it(client, login_as, db):
    long_name = "Landelijk Kenniscentrum Cultuureducatie en Amateurkunst"
    lkca = OrganisationFactory(name=long_name, acronym="LKCA", kind="knowledge_institute")
    members(CoalitionFactory(name="Cultuur deel je"), lkca, OrganisationFactory(name="Kunstenbond"))
    login_as("viewer", language="en")
    body = client.get("/dashboard/network?period=all").get_data(as_text=True)
    svg = body.split('<svg class="network"', 1)[1].split("</svg>", 1)[0]
    assert ">LKCA</text>" in svg and "Landelijk Kenniscentrum C…" not in svg
    assert f"<title>{long_name} (Knowledge institute)" in svg  # the whole name on hover and for screen readers
