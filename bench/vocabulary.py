"""Word pools for the generated registry: Dutch-sounding, fictional, and fixed so every run builds the same data."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Anna Bas Carla Daan Eva Fleur Gijs Hanna Iris Jeroen Kim Lars Maaike Noor Olaf Pieter Quinten Roos Sanne "
    "Thijs Ursula Vera Wouter Xander Yara Zoë Anouk Bram Charlotte Dirk Esther Floris Geert Hester Ilse Joost "
    "Karin Lieke Martijn Nienke Oscar Petra Rik Sophie Tim Vincent Wendy Yvonne Ahmed Fatima Mohamed Samira "
    "Priya Rajesh Mei Chen Luca Giulia Tomasz Agnieszka Kofi Ama"
)

NAME_PREFIXES = ("van", "de", "van der", "van den", "ter", "van de", "den")

LAST_NAMES = _words(
    "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Dijkstra Brouwer Koster Prins "
    "Huisman Kuipers Veenstra Postma Schouten Wolters Hoekstra Kok Jacobs Willems Verhoeven Kramer Vermeulen "
    "Groen Molenaar Hermans Scholten Maas Evers Boer Graaf Berg Heuvel Linden Wijk Ven Laan Veen Beek Broek "
    "Haan Vries Leeuw Wit Jong Bruijn Meer Horst Hoek Kamp Dam Velden Bosch Akker Ruiter Timmermans Verbeek "
    "Lammers Sanders Wouters Claassen Kuijpers Gerritsen Bosman Janssens Aydın Yılmaz Bouzid Tahiri Pranoto"
)

ROLES = (
    "Directeur",
    "Beleidsmedewerker",
    "Senior beleidsadviseur",
    "Wethouder cultuur",
    "Raadslid",
    "Programmamanager",
    "Bestuurder",
    "Voorzitter",
    "Secretaris",
    "Woordvoerder",
    "Adviseur public affairs",
    "Hoofd communicatie",
    "Projectleider",
    "Zakelijk leider",
    "Artistiek leider",
)

TAGS = _words(
    "cultuur onderwijs cultuureducatie amateurkunst erfgoed musea podiumkunsten muziek film letteren bibliotheken "
    "gemeenten provincies rijksoverheid politiek media fondsen subsidie corona arbeidsmarkt cao jeugd participatie "
    "welzijn sport digitalisering duurzaamheid internationaal kennis onderzoek vakbond werkgevers pers "
    "coalitiepartner creatieve-industrie regio-noord regio-oost regio-zuid regio-west randstad"
)

MINISTRIES = (
    ("Ministerie van Onderwijs, Cultuur en Wetenschap", "OCW"),
    ("Ministerie van Volksgezondheid, Welzijn en Sport", "VWS"),
    ("Ministerie van Economische Zaken", "EZ"),
    ("Ministerie van Financiën", "FIN"),
    ("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "BZK"),
    ("Ministerie van Sociale Zaken en Werkgelegenheid", "SZW"),
    ("Ministerie van Justitie en Veiligheid", "JenV"),
    ("Ministerie van Infrastructuur en Waterstaat", "IenW"),
    ("Ministerie van Landbouw, Natuur en Voedselkwaliteit", "LNV"),
    ("Ministerie van Buitenlandse Zaken", "BZ"),
    ("Ministerie van Defensie", "DEF"),
    ("Ministerie van Algemene Zaken", "AZ"),
)

DIRECTORATE_TOPICS = (
    "Erfgoed en Kunsten",
    "Media en Creatieve Industrie",
    "Primair Onderwijs",
    "Voortgezet Onderwijs",
    "Financieel-Economische Zaken",
    "Communicatie",
    "Wetgeving en Juridische Zaken",
    "Jeugd en Samenleving",
    "Arbeidsmarkt",
    "Bestuur en Organisatie",
)

COMMITTEE_TOPICS = (
    "Onderwijs, Cultuur en Wetenschap",
    "Volksgezondheid, Welzijn en Sport",
    "Economische Zaken",
    "Financiën",
    "Binnenlandse Zaken",
    "Sociale Zaken en Werkgelegenheid",
    "Justitie en Veiligheid",
    "Digitale Zaken",
)

# Kinds the rest of the registry is drawn from, with their weights and name patterns ({city}, {word}).
OTHER_KINDS = {
    "cultural_institution": (
        40,
        (
            "Schouwburg {city}",
            "Poppodium {word} {city}",
            "Muziekschool {city}",
            "Bibliotheek {city}",
            "Museum {word} {city}",
            "Cultuurhuis {city}",
            "Centrum voor de Kunsten {city}",
            "Filmhuis {city}",
            "Theater {word}",
            "Stichting Cultuur {city}",
        ),
    ),
    "fund": (4, ("Fonds {word}", "Cultuurfonds {city}", "Stichting {word} Fonds")),
    "knowledge_institute": (4, ("Kenniscentrum {word}", "Instituut voor {word}", "Lectoraat {word} {city}")),
    "union": (3, ("Bond voor {word}", "Vakbond {word}")),
    "branch_organisation": (6, ("Vereniging {word}", "Brancheorganisatie {word}", "Netwerk {word} {city}")),
    "employers_organisation": (3, ("Werkgevers {word}", "Ondernemersvereniging {city}")),
    "media": (4, ("Omroep {city}", "Dagblad {city}", "{word} Magazine", "Radio {word}")),
    "other": (4, ("Stichting {word} {city}", "Platform {word}", "Coöperatie {word} {city}")),
}

# {word} in the patterns above.
ORGANISATION_WORDS = _words(
    "Amateurkunst Dans Muziek Theater Erfgoed Beeldhouwkunst Film Letteren Cultuureducatie Talent Podium Kunst "
    "Ontmoeting Verbinding Creatief Vakmanschap Noord Zuid Oost West Horizon Atelier Open Samen Nieuwe Makers"
)

STREETS = _words("Kerkstraat Stationsweg Dorpsstraat Molenweg Schoolstraat Marktplein Julianalaan Havenkade")

COALITION_THEMES = (
    "Cultuur deel je",
    "Zet cultuur op de agenda",
    "Taskforce culturele en creatieve sector",
    "Alliantie cultuureducatie",
    "Coalitie amateurkunst",
    "Samen voor de bibliotheek",
    "Erfgoed telt",
    "Makers aan tafel",
    "Fair Practice coalitie",
    "Regionale cultuurdeals",
    "Podia in de regio",
    "Muziekonderwijs voor ieder kind",
    "Kunst in de wijk",
    "Creatieve economie",
    "Jeugd en cultuur",
    "Cultuur in het coalitieakkoord",
    "Netwerk lokale omroepen",
    "Digitale cultuur",
    "Verduurzaming culturele gebouwen",
    "Internationaal cultuurbeleid",
)

DOSSIER_TOPICS = (
    "Nationaal Programma Onderwijs",
    "Heropening en routekaart",
    "Steunpakketten",
    "New Creative Deal",
    "Sneltesten en Fieldlabs",
    "Cultuureducatie in gemeenten",
    "Iktoon-campagne",
    "Arbeidsmarktagenda",
    "Fair Pay",
    "Btw op cultuur",
    "Bibliotheekwet",
    "Erfgoedwet",
    "Cultuurbegroting",
    "Gemeentefonds",
    "Provinciale cultuurplannen",
    "Amateurkunstregeling",
    "Muziekonderwijs",
    "Jeugdcultuurfonds",
    "Mediawet",
    "Auteursrecht",
    "Energiekosten",
    "Verduurzaming",
    "Toegankelijkheid",
    "Digitalisering collecties",
    "Talentontwikkeling",
    "Cultuurparticipatie",
    "Regiodeals",
    "Kunstvakonderwijs",
    "Internationaal cultuurbeleid",
    "Sociale zekerheid zelfstandigen",
)
