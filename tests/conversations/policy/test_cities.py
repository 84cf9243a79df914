"""resolve_place, region_for_country, same_city: the ``city`` answer (docs/conversation.md)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.policy.cities import (
    EUROPE_COUNTRIES,
    UK_COUNTRIES,
    Place,
    _geonames_countries,
    preload,
    region_for_country,
    resolve_place,
    same_city,
)


@pytest.fixture(scope="module", autouse=True)
def _gazetteer_loaded() -> None:
    preload()  # once, so no test (and no Hypothesis deadline) pays the one-second build


# (what the customer wrote, city, country); city "" when only a country (or a part of one) was named.
CASES: list[tuple[str, str, str]] = [
    # the brief's phrasings
    ("London", "London", "GB"),
    ("london uk", "London", "GB"),
    ("London, UK", "London", "GB"),
    ("I'm in Manchester", "Manchester", "GB"),
    ("based in berlin!", "Berlin", "DE"),
    ("Paris, France", "Paris", "FR"),
    ("near Leeds", "Leeds", "GB"),
    ("NYC", "New York City", "US"),
    ("New York City", "New York City", "US"),
    ("New York", "New York City", "US"),
    ("LA", "Los Angeles", "US"),
    ("Köln", "Köln", "DE"),
    ("Cologne", "Köln", "DE"),
    ("Muenchen", "Munich", "DE"),
    ("München", "Munich", "DE"),
    ("Glasgow, Scotland", "Glasgow", "GB"),
    ("Cardiff wales", "Cardiff", "GB"),
    ("Dublin", "Dublin", "IE"),
    ("Belfast", "Belfast", "GB"),
    # casual phrasing, capitals, accents, emoji
    ("LONDON", "London", "GB"),
    ("  london  ", "London", "GB"),
    ("London 🇬🇧", "London", "GB"),
    ("glasgow scotland 🏴", "Glasgow", "GB"),
    ("Hi! I live in Bristol 😊", "Bristol", "GB"),
    ("just outside Manchester", "Manchester", "GB"),
    ("Greater Manchester", "Manchester", "GB"),
    ("South London", "London", "GB"),
    ("east london", "London", "GB"),
    ("north london innit", "London", "GB"),
    ("London E1", "London", "GB"),
    ("im in nyc", "New York City", "US"),
    ("Moving to LA next year", "Los Angeles", "US"),
    ("I'm from SF", "San Francisco", "US"),
    ("Hi I'm Sydney, based in Leeds", "Leeds", "GB"),
    ("Chad from Leeds", "Leeds", "GB"),
    ("St. Albans", "St Albans", "GB"),
    ("Stratford-upon-Avon", "Stratford-upon-Avon", "GB"),
    ("Newcastle upon Tyne", "Newcastle upon Tyne", "GB"),
    ("Londonderry", "Derry", "GB"),
    ("Derry, Northern Ireland", "Derry", "GB"),
    ("St Helier", "Saint Helier", "JE"),
    ("Douglas, Isle of Man", "Douglas", "IM"),
    ("Zürich", "Zürich", "CH"),
    ("Zurich", "Zürich", "CH"),
    ("København", "Copenhagen", "DK"),
    ("Kraków", "Kraków", "PL"),
    ("krakow", "Kraków", "PL"),
    ("Wien", "Vienna", "AT"),
    ("Den Haag", "The Hague", "NL"),
    ("Lisboa", "Lisbon", "PT"),
    ("Kiev", "Kyiv", "UA"),
    ("Sao Paulo", "São Paulo", "BR"),
    ("Bombay", "Mumbai", "IN"),
    ("Mexico City", "Mexico City", "MX"),
    ("Jersey City", "Jersey City", "US"),
    ("Singapore", "Singapore", "SG"),
    ("Luxembourg", "Luxembourg", "LU"),
    ("Bath", "Bath", "GB"),
    ("Reading", "Reading", "GB"),
    ("Nice", "Nice", "FR"),
    # ambiguous names: the most populous, unless a country, state or nation is named beside it
    ("Paris", "Paris", "FR"),
    ("Birmingham", "Birmingham", "GB"),
    ("Cambridge", "Cambridge", "GB"),
    ("Birmingham Alabama", "Birmingham", "US"),
    ("Birmingham, AL", "Birmingham", "US"),
    ("Paris, TX", "Paris", "US"),
    ("Cambridge, MA", "Cambridge", "US"),
    ("Dublin, Ohio", "Dublin", "US"),
    ("London, Ontario", "London", "CA"),
    ("Manchester, NH", "Manchester", "US"),
    ("Boston, Lincolnshire", "Boston", "GB"),
    ("Perth, Australia", "Perth", "AU"),
    ("Newcastle", "Newcastle", "AU"),
    ("Austin TX", "Austin", "US"),
    ("Vancouver BC", "Vancouver", "CA"),
    ("Sydney NSW", "Sydney", "AU"),
    ("Washington DC", "Washington", "US"),
    ("Atlanta, Georgia", "Atlanta", "US"),
    ("Tbilisi, Georgia", "Tbilisi", "GE"),
    ("Paris, Germany", "Paris", "FR"),  # the city named wins over a contradicting country
    ("Munich, DE", "Munich", "DE"),
    ("Boston US", "Boston", "US"),
    ("Berlin IN June", "Berlin", "DE"),  # IN is a word before it is a code
    ("London, England", "London", "GB"),
    ("from Liverpool originally but in London now", "London", "GB"),
    ("I'm in Germany, near Munich", "Munich", "DE"),
    # a country (or nation, state, county) alone
    ("Germany", "", "DE"),
    ("Deutschland", "", "DE"),
    ("UK", "", "GB"),
    ("U.K.", "", "GB"),
    ("the uk", "", "GB"),
    ("England", "", "GB"),
    ("Scotland", "", "GB"),
    ("Wales", "", "GB"),
    ("Northern Ireland", "", "GB"),
    ("USA", "", "US"),
    ("the US", "", "US"),
    ("United States", "", "US"),
    ("the Netherlands", "", "NL"),
    ("Holland", "", "NL"),
    ("España", "", "ES"),
    ("Éire", "", "IE"),
    ("Ireland", "", "IE"),
    ("Schweiz", "", "CH"),
    ("Polska", "", "PL"),
    ("Mexico", "", "MX"),
    ("Georgia", "", "GE"),
    ("Texas", "", "US"),
    ("Jersey", "", "JE"),
    ("Guernsey", "", "GG"),
    ("Isle of Man", "", "IM"),
    ("somewhere in spain", "", "ES"),
    ("I live in a small village in Devon", "", "GB"),
    ("Tring, UK", "", "GB"),  # a town the gazetteer does not know, in a country it does
    ("Victoria, Australia", "", "AU"),
]


@pytest.mark.parametrize(("text", "city", "country"), CASES)
def test_resolve_place(text: str, city: str, country: str) -> None:
    place = resolve_place(text)
    assert place is not None
    assert (place.city, place.country) == (city, country)
    assert place.region == region_for_country(country)
    assert place.population > 0 if city else place.population == 0


def test_resolve_place_fields() -> None:
    assert resolve_place("London") == Place(city="London", country="GB", region="uk", population=8961989)
    assert resolve_place("Germany") == Place(city="", country="DE", region="europe", population=0)
    place = resolve_place("Belfast")
    assert place is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.city = "Dublin"  # type: ignore[misc]


# A preferred country (the studio's, or the customer's phone country) wins over more populous namesakes.
PREFERRED: list[tuple[str, str, str, str]] = [
    ("Newcastle", "GB", "Newcastle upon Tyne", "GB"),
    ("Perth", "GB", "Perth", "GB"),
    ("Hull", "GB", "Kingston upon Hull", "GB"),
    ("Richmond", "GB", "Richmond", "GB"),
    ("Durham", "GB", "Durham", "GB"),
    ("Boston", "GB", "Boston", "GB"),
    ("Kent", "GB", "", "GB"),
    ("Cornwall", "GB", "", "GB"),
    ("Surrey", "GB", "", "GB"),
    ("Newcastle", "uk", "Newcastle upon Tyne", "GB"),
    ("Georgia", "US", "", "US"),
    ("Paris", "GB", "Paris", "FR"),  # no Paris in the preferred country
    ("Sydney", "GB", "Sydney", "AU"),
    ("Perth, Australia", "GB", "Perth", "AU"),  # a named country beats the preference
    ("New York", "GB", "New York City", "US"),  # not York: the longer name
]


@pytest.mark.parametrize(("text", "prefer", "city", "country"), PREFERRED)
def test_resolve_place_prefer_country(text: str, prefer: str, city: str, country: str) -> None:
    place = resolve_place(text, prefer_country=prefer)
    assert place is not None
    assert (place.city, place.country) == (city, country)


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [("Newcastle", "Newcastle", "AU"), ("Perth", "Perth", "AU"), ("Kent", "Kent", "US"), ("Durham", "Durham", "US")],
)
def test_without_preference_the_most_populous_wins(text: str, city: str, country: str) -> None:
    place = resolve_place(text)
    assert place is not None
    assert (place.city, place.country) == (city, country)


NOT_PLACES = [
    "",
    "   ",
    "idk",
    "IDK",
    "no",
    "No",
    "NO",
    "yes",
    "Yes please",
    "not sure",
    "skip",
    "10x15",
    "10 x 15 cm",
    "£500",
    "500",
    "400-600",
    "tomorrow at 2pm",
    "next week",
    "march",
    "Anywhere",
    "happy to travel",
    "how much is it",
    "a lion on my forearm",
    "butterfly",
    "black and grey realism",
    "HUMAN",
    "STOP",
    "👍",
    "💀🔥",
    "?!",
    "SW1A 1AA",
]


@pytest.mark.parametrize("text", NOT_PLACES)
def test_not_a_place(text: str) -> None:
    assert resolve_place(text) is None


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("GB", "uk"),
        ("gb", "uk"),
        (" GB ", "uk"),
        ("UK", "uk"),
        ("GG", "uk"),
        ("JE", "uk"),
        ("IM", "uk"),
        ("IE", "europe"),
        ("DE", "europe"),
        ("FR", "europe"),
        ("ES", "europe"),
        ("PL", "europe"),
        ("CH", "europe"),
        ("NO", "europe"),
        ("IS", "europe"),
        ("RS", "europe"),
        ("UA", "europe"),
        ("CY", "europe"),
        ("XK", "europe"),
        ("TR", "row"),
        ("GE", "row"),
        ("RE", "row"),
        ("US", "row"),
        ("AU", "row"),
        ("JP", "row"),
        ("BR", "row"),
        ("", "row"),
        ("ZZ", "row"),
    ],
)
def test_region_for_country(country: str, region: str) -> None:
    assert region_for_country(country) == region


def test_europe_is_geonames_continent_eu_without_the_uk_group() -> None:
    continent_eu = {code for code, (_name, continent, _languages) in _geonames_countries().items() if continent == "EU"}
    assert continent_eu - {"CS"} == EUROPE_COUNTRIES | UK_COUNTRIES
    assert not EUROPE_COUNTRIES & UK_COUNTRIES


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("NYC", "New York"),
        ("nyc", "New York City"),
        ("Köln", "Cologne"),
        ("koln", "KÖLN"),
        ("london ", "London"),
        ("London", "I'm in London, UK"),
        ("Munich", "München"),
        ("Muenchen", "munich"),
        ("Den Haag", "The Hague"),
        ("Kiev", "Kyiv"),
        ("Londonderry", "Derry"),
        ("Tring", "tring "),  # neither is in the gazetteer: the same text
    ],
)
def test_same_city(a: str, b: str) -> None:
    assert same_city(a, b)
    assert same_city(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("London", "London, Ontario"),
        ("Paris", "Paris, TX"),
        ("Manchester", "Leeds"),
        ("Brixton", "London"),  # GeoNames files London's districts as cities of their own
        ("London", "UK"),
        ("London", ""),
        ("", ""),
        ("Tring", "Ware"),
    ],
)
def test_not_same_city(a: str, b: str) -> None:
    assert not same_city(a, b)


def test_same_city_with_each_sides_country() -> None:
    # Stored answers keep the canonical name and the country: "Paris" in US is Paris, Texas.
    assert not same_city("Paris", "Paris", country_a="US", country_b="FR")
    assert same_city("Paris", "Paris, TX", country_a="US")
    assert same_city("Perth", "Perth", country_a="GB", country_b="GB")
    assert not same_city("Perth", "Perth", country_a="GB")
    assert same_city("Newcastle upon Tyne", "Newcastle", country_b="GB")
    assert not same_city("Birmingham", "birmingham", country_a="GB", prefer_country="US")


def test_same_city_with_preference_and_distance() -> None:
    assert not same_city("Newcastle", "Newcastle upon Tyne")
    assert same_city("Newcastle", "Newcastle upon Tyne", prefer_country="GB")
    assert same_city("Brixton", "London", within_km=25)
    assert same_city("Croydon", "London", within_km=25)
    assert not same_city("Brighton", "London", within_km=25)
    assert not same_city("London", "Paris", within_km=300)


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_resolve_place_never_raises(text: str) -> None:
    place = resolve_place(text)
    if place is not None:
        assert len(place.country) == 2
        assert place.country.isupper()
        assert place.region in {"uk", "europe", "row"}
        assert place.population >= 0


@given(st.text(max_size=60), st.text(max_size=60))
@settings(max_examples=150)
def test_same_city_never_raises_and_is_symmetric(a: str, b: str) -> None:
    assert same_city(a, b) == same_city(b, a)


@given(st.sampled_from([text for text, _city, _country in CASES]), st.sampled_from(["", " ", "!", " 🙂", "."]))
@settings(max_examples=100)
def test_punctuation_and_emoji_around_a_place_do_not_matter(text: str, suffix: str) -> None:
    assert resolve_place(text + suffix) == resolve_place(text)
