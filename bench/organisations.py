"""The generated organisation registry: national bodies with their sub-organisations, parties, provinces,
municipalities, and a long tail of cultural institutions, funds, unions and the like.

The national layer grows slowly with the size (there are only so many ministries); the long tail takes the rest,
which is how a real registry grows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench import vocabulary as words
from crm.common.text import fold_for_match
from crm.demo.data_regional import PARTIES, PROVINCES
from crm.demo.seed import municipalities
from crm.extensions import db
from crm.partners.kinds import OrganisationKind as Kind
from crm.partners.models import Organisation, Tag

FOCUS_ORGANISATION = "Cultuurconnectie"
FOCUS_CHILDREN = ("Cultuurconnectie Academie", "Cultuurconnectie Netwerk Cultuureducatie")
DIRECTORATES_PER_MINISTRY = (2, 6)
SHORT_DOMAIN_KINDS = {Kind.MINISTRY, Kind.PARLIAMENT, Kind.PARTY, Kind.MUNICIPAL_ASSOCIATION}
KIND_TAGS = {
    Kind.MUNICIPALITY: "gemeenten",
    Kind.PROVINCE: "provincies",
    Kind.MINISTRY: "rijksoverheid",
    Kind.DIRECTORATE: "rijksoverheid",
    Kind.PARTY: "politiek",
    Kind.MEDIA: "media",
    Kind.FUND: "fondsen",
    Kind.UNION: "vakbond",
    Kind.EMPLOYERS_ORGANISATION: "werkgevers",
}


@dataclass(frozen=True)
class OrganisationRef:
    """What the people and coalition generators need of an organisation, without holding ORM objects."""

    id: int
    kind: str
    domain: str


def build_organisations(
    rng: random.Random, count: int, owner_ids: list[int], tags: list[Tag], batch_size: int
) -> tuple[list[OrganisationRef], OrganisationRef]:
    """Insert about `count` organisations (at least the national layer); returns them and the focus organisation."""
    factory = _OrganisationFactory(rng, owner_ids, tags)
    national = words.MINISTRIES[: _clamp(count // 250, 2, len(words.MINISTRIES))]
    ministries = [factory.make(name, Kind.MINISTRY, acronym=acronym, city="Den Haag") for name, acronym in national]
    lower_house = factory.make("Tweede Kamer der Staten-Generaal", Kind.PARLIAMENT, acronym="TK", city="Den Haag")
    focus = factory.make(FOCUS_ORGANISATION, Kind.BRANCH_ORGANISATION, acronym="CC", city="Utrecht")
    parents = [*ministries, lower_house, focus]
    db.session.add_all(parents)
    db.session.flush()  # the parents' ids, for their children below

    rows = [factory.make(name, Kind.OTHER, parent=focus, city="Utrecht") for name in FOCUS_CHILDREN]
    for ministry in ministries:
        topics = rng.sample(words.DIRECTORATE_TOPICS, rng.randint(*DIRECTORATES_PER_MINISTRY))
        rows += [factory.make(f"Directie {topic}", Kind.DIRECTORATE, parent=ministry) for topic in topics]
    committees = words.COMMITTEE_TOPICS[: _clamp(count // 300, 2, len(words.COMMITTEE_TOPICS))]
    rows += [factory.make(f"Vaste commissie voor {t}", Kind.COMMITTEE, parent=lower_house) for t in committees]
    rows.append(factory.make("Eerste Kamer der Staten-Generaal", Kind.PARLIAMENT, acronym="EK", city="Den Haag"))
    rows.append(factory.make("Vereniging van Nederlandse Gemeenten", Kind.MUNICIPAL_ASSOCIATION, acronym="VNG"))
    rows += [factory.make(name, Kind.PARTY, acronym=acronym) for acronym, name in PARTIES]
    provinces = PROVINCES[: _clamp(count // 250, 1, len(PROVINCES))]
    rows += [factory.make(f"Provincie {p}", Kind.PROVINCE, city=p) for p in provinces]
    places = rng.sample(factory.cities, min(len(factory.cities), count * 11 // 100))
    rows += [factory.make(f"Gemeente {place}", Kind.MUNICIPALITY, city=place) for place in places]
    long_tail = max(0, count - len(parents) - len(rows))
    rows += [factory.long_tail_organisation() for _ in range(long_tail)]

    for start in range(0, len(rows), batch_size):
        db.session.add_all(rows[start : start + batch_size])
        db.session.flush()
    refs = [factory.ref(org) for org in (*parents, *rows)]
    return refs, factory.ref(focus)


def mail_domain(kind: str, name: str, acronym: str | None) -> str:
    """A reserved .example domain, so generated addresses can never reach anyone. Government bodies go by their
    acronym (ocw.example); everyone else by name, so a search for "cultuur" also finds a cultuurhuis's staff."""
    short = acronym if acronym and kind in SHORT_DOMAIN_KINDS else name
    return f"{fold_for_match(short).replace(' ', '-')[:40]}.example"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


class _OrganisationFactory:
    def __init__(self, rng: random.Random, owner_ids: list[int], tags: list[Tag]):
        self.rng = rng
        self.owner_ids = owner_ids
        self.tags = tags
        self.tags_by_name = {tag.name: tag for tag in tags}
        self.cities = [name for name, _province in municipalities()]
        self.names: set[str] = set()
        kinds = list(words.OTHER_KINDS)
        self.long_tail_kinds = kinds
        self.long_tail_weights = [words.OTHER_KINDS[k][0] for k in kinds]

    def make(
        self, name: str, kind: str, *, acronym: str | None = None, city: str | None = None, parent=None
    ) -> Organisation:
        rng = self.rng
        self.names.add(name)
        domain = mail_domain(kind, name, acronym)
        own_tags = rng.sample(self.tags, rng.choices((0, 1, 2), weights=(30, 50, 20))[0])
        kind_tag = self.tags_by_name.get(KIND_TAGS.get(kind, ""))
        if kind_tag is not None and kind_tag not in own_tags:
            own_tags.append(kind_tag)
        org = Organisation(
            name=name,
            acronym=acronym,
            kind=kind,
            parent_id=parent.id if parent is not None else None,
            city=city or (parent.city if parent is not None else rng.choice(self.cities)),
            website=f"https://www.{domain}" if rng.random() < 0.7 else None,
            email=f"info@{domain}" if rng.random() < 0.5 else None,
            phone=f"0{rng.randrange(100_000_000, 999_999_999)}" if rng.random() < 0.5 else None,
            address=f"{rng.choice(words.STREETS)} {rng.randint(1, 200)}" if rng.random() < 0.6 else None,
            postal_code=f"{rng.randint(1000, 9999)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}A",
            description="Partner in het culturele veld." if rng.random() < 0.2 else None,
            owner_id=rng.choice(self.owner_ids) if rng.random() < 0.6 else None,
            tags=own_tags,
        )
        return org

    def long_tail_organisation(self) -> Organisation:
        rng = self.rng
        kind = rng.choices(self.long_tail_kinds, weights=self.long_tail_weights)[0]
        patterns = words.OTHER_KINDS[kind][1]
        city = rng.choice(self.cities)
        name = ""
        for _attempt in range(5):
            name = rng.choice(patterns).format(city=city, word=rng.choice(words.ORGANISATION_WORDS))
            if name not in self.names:
                break
            city = rng.choice(self.cities)
        if name in self.names:  # a crowded registry: number the twin, as people do
            name = f"{name} {len(self.names)}"
        return self.make(name, kind, city=city)

    def ref(self, org: Organisation) -> OrganisationRef:
        return OrganisationRef(id=org.id, kind=org.kind, domain=mail_domain(org.kind, org.name, org.acronym))
