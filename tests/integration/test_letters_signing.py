"""Co-signing by partner organisations: signatories, personal links without an account, bound to the text's hash."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from crm.common.time import today
from crm.extensions import db
from crm.letters.models import JointLetter, Signatory
from crm.letters.services_signing import hash_token
from tests.factories import CoalitionFactory, CoalitionMemberFactory, OrganisationFactory
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.helpers import text_of

LINK = re.compile(r'value="(http://localhost/sign/[^"]+)"')


def issue_link(client, letter, signatory) -> str:
    response = client.submit(f"/letters/{letter.id}/signatories/{signatory.id}/link", {},
                             token_from=f"/letters/{letter.id}")  # fmt: skip
    assert response.status_code == 200, text_of(response)[:500]
    return LINK.search(response.get_data(as_text=True)).group(1).removeprefix("http://localhost")


def sign_page_fields(anonymous, url) -> dict:
    html = anonymous.get(url).get_data(as_text=True)
    return {
        "seen_sha256": re.search(r'name="seen_sha256"[^>]*value="([0-9a-f]{64})"', html).group(1),
        "seen_version": re.search(r'name="seen_version"[^>]*value="(\d+)"', html).group(1),
    }


def sign(anonymous, url, name="Anke Jansen", function="directeur", **fields):
    data = {"name": name, "function": function, **sign_page_fields(anonymous, url), **fields}
    return anonymous.submit(url, data)


def test_all_members_of_the_coalition_are_added_in_one_step(client, login_as):
    login_as("lobbyist", language="en")
    lead = OrganisationFactory(name="Cultuurconnectie")
    coalition = CoalitionFactory(name="Coalitie Cultuureducatie")
    for name in ("LKCA", "Kunsten '92", "Cultuurconnectie"):
        CoalitionMemberFactory(
            coalition=coalition, organisation=OrganisationFactory(name=name) if name != "Cultuurconnectie" else lead
        )
    letter = LetterFactory(coalition=coalition, lead_organisation=lead)
    response = client.submit(f"/letters/{letter.id}/signatories/coalition", {}, token_from=f"/letters/{letter.id}")
    assert response.status_code == 302
    names = sorted(s.organisation.name for s in db.session.scalars(select(Signatory)))
    assert names == ["Kunsten '92", "LKCA"], "the lead organisation is not its own co-signer"
    client.submit(f"/letters/{letter.id}/signatories/coalition", {}, token_from=f"/letters/{letter.id}")
    assert len(db.session.scalars(select(Signatory)).all()) == 2, "adding again adds nobody twice"
    page = text_of(client.get(f"/letters/{letter.id}"))
    assert "0 of 2 signed" in page


def test_a_partner_signs_through_the_link_without_an_account(client, login_as, app):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="approved", signature_deadline=today() + timedelta(days=7))
    lkca = SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="LKCA"), signer_name="Anke Jansen")
    other = SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="Kunstenbond"))
    url = issue_link(client, letter, lkca)
    assert db.session.get(JointLetter, letter.id).status == "signing", "inviting starts collecting signatures"
    stored = db.session.get(Signatory, lkca.id).token_hash
    assert stored == hash_token(url.rsplit("/", 1)[1]) and url.rsplit("/", 1)[1] not in stored

    anonymous = app.test_client()
    page = anonymous.get(url)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = text_of(page)
    assert "Wij vragen u cultuureducatie een vaste plek te geven." in text and "Kunstenbond" in text
    seen = sign_page_fields(anonymous, url)
    response = sign(anonymous, url)
    assert response.status_code == 302
    assert "Anke Jansen" in text_of(anonymous.get(url)) and 'name="seen_sha256"' not in anonymous.get(url).get_data(
        as_text=True
    ), "once signed, the page shows the signature instead of the form"
    signed = db.session.get(Signatory, lkca.id)
    assert (signed.status, signed.signer_name, signed.signer_function) == ("signed", "Anke Jansen", "directeur")
    assert signed.signed_sha256 == letter.current_sha256 and signed.signed_version == 1
    assert db.session.get(Signatory, other.id).status == "invited"
    again = anonymous.submit(url, {"name": "Anke Jansen", "function": "directeur", **seen}, token_from="/login")
    assert again.status_code == 409, "signing twice is refused"
    assert db.session.get(Signatory, lkca.id).signed_at == signed.signed_at
    assert "1 of 2 signed" in text_of(client.get(f"/letters/{letter.id}"))


def director_client(app):
    from tests.conftest import sign_in
    from tests.factories import UserFactory

    director = app.test_client()
    sign_in(director, UserFactory(role="director", language="en").email)
    return director


def step(client, letter_id, target):
    """A workflow step as the button on the letter's page sends it."""
    letter = db.session.get(JointLetter, letter_id)
    response = client.submit(f"/letters/{letter_id}/status/{target}", {"target": target, "reason": "",
                                                                        "version_id": str(letter.version_id)},
                             token_from=f"/letters/{letter_id}")  # fmt: skip
    assert response.status_code == 302, text_of(response)[:500]
    assert db.session.get(JointLetter, letter_id).status == target


def test_a_changed_text_asks_for_re_confirmation_and_shows_the_diff(client, login_as, app):
    """A text change while signatures are collected sends the letter back for review (the links stay, but nothing can
    be signed until it is approved again); then the partner sees what changed, and who signed the old text
    re-confirms."""
    login_as("lobbyist", language="en")
    director = director_client(app)
    letter = LetterFactory(status="approved")
    lkca = SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="LKCA"))
    url = issue_link(client, letter, lkca)
    anonymous = app.test_client()
    loaded = sign_page_fields(anonymous, url)  # the partner opens the page …
    letter = db.session.get(JointLetter, letter.id)
    edit = {"title": letter.title, "addressee_organisation_name": letter.addressee_organisation.name,
            "addressee_organisation_id": str(letter.addressee_organisation_id), "salutation": "Geachte leden",
            "body": "Wij vragen u kunstonderwijs een vaste plek te geven.\n\nDank voor uw aandacht.",
            "closing": "Met vriendelijke groet,", "version_id": str(letter.version_id)}  # fmt: skip
    assert client.submit(f"/letters/{letter.id}/edit", edit).status_code == 302  # … and the text changes meanwhile
    assert db.session.get(JointLetter, letter.id).status == "review", "a changed text needs a new approval"
    response = anonymous.submit(url, {"name": "Anke", "function": "directeur", **loaded}, token_from="/login")
    assert response.status_code == 409 and "Deze brief staat op dit moment niet open voor ondertekening." in text_of(
        response
    )
    assert 'name="seen_sha256"' not in anonymous.get(url).get_data(as_text=True), "nothing to sign in review"
    assert db.session.get(Signatory, lkca.id).status == "invited"

    step(director, letter.id, "approved")
    hint = "Partners who have a signing link can sign once you start collecting signatures."
    assert hint in text_of(client.get(f"/letters/{letter.id}"))
    step(client, letter.id, "signing")  # the same link works again
    response = anonymous.submit(url, {"name": "Anke", "function": "directeur", **loaded}, token_from="/login")
    assert response.status_code == 409, "a signature on a text that changed since the page was loaded is refused"
    body = response.get_data(as_text=True)
    assert "<del>cultuureducatie </del>" in body and "<ins>kunstonderwijs </ins>" in body
    assert db.session.get(Signatory, lkca.id).status == "invited"

    assert sign(anonymous, url).status_code == 302  # signs version 2
    letter = db.session.get(JointLetter, letter.id)
    edit.update(body="Een derde versie.", version_id=str(letter.version_id))
    client.submit(f"/letters/{letter.id}/edit", edit)
    page = text_of(client.get(f"/letters/{letter.id}"))
    assert "needs re-confirmation" in page and "signed version 2" in page and "0 of 1 signed" in page
    assert "Collecting signatures → In review — text changed after approval (version 2 → 3)" in page
    again = anonymous.get(url).get_data(as_text=True)
    assert "<ins>Een derde versie.</ins>" in again, "the partner sees what changed since they signed"
    step(director, letter.id, "approved")
    step(client, letter.id, "signing")
    assert sign(anonymous, url).status_code == 302
    signatory = db.session.get(Signatory, lkca.id)
    assert signatory.signed_version == 3 and not signatory.needs_reconfirmation(letter.current_sha256)


def test_declining_needs_a_reason(client, login_as, app):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="signing")
    avv = SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="AVV"))
    url = issue_link(client, letter, avv)
    anonymous = app.test_client()
    assert anonymous.submit(url + "/decline", {"reason": ""}, token_from=url).status_code == 422
    assert db.session.get(Signatory, avv.id).status == "invited"
    declined = anonymous.submit(url + "/decline", {"reason": "Past niet bij ons beleid"}, token_from=url)
    assert declined.status_code == 302
    declined = db.session.get(Signatory, avv.id)
    assert (declined.status, declined.comment) == ("declined", "Past niet bij ons beleid")
    assert declined.declined_at is not None
    assert sign(anonymous, url).status_code == 302, "a partner who declined can still change their mind"
    changed = db.session.get(Signatory, avv.id)
    assert (changed.status, changed.comment) == ("signed", None)


def test_forged_revoked_and_expired_links_are_404_and_a_withdrawn_letter_says_so(client, login_as, app):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="signing", signature_deadline=today() + timedelta(days=3))
    signatory = SignatoryFactory(letter=letter)
    url = issue_link(client, letter, signatory)
    anonymous = app.test_client()
    assert anonymous.get("/sign/forged-" + "x" * 40).status_code == 404
    assert anonymous.get(url[:-1] + ("A" if url[-1] != "A" else "B")).status_code == 404

    new_url = issue_link(client, letter, signatory)  # re-issuing ends the old link
    assert anonymous.get(url).status_code == 404 and anonymous.get(new_url).status_code == 200
    client.submit(f"/letters/{letter.id}/signatories/{signatory.id}/revoke", {}, token_from=f"/letters/{letter.id}")
    assert anonymous.get(new_url).status_code == 404
    revoked_body = anonymous.get(new_url).get_data(as_text=True)
    assert letter.title not in revoked_body, "a bad link reveals nothing about the letter"

    live = issue_link(client, letter, signatory)
    letter = db.session.get(JointLetter, letter.id)
    letter.signature_deadline = today() - timedelta(days=1)
    db.session.flush()
    assert anonymous.get(live).status_code == 404, "a link ends at the deadline"

    letter.signature_deadline = today() + timedelta(days=3)
    letter.status = "withdrawn"
    db.session.flush()
    page = anonymous.get(live)
    assert page.status_code == 200 and "Deze brief is ingetrokken." in text_of(page)
    assert anonymous.submit(live, {"name": "X", "function": "Y", "seen_sha256": letter.current_sha256,
                                   "seen_version": "1"}, token_from="/login").status_code == 409  # fmt: skip
    assert db.session.get(Signatory, signatory.id).status == "invited"


def test_links_are_made_only_for_approved_letters(client, login_as):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="draft")
    signatory = SignatoryFactory(letter=letter)
    response = client.submit(f"/letters/{letter.id}/signatories/{signatory.id}/link", {},
                             token_from=f"/letters/{letter.id}")  # fmt: skip
    assert response.status_code == 302
    assert db.session.get(Signatory, signatory.id).token_hash is None
    assert "once the letter is approved" in text_of(client.get(response.headers["Location"]))


def test_the_signing_page_is_rate_limited(app, db):
    from tests.factories_letters import SAMPLE_TOKEN

    limited = app.test_client()
    statuses = [limited.get(f"/sign/{SAMPLE_TOKEN}").status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429


def test_signing_without_the_form_token_is_refused_and_nothing_is_signed(client, login_as, app):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="signing")
    signatory = SignatoryFactory(letter=letter)
    url = issue_link(client, letter, signatory)
    anonymous = app.test_client()
    fields = sign_page_fields(anonymous, url)
    response = anonymous.post(url, data={"name": "Anke", "function": "directeur", **fields})
    assert response.status_code == 400
    assert db.session.get(Signatory, signatory.id).status == "invited"


def test_the_letters_history_names_records_and_fields_in_dutch(client, login_as):
    login_as("lobbyist")  # Dutch, the default
    letter = LetterFactory(status="approved", signature_deadline=today() + timedelta(days=7))
    lkca = OrganisationFactory(name="LKCA")
    client.submit(
        f"/letters/{letter.id}/signatories", {"organisation_ids": str(lkca.id)}, token_from=f"/letters/{letter.id}"
    )
    history = text_of(client.get(f"/letters/{letter.id}/history"))
    assert "Medeondertekenaar" in history or "medeondertekenaar" in history
    assert "Uitgenodigd" in history
    for raw in ("signatory", "invited at", "letter id", "jointletter"):
        assert raw not in history, f"{raw!r} shown as is"
    log = text_of(client.get("/"))
    assert "signatory" not in log and "jointletter" not in log


def test_the_signing_page_puts_the_closing_and_the_leads_signature_before_the_footnotes_as_the_pdf_does(
    client, login_as, app
):
    from crm.documents.models import GeneratedDocument
    from crm.letters.models import LetterVersion
    from tests import pdf as pdf_text

    login_as("lobbyist", language="en")
    lead = OrganisationFactory(name="Cultuurconnectie")
    letter = LetterFactory(status="approved", lead_organisation=lead, signature_block="Marieke van Dijk, directeur")
    version = db.session.scalar(select(LetterVersion).where(LetterVersion.letter_id == letter.id))
    version.body = (
        "Wij vragen u om cultuureducatie.[^1]\n\nDank voor uw aandacht.\n\n[^1]: Zie de Monitor Cultuuronderwijs."
    )
    version.closing = "Met hartelijke groet,"
    db.session.flush()
    signatory = SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="LKCA"))
    url = issue_link(client, letter, signatory)

    page = text_of(app.test_client().get(url))
    letter_text = page[page.index("Wij vragen u om cultuureducatie") :]
    order = [letter_text.index(words) for words in ("Dank voor uw aandacht.", "Met hartelijke groet,",
                                                    "Cultuurconnectie", "Marieke van Dijk", "directeur",
                                                    "Zie de Monitor Cultuuronderwijs.")]  # fmt: skip
    assert order == sorted(order), "closing, then the lead's signature, then the footnotes"

    response = client.submit(f"/letters/{letter.id}/send", {"sent_on": today().isoformat(), "channel": "post",
                                                            "version_id": str(letter.version_id)},
                             token_from=f"/letters/{letter.id}")  # fmt: skip
    assert response.status_code == 302
    sent = db.session.get(JointLetter, letter.id)
    words = pdf_text.text(db.session.get(GeneratedDocument, sent.sent_document_id).pdf)
    in_pdf = [words.rindex(w) for w in ("Dank voor uw aandacht.", "Met hartelijke groet,", "Marieke van Dijk",
                                        "Zie de Monitor Cultuuronderwijs.")]  # fmt: skip
    assert in_pdf == sorted(in_pdf), "the PDF has them in the same order"
