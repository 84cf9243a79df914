"""City answers as customers write them in each spoken language (docs/conversation.md "Languages"):
exonyms in sentences, for a studio in Great Britain (``prefer_country="GB"``, as the engine calls it)."""

from __future__ import annotations

import pytest

from conversations.policy.cities import preload, resolve_place


@pytest.fixture(scope="module", autouse=True)
def _gazetteer_loaded() -> None:
    preload()


# (what the customer wrote, city, country)
SPANISH = [
    ("vivo en Colonia", "Köln", "DE"), ("Colonia, Alemania", "Köln", "DE"), ("vivo en Marsella", "Marseille", "FR"),
    ("Marsella", "Marseille", "FR"), ("estoy en Londres", "London", "GB"),
    ("vivo en Nueva York", "New York City", "US"), ("me mudo a Múnich", "Munich", "DE"),
    ("estoy cerca de Milán", "Milan", "IT"), ("soy de Sevilla", "Sevilla", "ES"),
    ("vivo en las afueras de París", "Paris", "FR"), ("trabajo en Berlín", "Berlin", "DE"),
    ("soy de Oporto", "Porto", "PT"), ("vivo en Venecia", "Venice", "IT"), ("estoy en Lisboa", "Lisbon", "PT"),
    ("soy de Ginebra", "Geneva", "CH"), ("vivo en Bruselas", "Brussels", "BE"), ("vivo en Viena", "Vienna", "AT"),
    ("me mudé a Edimburgo", "Edinburgh", "GB"), ("soy de Varsovia", "Warsaw", "PL"),
    ("vivo en Praga", "Prague", "CZ"), ("soy de Nápoles", "Naples", "IT"), ("vivo en La Haya", "The Hague", "NL"),
    ("vivo en Génova", "Genoa", "IT"), ("vivo en Aquisgrán", "Aachen", "DE"), ("estoy en Burdeos", "Bordeaux", "FR"),
    ("vivo en Hanóver", "Hannover", "DE"),
]  # fmt: skip
FRENCH = [
    ("je suis à Venise", "Venice", "IT"), ("Venise", "Venice", "IT"), ("j'habite à Londres", "London", "GB"),
    ("je vis à Bruxelles", "Brussels", "BE"), ("je viens de Lisbonne", "Lisbon", "PT"),
    ("j'habite près de Genève", "Geneva", "CH"), ("je suis de Marseille", "Marseille", "FR"),
    ("j'habite à Cologne", "Köln", "DE"), ("je suis à Munich", "Munich", "DE"), ("j'habite à Milan", "Milan", "IT"),
    ("j'habite à Rome", "Rome", "IT"), ("je viens d'Anvers", "Antwerp", "BE"),
    ("je suis à Édimbourg", "Edinburgh", "GB"), ("j'habite à Varsovie", "Warsaw", "PL"),
    ("je suis de Naples", "Naples", "IT"), ("j'habite à Florence", "Florence", "IT"),
    ("j'habite à Bâle", "Basel", "CH"), ("je vis à Francfort", "Frankfurt am Main", "DE"),
    ("je suis de Séville", "Sevilla", "ES"), ("je suis à La Haye", "The Hague", "NL"),
    ("j'habite à Gênes", "Genoa", "IT"), ("j'habite à Aix-la-Chapelle", "Aachen", "DE"),
    ("j'habite à Barcelone", "Barcelona", "ES"),
    # a town of the studio's continent keeps its own name: Vienne is the French town, not Vienna
    ("je vis à Vienne", "Vienne", "FR"),
]  # fmt: skip
GERMAN = [
    ("ich wohne in Mailand", "Milan", "IT"), ("Mailand", "Milan", "IT"), ("ich komme aus Köln", "Köln", "DE"),
    ("ich lebe in München", "Munich", "DE"), ("wohne in der Nähe von Wien", "Vienna", "AT"),
    ("ich bin in Venedig", "Venice", "IT"), ("ich wohne in Lissabon", "Lisbon", "PT"),
    ("ich wohne in Rom", "Rome", "IT"), ("ich lebe in Neapel", "Naples", "IT"),
    ("ich komme aus Florenz", "Florence", "IT"), ("ich wohne in Genf", "Geneva", "CH"),
    ("ich bin aus Brüssel", "Brussels", "BE"), ("ich wohne in Warschau", "Warsaw", "PL"),
    ("ich lebe in Prag", "Prague", "CZ"), ("ich wohne in Kopenhagen", "Copenhagen", "DK"),
    ("ich komme aus Den Haag", "The Hague", "NL"), ("ich wohne in Genua", "Genoa", "IT"),
    ("ich lebe in Antwerpen", "Antwerp", "BE"), ("ich wohne in London", "London", "GB"),
    ("ich wohne in Moskau", "Moscow", "RU"), ("ich lebe in Athen", "Athens", "GR"),
    ("Garching bei München", "Garching", "DE"),  # "bei" is no cue: the longer name wins
]  # fmt: skip
PORTUGUESE = [
    ("moro em Lisboa", "Lisbon", "PT"), ("moro em Londres", "London", "GB"), ("sou de Colônia", "Köln", "DE"),
    ("estou em Nova Iorque", "New York City", "US"), ("moro perto de Munique", "Munich", "DE"),
    ("vivo em Veneza", "Venice", "IT"), ("moro em Milão", "Milan", "IT"), ("sou do Porto", "Porto", "PT"),
    ("moro em Bruxelas", "Brussels", "BE"), ("estou em Genebra", "Geneva", "CH"), ("moro em Viena", "Vienna", "AT"),
    ("moro em Roma", "Rome", "IT"), ("sou de Nápoles", "Naples", "IT"), ("moro em Florença", "Florence", "IT"),
    ("moro em Varsóvia", "Warsaw", "PL"), ("moro em Praga", "Prague", "CZ"),
    ("moro em Copenhaga", "Copenhagen", "DK"), ("moro em Turim", "Turin", "IT"),
    ("moro em Marselha", "Marseille", "FR"), ("moro em Sevilha", "Sevilla", "ES"),
    ("moro em Edimburgo", "Edinburgh", "GB"), ("moro em Berlim", "Berlin", "DE"),
]  # fmt: skip
ITALIAN = [
    ("abito a Monaco di Baviera", "Munich", "DE"), ("abito a Londra", "London", "GB"),
    ("vivo a Parigi", "Paris", "FR"), ("sono di Colonia", "Köln", "DE"), ("sto a Marsiglia", "Marseille", "FR"),
    ("abito vicino a Milano", "Milan", "IT"), ("vivo a Lisbona", "Lisbon", "PT"),
    ("abito a Bruxelles", "Brussels", "BE"), ("vivo a Vienna", "Vienna", "AT"), ("abito a Berlino", "Berlin", "DE"),
    ("sono di Napoli", "Naples", "IT"), ("abito a Firenze", "Florence", "IT"), ("vivo a Ginevra", "Geneva", "CH"),
    ("abito a Varsavia", "Warsaw", "PL"), ("sono a Praga", "Prague", "CZ"),
    ("abito a Copenaghen", "Copenhagen", "DK"), ("vivo all'Aia", "The Hague", "NL"),
    ("abito a Siviglia", "Sevilla", "ES"), ("vivo a Edimburgo", "Edinburgh", "GB"),
    ("abito ad Amburgo", "Hamburg", "DE"), ("vengo da Anversa", "Antwerp", "BE"), ("sono di Venezia", "Venice", "IT"),
    ("abito a Nizza", "Nice", "FR"), ("vengo dall'Aquila", "L'Aquila", "IT"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [*SPANISH, *FRENCH, *GERMAN, *PORTUGUESE, *ITALIAN],
)
def test_a_place_as_each_language_writes_it(text: str, city: str, country: str) -> None:
    place = resolve_place(text, prefer_country="GB")
    assert place is not None, text
    assert (place.city, place.country) == (city, country), text


@pytest.mark.parametrize("table", [SPANISH, FRENCH, GERMAN, PORTUGUESE, ITALIAN])
def test_each_language_has_twenty_phrasings(table: list[tuple[str, str, str]]) -> None:
    assert len({text for text, _city, _country in table}) >= 20


@pytest.mark.parametrize(
    ("text", "prefer", "city", "country"),
    [
        ("Colonia", "US", "Colonia", "US"),  # a studio in America: the New Jersey town is near
        ("Colonia", "GB", "Köln", "DE"),
        ("Colonia, Uruguay", "GB", "Colonia del Sacramento", "UY"),  # the named country decides
        ("Marsella", "CO", "Marsella", "CO"),
        ("Mirano", "GB", "Mirano", "IT"),  # an alternate name of Milan, but Mirano is a town of the continent
    ],
)
def test_a_great_city_of_the_continent_wins_its_exonym(text: str, prefer: str, city: str, country: str) -> None:
    place = resolve_place(text, prefer_country=prefer)
    assert place is not None
    assert (place.city, place.country) == (city, country)


@pytest.mark.parametrize(
    "text",
    ["moro", "hola", "hallo", "vorrei un'aquila sul braccio", "ich wohne hier", "je suis ici", "sono qui"],
)
def test_words_of_the_other_languages_are_no_place(text: str) -> None:
    """Portuguese "moro" (I live) is Moro in Pakistan, "hola" a town in Kenya: words, not places."""
    assert resolve_place(text, prefer_country="GB") is None
