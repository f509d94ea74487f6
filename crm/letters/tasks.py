"""Signing invitations by e-mail as jobs: the request records the invitation and queues it; a task worker sends it.

One e-mail per invitation (signatory and round): the worker marks it sent in the commit right after the mail server
accepted it, and a rerun finds it sent and does nothing. While the mail server is away the job is tried again with a
doubling wait (MAIL_RETRY_SECONDS, MAIL_ATTEMPTS tries); then the invitation is marked failed with the reason,
and the signatory's row offers to send it again.
"""

from __future__ import annotations

from email.utils import formataddr, make_msgid

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.letters import mail, queries
from crm.letters.invitations import InvitationMail, MailStatus, next_round
from crm.letters.models import Signatory
from crm.letters.services_signing import hash_token
from crm.mail import sending
from crm.tasks.models import Job
from crm.tasks.registry import RetryLater, job_kind
from crm.tasks.services import new_job
from crm.tasks.services_runner import Run

KIND = "invitation_mail"


def mail_wanted(signatory: Signatory) -> bool:
    return sending.mail_configured() and bool(signatory.signer_email)


def queue_invitation(signatory: Signatory, link: str, *, language: str, author: User | None) -> InvitationMail:
    """A new invitation e-mail with this link, and the job that sends it (flushed; start the job after the commit).
    Earlier invitations of this signatory forget their links: only the newest link works."""
    for earlier in db.session.query(InvitationMail).filter(InvitationMail.signatory_id == signatory.id,
                                                           InvitationMail.sealed_link.is_not(None)):  # fmt: skip
        earlier.sealed_link = None
    invitation = InvitationMail(signatory_id=signatory.id, round=next_round(signatory.id),
                                recipient=signatory.signer_email or "", language=language or "nl",
                                status=MailStatus.QUEUED.value)  # fmt: skip
    sender_domain = current_app.config["MAIL_SENDER"].rpartition("@")[2] or None
    invitation.message_id = make_msgid(domain=sender_domain)
    invitation.seal_link(link)
    db.session.add(invitation)
    db.session.flush()
    job = new_job(KIND, owner=author, arguments={"invitation_id": invitation.id}, total=1)
    invitation.job_id = job.id
    db.session.flush()
    return invitation


def resend(invitation: InvitationMail, *, author: User | None) -> InvitationMail:
    """The same link once more, in a new invitation, after one that failed."""
    if invitation.status != MailStatus.FAILED:
        raise ServiceError(_l("Only an e-mail that failed can be sent again."))
    link = invitation.link()
    signatory = db.session.get(Signatory, invitation.signatory_id)
    if link is None or signatory is None or signatory.token_hash != hash_token(link.rsplit("/", 1)[-1]):
        raise ServiceError(_l("This link no longer works: make a new signing link instead."))
    return queue_invitation(signatory, link, language=invitation.language, author=author)


def mark_failed(invitation_id: int, reason: str) -> None:
    invitation = db.session.get(InvitationMail, invitation_id)
    if invitation is not None and invitation.status != MailStatus.SENT:
        invitation.status, invitation.error = MailStatus.FAILED.value, reason[:2000]
        db.session.commit()


@job_kind(KIND, label=_l("Signing invitation e-mail"), max_attempts="MAIL_ATTEMPTS")
def send_invitation(job: Job, run: Run) -> None:
    invitation = db.session.get(InvitationMail, job.arguments.get("invitation_id"))
    if invitation is None or invitation.status == MailStatus.SENT:
        return  # the signatory was removed, or an earlier run sent it: never twice
    signatory = db.session.get(Signatory, invitation.signatory_id)
    link = invitation.link()
    if link is None or signatory is None or signatory.token_hash != hash_token(link.rsplit("/", 1)[-1]):
        reason = str(_l("The link of this invitation was replaced or revoked; it is not sent."))
        mark_failed(invitation.id, reason)
        raise ServiceError(reason)
    letter = signatory.letter
    with force_locale(invitation.language):
        message = mail.invitation_message(letter, queries.current_version(letter), signatory, link)
    del message["Message-ID"]
    message["Message-ID"] = invitation.message_id  # the same for every try: a receiver can tell a repeat
    del message["To"]
    message["To"] = formataddr((signatory.signer_name or signatory.organisation.name, invitation.recipient))
    run.check()
    try:
        sending.send(message)
    except sending.MailNotSent as error:
        reason = error.reason or "SMTP"
        if job.attempts >= job.max_attempts:
            mark_failed(invitation.id, reason)
            raise ServiceError(reason) from None
        invitation.error = reason[:2000]
        db.session.commit()
        wait = sending.retry_wait(job.attempts)
        raise RetryLater(reason, wait) from None
    invitation.status, invitation.sent_at, invitation.error = MailStatus.SENT.value, utcnow(), None
    invitation.sealed_link = None  # sent: only the link's hash remains, as for a link shown once
    db.session.commit()
