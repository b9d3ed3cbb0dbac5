"""The fixed vocabulary of the demo data set: places, names and master data (Belgian/European flavour)."""

from __future__ import annotations

from decimal import Decimal

# (city, post code, country, territory, language, phone prefix, weight)
CITIES: list[tuple[str, str, str, str, str, str, int]] = [
    ("GENT", "9000", "BE", "OVL", "NLB", "+32 9", 14),
    ("BRUGGE", "8000", "BE", "WVL", "NLB", "+32 50", 9),
    ("ANTWERPEN", "2000", "BE", "ANT", "NLB", "+32 3", 16),
    ("BRUSSEL", "1000", "BE", "BRU", "NLB", "+32 2", 14),
    ("LEUVEN", "3000", "BE", "VBR", "NLB", "+32 16", 8),
    ("MECHELEN", "2800", "BE", "ANT", "NLB", "+32 15", 6),
    ("KORTRIJK", "8500", "BE", "WVL", "NLB", "+32 56", 6),
    ("HASSELT", "3500", "BE", "LIM", "NLB", "+32 11", 6),
    ("AALST", "9300", "BE", "OVL", "NLB", "+32 53", 4),
    ("OOSTENDE", "8400", "BE", "WVL", "NLB", "+32 59", 4),
    ("SINT-NIKLAAS", "9100", "BE", "OVL", "NLB", "+32 3", 4),
    ("GENK", "3600", "BE", "LIM", "NLB", "+32 89", 3),
    ("ROESELARE", "8800", "BE", "WVL", "NLB", "+32 51", 3),
    ("TURNHOUT", "2300", "BE", "ANT", "NLB", "+32 14", 3),
    ("VILVOORDE", "1800", "BE", "VBR", "NLB", "+32 2", 3),
    ("LIEGE", "4000", "BE", "WAL", "FRB", "+32 4", 5),
    ("NAMUR", "5000", "BE", "WAL", "FRB", "+32 81", 3),
    ("CHARLEROI", "6000", "BE", "WAL", "FRB", "+32 71", 3),
    ("WAVRE", "1300", "BE", "WAL", "FRB", "+32 10", 2),
    ("ROTTERDAM", "3011 AB", "NL", "NL", "NLD", "+31 10", 3),
    ("AMSTERDAM", "1012 JS", "NL", "NL", "NLD", "+31 20", 3),
    ("UTRECHT", "3511 AA", "NL", "NL", "NLD", "+31 30", 2),
    ("EINDHOVEN", "5611 AB", "NL", "NL", "NLD", "+31 40", 2),
    ("LILLE", "59000", "FR", "FR", "FRA", "+33 3", 2),
    ("PARIS", "75008", "FR", "FR", "FRA", "+33 1", 2),
    ("AACHEN", "52062", "DE", "DE", "DEU", "+49 241", 2),
    ("KOELN", "50667", "DE", "DE", "DEU", "+49 221", 2),
    ("LUXEMBOURG", "L-1111", "LU", "LU", "FRA", "+352", 2),
]

TERRITORIES = [
    ("ANT", "Antwerpen"), ("OVL", "Oost-Vlaanderen"), ("WVL", "West-Vlaanderen"), ("VBR", "Vlaams-Brabant"),
    ("LIM", "Limburg"), ("BRU", "Brussel"), ("WAL", "Wallonië"), ("NL", "Nederland"), ("FR", "Frankrijk"),
    ("DE", "Duitsland"), ("LU", "Luxemburg"),
]

STREETS_NL = [
    "Kerkstraat", "Stationsstraat", "Molenstraat", "Dorpsstraat", "Nieuwstraat", "Veldstraat", "Kouter",
    "Industrieweg", "Grote Markt", "Brugsesteenweg", "Kortrijksesteenweg", "Lange Nieuwstraat", "Meir",
    "Vrijheidstraat", "Schoolstraat", "Hoogstraat", "Kapelstraat", "Beekstraat", "Noorderlaan", "Havenlaan",
]
STREETS_FR = [
    "Rue de la Station", "Avenue Louise", "Rue du Marché", "Chaussée de Namur", "Rue de l'Église",
    "Boulevard d'Avroy", "Rue Haute", "Place Saint-Lambert",
]
STREETS_DE = ["Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Industriestraße"]

FIRST_NAMES = [
    "Jan", "Pieter", "Koen", "Tom", "Bart", "Wim", "Dirk", "Luc", "Marc", "Els", "An", "Sofie", "Lien",
    "Katrien", "Inge", "Hilde", "Sarah", "Emma", "Lotte", "Nina", "Lucas", "Arthur", "Louis", "Noah",
    "Jules", "Marie", "Julie", "Charlotte", "Camille", "Thomas", "Nicolas", "Mathieu", "Ruben", "Jens",
    "Eva", "Laura", "Elise", "Griet", "Stijn", "Joris", "Frederik", "Annelies", "Veerle", "Nathalie",
    "Isabelle", "Pierre", "Hélène", "François", "Chloé", "Maarten", "Sanne", "Daan", "Femke", "Lukas",
]
SURNAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De Smet", "Dubois", "Lambert", "Dupont", "Vermeulen", "Van den Bossche", "De Clercq", "Hermans",
    "Aerts", "Michiels", "Desmet", "Van Damme", "Lemmens", "Martens", "Verhoeven", "De Vos", "Pauwels",
    "Van de Velde", "Leclercq", "Smets", "Coppens", "Cools", "Verstraete", "Bogaert", "De Backer",
    "Segers", "Van Acker", "Dewulf", "Vandenberghe", "Claeys", "Baert", "Renard", "Laurent", "Lefèvre",
    "De Jong", "Bakker", "Visser", "Schmitz", "Wagner", "Moreau", "Van Hecke", "D'Hondt", "Vercauteren",
]
BRAND_WORDS = [
    "Schelde", "Leie", "Dijle", "Kempen", "Polder", "Vlaanderen", "Benelux", "Delta", "Horizon", "Atlas",
    "Nova", "Zenith", "Orion", "Lumen", "Arcade", "Belfort", "Mercator", "Duin", "Noordzee", "Ardennen",
]

# (name pattern, industry groups it suggests; empty = any)
COMPANY_PATTERNS: list[tuple[str, tuple[str, ...]]] = [
    ("{surname} NV", ()), ("{surname} BV", ()), ("{surname} & Zonen", ("MANUFACT", "WHOLESALE")),
    ("{surname} & Co", ("WHOLESALE", "RETAIL")), ("Brouwerij {surname}", ("FOOD", "MANUFACT")),
    ("Bakkerij {surname}", ("FOOD", "RETAIL")), ("Garage {surname}", ("SERVICES", "RETAIL")),
    ("Drukkerij {surname}", ("MANUFACT",)), ("Transport {surname}", ("LOGISTICS",)),
    ("Bouwbedrijf {surname}", ("CONSTRUCT",)), ("{brand} Solutions", ("IT", "SERVICES")),
    ("{brand} Logistics", ("LOGISTICS",)), ("{brand} Consult", ("CONSULT", "SERVICES")),
    ("{brand} Systems", ("IT",)), ("{brand}tech", ("IT", "MANUFACT")), ("{city} Trading", ("WHOLESALE",)),
    ("Atelier {brand}", ("MANUFACT", "RETAIL")), ("Groep {surname}", ()), ("{surname} Interieur", ("RETAIL",)),
    ("{brand} Foods", ("FOOD", "WHOLESALE")), ("Les Ateliers {surname}", ("MANUFACT",)), ("{surname} SA", ()),
]
TLDS = {"BE": ".be", "NL": ".nl", "FR": ".fr", "DE": ".de", "LU": ".lu"}
MAIL_PROVIDERS = ["telenet.be", "skynet.be", "proximus.be", "gmail.com", "outlook.com", "hotmail.com"]

# (code, name, blocked)
SALESPEOPLE = [
    ("AV", "Annelies Vermeulen", False), ("BD", "Bart De Smet", False), ("KP", "Koen Peeters", False),
    ("LM", "Lien Maes", False), ("PC", "Pierre Claes", False), ("SJ", "Sofie Janssens", False),
    ("MH", "Marie Hermans", False), ("TW", "Tom Willems", True),
]
SALES_DOMAIN = "segmentum-demo.be"
# Which salespeople cover a territory (the blocked one still owns some old accounts).
TERRITORY_SALES = {
    "ANT": ["AV", "KP", "TW"], "OVL": ["BD", "LM"], "WVL": ["LM", "BD"], "VBR": ["SJ", "KP"],
    "LIM": ["KP"], "BRU": ["PC", "SJ", "TW"], "WAL": ["PC"], "NL": ["MH", "AV"], "FR": ["PC"],
    "DE": ["MH"], "LU": ["PC", "MH"],
}

BUSINESS_RELATIONS = [
    ("CUST", "Customer", 45), ("PROSPECT", "Prospect", 30), ("VEND", "Vendor", 12), ("PARTNER", "Partner", 7),
    ("PRESS", "Press", 2), ("BANK", "Bank", 1),
]
INDUSTRY_GROUPS = [
    ("RETAIL", "Retail"), ("WHOLESALE", "Wholesale"), ("MANUFACT", "Manufacturing"), ("SERVICES", "Services"),
    ("IT", "IT and software"), ("LOGISTICS", "Transport and logistics"), ("CONSTRUCT", "Construction"),
    ("FOOD", "Food and beverages"), ("CONSULT", "Consultancy"),
]
MAILING_GROUPS = [
    ("NEWSLETTER", "Monthly newsletter", 30), ("XMASCARD", "Christmas card", 20), ("EVENTS", "Event invitations", 15),
    ("PRODUCT", "Product announcements", 10), ("VIP", "VIP customers", 3),
]
# (code, description, job titles)
JOB_RESPONSIBILITIES = [
    ("MANAGEMENT", "Management", ["Managing Director", "Zaakvoerder", "CEO", "General Manager"]),
    ("SALES", "Sales", ["Sales Manager", "Account Manager", "Verkoper"]),
    ("PURCHASE", "Purchasing", ["Purchasing Manager", "Inkoper", "Buyer"]),
    ("MARKETING", "Marketing", ["Marketing Manager", "Communicatieverantwoordelijke"]),
    ("FINANCE", "Finance", ["CFO", "Boekhouder", "Controller"]),
    ("IT", "IT", ["IT Manager", "Systeembeheerder", "Developer"]),
    ("HR", "Human resources", ["HR Manager", "Personeelsdienst"]),
    ("LOGISTICS", "Logistics", ["Logistics Manager", "Magazijnier"]),
    ("PRODUCTION", "Production", ["Productieleider", "Plant Manager"]),
]

# (code, description, contact type, [(question, multiple answers, [answers])])
QUESTIONNAIRES = [
    ("COMPANY", "Company profile", "COMPANY", [
        ("Number of employees", False, ["1-9", "10-49", "50-249", "250 or more"]),
        ("Annual turnover", False, ["Under 1 M EUR", "1-10 M EUR", "10-50 M EUR", "Over 50 M EUR"]),
        ("Preferred contact channel", True, ["E-mail", "Phone", "Letter", "Visit"]),
        ("Customer satisfaction", False, ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied"]),
    ]),
    ("PERSON", "Person profile", "PERSON", [
        ("Age group", False, ["Under 30", "30-44", "45-59", "60 or older"]),
        ("Interests", True, ["Product news", "Events", "Webinars", "Case studies", "Sustainability"]),
        ("Newsletter format", False, ["HTML", "Plain text"]),
    ]),
]

INTERACTION_GROUPS = [
    ("EMAIL", "E-mail"), ("LETTER", "Letters"), ("PHONE", "Phone calls"), ("MEETING", "Meetings"),
]
# (campaign no offset, description, starts days ago, lasts days, salesperson)
CAMPAIGNS = [
    (1, "Spring customer event", 420, 60, "AV"), (2, "Product launch Horizon", 250, 90, "KP"),
    (3, "Year-end promotion", 120, 45, "LM"), (4, "Prospect nurturing", 60, 120, "SJ"),
]
# (code, description, group, unit cost, minutes, flow, initiated by, correspondence default,
#  campaign offset or None, campaign target, campaign response, weight, failure rate)
TEMPLATES = [
    ("EMAIL", "E-mail", "EMAIL", Decimal("0.00"), 5, "OUTBOUND", "US", "EMAIL", None, False, False, 24, 0.03),
    ("NEWSLETTER", "Newsletter", "EMAIL", Decimal("0.05"), 0, "OUTBOUND", "US", "EMAIL", None, False, False, 18, 0.02),
    ("EMAILIN", "Incoming e-mail", "EMAIL", Decimal("0.00"), 5, "INBOUND", "THEM", "EMAIL", None, False, False, 4, 0.0),
    ("LETTER", "Letter", "LETTER", Decimal("1.50"), 10, "OUTBOUND", "US", "HARD_COPY", None, False, False, 8, 0.0),
    ("OFFER", "Quotation", "LETTER", Decimal("2.50"), 30, "OUTBOUND", "US", "HARD_COPY", None, False, False, 5, 0.0),
    ("CALLOUT", "Outgoing call", "PHONE", Decimal("0.25"), 10, "OUTBOUND", "US", "NONE", None, False, False, 12, 0.15),
    ("CALLIN", "Incoming call", "PHONE", Decimal("0.00"), 8, "INBOUND", "THEM", "NONE", None, False, False, 8, 0.0),
    ("MEETING", "Meeting", "MEETING", Decimal("45.00"), 60, "NONE", "US", "NONE", None, False, False, 7, 0.02),
    ("INVITE", "Event invitation", "EMAIL", Decimal("0.10"), 2, "OUTBOUND", "US", "EMAIL", 1, True, False, 6, 0.0),
    ("EVREPLY", "Event registration", "EMAIL", Decimal("0.00"), 2, "INBOUND", "THEM", "EMAIL", 1, False, True, 3, 0.0),
    ("DEMO", "Product demo", "MEETING", Decimal("120.00"), 90, "OUTBOUND", "US", "NONE", 2, True, True, 3, 0.0),
    ("PROMO", "Promotion mailing", "LETTER", Decimal("0.80"), 0, "OUTBOUND", "US", "HARD_COPY", 3, True, False, 4, 0.0),
]
EMAIL_SUBJECTS = [
    "Follow-up of our meeting", "Your question about delivery", "Price list", "Invitation", "Order confirmation",
    "Thank you", "Planning next quarter", "Contract renewal",
]
EVALUATIONS = ["VERY_POSITIVE", "POSITIVE", "NEUTRAL", "NEGATIVE", "VERY_NEGATIVE"]
