"""A letter's history ("What happened") is worded in the reader's language, whoever made the change and in
whatever language they worked: lines are stored as a key with parameters, not as words."""

from __future__ import annotations

from datetime import timedelta

from crm.common.time import today
from crm.extensions import db
from crm.letters import queries
from crm.letters.models import JointLetter
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.factories_letters import LetterFactory
from tests.helpers import section, text_of
from tests.integration.test_letters_signing import issue_link, sign

DUTCH = ("Ondertekeningslink gemaakt voor", "Ondertekend", "Toegevoegd", "Verwijderd", "opnieuw bevestigd",
         "Ondertekeningslink ingetrokken voor", "Afgezien", "Overhandigd")  # fmt: skip
ENGLISH = ("Signing link made for", "Signed", "Added:", "Removed:", "re-confirmed", "Signing link revoked for",
           "Declined", "Handed over")  # fmt: skip


def history(client, letter_id: int, heading: str) -> str:
    return section(text_of(client.get(f"/letters/{letter_id}")), heading, "Bondgenoot · CRM")


def test_the_history_is_in_the_readers_language_whoever_wrote_it(client, login_as, app):
    login_as("lobbyist")  # works in Dutch, the default
    letter = LetterFactory(status="approved", signature_deadline=today() + timedelta(days=7))
    lkca, avv, bond = (OrganisationFactory(name=name) for name in ("LKCA", "AVV", "Kunstenbond"))
    ids = [str(o.id) for o in (lkca, avv, bond)]
    client.submit(f"/letters/{letter.id}/signatories", {"organisation_ids": ids}, token_from=f"/letters/{letter.id}")
    signatories = {s.organisation.name: s for s in queries.signatories_of(letter.id)}
    lkca_link = issue_link(client, letter, signatories["LKCA"])
    avv_link = issue_link(client, letter, signatories["AVV"])
    client.submit(f"/letters/{letter.id}/signatories/{signatories['Kunstenbond'].id}/revoke", {},
                  token_from=f"/letters/{letter.id}")  # fmt: skip
    issue_link(client, letter, signatories["Kunstenbond"])
    client.submit(f"/letters/{letter.id}/signatories/{signatories['Kunstenbond'].id}/revoke", {},
                  token_from=f"/letters/{letter.id}")  # fmt: skip
    partner = app.test_client()  # Dutch as well
    assert sign(partner, lkca_link).status_code == 302
    partner.submit(avv_link + "/decline", {"reason": "Past niet bij ons beleid"}, token_from=avv_link)

    english = app.test_client()  # another user, working in English, changes the text: LKCA re-confirms
    sign_in(english, UserFactory(role="director", language="en").email)
    letter = db.session.get(JointLetter, letter.id)
    version = queries.current_version(letter)
    edit = {"title": letter.title, "addressee_organisation_name": letter.addressee_organisation.name,
            "addressee_organisation_id": str(letter.addressee_organisation_id), "salutation": version.salutation,
            "body": "Een nieuwe tekst.", "closing": version.closing, "version_id": str(letter.version_id),
            "signature_deadline": letter.signature_deadline.isoformat()}  # fmt: skip
    assert english.submit(f"/letters/{letter.id}/edit", edit).status_code == 302
    for target in ("approved", "signing"):
        letter = db.session.get(JointLetter, letter.id)
        english.submit(f"/letters/{letter.id}/status/{target}", {"target": target, "reason": "",
                                                                "version_id": str(letter.version_id)},
                       token_from=f"/letters/{letter.id}")  # fmt: skip
    assert sign(partner, lkca_link).status_code == 302
    english.submit(f"/letters/{letter.id}/signatories/{signatories['Kunstenbond'].id}/remove", {},
                   token_from=f"/letters/{letter.id}/signatories/{signatories['Kunstenbond'].id}/remove")  # fmt: skip
    letter = db.session.get(JointLetter, letter.id)
    english.submit(f"/letters/{letter.id}/send", {"sent_on": today().isoformat(), "channel": "hand",
                                                  "version_id": str(letter.version_id)},
                   token_from=f"/letters/{letter.id}")  # fmt: skip
    assert db.session.get(JointLetter, letter.id).status == "sent"

    in_english = history(english, letter.id, "What happened")
    for phrase in DUTCH:
        assert phrase not in in_english, f"{phrase!r} in the English history"
    for line in ("Added: LKCA, AVV, Kunstenbond", "Signing link made for LKCA", "Signing link revoked for Kunstenbond",
                 "LKCA: Signed", "AVV: Declined – Past niet bij ons beleid", "LKCA: Signed – re-confirmed version 2",
                 "Removed: Kunstenbond", "Collecting signatures → Sent — Handed over",
                 "Collecting signatures → In review — text changed after approval (version 1 → 2)"):  # fmt: skip
        assert line in in_english, line

    in_dutch = history(client, letter.id, "Wat er gebeurde")
    for phrase in ENGLISH:
        assert phrase not in in_dutch, f"{phrase!r} in the Dutch history"
    for line in ("Toegevoegd: LKCA, AVV, Kunstenbond", "Ondertekeningslink gemaakt voor LKCA",
                 "Ondertekeningslink ingetrokken voor Kunstenbond", "LKCA: Ondertekend",
                 "AVV: Afgezien – Past niet bij ons beleid", "LKCA: Ondertekend – versie 2 opnieuw bevestigd",
                 "Verwijderd: Kunstenbond", "tekst gewijzigd na goedkeuring (versie 1 → 2)",
                 "Verzonden — Overhandigd"):  # fmt: skip
        assert line in in_dutch, line
