"""Organisation logos: checked by content, re-encoded as PNG, stored in the database, printed on documents."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from crm.documents.models import OrganisationLogo
from crm.extensions import db
from tests import pdf
from tests.factories import OrganisationFactory
from tests.helpers import count, text_of


def image_bytes(kind: str = "PNG", size=(1200, 400), color=(200, 30, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=kind)
    return out.getvalue()


def upload(client, organisation, data: bytes, filename: str):
    url = f"/organisations/{organisation.id}/logo"
    return client.submit(url, {"logo": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def test_a_png_logo_is_re_encoded_shown_and_printed_on_the_joint_letter(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory(name="Kunsten '92")
    response = upload(client, org, image_bytes("PNG", (1600, 400)), "logo.png")
    assert response.status_code == 302
    logo = db.session.scalar(select(OrganisationLogo))
    assert (logo.width, logo.height) == (800, 200)  # scaled down to the stored maximum
    shown = client.get(f"/organisations/{org.id}/logo.png")
    assert shown.mimetype == "image/png" and Image.open(io.BytesIO(shown.data)).format == "PNG"
    assert "Remove logo" in text_of(client.get(f"/organisations/{org.id}")) or "Logo verwijderen" in text_of(
        client.get(f"/organisations/{org.id}")
    )

    letter = client.submit(
        "/documents/new/builtin:joint_letter",
        {"title": "Met logo", "dossier_id": "0", "f_subject": "Logo", "f_body": "Tekst.",
         "f_organisations": [str(org.id)], "action": "preview"},
    )  # fmt: skip
    images = [image for page in pdf.reader(letter.data).pages for image in page.images]
    assert images, "the co-author's logo is in the PDF"


def test_a_jpeg_is_accepted_and_stored_as_png(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory()
    assert upload(client, org, image_bytes("JPEG"), "logo.jpg").status_code == 302
    stored = db.session.scalar(select(OrganisationLogo))
    assert stored.png.startswith(b"\x89PNG")


def test_svg_a_disguised_file_and_oversized_images_are_refused(client, login_as):
    login_as("lobbyist", language="en")
    org = OrganisationFactory()
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(client, org, svg, "logo.png")
    assert response.status_code == 422 and "SVG logos are not accepted" in text_of(response)
    response = upload(client, org, b"#!/bin/sh\necho not an image\n", "logo.png")
    assert response.status_code == 422 and "not a PNG or JPEG image" in text_of(response)
    response = upload(client, org, image_bytes("PNG", (9000, 2)), "wide.png")
    assert response.status_code == 422 and "too many pixels" in text_of(response)
    response = upload(client, org, image_bytes("GIF", (10, 10)), "logo.gif")
    assert response.status_code == 422 and "PNG or JPEG" in text_of(response)
    response = upload(client, org, b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 10), "huge.png")
    assert response.status_code in (413, 422)
    assert count(OrganisationLogo) == 0


def test_removing_a_logo_asks_first(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory()
    upload(client, org, image_bytes(), "logo.png")
    confirm = client.get(f"/organisations/{org.id}/logo/remove")
    assert confirm.status_code == 200 and count(OrganisationLogo) == 1
    assert client.submit(f"/organisations/{org.id}/logo/remove").status_code == 302
    assert count(OrganisationLogo) == 0
    assert client.get(f"/organisations/{org.id}/logo.png").status_code == 404


def test_viewers_cannot_upload_logos(client, login_as):
    login_as("viewer")
    org = OrganisationFactory()
    assert client.get(f"/organisations/{org.id}/logo").status_code == 403
