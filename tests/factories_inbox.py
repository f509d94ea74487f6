"""Contacts logged from e-mail: factories, and real e-mail messages written with the standard library."""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import factory

from crm.inbox.models import CapturedEmail, EmailAttachment, InboundAddress, RawEmail
from tests.factories import Base, InteractionFactory, UserFactory

GREETING = "Beste Lotte,\n\nTot dinsdag."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class CapturedEmailFactory(Base):
    class Meta:
        model = CapturedEmail

    interaction = factory.SubFactory(InteractionFactory, kind="email")
    message_key = factory.Sequence(lambda n: f"<sample-{n}@mail.test>")
    sender = "Jan Jansen <jan@ocw.test>"
    subject = factory.LazyAttribute(lambda o: o.interaction.subject)
    headers = factory.LazyFunction(dict)
    unmatched = factory.LazyFunction(list)


class EmailAttachmentFactory(Base):
    class Meta:
        model = EmailAttachment

    email = factory.SubFactory(CapturedEmailFactory)
    interaction_id = factory.LazyAttribute(lambda o: o.email.interaction_id)
    filename = "notitie.pdf"
    mimetype = "application/pdf"
    data = PDF
    size = len(PDF)
    sha256 = "0" * 64


class InboundAddressFactory(Base):
    class Meta:
        model = InboundAddress

    user = factory.SubFactory(UserFactory)
    local_part = factory.Sequence(lambda n: f"log-{n:032x}")


class RawEmailFactory(Base):
    class Meta:
        model = RawEmail

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    source = "drop"
    filename = "bericht.eml"
    data = b"From: jan@ocw.test\r\nSubject: Proef\r\n\r\nTot dinsdag.\r\n"


def sample_inbox_arguments() -> dict[str, int]:
    return {"attachment_id": EmailAttachmentFactory().id}


def email_message(*, sender: str = "Jan Jansen <jan@ocw.test>", to: str = "Lotte Lobby <lotte@bondgenoot.test>",
                  cc: str | None = None, subject: str = "Overleg cultuuronderwijs", text: str = GREETING,
                  html: str | None = None, when: datetime | None = None, message_id: str | None = "new",
                  attachments: tuple[tuple[str, bytes, str], ...] = ()) -> EmailMessage:  # fmt: skip
    """A real message as a mail program writes it (the standard library's generator)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(when or datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    if message_id:
        message["Message-ID"] = make_msgid(domain="ocw.test") if message_id == "new" else message_id
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, data, mimetype in attachments:
        maintype, subtype = mimetype.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def forwarded(original: EmailMessage, *, by: str, to: str, note: str = "Ter info.") -> EmailMessage:
    """`original` forwarded as an attachment (message/rfc822), as Thunderbird and Outlook do."""
    message = EmailMessage()
    message["From"] = by
    message["To"] = to
    message["Subject"] = "Fwd: " + str(original["Subject"])
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="bondgenoot.test")
    message.set_content(note)
    message.add_attachment(original)
    return message


def wire(message: EmailMessage) -> bytes:
    """The message as it travels over SMTP (CRLF line ends)."""
    return message.as_bytes(policy=email.policy.SMTP)
