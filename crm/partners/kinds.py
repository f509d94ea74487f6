"""Organisation kinds the Dutch public sector needs, with their labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.common.choices import LabelledEnum


class OrganisationKind(LabelledEnum):
    MINISTRY = "ministry", _l("Ministry")
    DIRECTORATE = "directorate", _l("Directorate")
    PARLIAMENT = "parliament", _l("Parliament")
    COMMITTEE = "committee", _l("Parliamentary committee")
    PARTY = "party", _l("Political party")
    PROVINCE = "province", _l("Province")
    MUNICIPALITY = "municipality", _l("Municipality")
    MUNICIPAL_ASSOCIATION = "municipal_association", _l("Association of municipalities")
    FUND = "fund", _l("Fund")
    KNOWLEDGE_INSTITUTE = "knowledge_institute", _l("Knowledge institute")
    UNION = "union", _l("Union")
    BRANCH_ORGANISATION = "branch_organisation", _l("Branch organisation")
    EMPLOYERS_ORGANISATION = "employers_organisation", _l("Employers' organisation")
    CULTURAL_INSTITUTION = "cultural_institution", _l("Cultural institution")
    MEDIA = "media", _l("Media")
    OTHER = "other", _l("Other")


KIND_LABELS = OrganisationKind.labels()

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


kind_label = OrganisationKind.label_of
