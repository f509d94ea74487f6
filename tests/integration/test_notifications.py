"""Notifications in the app: who is told when a colleague logs a contact (relationship owners and followers, never
the actor), the bell's count, the list with its filters, marking read, the settings per kind, following."""

from __future__ import annotations

from crm.extensions import db
from crm.notifications.models import Follow, Notification
from tests.conftest import sign_in
from tests.factories import DossierFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.helpers import text_of
from tests.integration.test_contact_log import contact_form


def other_client(app, user):
    client = app.test_client()
    assert sign_in(client, user.email).status_code == 302
    return client


def notifications_of(user) -> list[Notification]:
    return db.session.query(Notification).filter_by(user_id=user.id).order_by(Notification.id).all()


def test_a_contact_reaches_the_owner_and_the_followers_never_the_one_who_logged_it(app, client, login_as):
    owner, follower, bystander = UserFactory(name="Eigenaar"), UserFactory(name="Volger"), UserFactory()
    organisation = OrganisationFactory(name="Fonds Podiumkunsten", owner=owner)
    dossier = DossierFactory(title="Heropening")
    author = login_as("lobbyist", name="Schrijver")
    db.session.add_all([Follow(user_id=follower.id, target_type="dossier", target_id=dossier.id),
                        Follow(user_id=author.id, target_type="dossier", target_id=dossier.id)])  # fmt: skip
    db.session.flush()
    response = client.submit("/interactions/new", contact_form(
        subject="Steun voor heropening", organisation_ids=[str(organisation.id)], dossier_ids=[str(dossier.id)],
        notes="Geheim: de minister twijfelt", sensitive="y"))  # fmt: skip
    assert response.status_code == 302

    [told_owner] = notifications_of(owner)
    assert told_owner.title == "Schrijver legde een contact vast met Fonds Podiumkunsten: Steun voor heropening"
    [told_follower] = notifications_of(follower)
    assert "Heropening" in told_follower.title and told_follower.kind == "followed_contact"
    assert notifications_of(author) == [] and notifications_of(bystander) == []
    assert all("Geheim" not in n.title and "Geheim" not in str(n.params) for n in [told_owner, told_follower])

    page = other_client(app, follower).get("/my/notifications")
    assert "Nieuw contact over Heropening, dat je volgt: Steun voor heropening" in text_of(page)
    assert "1 ongelezen" in text_of(page)  # the bell
    link = f'href="{told_follower.url}"'
    assert link in page.get_data(as_text=True)
    assert other_client(app, follower).get(told_follower.url).status_code == 200


def test_the_list_filters_and_marks_read_one_by_one_and_all_at_once(app, client, login_as):
    user = login_as("lobbyist", language="en")
    from tests.factories_notifications import NotificationFactory

    first = NotificationFactory(user=user, kind="contact_logged", message="contact_logged",
                                params={"actor": "Anna", "name": "LKCA", "subject": "Bellen"})  # fmt: skip
    NotificationFactory(user=user)
    NotificationFactory(user=UserFactory(), params={"name": "Niet van mij", "subject": "x"})
    page = text_of(client.get("/my/notifications"))
    assert "Anna logged a contact with LKCA: Bellen" in page and "Niet van mij" not in page
    assert "2 unread" in page
    only = text_of(client.get("/my/notifications?kind=contact_logged"))
    assert "Anna logged" in only and "New contact on Heropening" not in only

    client.submit(f"/my/notifications/{first.id}/read", {"next": "/my/notifications"}, token_from="/my/notifications")
    assert "1 unread" in text_of(client.get("/my/notifications"))
    unread = text_of(client.get("/my/notifications?state=unread"))
    assert "New contact on Heropening" in unread and "Anna logged" not in unread
    client.submit("/my/notifications/read-all", {}, token_from="/my/notifications")
    after = text_of(client.get("/my/notifications"))
    assert "Mark as read" not in after and "1 unread" not in after
    assert all(n.read_at is not None for n in notifications_of(user))


def test_someone_elses_notification_cannot_be_marked_read(client, login_as):
    from tests.factories_notifications import NotificationFactory

    login_as("lobbyist")
    theirs = NotificationFactory(user=UserFactory())
    response = client.submit(f"/my/notifications/{theirs.id}/read", {}, token_from="/my/notifications")
    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_a_kind_switched_off_raises_nothing(client, login_as, app):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    owner_client = other_client(app, owner)
    saved = owner_client.submit("/my/notification-settings", {"contact_logged": "off"})
    assert saved.status_code == 302
    assert "Uit" in text_of(owner_client.get("/my/notification-settings"))
    login_as("lobbyist")
    client.submit("/interactions/new", contact_form(subject="Bellen", organisation_ids=[str(organisation.id)]))
    assert notifications_of(owner) == []
    refused = owner_client.submit("/my/notification-settings", {"contact_logged": "loudly"})
    assert refused.status_code == 422 and "Kies een van de opties" in text_of(refused)


def test_follow_and_unfollow_from_the_record_pages(client, login_as):
    user = login_as("viewer")
    dossier, organisation = DossierFactory(title="NPO"), OrganisationFactory(name="VNG")
    page = client.get(f"/dossiers/{dossier.id}")
    assert "Volgen" in text_of(page)
    client.submit(f"/following/dossier/{dossier.id}", {"action": "follow", "next": f"/dossiers/{dossier.id}"},
                  token_from=f"/dossiers/{dossier.id}")  # fmt: skip
    assert "Niet meer volgen" in text_of(client.get(f"/dossiers/{dossier.id}"))
    assert db.session.query(Follow).filter_by(user_id=user.id).count() == 1
    client.submit(f"/following/dossier/{dossier.id}", {"action": "unfollow"}, token_from=f"/dossiers/{dossier.id}")
    assert db.session.query(Follow).filter_by(user_id=user.id).count() == 0
    client.submit(f"/following/organisation/{organisation.id}", {"action": "follow"},
                  token_from=f"/organisations/{organisation.id}")  # fmt: skip
    assert db.session.query(Follow).filter_by(user_id=user.id, target_type="organisation").count() == 1
    missing = client.submit("/following/dossier/999999", {"action": "follow"}, token_from="/my/notifications")
    assert missing.status_code == 404
    owned = OrganisationFactory(owner=user)
    assert "relatiebeheerder" in text_of(client.get(f"/organisations/{owned.id}"))


def test_the_person_owner_is_told_too_and_an_inactive_colleague_is_not(client, login_as):
    owner, gone = UserFactory(), UserFactory(active=False)
    person = PersonFactory(last_name="Jansen", owner=owner)
    organisation = OrganisationFactory(owner=gone)
    login_as("lobbyist")
    client.submit("/interactions/new", contact_form(subject="Lunch", person_ids=[str(person.id)],
                                                    organisation_ids=[str(organisation.id)]))  # fmt: skip
    assert len(notifications_of(owner)) == 1 and notifications_of(gone) == []


def test_an_erased_person_is_no_longer_named_in_notifications(app, client, login_as):
    owner = UserFactory()
    person = PersonFactory(first_name="Sanne", last_name="Vlinderboom", owner=owner)
    login_as("lobbyist", name="Schrijver")
    client.submit("/interactions/new", contact_form(subject="Bellen", person_ids=[str(person.id)]))
    [told] = notifications_of(owner)
    assert "Vlinderboom" in told.title
    admin = other_client(app, UserFactory(role="admin"))
    erased = admin.submit(
        f"/privacy/people/{person.id}/erase", {"reason": "Verzoek per e-mail", "retention_reason": ""}
    )
    assert erased.status_code == 302
    db.session.refresh(told)
    assert "Vlinderboom" not in told.title and "Sanne" not in told.title
