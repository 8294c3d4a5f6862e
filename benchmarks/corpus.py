"""Deterministic synthetic corpus for benchmarks: news about fairs, forums and expos.

Articles are built from sentence templates filled from word lists. Fillers are drawn
with Zipf-like weights (earlier entries in a list are much more frequent than later
ones), so full-text search meets both very common and rare terms. Everything derives
from ``random.Random(seed)``: the same seed always gives the same articles.

Standard library only, no Qt. Run ``python benchmarks/corpus.py 10000`` to time it.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["SEARCH_QUERIES", "SyntheticArticle", "generate_articles", "write_corpus"]

ARTICLES_PER_FILE = 10_000
ITALIAN_SHARE = 0.15


@dataclass(frozen=True)
class SyntheticArticle:
    title: str
    body: str
    language: str
    url: str
    published: str
    tags: tuple[str, ...]


# Queries for the search-latency benchmark, in the app's (SQLite FTS5) syntax: common and
# rare words, phrases, prefixes, boolean combinations, Italian. Every word and phrase in
# them occurs in the first 2,000 articles of the default seed (tests check this), and
# "gyrocompass" is the needle: it is in well under 1% of articles.
SEARCH_QUERIES: tuple[str, ...] = (
    "exhibitors",
    "logistics",
    "robots",
    "tribology",
    "hyperspectral",
    "magnetorheological",
    "gyrocompass",
    '"supply chain"',
    '"white paper"',
    '"cold chain"',
    "logist*",
    "semicond*",
    "fair AND Milan",
    "forum OR summit",
    "automation NOT robots",
    '"action plan" AND warehousing',
    "(Shanghai OR Verona) AND expo",
    '"Liu Wenjing" OR "Niccolò Ferrè"',
    "fiera",
    "espositori",
    "città AND più",
    '"catena di approvvigionamento"',
    "digitalizzazione OR tracciabilità",
    "tribologia NOT fiera",
)


# --------------------------------------------------------------------------- sampling


class _Zipf:
    """Draw from a list with weight 1 / rank**s (first entry most frequent)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence[str], s: float = 1.0) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(1.0 / (rank**s) for rank in range(1, len(items) + 1)))
        self.total = self.cum[-1]
        self.cum[-1] = float("inf")

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]

    def distinct(self, rng: random.Random, k: int) -> list[str]:
        """`k` different items (k must be smaller than the list)."""
        out: list[str] = []
        while len(out) < k:
            item = self(rng)
            if item not in out:
                out.append(item)
        return out


def _ri(rng: random.Random, a: int, b: int) -> int:
    """rng.randint(a, b), several times faster (bias is irrelevant here)."""
    return a + int(rng.random() * (b - a + 1))


def _rr(rng: random.Random, n: int) -> int:
    """rng.randrange(n), faster."""
    return int(rng.random() * n)


# --------------------------------------------------------------------------- word lists
# Order matters: earlier entries are drawn more often.

CITIES_EN = _Zipf([
    "Shanghai", "Beijing", "Shenzhen", "Milan", "Hangzhou", "Suzhou", "Guangzhou", "Verona",
    "Bologna", "Ningbo", "Tianjin", "Chengdu", "Wuhan", "Turin", "Hefei", "Qingdao", "Xiamen",
    "Padua", "Nanjing", "Hanover", "Rotterdam", "Lyon", "Dongguan", "Foshan", "Kunming",
    "Brescia", "Genoa", "Changsha", "Zhengzhou", "Harbin", "Trieste", "Lanzhou",
])
CITIES_IT = _Zipf([
    "Milano", "Shanghai", "Bologna", "Verona", "Torino", "Pechino", "Shenzhen", "Padova",
    "Brescia", "Hangzhou", "Genova", "Firenze", "Vicenza", "Parma", "Bergamo", "Suzhou",
    "Modena", "Trieste", "Canton", "Ancona", "Reggio Emilia", "Piacenza", "Udine",
])

SECTORS_EN = _Zipf([
    "Industrial", "Supply Chain", "Smart Logistics", "Robotics", "Advanced Manufacturing",
    "Industrial Internet", "Automation", "New Energy Vehicle", "Machine Tool", "Cold Chain",
    "Intelligent Equipment", "Packaging", "Semiconductor Equipment", "Green Manufacturing",
    "Hydrogen Energy", "Textile Machinery", "Agricultural Machinery", "Photonics",
    "Precision Bearings", "Tribology",
])
SECTORS_IT = _Zipf([
    "dell'Industria", "della Logistica", "della Meccanica", "dell'Automazione",
    "della Robotica", "della Catena di Approvvigionamento", "delle Macchine Utensili",
    "del Packaging", "della Manifattura Avanzata", "della Catena del Freddo",
    "dell'Idrogeno", "della Fotonica", "della Meccatronica", "della Tribologia",
])
EVENTS_EN = _Zipf([
    "Expo", "Fair", "Forum", "Conference", "Trade Festival", "Summit", "Exhibition",
    "Innovation Week", "Procurement Festival", "Matchmaking Fair",
])
EVENTS_IT = _Zipf([
    "Fiera", "Salone", "Forum", "Rassegna", "Convegno nazionale", "Mostra-convegno",
    "Festival", "Vertice",
])
EVENT_TAGS = {
    "Expo": "expo", "Fair": "fair", "Forum": "forum", "Conference": "conference",
    "Trade Festival": "trade festival", "Summit": "summit", "Exhibition": "exhibition",
    "Innovation Week": "innovation", "Procurement Festival": "procurement",
    "Matchmaking Fair": "fair", "Fiera": "fair", "Salone": "fair", "Rassegna": "fair",
    "Convegno nazionale": "conference", "Mostra-convegno": "conference",
    "Festival": "trade festival", "Vertice": "summit",
}
SECTOR_TAGS = {
    "Industrial": "industry", "Supply Chain": "supply chain", "Smart Logistics": "logistics",
    "Robotics": "robotics", "Advanced Manufacturing": "manufacturing",
    "Industrial Internet": "industrial internet", "Automation": "automation",
    "New Energy Vehicle": "automotive", "Machine Tool": "machinery", "Cold Chain": "logistics",
    "Intelligent Equipment": "machinery", "Packaging": "packaging",
    "Semiconductor Equipment": "semiconductors", "Green Manufacturing": "sustainability",
    "Hydrogen Energy": "energy", "Textile Machinery": "machinery",
    "Agricultural Machinery": "agriculture", "Photonics": "photonics",
    "Precision Bearings": "machinery", "Tribology": "tribology",
    "dell'Industria": "industry", "della Logistica": "logistics", "della Meccanica": "machinery",
    "dell'Automazione": "automation", "della Robotica": "robotics",
    "della Catena di Approvvigionamento": "supply chain", "delle Macchine Utensili": "machinery",
    "del Packaging": "packaging", "della Manifattura Avanzata": "manufacturing",
    "della Catena del Freddo": "logistics", "dell'Idrogeno": "energy",
    "della Fotonica": "photonics", "della Meccatronica": "automation",
    "della Tribologia": "tribology",
}

CN_SURNAMES = _Zipf([
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun",
    "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Tang", "Fang", "Qian", "Shen", "Ye",
])
CN_GIVEN = _Zipf([
    "Wei", "Jun", "Wenjing", "Haoran", "Lihua", "Jianguo", "Xiaoming", "Yuting", "Zhiqiang",
    "Meiling", "Kaiwen", "Shuang", "Tao", "Ying", "Hongwei", "Minghui", "Qiaoyu", "Yiran",
    "Lixin", "Jianping", "Xinyu", "Ruolan", "Dongsheng", "Huiqing", "Zhenyu", "Baolin",
])
IT_FIRST = _Zipf([
    "Marco", "Giulia", "Luca", "Francesca", "Andrea", "Chiara", "Niccolò", "Matteo", "Elena",
    "Tommaso", "Ilaria", "Lorenzo", "Sofia", "Davide", "Beatrice", "Federica", "Gianluca",
    "Marta", "Pietro", "Lucrezia",
])
IT_LAST = _Zipf([
    "Rossi", "Bianchi", "Ferrè", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Galli",
    "Conti", "De Luca", "Mancini", "Costa", "Zanè", "Benassi", "Cortesi", "Sarò", "Lucà",
    "Galbiati", "Guidetti", "Fontana", "Barbieri", "Morè", "Caruso",
])
OTHER_NAMES = _Zipf([
    "Annika Vogt", "Pierre Lambert", "James Whitfield", "Hiroshi Tanaka", "María López",
    "Sven Lindqvist", "Aisha Rahman", "Tomasz Nowak", "Olga Petrova", "Daniel Okafor",
])

# Rare, fixed names: searched for as phrases by SEARCH_QUERIES.
NOTABLE_PEOPLE = _Zipf(["Liu Wenjing", "Niccolò Ferrè", "Zhou Haoran", "Marta Zanè"])

ROLES_EN = _Zipf([
    "Deputy Director", "Director", "Vice President", "President", "Secretary-General",
    "Chairman", "Vice Chairman", "Chief Engineer", "Deputy Mayor", "General Manager",
    "Deputy Head", "Chief Economist", "Head of Research", "Deputy Secretary-General",
    "Executive Director", "Inspector",
])
ROLES_COMPANY_EN = _Zipf([
    "General Manager", "Chief Engineer", "Vice President", "Sales Director", "Chief Executive",
    "Chairman", "Head of Research", "Chief Technology Officer",
])
ROLES_COMPANY_IT = _Zipf([
    "amministratore delegato", "direttore commerciale", "presidente", "responsabile ricerca",
    "direttore tecnico", "vicepresidente",
])
ROLES_IT = _Zipf([
    "presidente", "vicepresidente", "direttore generale", "segretario generale",
    "amministratore delegato", "assessore allo Sviluppo economico", "responsabile ricerca",
    "direttrice", "vicedirettore", "consigliere delegato",
])
ORG_PATTERNS_EN = _Zipf([
    "{city} Municipal Commission of Economy and Industry",
    "{city} Chamber of Commerce",
    "China Association of {sector} Enterprises",
    "{city} Bureau of Commerce",
    "International Federation of {sector} Operators",
    "{city} Development and Reform Commission",
    "Asia-Pacific {sector} Council",
    "{city} Institute of Intelligent Manufacturing",
    "European Association of {sector} Builders",
    "{city} Port Authority",
    "National Centre for {sector} Standards",
])
ORG_PATTERNS_IT = _Zipf([
    "la Camera di commercio di {city}",
    "l'Associazione Italiana Costruttori {sector}",
    "la Regione Lombardia",
    "il Comune di {city}",
    "la Regione Emilia-Romagna",
    "la Confederazione degli Operatori {sector}",
    "il Politecnico di {city}",
    "la Regione Veneto",
    "l'Autorità di sistema portuale di {city}",
    "l'Osservatorio Nazionale {sector}",
    "l'Agenzia per l'Innovazione di {city}",
])
COMPANY_HEADS = _Zipf([
    "Hengtai", "Jinrui", "Haichuan", "Tianyu", "Ruida", "Boxin", "Lanxi", "Meridia", "Vettora",
    "Brennora", "Castellari", "Adriamec", "Lumetra", "Zhongke Tianhe", "Orsolina", "Qingshan",
    "Donghai", "Valtrebbia", "Sanmen", "Borgoferro",
])
COMPANY_TAILS = _Zipf([
    "Intelligent Equipment Co., Ltd.", "Logistics Group", "Precision Machinery Co., Ltd.",
    "Robotics", "Automazione S.p.A.", "Supply Chain Management Co., Ltd.", "Meccanica S.r.l.",
    "Technology Co., Ltd.", "Industrial Group", "Sistemi S.p.A.",
])

# Technical vocabulary, most common first; the tail holds genuinely rare terms.
TECH_EN = _Zipf([
    "automation", "logistics", "robots", "the supply chain", "digital transformation",
    "smart warehousing", "industrial software", "new energy vehicles", "artificial intelligence",
    "sensors", "machine tools", "green manufacturing", "the cold chain", "cross-border e-commerce",
    "the industrial internet", "semiconductors", "energy storage", "5G networks",
    "additive manufacturing", "predictive maintenance", "autonomous mobile robots",
    "collaborative robots", "machine vision", "digital twins", "lithium batteries",
    "hydrogen fuel cells", "intermodal transport", "container terminals", "servo drives",
    "industrial gases", "laser processing", "carbon accounting", "traceability systems",
    "precision bearings", "edge computing", "power electronics", "smart textiles",
    "biodegradable packaging", "humanoid robots", "rail freight", "drone delivery",
    "cobot safety", "semiconductor packaging", "high-speed spindles", "silicon carbide",
    "vacuum pumps", "rare earth magnets", "composite materials", "photonics", "blockchain",
    "ultra-precision grinding", "surface engineering", "metrology", "cryogenic storage",
    "hydraulic components", "tribology", "exoskeletons", "hyperspectral imaging",
    "magnetic levitation conveyors", "piezoelectric actuators", "quantum sensors",
    "magnetorheological dampers", "ferrofluid seals",
], s=1.1)
TECH_IT = _Zipf([
    "automazione", "logistica", "digitalizzazione", "robot collaborativi",
    "catena di approvvigionamento", "intelligenza artificiale", "sensori", "macchine utensili",
    "magazzini automatici", "catena del freddo", "efficienza energetica", "manifattura additiva",
    "imballaggi sostenibili", "tracciabilità", "manutenzione predittiva", "trasporto intermodale",
    "idrogeno verde", "visione artificiale", "gemelli digitali", "componenti oleodinamici",
    "fotonica", "metrologia", "trattamenti superficiali", "tribologia", "esoscheletri",
    "fluidi magnetoreologici",
])

# Very rare: at most one per article, in about 1% of English articles.
CURIOSITIES = _Zipf(["gyrocompass", "orrery", "pantograph", "marine chronometer", "theodolite"])

DOC_KINDS_EN = _Zipf([
    "Action Plan for {topic} ({y1}-{y2})", "White Paper on {topic}", "Guidelines for {topic}",
    "{city} Initiative on {topic}", "Report on {topic} {y1}", "Three-Year Programme for {topic}",
    "Memorandum of Understanding on {topic}", "Charter on {topic}",
])
DOC_TOPICS_EN = _Zipf([
    "Supply Chain Resilience", "Smart Logistics", "Industrial Internet Platforms",
    "Digital Transformation of SMEs", "Green Manufacturing", "Human-Robot Collaboration",
    "Cold Chain Traceability", "Cross-border Trade Facilitation", "Low-carbon Ports",
    "Smart Warehousing", "Skills for Smart Factories", "Hydrogen Logistics",
])
DOC_KINDS_IT = _Zipf([
    "Piano d'azione per {topic} {y1}-{y2}", "Libro bianco {su_topic}", "Linee guida per {topic}",
    "Protocollo d'intesa {su_topic}", "Rapporto {y1} {su_topic}", "Carta di {city} {su_topic}",
])
DOC_TOPICS_IT = _Zipf([
    "la logistica sostenibile", "la catena di approvvigionamento", "la digitalizzazione delle PMI",
    "la manifattura avanzata", "i corridoi ferroviari merci", "la catena del freddo",
    "le competenze per la fabbrica intelligente", "l'automazione dei magazzini",
])
VENUES_EN = _Zipf([
    "the {city} International Convention and Exhibition Center", "the {city} Expo Center",
    "the {city} fairground", "the {city} Science Hall", "the {city} World Trade Center",
    "the {city} Waterfront Conference Centre",
])
VENUES_IT = _Zipf([
    "il quartiere fieristico di {city}", "il Palazzo dei Congressi di {city}",
    "il centro congressi di {city}", "i padiglioni della fiera di {city}",
])
DOMAINS_EN = _Zipf([
    "news.fieradigitale.example", "en.tradewire.example", "expo-bulletin.example",
    "industrynews.example", "supplychain-daily.example", "robotics-forum.example",
])
DOMAINS_IT = _Zipf([
    "news.fieradigitale.example", "industria-emilia.example", "logisticaoggi.example",
    "meccanica24.example",
])

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTHS_IT = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre")
WORD_ORDINALS_IT = ("prima", "seconda", "terza", "quarta", "quinta", "sesta", "settima",
                    "ottava", "nona", "decima")

_NON_SLUG = re.compile(r"[^a-z0-9]+")
START_DATE = dt.date(2019, 1, 1)
DATE_SPAN_DAYS = (dt.date(2025, 6, 30) - START_DATE).days


# --------------------------------------------------------------------------- formatting


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _int_en(n: int) -> str:
    return f"{n:,}"


def _int_it(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _dec_en(x: float) -> str:
    return f"{x:.1f}"


def _dec_it(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def _dateline(rng: random.Random, day: dt.date) -> str:
    hour = _ri(rng, 7, 20)
    return (f"Updated: {day.strftime('%b')} {day.day},{day.year} "
            f"{(hour - 1) % 12 + 1}:{_ri(rng, 0, 59):02d} {'AM' if hour < 12 else 'PM'}")


def _slug(text: str) -> str:
    return _NON_SLUG.sub("-", text.lower()).strip("-")


def _person(rng: random.Random, language: str) -> str:
    r = rng.random()
    if r < 0.03:
        return NOTABLE_PEOPLE(rng)
    if (language == "en" and r < 0.68) or (language == "it" and r < 0.30):
        return f"{CN_SURNAMES(rng)} {CN_GIVEN(rng)}"
    if r < 0.93:
        return f"{IT_FIRST(rng)} {IT_LAST(rng)}"
    return OTHER_NAMES(rng)


def _company(rng: random.Random) -> str:
    return f"{COMPANY_HEADS(rng)} {COMPANY_TAILS(rng)}"


# --------------------------------------------------------------------------- articles


@dataclass
class _Ctx:
    """What one article is about, shared by all its sentences."""

    rng: random.Random
    index: int
    city: str
    sector: str
    event: str
    name: str  # full event name, e.g. "the 12th Shanghai International Robotics Expo"
    short: str  # e.g. "the Expo"
    day: dt.date
    days: int
    masculine: bool = False  # grammatical gender of the Italian event name


def _org(ctx: _Ctx, patterns: _Zipf, cities: _Zipf, sectors: _Zipf) -> str:
    rng = ctx.rng
    city = ctx.city if rng.random() < 0.6 else cities(rng)
    sector = ctx.sector if rng.random() < 0.5 else sectors(rng)
    for prefix in ("della ", "delle ", "del ", "dell'"):
        if sector.startswith(prefix):
            sector = sector[len(prefix):]
            break
    return patterns(rng).format(city=city, sector=sector)


def _without_article(phrase: str) -> str:
    for prefix in ("la ", "il ", "l'"):
        if phrase.startswith(prefix):
            return phrase[len(prefix):]
    return phrase


# English ------------------------------------------------------------------------------


def _en_doc(ctx: _Ctx) -> str:
    y1 = ctx.day.year + _ri(ctx.rng, 0, 1)
    return DOC_KINDS_EN(ctx.rng).format(topic=DOC_TOPICS_EN(ctx.rng), y1=y1, y2=y1 + 2,
                                        city=ctx.city)


def _en_lead(ctx: _Ctx) -> str:
    rng = ctx.rng
    end = ctx.day + dt.timedelta(days=ctx.days - 1)
    exhibitors = _ri(rng, 80, 3500)
    area = _ri(rng, 8, 220) * 500
    # Visitors are unique per article: a block of 7 numbers per index.
    visitors = 15_000 + 7 * ctx.index + _rr(rng, 7)
    venue = VENUES_EN(rng).format(city=ctx.city)
    when = (f"from {MONTHS_EN[ctx.day.month - 1]} {ctx.day.day} to "
            f"{MONTHS_EN[end.month - 1]} {end.day}, {end.year}")
    return (
        f"{ctx.name[0].upper()}{ctx.name[1:]} was held at {venue} {when}. "
        f"More than {_int_en(exhibitors)} exhibitors from {_ri(rng, 5, 60)} countries and "
        f"regions took part, occupying an exhibition area of {_int_en(area)} square meters, "
        f"and the number of professional visitors reached {_int_en(visitors)}. "
        "The event focused on {} and {}.".format(*TECH_EN.distinct(rng, 2))
    )


def _en_speech(ctx: _Ctx) -> str:
    rng = ctx.rng
    person, role = _person(rng, "en"), ROLES_EN(rng)
    org = _org(ctx, ORG_PATTERNS_EN, CITIES_EN, SECTORS_EN)
    second, role2 = _person(rng, "en"), ROLES_EN(rng)
    org2 = _org(ctx, ORG_PATTERNS_EN, CITIES_EN, SECTORS_EN)
    amount = _dec_en(rng.uniform(0.3, 48))
    return (
        f"{person}, {role} of the {org}, attended the opening ceremony and delivered a speech. "
        f"{person} pointed out that {TECH_EN(rng)} and {TECH_EN(rng)} are reshaping the "
        f"{ctx.sector.lower()} sector, and announced that RMB {amount} billion will be invested "
        f"in {TECH_EN(rng)} over the next {_ri(rng, 2, 5)} years. "
        f"{second}, {role2} of the {org2}, also attended."
    )


def _en_document(ctx: _Ctx) -> str:
    rng = ctx.rng
    doc = _en_doc(ctx)
    return (
        f"During {ctx.short}, the \"{doc}\" was released. Drafted by "
        f"{_ri(rng, 3, 60)} member organisations over {_ri(rng, 3, 18)} months, "
        f"it sets out {_ri(rng, 8, 120)} measures covering "
        + "{}, {} and {}.".format(*TECH_EN.distinct(rng, 3))
    )


def _en_deals(ctx: _Ctx) -> str:
    rng = ctx.rng
    n = _ri(rng, 12, 1800)
    value = _dec_en(rng.uniform(0.2, 95))
    return (
        f"According to the organisers, {_int_en(n)} cooperation agreements and letters of intent "
        f"were signed, involving a total amount of RMB {value} billion. The largest was a "
        f"contract between {_company(rng)} and {_company(rng)} on {TECH_EN(rng)}."
    )


def _en_filler(ctx: _Ctx) -> str:
    rng = ctx.rng
    options: tuple[Callable[[], str], ...] = (
        lambda: "Exhibitors showcased {}, {} and {}.".format(*TECH_EN.distinct(rng, 3)),
        lambda: (f"{_person(rng, 'en')}, {ROLES_COMPANY_EN(rng)} of {_company(rng)}, said that "
                 f"demand "
                 f"for {TECH_EN(rng)} grew by {_dec_en(rng.uniform(1, 40))}% last year."),
        lambda: (f"A parallel forum on {TECH_EN(rng)} attracted {_int_en(_ri(rng, 80, 2500))} "
                 f"participants and {_ri(rng, 4, 40)} speakers."),
        lambda: (f"A delegation from {CITIES_EN(rng)} presented solutions for "
                 + "{} and {}.".format(*TECH_EN.distinct(rng, 2))),
        lambda: (f"Panellists argued that {TECH_EN(rng)} will change how companies manage "
                 f"{TECH_EN(rng)} over the next decade."),
        lambda: (f"{_company(rng)} launched {_ri(rng, 2, 30)} new products, including "
                 f"systems for {TECH_EN(rng)}."),
        lambda: (f"On {MONTHS_EN[_rr(rng, 12)]} {_ordinal(_ri(rng, 1, 28))}, a matchmaking "
                 f"session brought together {_ri(rng, 20, 600)} buyers and suppliers of "
                 f"{TECH_EN(rng)}."),
        lambda: (f"The {_org(ctx, ORG_PATTERNS_EN, CITIES_EN, SECTORS_EN)} signed a memorandum of "
                 f"understanding with {_company(rng)} on {TECH_EN(rng)}."),
        lambda: (f"Investment in {TECH_EN(rng)} in {CITIES_EN(rng)} reached RMB "
                 f"{_dec_en(rng.uniform(0.5, 30))} billion, "
                 f"up {_ri(rng, 2, 35)}% year on year."),
        lambda: (f"{_person(rng, 'en')}, {ROLES_EN(rng)} of the "
                 f"{_org(ctx, ORG_PATTERNS_EN, CITIES_EN, SECTORS_EN)}, called for closer "
                 f"cooperation along the supply chain."),
        lambda: (f"Visitors could try {TECH_EN(rng)} in a {_int_en(_ri(rng, 4, 60) * 100)} "
                 f"square-meter demonstration zone."),
        lambda: (f"Model {'ABCDEFGHKMRXZ'[_rr(rng, 13)]}{'ABDKLMRSTX'[_rr(rng, 10)]}-"
                 f"{_ri(rng, 100, 9999)}, a new platform for {TECH_EN(rng)}, won the "
                 f"innovation award."),
    )
    k = _ri(rng, 2, 4)
    return " ".join(options[_rr(rng, len(options))]() for _ in range(k))


def _en_closing(ctx: _Ctx) -> str:
    rng = ctx.rng
    nxt = ctx.day.year + 1
    curiosity = ""
    if rng.random() < 0.01:  # a needle for rare-term searches
        curiosity = (f"Among the curiosities on show was a restored {CURIOSITIES(rng)} lent by "
                     f"a museum in {CITIES_EN(rng)}. ")
    month = MONTHS_EN[_rr(rng, 12)]
    city = ctx.city if rng.random() < 0.8 else CITIES_EN(rng)
    return (f"{curiosity}The organisers said the next edition will be held in {month} {nxt} "
            f"in {city}.")


def _en_article(ctx: _Ctx, target: int) -> tuple[str, list[str]]:
    rng = ctx.rng
    title_kind = _rr(rng, 5)
    if title_kind == 0:
        title = f"{ctx.name[4:]} opens in {ctx.city}"
    elif title_kind == 1:
        title = f"{ctx.name[4:]} closes with {_ri(rng, 30, 900)} agreements signed"
    elif title_kind == 2:
        title = f"{ctx.city} hosts {ctx.name}"
    elif title_kind == 3:
        title = f"\"{_en_doc(ctx)}\" released at {ctx.name}"
    else:
        title = f"Over {_int_en(_ri(rng, 2, 90) * 100)} buyers attend {ctx.name}"
    title = title[0].upper() + title[1:]
    paragraphs = [_en_lead(ctx), _en_speech(ctx), _en_document(ctx), _en_deals(ctx)]
    return title, _fill(paragraphs, target, lambda: _en_filler(ctx), _en_closing(ctx))


# Italian ------------------------------------------------------------------------------


def _it_doc(ctx: _Ctx) -> str:
    y1 = ctx.day.year + _ri(ctx.rng, 0, 1)
    topic = DOC_TOPICS_IT(ctx.rng)
    return DOC_KINDS_IT(ctx.rng).format(topic=topic, su_topic=_su(topic), y1=y1, y2=y1 + 3,
                                        city=ctx.city)


def _su(phrase: str) -> str:
    """Italian "su" merged with the phrase's article: "la logistica" -> "sulla logistica"."""
    for article, merged in (("la ", "sulla "), ("le ", "sulle "), ("il ", "sul "),
                            ("i ", "sui "), ("l'", "sull'")):
        if phrase.startswith(article):
            return merged + phrase[len(article):]
    return "su " + phrase


def _it_lead(ctx: _Ctx) -> str:
    rng = ctx.rng
    end = ctx.day + dt.timedelta(days=ctx.days - 1)
    exhibitors = _ri(rng, 80, 3500)
    area = _ri(rng, 8, 220) * 500
    visitors = 15_000 + 7 * ctx.index + _rr(rng, 7)
    venue = VENUES_IT(rng).format(city=ctx.city)
    when = (f"dal {ctx.day.day} {MONTHS_IT[ctx.day.month - 1]} al {end.day} "
            f"{MONTHS_IT[end.month - 1]} {end.year}")
    return (
        f"Si è {'svolto' if ctx.masculine else 'svolta'} {when} presso {venue} {ctx.name}. "
        f"Hanno partecipato più di {_int_it(exhibitors)} espositori provenienti da "
        f"{_ri(rng, 5, 60)} paesi, su una superficie di {_int_it(area)} metri quadrati, "
        f"e i visitatori professionali sono stati {_int_it(visitors)}. "
        "Al centro della manifestazione {} e {}.".format(*TECH_IT.distinct(rng, 2))
    )


def _it_speech(ctx: _Ctx) -> str:
    rng = ctx.rng
    person, role = _person(rng, "it"), ROLES_IT(rng)
    org = _org(ctx, ORG_PATTERNS_IT, CITIES_IT, SECTORS_IT)
    amount = _dec_it(rng.uniform(0.2, 9.5))
    return (
        f"Ad aprire i lavori {person}, {role} ({_without_article(org)}), che ha ricordato come "
        f"{TECH_IT(rng)} e {TECH_IT(rng)} stiano cambiando il settore. «La nostra città è pronta "
        f"a fare di più», ha dichiarato, annunciando investimenti per {amount} miliardi di euro "
        f"in {TECH_IT(rng)} nei prossimi {_ri(rng, 2, 5)} anni."
    )


def _it_document(ctx: _Ctx) -> str:
    rng = ctx.rng
    return (
        f"Nel corso della manifestazione è stato presentato il documento «{_it_doc(ctx)}», "
        f"redatto da {_ri(rng, 3, 40)} enti e imprese, che propone {_ri(rng, 8, 90)} misure "
        + "su {}, {} e {}.".format(*TECH_IT.distinct(rng, 3))
    )


def _it_deals(ctx: _Ctx) -> str:
    rng = ctx.rng
    return (
        f"Secondo gli organizzatori sono stati firmati {_int_it(_ri(rng, 12, 1500))} accordi "
        f"di collaborazione per un valore complessivo di {_dec_it(rng.uniform(1, 900))} milioni "
        f"di euro, tra cui un contratto tra {_company(rng)} e {_company(rng)}."
    )


def _it_filler(ctx: _Ctx) -> str:
    rng = ctx.rng
    options: tuple[Callable[[], str], ...] = (
        lambda: "Gli espositori hanno presentato soluzioni di {} e {}.".format(
            *TECH_IT.distinct(rng, 2)),
        lambda: (f"{_person(rng, 'it')}, {ROLES_COMPANY_IT(rng)} di {_company(rng)}, ha "
                 f"spiegato che la "
                 f"domanda di {TECH_IT(rng)} è cresciuta del {_dec_it(rng.uniform(1, 40))}%."),
        lambda: (f"Un convegno sul tema «{TECH_IT(rng)}» ha richiamato "
                 f"{_int_it(_ri(rng, 80, 2500))} partecipanti e {_ri(rng, 4, 40)} relatori."),
        lambda: (f"Una delegazione da {CITIES_IT(rng)} ha illustrato progetti di {TECH_IT(rng)}, "
                 f"con particolare attenzione alla città e al territorio."),
        lambda: (f"Secondo i relatori, gli investimenti in {TECH_IT(rng)} saranno sempre più "
                 f"decisivi per la competitività delle imprese."),
        lambda: (f"{_il_giorno(_ri(rng, 1, 28))} {MONTHS_IT[_rr(rng, 12)]} si sono svolti "
                 f"{_ri(rng, 20, 600)} incontri B2B tra buyer e fornitori di {TECH_IT(rng)}."),
        lambda: (f"Anche {_org(ctx, ORG_PATTERNS_IT, CITIES_IT, SECTORS_IT)} ha firmato un "
                 f"protocollo d'intesa con {_company(rng)}."),
        lambda: (f"Un'area dimostrativa di {_int_it(_ri(rng, 4, 60) * 100)} metri quadrati "
                 f"era dedicata al tema «{TECH_IT(rng)}»."),
    )
    k = _ri(rng, 2, 4)
    return " ".join(options[_rr(rng, len(options))]() for _ in range(k))


def _il_giorno(day: int) -> str:
    """Sentence-initial Italian day: "Il 3", "L'8", "L'11", "Il 1°"."""
    if day in (8, 11):
        return f"L'{day}"
    return "Il 1°" if day == 1 else f"Il {day}"


def _it_closing(ctx: _Ctx) -> str:
    rng = ctx.rng
    return (f"La prossima edizione si terrà a {ctx.city} nel mese di "
            f"{MONTHS_IT[_rr(rng, 12)]} {ctx.day.year + 1}.")


def _it_article(ctx: _Ctx, target: int) -> tuple[str, list[str]]:
    rng = ctx.rng
    title_kind = _rr(rng, 3)
    if title_kind == 0:
        title = f"{ctx.city}, al via {ctx.name}"
    elif title_kind == 1:
        title = f"Si chiude {ctx.name} con {_int_it(_ri(rng, 2, 90) * 100)} buyer"
    else:
        title = f"{ctx.city}: presentato il «{_it_doc(ctx)}»"
    paragraphs = [_it_lead(ctx), _it_speech(ctx), _it_document(ctx), _it_deals(ctx)]
    return title, _fill(paragraphs, target, lambda: _it_filler(ctx), _it_closing(ctx))


# Shared -------------------------------------------------------------------------------


def _fill(paragraphs: list[str], target: int, filler: Callable[[], str],
          closing: str) -> list[str]:
    size = sum(len(p) + 2 for p in paragraphs) + len(closing)
    while size < target:
        p = filler()
        paragraphs.append(p)
        size += len(p) + 2
    paragraphs.append(closing)
    return paragraphs


def _make(rng: random.Random, index: int) -> SyntheticArticle:
    language = "it" if rng.random() < ITALIAN_SHARE else "en"
    day = START_DATE + dt.timedelta(days=_rr(rng, DATE_SPAN_DAYS))
    edition = _ri(rng, 1, 40)
    masculine = False
    if language == "en":
        city, sector, event = CITIES_EN(rng), SECTORS_EN(rng), EVENTS_EN(rng)
        intl = "International " if rng.random() < 0.5 else ""
        name = f"the {_ordinal(edition)} {city} {intl}{sector} {event}"
        short = f"the {event}"
    else:
        city, sector, event = CITIES_IT(rng), SECTORS_IT(rng), EVENTS_IT(rng)
        ordinal = WORD_ORDINALS_IT[edition - 1] if edition <= 10 else f"{edition}ª"
        masculine = event in ("Salone", "Forum", "Festival", "Vertice", "Convegno nazionale")
        if masculine:
            ordinal = ordinal[:-1] + "o" if edition <= 10 else f"{edition}°"
        name = f"{'il' if masculine else 'la'} {ordinal} {event} {sector} di {city}"
        short = event.lower()
    ctx = _Ctx(rng, index, city, sector, event, name, short, day, _ri(rng, 2, 5), masculine)
    target = _ri(rng, 2500, 3300)
    build = _en_article if language == "en" else _it_article
    title, paragraphs = build(ctx, target - 80)
    body = "\n\n".join((title, _dateline(rng, day), *paragraphs)).replace("Ltd..", "Ltd.")
    domain = (DOMAINS_EN if language == "en" else DOMAINS_IT)(rng)
    url = (f"https://{domain}/{language}/{day.year}/{day.month:02d}/"
           f"{_slug(title)[:60].rstrip('-')}-{index}.html")
    tags = [EVENT_TAGS[event], SECTOR_TAGS[sector], _slug(city).replace("-", " ")]
    tags = list(dict.fromkeys(tags))
    return SyntheticArticle(title, body, language, url, day.isoformat(), tuple(tags))


def generate_articles(count: int, seed: int = 1234) -> Iterator[SyntheticArticle]:
    """Yield `count` synthetic articles; the same seed always gives the same articles."""
    if count < 0:
        raise ValueError("count must not be negative")
    rng = random.Random(seed)
    for index in range(count):
        yield _make(rng, index)


def write_corpus(directory: Path, count: int, seed: int = 1234,
                 fmt: str = "jsonl") -> list[Path]:
    """Write the corpus as files of at most 10,000 articles each; return their paths.

    `fmt` is "jsonl" (one object per line) or "json" (one array per file). Objects have
    the keys title, body, language, url, published, tags.
    """
    if fmt not in ("jsonl", "json"):
        raise ValueError(f"unknown format {fmt!r}; use 'jsonl' or 'json'")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    n_files = max(1, -(-count // ARTICLES_PER_FILE))
    width = max(3, len(str(n_files)))
    articles = generate_articles(count, seed)
    paths: list[Path] = []
    for number in range(n_files):
        chunk = itertools.islice(articles, ARTICLES_PER_FILE)
        path = directory / f"corpus-{seed}-{number + 1:0{width}d}.{fmt}"
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            if fmt == "jsonl":
                for article in chunk:
                    fh.write(json.dumps(_record(article), ensure_ascii=False))
                    fh.write("\n")
            else:
                json.dump([_record(a) for a in chunk], fh, ensure_ascii=False, indent=1)
                fh.write("\n")
        paths.append(path)
    return paths


def _record(article: SyntheticArticle) -> dict[str, object]:
    record = asdict(article)
    record["tags"] = list(article.tags)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the synthetic benchmark corpus.")
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--out", type=Path, help="also write JSONL files to this directory")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    chars = italian = 0
    for article in generate_articles(args.count, args.seed):
        chars += len(article.body)
        italian += article.language == "it"
    elapsed = time.perf_counter() - start
    n = max(args.count, 1)
    print(f"generated {args.count:,} articles in {elapsed:.2f} s "
          f"({args.count / max(elapsed, 1e-9):,.0f} articles/s)")
    print(f"body text: {chars:,} characters ({chars / 1e6:.1f} M), "
          f"mean {chars / n:,.0f} per article, Italian {italian / n:.1%}")
    if args.out:
        start = time.perf_counter()
        paths = write_corpus(args.out, args.count, args.seed)
        size = sum(p.stat().st_size for p in paths)
        print(f"wrote {len(paths)} file(s), {size / 1e6:.1f} MB, to {args.out} "
              f"in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
