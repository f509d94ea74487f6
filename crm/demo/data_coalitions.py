"""The demo coalitions and dossiers: the real names from the organisation's own account of its work."""

from __future__ import annotations

# (name, description, start, end, [(org key, role)], [dossier titles])
COALITIONS = [
    (
        "Cultuur deel je",
        "Brede coalitie die het belang van cultuureducatie en -participatie onder de aandacht "
        "brengt. Cultuurconnectie is mede-initiatiefnemer en dragend partner.",
        "2020-09-01",
        None,
        [
            ("cc", "initiator"),
            ("lkca", "carrier"),
            ("fcp", "partner"),
            ("cjp", "partner"),
            ("vng", "observer"),
        ],
        ["Cultuureducatie in gemeenten", "Iktoon-campagne"],
    ),
    (
        "Zet cultuur op de agenda",
        "Campagne om cultuur bij verkiezingen en in coalitieakkoorden op de agenda te krijgen.",
        "2021-01-15",
        None,
        [("cc", "initiator"), ("k92", "carrier"), ("fedcult", "partner"), ("lkca", "partner")],
        ["Nationaal Programma Onderwijs", "Heropening en routekaart"],
    ),
    (
        "Deltaplan Jeugd",
        "Samen met LKCA, CJP en Kunstbende input voor het Deltaplan Jeugd.",
        "2021-03-01",
        None,
        [("lkca", "initiator"), ("cc", "carrier"), ("cjp", "carrier"), ("kunstbende", "partner")],
        ["Nationaal Programma Onderwijs"],
    ),
    (
        "Federatie Cultuur",
        "Gezamenlijke organisatie van culturele branches; deelname aan de directeurenoverleggen "
        "van VNO-NCW en MKB-Nederland.",
        "2019-01-01",
        None,
        [
            ("fedcult", "initiator"),
            ("cc", "carrier"),
            ("k92", "partner"),
            ("vno", "observer"),
            ("mkb", "observer"),
        ],
        ["Steunpakketten", "Heropening en routekaart"],
    ),
    (
        "Taskforce culturele en creatieve sector",
        "Schrijft pro-actief mee aan de routekaart van het Kabinet en "
        "levert input voor sneltestbeleid, Fieldlabs en testlabs.",
        "2020-05-01",
        "2022-12-31",
        [
            ("k92", "initiator"),
            ("fedcult", "carrier"),
            ("cc", "carrier"),
            ("kunstenbond", "partner"),
            ("ocw", "observer"),
        ],
        ["Heropening en routekaart", "Sneltesten en Fieldlabs", "Steunpakketten"],
    ),
    (
        "Branche-protocol heropening",
        "Branche-protocol en aanvullende richtlijnen met leden, de vakbonden AVV en "
        "Kunstenbond, VLS, Koornetwerk Nederland en de KNMO.",
        "2020-05-15",
        "2022-03-31",
        [
            ("cc", "initiator"),
            ("avv", "partner"),
            ("kunstenbond", "partner"),
            ("vls", "partner"),
            ("koor", "partner"),
            ("knmo", "partner"),
        ],
        ["Heropening en routekaart"],
    ),
]

# (title, status, description)
DOSSIERS = [
    (
        "Nationaal Programma Onderwijs",
        "active",
        "Brief met LKCA ten behoeve van het debat in de Tweede Kamer over het Nationaal Programma Onderwijs.",
    ),
    (
        "Heropening en routekaart",
        "monitoring",
        "Perspectief op heropening: eigen branche-protocol, alternatieve routekaart (motie Dijkhof) van "
        "MKB-Nederland, routekaart van het Kabinet.",
    ),
    (
        "Steunpakketten",
        "monitoring",
        "Invulling en uitvoering van de steunpakketten met relevante organisaties en ministeries.",
    ),
    ("New Creative Deal", "active", "Handreiking 'New Creative Deal' samen met Kunsten '92."),
    ("Sneltesten en Fieldlabs", "closed", "Input voor sneltestbeleid, Fieldlabs en nieuwe testlabs."),
    (
        "Cultuureducatie in gemeenten",
        "active",
        "Oproep aan gemeenten, samen met de Kunstenbond en AVV; input voor de Corona Gids van de VNG.",
    ),
    (
        "Digitalisering van het aanbod",
        "active",
        "Zoom-licenties voor docenten, gebruikersgroep Zoom, lessons learned en professionalisering.",
    ),
    (
        "Onderzoek en monitoring",
        "active",
        "Monitor van de Boekmanstichting, ledenenquête en het Kunsteducatie Analyse Systeem (KAnS).",
    ),
    ("Iktoon-campagne", "active", "Alle actieve kunstbeoefenaars bereiken met de Iktoon-campagne."),
]
