"""Demo athletes: names, hometowns, addresses and birthdates drawn from the pools in
names.json with the race's random generator, so the same seed gives the same people."""
import json
import re
from datetime import date, timedelta
from pathlib import Path

from .. import models as m

_POOLS = json.loads(Path(__file__).with_name("names.json").read_text(encoding="utf-8"))
FIRST_NAMES = {sex: tuple(names) for sex, names in _POOLS["first_names"].items()}
LAST_NAMES = tuple(_POOLS["last_names"])
# (city, region, country, telephone area code, postal code prefix)
CITIES = tuple(tuple(city) for city in _POOLS["cities"])
STREETS = tuple(_POOLS["streets"])
STREET_TYPES = tuple(_POOLS["street_types"])
EMAIL_DOMAINS = tuple(_POOLS["email_domains"])
RELAY_WORDS = tuple(tuple(words) for words in _POOLS["relay_words"])


def pick_city(rng, home_city, home_share):
    """Where an athlete lives: often the host city, otherwise anywhere on the list, which
    gives hometown columns some realistic repetition."""
    if home_city is not None and rng.random() < home_share:
        return home_city
    return rng.choice(CITIES)


def postal_code(rng, country, prefix):
    """A ZIP code in the city's range, or a Canadian code with the city's forward sortation area."""
    if country == "CAN":
        return f"{prefix} {rng.randint(1, 9)}{rng.choice('ABCEGHJKLMNPRSTVXY')}{rng.randint(0, 9)}"
    return f"{prefix}{rng.randint(1, 99):02d}"


def phone(rng, area_code):
    """555-01xx numbers are reserved for fiction, so no demo number reaches a real person."""
    return f"+1 {area_code}-555-01{rng.randint(0, 99):02d}"


def email_for(first, last, serial, rng):
    """Always on a reserved example domain; the serial keeps namesakes apart."""
    local = re.sub(r"[^a-z.]", "", f"{first.lower()}.{last.lower()}")
    return f"{local}{serial}@{rng.choice(EMAIL_DOMAINS)}"


def random_birthdate(rng, race_day):
    """A birth date giving an age of 18 to 80 on race day, weighted to the 25–50 range
    where most entrants are."""
    age = min(80, max(19, round(rng.triangular(19, 81, 36))))
    year = race_day.year - age
    # Any day of the birth year: born after the race day's date in the year means one
    # year younger, which keeps the age within 18–80.
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def make_athlete(rng, spec, serial, race_day, home_city):
    """One unsaved Athlete with plausible contact details."""
    sex = "M" if rng.random() < 0.55 else "F"
    first = rng.choice(FIRST_NAMES[sex])
    last = rng.choice(LAST_NAMES)
    city, region, country, area_code, postal_prefix = pick_city(rng, home_city, spec.home_share)
    return m.Athlete(
        first_name=first,
        last_name=last,
        sex=sex,
        birthdate=random_birthdate(rng, race_day),
        email=email_for(first, last, serial, rng),
        home_phone=phone(rng, area_code) if rng.random() < 0.3 else "",
        mobile_phone=phone(rng, area_code) if rng.random() < 0.85 else "",
        location_street=f"{rng.randint(1, 9999)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}",
        location_street2=f"Apt {rng.randint(1, 30)}{rng.choice('ABCD')}" if rng.random() < 0.15 else "",
        location_city=city,
        location_region=region,
        location_postal_code=postal_code(rng, country, postal_prefix),
        location_country=country,
    )


def performance_factor(sex, age):
    """Slower for women and past 35, so sex and age brackets rank different people."""
    factor = 1.1 if sex == "F" else 1.0
    if age is not None and age > 35:
        factor *= 1 + 0.009 * (age - 35)
    return factor
