"""The board's PDF of the dashboard draws what the dashboard on screen draws (issue 13, item 7): the bars of
"Bereikte overheid" follow the share of each kind reached, not the number of organisations contacted."""

from __future__ import annotations

import io

import pikepdf
from sqlalchemy import select

from crm.documents.models import GeneratedDocument
from crm.extensions import db
from tests import pdf
from tests.factories import InteractionFactory, OrganisationFactory
from tests.helpers import local

MM = 72 / 25.4
BAR_COLUMN = 35 * MM  # the width of the bar column in the dashboard_report template (.c-bar)
URL = "/dashboard/pdf?period=custom&from=2026-03-01&until=2026-03-31"


def multiply(first: list[float], second: list[float]) -> list[float]:
    a, b, c, d, e, f = first
    g, h, i, j, k, m = second
    return [a * g + b * i, a * h + b * j, c * g + d * i, c * h + d * j, e * g + f * i + k, e * h + f * j + m]


def filled_rectangles(page, colour: tuple[float, ...]) -> list[tuple[float, float]]:
    """(width, vertical centre) in points of every rectangle the page fills with `colour`."""
    found, matrix, saved, fill = [], [1, 0, 0, 1, 0, 0], [], None
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "q":
            saved.append(matrix)
        elif name == "Q":
            matrix = saved.pop()
        elif name == "cm":
            matrix = multiply([float(v) for v in operands], matrix)
        elif name == "rg":
            fill = tuple(round(float(v), 3) for v in operands)
        elif name == "re" and fill == colour:
            x, y, width, height = (float(v) for v in operands)
            a, b, _c, d, _e, f = matrix
            found.append((abs(width * a), b * x + d * (y + height / 2) + f))
    return found


def label_heights(page, labels: set[str]) -> dict[str, float]:
    """The vertical centre, in points, of each label printed on the page as a text of its own."""
    found = {}

    def visit(text, cm, tm, _font, size):
        if text.strip() in labels:
            found[text.strip()] = multiply(tm, cm)[5] + size * 0.35

    page.extract_text(visitor_text=visit)
    return found


def bars_of_rows(document: bytes, labels: set[str]) -> dict[str, float]:
    """The width (in points) of the bar on the row of each label: the accent-coloured rectangle at its height."""
    bars = {}
    with pikepdf.open(io.BytesIO(document)) as opened:
        for number, page in enumerate(pdf.reader(document).pages):
            heights = label_heights(page, labels)
            rectangles = filled_rectangles(opened.pages[number], (0.059, 0.333, 0.4))  # #0f5566
            for label, height in heights.items():
                near = [width for width, centre in rectangles if abs(centre - height) < 6]
                if near:
                    bars[label] = max(near)
    return bars


def test_the_board_pdf_draws_the_share_of_government_reached_as_the_screen_does(client, login_as):
    ministries = [OrganisationFactory(kind="ministry", name=f"Ministerie {n}") for n in range(4)]
    municipalities = [OrganisationFactory(kind="municipality", name=f"Gemeente {n}") for n in range(50)]
    for organisation in [*ministries[:3], *municipalities[:5]]:  # 3 of 4 ministries (75 %), 5 of 50 towns (10 %)
        InteractionFactory(occurred_at=local(2026, 3, 10, 12, 0), organisations=[organisation])
    login_as("director")
    screen = client.get(URL.replace("/pdf", "/")).get_data(as_text=True)
    assert '<rect width="75" height="8" class="bar-current">' in screen
    assert '<rect width="10" height="8" class="bar-current">' in screen

    response = client.submit(URL, token_from="/dashboard/")
    assert response.status_code == 302
    document = db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id.desc())).first()
    words = pdf.text(document.pdf)
    assert "Bereikte overheid" in words and "Ministerie 3 4 75" in words and "Gemeente 5 50 10" in words
    bars = bars_of_rows(document.pdf, {"Ministerie", "Gemeente"})
    assert abs(bars["Ministerie"] - 0.75 * BAR_COLUMN) < 1.5, bars  # three quarters of the bar's column
    assert abs(bars["Gemeente"] - 0.10 * BAR_COLUMN) < 1.5, bars  # a tenth: not the longest because it counts most
