"""Organisation kinds the Dutch public sector needs, with their labels."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from crm.common.labels import register_value_labels


class OrganisationKind(StrEnum):
    MINISTRY = "ministry"
    DIRECTORATE = "directorate"
    PARLIAMENT = "parliament"
    COMMITTEE = "committee"
    PARTY = "party"
    PROVINCE = "province"
    MUNICIPALITY = "municipality"
    MUNICIPAL_ASSOCIATION = "municipal_association"
    FUND = "fund"
    KNOWLEDGE_INSTITUTE = "knowledge_institute"
    UNION = "union"
    BRANCH_ORGANISATION = "branch_organisation"
    EMPLOYERS_ORGANISATION = "employers_organisation"
    CULTURAL_INSTITUTION = "cultural_institution"
    MEDIA = "media"
    OTHER = "other"


KIND_LABELS = {
    OrganisationKind.MINISTRY: _l("Ministry"),
    OrganisationKind.DIRECTORATE: _l("Directorate"),
    OrganisationKind.PARLIAMENT: _l("Parliament"),
    OrganisationKind.COMMITTEE: _l("Parliamentary committee"),
    OrganisationKind.PARTY: _l("Political party"),
    OrganisationKind.PROVINCE: _l("Province"),
    OrganisationKind.MUNICIPALITY: _l("Municipality"),
    OrganisationKind.MUNICIPAL_ASSOCIATION: _l("Association of municipalities"),
    OrganisationKind.FUND: _l("Fund"),
    OrganisationKind.KNOWLEDGE_INSTITUTE: _l("Knowledge institute"),
    OrganisationKind.UNION: _l("Union"),
    OrganisationKind.BRANCH_ORGANISATION: _l("Branch organisation"),
    OrganisationKind.EMPLOYERS_ORGANISATION: _l("Employers' organisation"),
    OrganisationKind.CULTURAL_INSTITUTION: _l("Cultural institution"),
    OrganisationKind.MEDIA: _l("Media"),
    OrganisationKind.OTHER: _l("Other"),
}

register_value_labels("organisation", "kind", KIND_LABELS)

GOVERNMENT_KINDS = frozenset(
    {
        OrganisationKind.MINISTRY,
        OrganisationKind.DIRECTORATE,
        OrganisationKind.PARLIAMENT,
        OrganisationKind.COMMITTEE,
        OrganisationKind.PROVINCE,
        OrganisationKind.MUNICIPALITY,
    }
)


def kind_label(kind: str) -> str:
    try:
        return str(KIND_LABELS[OrganisationKind(kind)])
    except ValueError:
        return kind
