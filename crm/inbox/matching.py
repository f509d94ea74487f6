"""Who is on an e-mail, by address: people (their organisations follow when the contact is logged), organisations by
their general address, and colleagues ("who of us"). Addresses nobody has are kept as "not recognised"."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from crm.auth.models import User
from crm.inbox import queries
from crm.inbox.message import Address, ParsedEmail
from crm.partners.models import Organisation, Person
from crm.permissions import may_act


@dataclass
class Matches:
    people: list[Person] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    unmatched: list[Address] = field(default_factory=list)
    by_address: dict[str, str] = field(default_factory=dict)  # address -> "person:12" / "user:3" / "organisation:4"


def ours(address: str) -> bool:
    """An inbound address of Bondgenoot itself (the BCC that brought the message): nobody to match."""
    domain = (current_app.config.get("MAIL_INBOUND_DOMAIN") or "").lower()
    return bool(domain) and address.rpartition("@")[2] == domain


def match(parsed: ParsedEmail) -> Matches:
    addresses = [a for a in parsed.addresses() if not ours(a.address)]
    keys = [a.address for a in addresses]
    users, people, organisations = (queries.users_by_address(keys), queries.people_by_address(keys),
                                    queries.organisations_by_address(keys))  # fmt: skip
    found = Matches()
    for address in addresses:
        if (user := users.get(address.address)) is not None:
            if may_act(user) and user not in found.users:  # a read-only colleague did no lobbying on it
                found.users.append(user)
            found.by_address[address.address] = f"user:{user.id}"
        elif (person := people.get(address.address)) is not None:
            if person not in found.people:
                found.people.append(person)
            found.by_address[address.address] = f"person:{person.id}"
        elif (organisation := organisations.get(address.address)) is not None:
            if organisation not in found.organisations:
                found.organisations.append(organisation)
            found.by_address[address.address] = f"organisation:{organisation.id}"
        elif address != parsed.forwarded_by:
            found.unmatched.append(address)
    return found
