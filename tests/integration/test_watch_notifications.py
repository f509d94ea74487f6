"""New Kamer items matched by a dossier's watch rules reach the dossier's followers (issue 18): through the real sync
job on the local Kamer test server, one notification per dossier per run with the count and the first titles,
linking to the dossier's "In de Kamer"; dismissed items are never announced, a second run tells nobody twice."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

import pytest
from sqlalchemy import select, update

from crm.common.time import utcnow
from crm.extensions import db as _db
from crm.notifications.models import Notification
from crm.watch.matching import announce_new_matches
from crm.watch.models import WatchMatch
from crm.watch.services import add_rule, dismiss
from tests.factories import DossierFactory, UserFactory
from tests.factories_notifications import FollowFactory, NotificationSettingFactory
from tests.integration.test_letters_record import smtp_server  # noqa: F401 (a fixture)
from tests.integration.test_notification_mail import mail_on  # noqa: F401 (a fixture)


@pytest.fixture
def kamer_sync(db, app, tmp_path, monkeypatch):
    from crm.tasks.schedule import make_scheduled_job
    from tests.parliament_server import Kamer, serve_kamer

    server_iter = serve_kamer(tmp_path)
    server = next(server_iter)
    monkeypatch.setitem(app.config, "PARLIAMENT_API_URL", server.base_url)
    minutes = iter(range(1000))

    def sync_job() -> None:
        job_id = make_scheduled_job(
            app, "parliament_sync", utcnow().replace(second=0) + timedelta(minutes=next(minutes))
        )
        app.extensions["tasks"].enqueue(job_id)  # immediate mode: the job runs here
        db.session.expire_all()

    try:
        yield Kamer(server), sync_job
    finally:
        server_iter.close()


def _notifications(user_id: int) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user_id, Notification.kind == "parliament_items")
    return list(_db.session.scalars(query.order_by(Notification.id)))


def test_new_kamer_items_notify_the_dossiers_followers_once(db, client, login_as, kamer_sync):
    kamer, sync_job = kamer_sync
    first = kamer.case(1, "Motie", "Motie over de Créatieve sector")
    kamer.case(2, "Motie", "Motie over wegen")
    sync_job()
    follower = login_as("lobbyist")
    colleague, bystander = UserFactory(), UserFactory()
    dossier = DossierFactory(title="Creatieve industrie")
    FollowFactory(user_id=follower.id, target_type="dossier", target_id=dossier.id)
    FollowFactory(user_id=bystander.id, target_type="dossier", target_id=DossierFactory().id)  # another dossier
    add_rule(dossier, "keyword", text="creatieve", committee_id=None, user=colleague)
    dismiss(dossier, "case", first, colleague)  # set aside before the next sync: never announced
    db.session.commit()

    kamer.case(3, "Motie", "Motie over de creatieve industrie in de regio")
    kamer.case(4, "Brief regering", "Brief over creatieve makers en hun inkomen")
    kamer.case(5, "Motie", "Motie over spoorwegen")
    sync_job()

    [notification] = _notifications(follower.id)
    assert notification.params["count"] == 2
    assert notification.url == f"/dossiers/{dossier.id}#kamer-heading"
    assert _notifications(bystander.id) == [] and _notifications(colleague.id) == []
    page = client.get("/my/notifications").get_data(as_text=True)
    assert "2 nieuwe items in de Kamer over Creatieve industrie" in page
    assert "Motie over de creatieve industrie in de regio" in page and "Brief over creatieve makers" in page
    assert "Créatieve sector" not in page  # the dismissed zaak
    assert f'href="/dossiers/{dossier.id}#kamer-heading"' in page

    sync_job()  # nothing new: nothing told
    # A run that stopped after raising but before marking is repeated: the same items tell nobody twice.
    db.session.execute(update(WatchMatch).values(announced_at=None))
    assert announce_new_matches() >= 2
    db.session.commit()
    assert len(_notifications(follower.id)) == 1

    kamer.case(6, "Motie", "Motie over creatieve vrijplaatsen")
    sync_job()
    newest = _notifications(follower.id)[-1]
    assert len(_notifications(follower.id)) == 2 and newest.params["count"] == 1
    assert "Motie over creatieve vrijplaatsen" in newest.title


def test_a_follower_who_chose_email_gets_the_new_items_by_mail_once(db, kamer_sync, mail_on):  # noqa: F811
    kamer, sync_job = kamer_sync
    sync_job()
    follower = UserFactory(email="volger@cc.test")
    NotificationSettingFactory(user_id=follower.id, kind="parliament_items", channel="email")
    dossier = DossierFactory(title="Erfgoed")
    FollowFactory(user_id=follower.id, target_type="dossier", target_id=dossier.id)
    add_rule(dossier, "keyword", text="erfgoed", committee_id=None, user=UserFactory())
    db.session.commit()
    kamer.case(1, "Motie", "Motie over erfgoed in de regio")
    sync_job()
    sync_job()
    [envelope] = mail_on.messages
    assert envelope.rcpt_tos == ["volger@cc.test"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Nieuw in de Kamer over Erfgoed: Motie over erfgoed in de regio"
    assert f"http://localhost/dossiers/{dossier.id}#kamer-heading" in message.get_body(("plain",)).get_content()
