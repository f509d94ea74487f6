"""Watch rules, matches, dismissals and marks for tests, and the URL arguments of the watch routes."""

from __future__ import annotations

from datetime import datetime

import factory

from crm.watch.models import WatchDismissal, WatchMark, WatchMatch, WatchRule
from tests import factories


class WatchRuleFactory(factories.Base):
    class Meta:
        model = WatchRule

    dossier = factory.SubFactory(factories.DossierFactory)
    kind = "keyword"
    value = factory.Sequence(lambda n: f"trefwoord {n}")
    label = factory.LazyAttribute(lambda o: o.value)


class WatchMatchFactory(factories.Base):
    class Meta:
        model = WatchMatch
        exclude = ("rule",)

    rule = factory.SubFactory(WatchRuleFactory)
    rule_id = factory.LazyAttribute(lambda o: o.rule.id)
    dossier_id = factory.LazyAttribute(lambda o: o.rule.dossier_id)
    item_kind = "case"
    item_id = factory.Sequence(lambda n: f"00000000-0000-4000-8000-{n:012d}")


class WatchDismissalFactory(factories.Base):
    class Meta:
        model = WatchDismissal

    dossier_id = factory.LazyFunction(lambda: factories.DossierFactory().id)
    item_kind = "case"
    item_id = factory.Sequence(lambda n: f"00000000-0000-4000-9000-{n:012d}")
    label = "Motie over iets"


class WatchMarkFactory(factories.Base):
    class Meta:
        model = WatchMark

    table = factory.Sequence(lambda n: f"table{n}")
    mark = datetime(2026, 1, 1)


def sample_watch_arguments() -> dict:
    return {"watch_rule_id": WatchRuleFactory().id, "watch_dismissal_id": WatchDismissalFactory().id}
