"""Dossiers watch the Kamer: each rule kind finds what it should and nothing else, a dismissed match stays dismissed
after a re-sync, vote tables add up, and the dossier page and the debate preparation (page and PDF) show it."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from crm.common.errors import ServiceError
from crm.common.time import today
from crm.extensions import db as _db
from crm.parliament import SOURCE
from crm.parliament.models import agenda_item_cases, case_dossiers, decision_cases
from crm.partners.models import Organisation, Person
from crm.watch.matching import announce_new_matches, match_changes
from crm.watch.models import WatchDismissal, WatchMatch
from crm.watch.rules import parse_kamerstuk, parse_keyword
from crm.watch.services import add_rule, dismiss
from crm.watch.votes import vote_tables
from tests import factories_parliament as kp
from tests.factories import DossierFactory, UserFactory
from tests.factories_letters import LetterFactory
from tests.factories_stakeholders import StakeholderPositionFactory
from tests.pdf import text as pdf_text


@pytest.mark.parametrize(
    "typed, key",
    [("36 600 VIII", "36600-VIII"), ("36600-VIII", "36600-VIII"), ("36.600 viii", "36600-VIII"),
     ("Kamerstuk 36600 VIII", "36600-VIII"), ("21 501-34", "21501-34"), ("32820", "32820"),
     ("36600-VIII, nr. 12", "36600-VIII")],
)  # fmt: skip
def test_kamerstuk_numbers_are_read_with_or_without_spaces(typed, key):
    assert parse_kamerstuk(typed).key == key


@pytest.mark.parametrize("typed", ["", "   ", "abc", "36600 VIII extra woorden", "1234567", "0"])
def test_odd_kamerstuk_numbers_are_refused(typed):
    with pytest.raises(ServiceError):
        parse_kamerstuk(typed)


def test_keywords_are_folded_and_literal():
    assert parse_keyword("  Créatieve   Sector ") == ("creatieve sector", "Créatieve Sector")
    assert parse_keyword("cultu.*")[0] == "cultu.*"
    for bad in ("", " ", "ab"):
        with pytest.raises(ServiceError):
            parse_keyword(bad)


def _case(subject: str, *, dossier=None, soort: str = "Motie", **fields):
    case = kp.KamerCaseFactory(subject=subject, title=subject, soort=soort, started_on=date(2026, 3, 1), **fields)
    if dossier is not None:
        _db.session.execute(case_dossiers.insert().values(case_id=case.id, dossier_id=dossier.id))
    return case


def _matched(dossier) -> set[str]:
    return set(_db.session.scalars(select(WatchMatch.item_id).where(WatchMatch.dossier_id == dossier.id)))


@pytest.fixture
def kamer(db):
    """Synthetic Kamer rows: two Kamerstukdossiers, zaken, a committee with an activity and a commitment."""
    budget = kp.KamerDossierFactory(number=36600, addition="VIII")
    other_budget = kp.KamerDossierFactory(number=36600, addition="IX")
    rows = {
        "budget": _case("Amendement over cultuureducatie", dossier=budget, soort="Amendement"),
        "other": _case("Motie over belastingen", dossier=other_budget),
        "accent": _case("Motie over de creatiëve sector en het Appèl"),
        "regex": _case("Motie over cultuur en sport"),
        "plain": _case("Brief over wegen", soort="Brief regering"),
    }
    committee = kp.KamerCommitteeFactory(id=str(uuid.uuid4()), name="Vaste commissie voor OCW", abbreviation="OCW")
    rows["committee_org"] = Organisation(name="Vaste commissie voor OCW", kind="committee", source=SOURCE,
                                         source_id=committee.id)  # fmt: skip
    _db.session.add(rows["committee_org"])
    rows["debate"] = kp.KamerActivityFactory(
        subject="Commissiedebat erfgoed", soort="Commissiedebat", committee_id=committee.id, number="2026A00001",
        sort_at=datetime.combine(today() + timedelta(days=7), datetime.min.time()).replace(hour=9),
    )  # fmt: skip
    rows["elsewhere"] = kp.KamerActivityFactory(subject="Debat over wegen", committee_id=None, number="2026A00002")
    rows["promise"] = kp.KamerCommitmentFactory(text="De minister stuurt een brief over erfgoed.",
                                                activity_number="2026A00001", status="Openstaand",
                                                due_on=today() - timedelta(days=3))  # fmt: skip
    _db.session.flush()
    return rows


def test_each_rule_kind_finds_what_it_should_and_nothing_else(kamer):
    user = UserFactory()
    by_number, by_committee, by_keyword, by_accent = (DossierFactory() for _ in range(4))
    add_rule(by_number, "kamerstuk", text="36 600 VIII", committee_id=None, user=user)
    add_rule(by_committee, "committee", text=None, committee_id=kamer["committee_org"].id, user=user)
    add_rule(by_keyword, "keyword", text="cultu.*", committee_id=None, user=user)
    add_rule(by_accent, "keyword", text="Creatieve", committee_id=None, user=user)
    assert _matched(by_number) == {kamer["budget"].id}  # not 36600-IX
    assert _matched(by_committee) == {kamer["debate"].id, kamer["promise"].id}
    assert _matched(by_keyword) == set()  # taken literally: no zaak says "cultu.*"
    assert _matched(by_accent) == {kamer["accent"].id}
    written_without_spaces = DossierFactory()
    add_rule(written_without_spaces, "kamerstuk", text="36600-viii", committee_id=None, user=user)
    assert _matched(written_without_spaces) == {kamer["budget"].id}


def test_a_kamerstuk_rule_finds_the_activities_with_its_zaken_and_their_commitments(kamer):
    item = kp.KamerAgendaItemFactory(activity_id=kamer["debate"].id, subject="Begroting")
    _db.session.execute(agenda_item_cases.insert().values(agenda_item_id=item.id, case_id=kamer["budget"].id))
    dossier = DossierFactory()
    add_rule(dossier, "kamerstuk", text="36600 VIII", committee_id=None, user=UserFactory())
    assert _matched(dossier) == {kamer["budget"].id, kamer["debate"].id, kamer["promise"].id}


def test_a_dismissed_match_stays_dismissed_after_a_resync(kamer):
    user = UserFactory()
    dossier = DossierFactory()
    add_rule(dossier, "keyword", text="motie", committee_id=None, user=user)
    dismiss(dossier, "case", kamer["regex"].id, user)
    assert announce_new_matches() == 3
    # A sync brings the zaak again (changed) and a new one: matching runs over what changed.
    kamer["regex"].published_at = datetime(2026, 6, 1)
    newer = _case("Motie over musea", published_at=datetime(2026, 6, 1))
    match_changes()
    assert kamer["regex"].id in _matched(dossier) and newer.id in _matched(dossier)
    assert _db.session.scalar(select(WatchDismissal).where(WatchDismissal.item_id == kamer["regex"].id))
    assert announce_new_matches() == 1  # only the new zaak is new
    from crm.watch.queries import dossier_panel

    shown = {m.item.id for ms in dossier_panel(dossier.id, today()).cases.values() for m in ms}
    assert kamer["regex"].id not in shown and newer.id in shown


def _vote(decision, fraction, side, seats, person_id=None):
    return kp.KamerVoteFactory(decision_id=decision.id, fraction_id=fraction.id, actor_name=fraction.abbreviation,
                               soort=side, fraction_size=seats, person_id=person_id)  # fmt: skip


def test_a_vote_table_adds_up_to_the_seats_of_the_fractions_that_voted(kamer):
    decision = kp.KamerDecisionFactory(decision_kind="Stemmen - aangenomen")
    _db.session.execute(decision_cases.insert().values(decision_id=decision.id, case_id=kamer["budget"].id))
    fractions = [kp.KamerFractionFactory(id=str(uuid.uuid4()), abbreviation=name) for name in ("VVD", "PVV", "SP")]
    _vote(decision, fractions[0], "Voor", 24)
    _vote(decision, fractions[1], "Tegen", 37)
    _vote(decision, fractions[2], "Niet deelgenomen", 5)
    (table,) = vote_tables([kamer["budget"].id])[kamer["budget"].id]
    assert (table.for_seats, table.against_seats, table.absent_seats) == (24, 37, 5)
    assert table.total == 24 + 37 + 5 == sum(row.seats for row in table.rows)
    assert table.side_of(fractions[1].id) == "tegen"


def test_the_dossier_page_shows_why_and_escapes_the_kamer(client, login_as, kamer):
    user = login_as("lobbyist")
    dossier = DossierFactory()
    kamer["debate"].subject = "Commissiedebat <script>alert(1)</script> erfgoed"
    add_rule(dossier, "committee", text=None, committee_id=kamer["committee_org"].id, user=user)
    _db.session.flush()
    page = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Vaste commissie voor OCW" in page
    assert "De minister stuurt een brief over erfgoed." in page
    assert "verlopen" in page  # the overdue commitment stands out (Dutch)


def test_bad_rules_get_a_dutch_form_error_never_a_500(client, login_as, kamer):
    login_as("lobbyist")
    dossier = DossierFactory()
    for data in ({"kind": "keyword", "value": " "}, {"kind": "kamerstuk", "value": "drie-zes"},
                 {"kind": "committee", "committee_id": "999999"}, {"kind": "raar", "value": "x"}):  # fmt: skip
        response = client.submit(f"/dossiers/{dossier.id}/watch", data)
        assert response.status_code == 422, data
    page = client.submit(f"/dossiers/{dossier.id}/watch", {"kind": "kamerstuk", "value": "drie-zes"})
    assert "is geen Kamerstuknummer" in page.get_data(as_text=True)
    ok = client.submit(f"/dossiers/{dossier.id}/watch", {"kind": "keyword", "value": "Crëatieve"})
    assert ok.status_code == 302
    assert _matched(dossier) == {kamer["accent"].id}


def test_viewers_cannot_change_what_a_dossier_watches(client, login_as, kamer):
    login_as("viewer")
    dossier = DossierFactory()
    assert client.get(f"/dossiers/{dossier.id}/watch").status_code == 403


def test_the_debate_preparation_pdf_names_the_members_with_their_stances(client, login_as, count_statements):
    from crm.demo.parliament import seed_parliament

    seed_parliament()
    user = login_as("lobbyist")
    dossier = DossierFactory(title="Cultuureducatie met Kwaliteit")
    ocw = _db.session.scalar(select(Organisation).where(Organisation.source == SOURCE,
                                                        Organisation.name.like("%Onderwijs, Cultuur%")))  # fmt: skip
    add_rule(dossier, "committee", text=None, committee_id=ocw.id, user=user)
    terpstra = _db.session.scalar(select(Person).where(Person.source == SOURCE, Person.last_name == "Terpstra"))
    StakeholderPositionFactory(dossier=dossier, person=terpstra, stance="supportive", influence="high")
    letter = LetterFactory(title="Brief aan OCW over cultuureducatie <b>")
    letter.dossiers.append(dossier)
    _db.session.commit()
    page_url = f"/dossiers/{dossier.id}"
    client.get(page_url)
    with count_statements() as counted:
        page = client.get(page_url).get_data(as_text=True)
    # the page's own 8 (one per timeline source that has entries), whether you follow it, and In de Kamer's 6
    assert counted.count <= 15
    assert "Cultuureducatie en het Nationaal Programma Onderwijs" in page  # next week's committee debate
    from crm.parliament.models import KamerActivity

    debate = _db.session.scalar(select(KamerActivity).where(KamerActivity.subject.like("Cultuureducatie en het%")))
    url = f"/parliament/activities/{debate.id}/preparation?dossier={dossier.id}"
    client.get(url)
    with count_statements() as counted:
        prep = client.get(url).get_data(as_text=True)
    assert counted.count <= 15
    assert "Terpstra" in prep and "Steunend" in prep
    assert "Brief aan OCW over cultuureducatie &lt;b&gt;" in prep
    made = client.submit(f"/parliament/activities/{debate.id}/preparation/pdf?dossier={dossier.id}", {}, token_from=url)
    assert made.status_code == 302 and "/documents/" in made.headers["Location"]
    from crm.documents.models import GeneratedDocument

    document = _db.session.scalar(select(GeneratedDocument).order_by(GeneratedDocument.id.desc()))
    text = pdf_text(document.pdf)
    assert "Debatvoorbereiding" in text and "Terpstra" in text and "Steunend" in text
    assert "Brief aan OCW over cultuureducatie <b>" in text  # escaped in the HTML: the PDF shows the text as typed
    assert document.options["report"] == "debate_preparation" and document.dossier_id == dossier.id


def test_the_stakeholder_map_shows_how_parties_voted_beside_our_stance(client, login_as, kamer):
    from crm.stakeholders.queries import stakeholder_map
    from crm.watch.evidence import vote_evidence

    user = login_as("lobbyist")
    dossier = DossierFactory()
    add_rule(dossier, "kamerstuk", text="36 600 VIII", committee_id=None, user=user)
    pvv, vvd = (kp.KamerFractionFactory(id=str(uuid.uuid4()), abbreviation=name) for name in ("PVV", "VVD"))
    for _n in range(3):  # three decisions on the watched amendment; PVV against each, VVD for
        decision = kp.KamerDecisionFactory(decision_kind="Stemmen - verworpen")
        _db.session.execute(decision_cases.insert().values(decision_id=decision.id, case_id=kamer["budget"].id))
        _vote(decision, pvv, "Tegen", 37)
        _vote(decision, vvd, "Voor", 24)
    unwatched = kp.KamerDecisionFactory()  # a decision on a zaak the dossier does not watch: not evidence
    _db.session.execute(decision_cases.insert().values(decision_id=unwatched.id, case_id=kamer["other"].id))
    _vote(unwatched, pvv, "Voor", 37)
    party = Organisation(name="Partij voor de Vrijheid", kind="party", source=SOURCE, source_id=pvv.id)
    _db.session.add(party)
    _db.session.flush()
    StakeholderPositionFactory(dossier=dossier, person=None, organisation=party, stance="supportive")
    evidence = vote_evidence(dossier.id, stakeholder_map(dossier.id).cards, today())
    assert evidence.decisions == 3
    by_name = {p.name: p for p in evidence.parties}
    assert (by_name["PVV"].votes_for, by_name["PVV"].votes_against) == (0, 3) and by_name["PVV"].conflict
    assert (by_name["VVD"].votes_for, by_name["VVD"].votes_against) == (3, 0) and not by_name["VVD"].conflict
    page = client.get(f"/dossiers/{dossier.id}/stakeholders").get_data(as_text=True)
    assert 'class="vote-evidence conflict"' in page and "PVV" in page


def test_overdue_commitments_are_a_dashboard_widget_with_its_filters(client, login_as, kamer):
    user = login_as("director")
    dossier, other = DossierFactory(title="Erfgoed"), DossierFactory(title="Wegen")
    add_rule(dossier, "committee", text=None, committee_id=kamer["committee_org"].id, user=user)
    promise = "De minister stuurt een brief over erfgoed."
    assert promise in client.get("/dashboard/").get_data(as_text=True)
    assert promise in client.get(f"/dashboard/?dossier={dossier.id}").get_data(as_text=True)
    assert promise not in client.get(f"/dashboard/?dossier={other.id}").get_data(as_text=True)
    download = client.get(f"/dashboard/export/commitments.csv?dossier={dossier.id}")
    assert download.status_code == 200 and "erfgoed" in download.get_data(as_text=True)


def test_matched_items_are_on_the_dossier_timeline_until_dismissed(client, login_as, kamer):
    user = login_as("lobbyist")
    dossier = DossierFactory()
    add_rule(dossier, "kamerstuk", text="36 600 VIII", committee_id=None, user=user)
    timeline = client.get(f"/dossiers/{dossier.id}/timeline?tl_kind=parliament").get_data(as_text=True)
    assert "Amendement over cultuureducatie" in timeline and "In de Kamer" in timeline
    dismiss(dossier, "case", kamer["budget"].id, user)
    _db.session.flush()
    timeline = client.get(f"/dossiers/{dossier.id}/timeline?tl_kind=parliament").get_data(as_text=True)
    assert "Amendement over cultuureducatie" not in timeline


def test_the_sync_job_matches_what_changed_and_a_dismissal_outlives_it(db, app, tmp_path, monkeypatch):
    from crm.common.time import utcnow
    from crm.tasks.schedule import make_scheduled_job
    from tests.parliament_server import Kamer, serve_kamer

    server_iter = serve_kamer(tmp_path)
    server = next(server_iter)
    try:
        monkeypatch.setitem(app.config, "PARLIAMENT_API_URL", server.base_url)
        kamer = Kamer(server)
        first = kamer.case(1, "Motie", "Motie over de Créatieve sector")
        kamer.case(2, "Motie", "Motie over wegen")

        def sync_job(minute: int) -> None:
            job_id = make_scheduled_job(app, "parliament_sync", utcnow().replace(second=0) + timedelta(minutes=minute))
            app.extensions["tasks"].enqueue(job_id)  # immediate mode: the job runs here
            db.session.expire_all()

        sync_job(0)
        user = UserFactory()
        dossier = DossierFactory()
        add_rule(dossier, "keyword", text="creatieve", committee_id=None, user=user)
        assert _matched(dossier) == {first}
        dismiss(dossier, "case", first, user)
        db.session.commit()
        kamer.case(1, "Motie", "Motie over de Créatieve sector (gewijzigd)")  # the Kamer changes it
        newer = kamer.case(3, "Motie", "Motie over de creatieve industrie")
        sync_job(1)
        assert _matched(dossier) == {first, newer}
        assert db.session.scalar(select(WatchDismissal.id).where(WatchDismissal.item_id == first)) is not None
        unannounced = db.session.scalars(select(WatchMatch).where(WatchMatch.announced_at.is_(None))).all()
        assert unannounced == []  # the job announced the new match
        from crm.watch.queries import dossier_panel

        shown = {m.item.id for ms in dossier_panel(dossier.id, today()).cases.values() for m in ms}
        assert shown == {newer}
    finally:
        server_iter.close()
