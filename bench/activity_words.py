"""Word pools for the generated contact log and meetings: Dutch, fictional, fixed so every run builds the same data."""

from __future__ import annotations

# kind → (how the subject starts, weight): calls and emails dominate a lobbyist's day.
CONTACT_KINDS = {
    "call": ("Telefoongesprek over", 25),
    "email": ("Mailwisseling over", 30),
    "meeting": ("Overleg over", 12),
    "work_visit": ("Werkbezoek rond", 5),
    "event": ("Gesproken op een bijeenkomst over", 8),
    "letter": ("Brief over", 5),
    "media": ("Persvraag over", 5),
    "social": ("Reactie op een bericht over", 4),
    "other": ("Contact over", 6),
}

CONTACT_NOTES = (
    "Positief over ons voorstel; wil eerst **cijfers** zien voor het Commissiedebat.",
    "Kort gesprek. Afgesproken:\n\n- wij sturen de ledenenquête\n- zij koppelen terug na het overleg",
    "Twijfels bij de uitvoering in gemeenten; vraagt om voorbeelden uit de praktijk.",
    "Geen nieuws, wel bevestigd dat het onderwerp op de agenda blijft.",
    "Was goed op de hoogte van het dossier. Noemde de motie van vorige maand als aanknopingspunt.",
    "Zie ook het verslag van het vorige overleg; standpunt ongewijzigd.",
)

FOLLOW_UPS = (
    "Position paper sturen",
    "Terugbellen met de cijfers",
    "Afspraak voor een werkbezoek plannen",
    "Reactie op de conceptbrief geven",
    "Vragen doorzetten naar de leden",
    "Uitnodiging voor de bijeenkomst versturen",
    "Factsheet bijwerken en delen",
    "Inbreng voor het Commissiedebat aanleveren",
)

MEETING_PLACES = (
    "Den Haag, Binnenhof",
    "Utrecht, kantoor Cultuurconnectie",
    "Amsterdam, Kunsten '92",
    "Den Haag, Ministerie van OCW",
    "Zwolle, provinciehuis",
)

AGENDA_ITEMS = (
    "Opening en mededelingen",
    "Vaststellen verslag vorige vergadering",
    "Actiepunten vorige keer",
    "Stand van zaken begroting",
    "Voorbereiding Commissiedebat",
    "Inbreng van de leden",
    "Lobbystrategie komende maanden",
    "Communicatie en pers",
    "Rondvraag",
)

PRESENTERS = ("Voorzitter", "Secretaris", "Cultuurconnectie", "OCW", "Kunsten '92", "VNG", None)

AGENDA_MINUTES = (
    "Toelichting door de presentator. De leden herkennen het beeld; **actie** voor het secretariaat.",
    "Besproken en ongewijzigd vastgesteld.",
    "Korte bespreking; geen bijzonderheden.",
)

DECISIONS = (
    "Gezamenlijke brief aan OCW opstellen",
    "Cijfers van de ledenenquête delen met de partners",
    "Onderwerp terug op de agenda van het volgende overleg",
    "Werkgroep instellen voor de uitwerking",
)

ACTION_ITEMS = (
    "Conceptbrief rondsturen",
    "Cijfers aanleveren",
    "Reactie van de partners verzamelen",
    "Afspraak met het ministerie plannen",
    "Verslag rondsturen",
    "Gesprek met de wethouder voorbereiden",
)
