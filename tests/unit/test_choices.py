"""A LabelledEnum member is the plain string the database stores, and carries its label."""

from __future__ import annotations

import json

from flask_babel import force_locale

from crm.coalitions.models import DOSSIER_STATUS_LABELS, DossierStatus
from crm.common.choices import LabelledEnum
from crm.common.labels import value_label
from crm.partners.kinds import KIND_LABELS, OrganisationKind


class Colour(LabelledEnum):
    RED = "red", "Red"
    LIGHT_BLUE = "light_blue", "Light blue"


def test_a_member_is_its_stored_string():
    assert Colour.LIGHT_BLUE == "light_blue"
    assert Colour.LIGHT_BLUE.value == "light_blue"
    assert f"{Colour.LIGHT_BLUE}" == "light_blue"
    assert json.dumps([Colour.RED]) == '["red"]'
    assert Colour("light_blue") is Colour.LIGHT_BLUE


def test_labels_follow_the_declaration_order():
    assert Colour.LIGHT_BLUE.label == "Light blue"
    assert list(Colour.labels().items()) == [(Colour.RED, "Red"), (Colour.LIGHT_BLUE, "Light blue")]
    assert list(KIND_LABELS) == list(OrganisationKind)
    kinds = list(OrganisationKind)
    assert (kinds[0], kinds[-1]) == ("ministry", "other")


def test_the_dutch_label_of_a_stored_value(app):
    with app.test_request_context(), force_locale("nl"):
        assert str(DOSSIER_STATUS_LABELS[DossierStatus.MONITORING]) == "Volgen"
        assert value_label("monitoring", "dossier", "status") == "Volgen"
