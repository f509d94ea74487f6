"""Demo joint letters from the organisation's own account, in different states, with their signatories.

The letter for the Tweede Kamer debate on the Nationaal Programma Onderwijs (with LKCA) went out and was answered;
the call to municipalities (with the Kunstenbond and AVV) is collecting signatures; the "New Creative Deal" guide
(with Kunsten '92) is in review. Everything goes through the letter services, so the history and the record (the
final PDF of the sent letter, its contact-log entry) are as real as a user's.
"""

from __future__ import annotations

from datetime import timedelta

from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.common.time import today
from crm.extensions import db
from crm.letters import services, services_sending, services_signing
from crm.letters.models import LetterStatus
from crm.letters.services import LetterInput
from crm.partners.models import Organisation
from crm.partners.services import OrganisationRef

LOBBYIST = "lobbyist@bondgenoot.test"
DIRECTOR = "directeur@bondgenoot.test"

NPO_BODY = """\
Op 18 maart spreekt u met de minister over de voortgang van het Nationaal Programma Onderwijs (NPO). Wij schrijven \
u als Cultuurconnectie en het Landelijk Kenniscentrum Cultuureducatie en Amateurkunst (LKCA) om u te vragen \
cultuureducatie een vaste plek te geven in de herstelplannen van scholen.

## Wat er speelt

Scholen kiezen uit de ‘menukaart’ van het NPO de interventies die hun leerlingen het meest helpen. Kunst- en \
cultuuronderwijs staat daar nauwelijks op, terwijl muziek, dans, theater en beeldende vorming bijdragen aan het \
welbevinden en de sociale ontwikkeling van leerlingen.[^1]

## Wat wij vragen

- Neem kunst- en cultuuronderwijs uitdrukkelijk op in de menukaart van het NPO.
- Maak het scholen mogelijk NPO-middelen in te zetten voor samenwerking met lokale culturele instellingen.
- Vraag de minister in de volgende voortgangsrapportage te laten zien hoeveel scholen dat doen.

Wij gaan graag met u in gesprek, voor of na het debat.

[^1]: Zie de Monitor Cultuuronderwijs van het LKCA.
"""

MUNICIPAL_BODY = """\
Centra voor de kunsten, muziekscholen en zelfstandige docenten zijn de basis van cultuureducatie in uw gemeente. \
De coronamaatregelen troffen hen hard. Samen met de Kunstenbond en de vakbond AVV vragen wij u:

- de subsidies voor cultuureducatie in 2021 en 2022 niet te verlagen;
- zzp-docenten die lessen verzorgen voor de gemeente door te betalen bij uitval;
- de inzet van culturele instellingen op te nemen in uw lokale onderwijsplannen.

De Corona Gids van de VNG biedt hiervoor handvatten. Wij denken graag met u mee.
"""

NCD_BODY = """\
Met deze handreiking willen Cultuurconnectie en Kunsten '92 bijdragen aan een ‘New Creative Deal’: een \
herstelplan waarin de culturele en creatieve sector een volwaardige plek krijgt.

## Drie bouwstenen

1. Eerlijke betaling voor makers en docenten (Fair Practice Code).
2. Investeren in cultuureducatie en talentontwikkeling.
3. Samenwerking tussen Rijk, provincies en gemeenten in één cultuurstelsel.
"""


def _organisation(name: str) -> Organisation:
    """The newest organisation of this name: the one this run of the seed made (a second run makes them again)."""
    return db.session.query(Organisation).filter(Organisation.name == name).order_by(Organisation.id.desc()).first()


def _ref(name: str) -> OrganisationRef:
    return OrganisationRef(id=_organisation(name).id)


def _signer(letter, organisation_name: str, name: str, function: str, email: str, status: str, author: User):
    organisation = _organisation(organisation_name)
    (signatory,) = services_signing.add_signatories(letter, [organisation.id], author=author)
    update = services_signing.SignatoryInput(name, function, email, status, None)
    services_signing.update_signatory(signatory, update, expected_version=signatory.version_id, author=author)
    return signatory


def _letter(author: User, title: str, body: str, addressee: str, salutation: str, occasion: str, *, dossier: Dossier,
            coalition: Coalition | None = None, deadline_days: int | None = None,
            closing: str = "Met vriendelijke groet,"):  # fmt: skip
    """A letter led by Cultuurconnectie and signed by its director, as the demo's three are."""
    return services.create_letter(
        LetterInput(
            title=title,
            body=body,
            addressee_organisation=_ref(addressee),
            salutation=salutation,
            occasion=occasion,
            signature_deadline=None if deadline_days is None else today() + timedelta(days=deadline_days),
            lead_organisation=_ref("Cultuurconnectie"),
            coalition_id=None if coalition is None else coalition.id,
            dossier_ids=[dossier.id],
            closing=closing,
            signature_block="Daphne Directeur, directeur",
        ),
        author=author,
    )


def _to_signing(letter, lobbyist: User, director: User) -> None:
    """Review by the lobbyist, approval by the director, out for signatures by the lobbyist."""
    for status, author in ((LetterStatus.REVIEW, lobbyist), (LetterStatus.APPROVED, director),
                           (LetterStatus.SIGNING, lobbyist)):  # fmt: skip
        services.change_status(letter, status, reason=None, author=author)


def seed_letters(users: dict[str, User]) -> dict[str, int]:
    lobbyist, director = users[LOBBYIST], users[DIRECTOR]
    dossier = {d.title: d for d in db.session.query(Dossier)}
    coalition = {c.name: c for c in db.session.query(Coalition)}

    npo = _letter(lobbyist, "Cultuureducatie in het Nationaal Programma Onderwijs", NPO_BODY,
                  "Vaste commissie voor Onderwijs, Cultuur en Wetenschap", "Geachte leden van de commissie",
                  "Commissiedebat Nationaal Programma Onderwijs", dossier=dossier["Nationaal Programma Onderwijs"],
                  coalition=coalition["Zet cultuur op de agenda"])  # fmt: skip
    _to_signing(npo, lobbyist, director)
    lkca = "Landelijk Kenniscentrum Cultuureducatie en Amateurkunst"
    _signer(npo, lkca, "Marieke van Dalstra", "directeur-bestuurder", "m.vandalstra@lkca.example", "signed", lobbyist)
    sent_on = today() - timedelta(days=40)
    services_sending.send_letter(
        npo, sent_on=sent_on, channel="email", author=lobbyist, expected_version=npo.version_id
    )
    answer = (
        "De commissie dankt voor de brief en heeft de punten betrokken bij het debat; "
        "de minister zegde toe cultuureducatie in de voortgangsrapportage te noemen."
    )
    received = sent_on + timedelta(days=21)
    services_sending.record_answer(npo, received_on=received, summary=answer, pdf=None, filename=None, author=lobbyist)

    call = _letter(lobbyist, "Oproep aan gemeenten: houd cultuureducatie overeind", MUNICIPAL_BODY,
                   "Vereniging van Nederlandse Gemeenten", "Geacht college van burgemeester en wethouders",
                   "Voorjaarsnota's gemeenten", dossier=dossier["Cultuureducatie in gemeenten"],
                   coalition=coalition["Branche-protocol heropening"], deadline_days=10)  # fmt: skip
    _to_signing(call, lobbyist, director)
    _signer(call, "Kunstenbond", "Jeroen Eikelboom", "voorzitter", "j.eikelboom@kunstenbond.example", "signed",
            lobbyist)  # fmt: skip
    _signer(call, "Vakbond AVV", "Saskia Mulderij", "bestuurder", "s.mulderij@avv.example", "agreed", lobbyist)

    guide = _letter(lobbyist, "Handreiking New Creative Deal", NCD_BODY,
                    "Ministerie van Onderwijs, Cultuur en Wetenschap", "Geachte minister",
                    "Herstelplan culturele en creatieve sector", dossier=dossier["New Creative Deal"],
                    deadline_days=21, closing="Hoogachtend,")  # fmt: skip
    _signer(guide, "Kunsten '92", "Esther Kroonenberg", "directeur", "e.kroonenberg@kunsten92.example", "invited",
            lobbyist)  # fmt: skip
    services.change_status(guide, LetterStatus.REVIEW, reason=None, author=lobbyist)
    db.session.flush()
    return {"letters": 3}
