"""Demo data: a city marathon, a triathlon, a trail race and two API test events.

Used by `manage.py seed_demo` for the documentation site, the test suite (scale 0.01)
and benchmarks (scale 5). Everything is derived from fixed seeds and fixed dates, so the
same scale always produces the same rows (apart from primary keys and `modified`).

Building happens in three steps per race: plan every entry in plain Python (athlete,
status, crossing times), write the rows with `bulk_create`, then let
`racing.ranking.recompute_race` derive durations and ranks like any timing upload would.
"""
import math
import random
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import Count
from oauth2_provider.models import Application

from api.auth.legacy_sha1 import sha1_hex
from api.models import ApplicationPolicy, LegacySha1Credential

from . import models as m
from .ranking import recompute_race
from .timing import age_on

SEED = 20261018
BATCH_SIZE = 2000
MIN_ENTRIES_PER_RACE = 10
DEMO_REDIRECT_URI = "http://127.0.0.1:8000/docs/oauth-callback"

# Shares of each race's field; every share rounds up to at least one entry, so even the
# tiny test data set holds every status and a penalty.
STATUS_SHARES = (
    (m.Entry.Status.DID_NOT_START, 0.02),
    (m.Entry.Status.DID_NOT_FINISH, 0.03),
    (m.Entry.Status.DISQUALIFIED, 0.005),
    (m.Entry.Status.CONFIRMED, 0.001),
)
PENALTY_SHARE = 0.001
# A plan's mark for a finisher; the entry is written as CONF, as the original service does.
FINISHED = "FIN"


# --- Specifications ----------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A timing point of a course; `distance` in metres from the start."""

    name: str
    distance: float
    cp_type: str = m.TimingPoint.CheckpointType.INTERNAL


@dataclass(frozen=True)
class IntervalSpec:
    name: str
    start: int  # index into the course's points
    end: int
    distance: float | None
    is_full: bool = False


@dataclass(frozen=True)
class SplitCourse:
    """A run timed from the start line to each split mat, so every interval begins at the
    start; the athlete's pace is one finish time spread over the course."""

    splits: tuple  # (interval name, metres from the start); the last one is the finish
    median: float  # seconds, for a 30-year-old man of median ability
    low: float
    high: float
    sigma_fast: float = 0.17  # log-spread of abilities faster than the median
    sigma_slow: float = 0.16  # and slower; with the age factor the slow tail grows longer
    exponent: float = 1.04  # > 1: people slow down towards the end
    noise: float = 0.015

    def points(self, prefix):
        """Start, one point per split, finish."""
        result = [Point(f"{prefix} Start", 0.0, m.TimingPoint.CheckpointType.START)]
        for name, distance in self.splits[:-1]:
            result.append(Point(f"{prefix} {name}", distance))
        result.append(Point(f"{prefix} Finish", self.distance, m.TimingPoint.CheckpointType.FINISH))
        return result

    def intervals(self):
        """Each split measured from the start point; the last one is the full course."""
        last = len(self.splits)
        return [
            IntervalSpec(name, 0, index, distance, is_full=index == last)
            for index, (name, distance) in enumerate(self.splits, start=1)
        ]

    @property
    def distance(self):
        return self.splits[-1][1]

    def crossings(self, rng, ability, factor):
        """Seconds after the chip start at which the athlete crosses each point: one finish
        time, split with a slightly positive pacing curve and a little noise per segment."""
        sigma = self.sigma_fast if ability < 0 else self.sigma_slow
        total = clamp(rng, self.median * factor * math.exp(sigma * ability), self.low, self.high)
        marks = [0.0] + [(distance / self.distance) ** self.exponent for _, distance in self.splits]
        times, elapsed = [0.0], 0.0
        for before, after in pairwise(marks):
            elapsed += (after - before) * total * (1 + rng.gauss(0, self.noise))
            times.append(elapsed)
        return times


@dataclass(frozen=True)
class Leg:
    """One leg of a multisport or relay course, timed from the previous point to its own."""

    name: str
    end_point: str
    distance: float | None
    median: float
    low: float
    high: float
    sigma: float = 0.18


@dataclass(frozen=True)
class LegCourse:
    """A course of consecutive legs (swim, T1, bike...): each leg begins where the previous
    one ended, and the full course spans them all."""

    start_point: str
    legs: tuple

    def points(self, prefix):
        """The start point, then the point ending each leg (the last is the finish)."""
        result = [Point(f"{prefix} {self.start_point}", 0.0, m.TimingPoint.CheckpointType.START)]
        distance = 0.0
        for index, leg in enumerate(self.legs):
            distance += leg.distance or 0.0
            cp_type = (m.TimingPoint.CheckpointType.FINISH if index == len(self.legs) - 1
                       else m.TimingPoint.CheckpointType.INTERNAL)
            result.append(Point(f"{prefix} {leg.end_point}", distance, cp_type))
        return result

    def intervals(self):
        """One interval per leg between consecutive points, then the full course."""
        legs = [IntervalSpec(leg.name, index, index + 1, leg.distance) for index, leg in enumerate(self.legs)]
        return legs + [IntervalSpec("Full", 0, len(self.legs), self.distance, is_full=True)]

    @property
    def distance(self):
        return sum(leg.distance or 0.0 for leg in self.legs)

    def crossings(self, rng, ability, factor):
        """Cumulative leg times: each leg follows the athlete's overall ability loosely, so a
        strong swimmer is not always a strong runner."""
        times, elapsed = [0.0], 0.0
        for leg in self.legs:
            leg_ability = 0.85 * ability + rng.gauss(0, 0.5)
            elapsed += clamp(rng, leg.median * factor * math.exp(leg.sigma * leg_ability), leg.low, leg.high)
            times.append(elapsed)
        return times


@dataclass(frozen=True)
class WaveSpec:
    """A start wave: the fastest `share` of the field (seeded corrals), the entries of one
    sex, or (neither) everyone left."""

    name: str
    offset_minutes: float
    share: float | None = None
    sex: str = ""


@dataclass(frozen=True)
class ExplicitBracket:
    """An ELITE or OTHER bracket whose members are listed: the fastest share, a random
    share, or the entries of one group type."""

    name: str
    bracket_type: str
    rule: str  # "fastest", "random" or "group:<group_type>"
    share: float = 0.0
    tag: str = ""


@dataclass(frozen=True)
class RaceSpec:
    name: str
    tag: str
    race_type: str
    subtype: str
    course: object
    entries: int  # at scale 1
    start: str  # local "HH:MM" on the event's day
    cutoff_hours: float
    waves: tuple
    scaled: bool = True
    unit: str = m.Race.DistanceUnit.MILES
    entry_type: str = "individual"
    sex_brackets: bool = True
    age_brackets: bool = True
    explicit_brackets: tuple = ()
    test_entries: int = 0


@dataclass(frozen=True)
class GroupSpec:
    name: str
    group_type: str = "team"


@dataclass(frozen=True)
class EventSpec:
    name: str
    organization: str
    city: str
    region: str
    country: str
    time_zone: str
    day: date
    site_uri: str
    description: str
    races: tuple
    groups: tuple = ()
    team_share: float = 0.0  # share of entries on a team (entry.team and a group)
    club_share: float = 0.0  # share of entries in one of the other groups
    home_share: float = 0.4  # share of athletes living in the host city
    chip_prefix: str = "CT"
    device_type: str = "ChronoTrack D3"
    is_test: bool = False


def clamp(rng, seconds, low, high):
    """Keep a time plausible without piling everyone on the limit: clamped times get a
    small random margin inside the range."""
    if seconds < low:
        return low * (1 + 0.03 * rng.random())
    if seconds > high:
        return high * (1 - 0.02 * rng.random())
    return seconds


MARATHON_SPLITS = (("5K", 5000.0), ("10K", 10000.0), ("Half", 21097.5), ("30K", 30000.0), ("Full", 42195.0))

EVENTS = (
    EventSpec(
        name="Lakeshore City Marathon",
        organization="Lakeshore Running Foundation",
        city="Chicago", region="IL", country="USA", time_zone="America/Chicago",
        day=date(2026, 10, 18),
        site_uri="https://www.example.com/lakeshore-marathon",
        description=(
            "A flat, fast tour of the lakefront and twenty-nine neighbourhoods.\n"
            "Marathon, half marathon and 10K start in Grant Park; every course is timed "
            "with chip mats at each split."
        ),
        chip_prefix="LCM",
        team_share=0.03,
        groups=tuple(GroupSpec(name) for name in (
            "Lakeshore Striders", "Windy City Runners", "Second City Harriers", "Team Hope for Kids",
            "Northside Track Club", "Acme Corp Running Club", "Pilsen Pacers", "Loop Lunch Runners",
        )),
        races=(
            RaceSpec(
                "Marathon", "MAR", m.Race.Type.RUNNING, "marathon",
                SplitCourse(MARATHON_SPLITS, median=13800, low=7800, high=23400),
                entries=8000, start="07:00", cutoff_hours=7.5,
                waves=(WaveSpec("Wave 1", 0, 0.08), WaveSpec("Wave 2", 15, 0.3), WaveSpec("Wave 3", 30, 0.32),
                       WaveSpec("Wave 4", 45)),
                explicit_brackets=(ExplicitBracket("Elite", m.Bracket.Type.ELITE, "fastest", 0.005, "ELITE"),),
            ),
            RaceSpec(
                "Half Marathon", "HALF", m.Race.Type.RUNNING, "half marathon",
                SplitCourse((("5K", 5000.0), ("10K", 10000.0), ("Full", 21097.5)),
                            median=6600, low=3600, high=12600),
                entries=7000, start="07:45", cutoff_hours=4,
                waves=(WaveSpec("Wave 1", 0, 0.25), WaveSpec("Wave 2", 12, 0.4), WaveSpec("Wave 3", 24)),
            ),
            RaceSpec(
                "10K", "10K", m.Race.Type.RUNNING, "10k",
                SplitCourse((("5K", 5000.0), ("Full", 10000.0)), median=3000, low=1680, high=6000),
                entries=5000, start="08:30", cutoff_hours=2,
                waves=(WaveSpec("Wave 1", 0, 0.45), WaveSpec("Wave 2", 10)),
            ),
        ),
    ),
    EventSpec(
        name="Prairie Lakes Triathlon",
        organization="Prairie Lakes Multisport",
        city="Madison", region="WI", country="USA", time_zone="America/Chicago",
        day=date(2026, 8, 23),
        site_uri="https://www.example.com/prairie-lakes-tri",
        description=(
            "Olympic-distance triathlon: a 1.5 km swim in Lake Monona, a 40 km rolling bike "
            "course and a 10 km run along the isthmus. Transitions are timed."
        ),
        chip_prefix="PLT",
        device_type="MYLAPS BibTag Decoder",
        club_share=0.15,
        home_share=0.3,
        groups=tuple(GroupSpec(name, "club") for name in (
            "Madison Multisport Club", "Badger Tri Team", "Lake Country Triathletes", "Capital City Cycling",
        )),
        races=(
            RaceSpec(
                "Olympic Triathlon", "OLY", m.Race.Type.MULTISPORT, "olympic",
                LegCourse("Swim Start", (
                    Leg("Swim", "Swim Exit", 1500.0, median=1800, low=1020, high=3000),
                    Leg("T1", "Bike Out", None, median=150, low=55, high=420, sigma=0.35),
                    Leg("Bike", "Bike In", 40000.0, median=4500, low=3300, high=6600),
                    Leg("T2", "Run Out", None, median=90, low=35, high=300, sigma=0.35),
                    Leg("Run", "Finish", 10000.0, median=3000, low=1920, high=5400),
                )),
                entries=300, start="07:00", cutoff_hours=5, unit=m.Race.DistanceUnit.KILOMETRES,
                waves=(WaveSpec("Wave 1 - Elite", 0, 0.05), WaveSpec("Wave 2 - Men", 5, sex="M"),
                       WaveSpec("Wave 3 - Women", 12)),
            ),
        ),
    ),
    EventSpec(
        name="Ridgeback Trail Run",
        organization="Front Range Trail Co.",
        city="Boulder", region="CO", country="USA", time_zone="America/Denver",
        day=date(2026, 9, 12),
        site_uri="https://www.example.com/ridgeback-trail",
        description=(
            "Single track, 1,100 m of climbing and two aid stations with timing mats.\n"
            "Clubs and teams score together."
        ),
        chip_prefix="RTR",
        device_type="RaceResult Active Decoder",
        team_share=0.1,
        club_share=0.35,
        home_share=0.5,
        groups=(
            GroupSpec("Flatirons Harriers"), GroupSpec("Mile High Mudders"), GroupSpec("Summit Seekers"),
            GroupSpec("Boulder Trail Runners", "club"), GroupSpec("Front Range Ultra Club", "club"),
            GroupSpec("Colorado Mountain Goats", "club"), GroupSpec("Denver Dirt Society", "club"),
        ),
        races=(
            RaceSpec(
                "25K Trail", "25K", m.Race.Type.RUNNING, "trail",
                SplitCourse((("Eagle Saddle Aid", 8200.0), ("Bear Creek Aid", 16900.0), ("Full", 25000.0)),
                            median=10000, low=6300, high=21600, exponent=1.0, noise=0.05),
                entries=90, start="07:30", cutoff_hours=7,
                waves=(WaveSpec("Wave 1", 0, 0.5), WaveSpec("Wave 2", 5)),
            ),
            RaceSpec(
                "10K Trail", "10KT", m.Race.Type.RUNNING, "trail",
                SplitCourse((("Mesa Aid", 4800.0), ("Full", 10000.0)),
                            median=4000, low=2400, high=8400, exponent=1.0, noise=0.05),
                entries=60, start="08:15", cutoff_hours=3,
                waves=(WaveSpec("Wave 1", 0),),
            ),
        ),
    ),
    EventSpec(
        name="API Test Event 5K",
        organization="Demo Timing Co.",
        city="Minneapolis", region="MN", country="USA", time_zone="America/Chicago",
        day=date(2026, 5, 16),
        site_uri="https://www.example.com/api-test-5k",
        description=(
            "A sandbox event for trying the API: every kind of data is here, and nothing in it "
            "is real. Entries flagged as tests are hidden unless you ask for them."
        ),
        chip_prefix="T5K",
        is_test=True,
        team_share=0.2,
        club_share=0.3,
        groups=(GroupSpec("Docs Demo Team"), GroupSpec("Sandbox Striders"),
                GroupSpec("Sample Running Club", "club")),
        races=(
            RaceSpec(
                "5K", "5K", m.Race.Type.RUNNING, "5k",
                SplitCourse((("1 Mile", 1609.344), ("Full", 5000.0)), median=1500, low=900, high=3300),
                entries=40, start="08:00", cutoff_hours=1.5, scaled=False, test_entries=2,
                waves=(WaveSpec("Wave 1", 0, 0.5), WaveSpec("Wave 2", 5)),
                explicit_brackets=(ExplicitBracket("Elite", m.Bracket.Type.ELITE, "fastest", 0.1, "ELITE"),),
            ),
            RaceSpec(
                "1 Mile", "1MI", m.Race.Type.RUNNING, "mile",
                SplitCourse((("Half Mile", 804.672), ("Full", 1609.344)), median=480, low=270, high=1200),
                entries=12, start="09:30", cutoff_hours=0.5, scaled=False, test_entries=1,
                waves=(WaveSpec("Wave 1", 0),),
            ),
        ),
    ),
    EventSpec(
        name="API Test Event Relay",
        organization="Demo Timing Co.",
        city="Austin", region="TX", country="USA", time_zone="America/Chicago",
        day=date(2026, 6, 13),
        site_uri="https://www.example.com/api-test-relay",
        description=(
            "A sandbox relay for trying the API: teams of four each run 5 km, and every "
            "exchange is timed. Entries are teams (entry type relay)."
        ),
        chip_prefix="TRL",
        is_test=True,
        club_share=0.5,
        groups=(GroupSpec("Corporate Challenge", "corporate"), GroupSpec("Neighbourhood League", "league"),
                GroupSpec("University Cup", "league")),
        races=(
            RaceSpec(
                "4 x 5K Relay", "RELAY", m.Race.Type.RUNNING, "relay",
                LegCourse("Start", tuple(
                    Leg(f"Leg {n}", "Finish" if n == 4 else f"Exchange {n}", 5000.0, median=1500, low=900, high=2700)
                    for n in range(1, 5)
                )),
                entries=50, start="07:30", cutoff_hours=3.5, scaled=False, test_entries=2,
                entry_type="relay", sex_brackets=False, age_brackets=False,
                waves=(WaveSpec("Wave 1", 0, 0.5), WaveSpec("Wave 2", 3)),
                explicit_brackets=(
                    ExplicitBracket("Mixed Teams", m.Bracket.Type.OTHER, "random", 0.4, "MIXED"),
                    ExplicitBracket("Corporate Teams", m.Bracket.Type.OTHER, "group:corporate", tag="CORP"),
                ),
            ),
        ),
    ),
)
DEMO_EVENT_NAMES = tuple(spec.name for spec in EVENTS)
TEST_EVENT_NAMES = tuple(spec.name for spec in EVENTS if spec.is_test)


# --- People ------------------------------------------------------------------------------

FIRST_NAMES = {
    "M": (
        "James", "Michael", "Robert", "David", "William", "Daniel", "Matthew", "Anthony", "Mark", "Steven",
        "Andrew", "Joshua", "Kevin", "Brian", "Ryan", "Jacob", "Nicholas", "Eric", "Jonathan", "Justin",
        "Carlos", "Luis", "Jorge", "Miguel", "Diego", "Wei", "Hiroshi", "Raj", "Arjun", "Omar",
        "Liam", "Noah", "Ethan", "Lucas", "Mateo", "Owen", "Caleb", "Isaac", "Samuel", "Marcus",
        "Tyrone", "Andre", "Kwame", "Pierre", "Etienne", "Mathieu", "Connor", "Declan", "Tomasz", "Sven",
    ),
    "F": (
        "Mary", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen", "Emily", "Michelle",
        "Amanda", "Melissa", "Stephanie", "Rebecca", "Laura", "Emma", "Olivia", "Ava", "Sophia", "Isabella",
        "Maria", "Lucia", "Camila", "Valentina", "Gabriela", "Mei", "Yuki", "Priya", "Ananya", "Fatima",
        "Chloe", "Grace", "Hannah", "Zoe", "Nora", "Aaliyah", "Keisha", "Imani", "Amelie", "Genevieve",
        "Claire", "Siobhan", "Aoife", "Ingrid", "Katarzyna", "Leah", "Maya", "Naomi", "Rachel", "Tessa",
    ),
}
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Kim", "Park", "Chen", "Wang", "Patel", "Shah", "Singh", "Tanaka", "Sato", "Kowalski",
    "Nowak", "O'Brien", "Murphy", "Kelly", "Sullivan", "Tremblay", "Gagnon", "Roy", "Cote", "Bouchard",
    "Lefebvre", "MacDonald", "Fraser", "Olsen", "Larsen", "Johansson", "Schmidt", "Muller", "Rossi", "Russo",
    "Okafor", "Mensah", "Diallo", "Haddad", "Khan", "Ali", "Cohen", "Levy", "Friedman", "Novak",
    "Dubois", "Fischer", "Weber", "Becker", "Jensen", "Kaur", "Reyes", "Morales", "Ortiz", "Castillo",
)
# (city, region, country, telephone area code, postal code prefix)
CITIES = (
    ("Chicago", "IL", "USA", "312", "606"), ("Evanston", "IL", "USA", "847", "602"),
    ("Naperville", "IL", "USA", "630", "605"), ("Oak Park", "IL", "USA", "708", "603"),
    ("Milwaukee", "WI", "USA", "414", "532"), ("Madison", "WI", "USA", "608", "537"),
    ("Minneapolis", "MN", "USA", "612", "554"), ("Saint Paul", "MN", "USA", "651", "551"),
    ("Detroit", "MI", "USA", "313", "482"), ("Ann Arbor", "MI", "USA", "734", "481"),
    ("Grand Rapids", "MI", "USA", "616", "495"), ("Indianapolis", "IN", "USA", "317", "462"),
    ("Columbus", "OH", "USA", "614", "432"), ("Cleveland", "OH", "USA", "216", "441"),
    ("St. Louis", "MO", "USA", "314", "631"), ("Kansas City", "MO", "USA", "816", "641"),
    ("Des Moines", "IA", "USA", "515", "503"), ("Omaha", "NE", "USA", "402", "681"),
    ("Denver", "CO", "USA", "303", "802"), ("Boulder", "CO", "USA", "303", "803"),
    ("Fort Collins", "CO", "USA", "970", "805"), ("Austin", "TX", "USA", "512", "787"),
    ("Dallas", "TX", "USA", "214", "752"), ("Houston", "TX", "USA", "713", "770"),
    ("Atlanta", "GA", "USA", "404", "303"), ("Nashville", "TN", "USA", "615", "372"),
    ("Boston", "MA", "USA", "617", "021"), ("New York", "NY", "USA", "212", "100"),
    ("Philadelphia", "PA", "USA", "215", "191"), ("Pittsburgh", "PA", "USA", "412", "152"),
    ("Seattle", "WA", "USA", "206", "981"), ("Portland", "OR", "USA", "503", "972"),
    ("San Francisco", "CA", "USA", "415", "941"), ("Los Angeles", "CA", "USA", "213", "900"),
    ("Phoenix", "AZ", "USA", "602", "850"), ("Salt Lake City", "UT", "USA", "801", "841"),
    ("Toronto", "ON", "CAN", "416", "M5V"), ("Ottawa", "ON", "CAN", "613", "K1P"),
    ("Montreal", "QC", "CAN", "514", "H2X"), ("Vancouver", "BC", "CAN", "604", "V6B"),
    ("Calgary", "AB", "CAN", "403", "T2P"), ("Winnipeg", "MB", "CAN", "204", "R3C"),
)
STREETS = (
    "Maple", "Oak", "Cedar", "Elm", "Pine", "Lake", "Hill", "Washington", "Lincoln", "Park",
    "Main", "Church", "Prairie", "River", "Sunset", "Highland", "Meadow", "Forest", "Ridge", "Grove",
    "Madison", "Jefferson", "Franklin", "Spring", "Willow", "Union", "Center", "Mill", "Bay", "Harbor",
)
STREET_TYPES = ("St", "Ave", "Rd", "Blvd", "Dr", "Ln", "Ct", "Way", "Pl", "Ter")
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
RELAY_WORDS = (
    ("Baton", "Swift", "Lucky", "Midnight", "Sunrise", "Thunder", "Velvet", "Rocket", "Happy", "Iron",
     "Silver", "Urban", "Prairie", "Lakeside", "Rapid", "Steady", "Golden", "Rolling", "Sneaky", "Fearless"),
    ("Passers", "Pacers", "Soles", "Stridettes", "Hares", "Tortoises", "Feet", "Gazelles", "Comets", "Legs",
     "Runners", "Hustlers", "Relayers", "Breezes", "Foxes"),
)


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


# --- Planning a race (no database access) ------------------------------------------------


@dataclass
class EntryPlan:
    """Everything about one entry before it is written."""

    athlete: m.Athlete
    age: int
    crossings: list  # seconds after the chip start at each timing point
    name: str = ""
    bib: int = 0
    wave: int = 0
    status: str = FINISHED
    last_point: int = -1  # DNF: the last point crossed
    chip_offset: float = 0.0  # seconds from the gun to crossing the start mat
    penalty: float = 0.0
    team: int | None = None
    groups: list = field(default_factory=list)
    explicit: list = field(default_factory=list)  # indices into the race's explicit brackets
    is_test: bool = False
    tenths: list = field(default_factory=list)  # per point: keep tenths of a second?


def race_size(race, scale):
    """Entries in a race at a scale; test events keep their size so the docs stay stable."""
    if not race.scaled:
        return race.entries
    return max(MIN_ENTRIES_PER_RACE, round(race.entries * scale))


def expected_entries(scale):
    """Entry count of every demo event at a scale: the marker of an existing seed."""
    return {spec.name: sum(race_size(race, scale) for race in spec.races) for spec in EVENTS}


def plan_athletes(rng, spec, race, count, race_day, serial_start):
    """Athletes with their predicted crossings, fastest first so that waves and bibs can
    be seeded by predicted time."""
    home_city = next((c for c in CITIES if c[0] == spec.city and c[1] == spec.region), None)
    plans = []
    for serial in range(serial_start, serial_start + count):
        athlete = make_athlete(rng, spec, serial, race_day, home_city)
        age = age_on(athlete.birthdate, race_day)
        crossings = race.course.crossings(rng, rng.gauss(0, 1), performance_factor(athlete.sex, age))
        name = f"{athlete.first_name} {athlete.last_name}"
        if race.entry_type == "relay":
            name = f"{rng.choice(RELAY_WORDS[0])} {rng.choice(RELAY_WORDS[1])} {serial - serial_start + 1}"
        plans.append(EntryPlan(athlete=athlete, age=age, crossings=crossings, name=name))
    plans.sort(key=lambda plan: plan.crossings[-1])
    return plans


def assign_waves(plans, waves):
    """Seeded corrals take the fastest shares first, sex waves take their sex, the last
    wave takes whoever is left."""
    unassigned = list(range(len(plans)))
    for index, wave in enumerate(waves):
        if index == len(waves) - 1:
            chosen = unassigned
        elif wave.sex:
            chosen = [i for i in unassigned if plans[i].athlete.sex == wave.sex]
        else:
            chosen = unassigned[:max(1, round(wave.share * len(plans)))]
        for i in chosen:
            plans[i].wave = index
        taken = set(chosen)
        unassigned = [i for i in unassigned if i not in taken]


def assign_start_offsets(rng, plans):
    """Front-of-wave runners cross the start mat within seconds, the back of a big wave
    minutes later."""
    by_wave = {}
    for plan in plans:
        by_wave.setdefault(plan.wave, []).append(plan)
    for members in by_wave.values():
        span = 5 + 0.08 * len(members)
        for position, plan in enumerate(members):
            plan.chip_offset = round(1 + span * position / len(members) * rng.uniform(0.8, 1.2), 1)


def assign_statuses(rng, plans, course_points):
    """Fixed shares of DNS, DNF, DQ and still-registered entries, each at least one; a DNF
    stops at some internal point after crossing at least one."""
    indices = list(range(len(plans)))
    rng.shuffle(indices)
    cursor = 0
    for status, share in STATUS_SHARES:
        count = max(1, round(share * len(plans)))
        for i in indices[cursor:cursor + count]:
            plans[i].status = status
            if status == m.Entry.Status.DID_NOT_FINISH:
                plans[i].last_point = rng.randint(1, max(1, course_points - 2))
        cursor += count


def assign_penalties(rng, plans):
    """A handful of 30 or 60 second penalties on finishers, at least one per race."""
    finishers = [plan for plan in plans if plan.status == FINISHED]
    for plan in rng.sample(finishers, min(len(finishers), max(1, round(PENALTY_SHARE * len(plans))))):
        plan.penalty = rng.choice((30.0, 60.0))


def assign_groups(rng, spec, plans):
    """Team members get `team` and the group; club members only the group. Some entries
    are in both."""
    teams = [i for i, group in enumerate(spec.groups) if group.group_type == "team"]
    others = [i for i, group in enumerate(spec.groups) if group.group_type != "team"]
    for plan in plans:
        if teams and rng.random() < spec.team_share:
            plan.team = rng.choice(teams)
            plan.groups.append(plan.team)
        if others and rng.random() < spec.club_share:
            plan.groups.append(rng.choice(others))


def assign_explicit_brackets(rng, spec, race, plans):
    """Members of the ELITE/OTHER brackets, chosen by each bracket's rule."""
    for index, bracket in enumerate(race.explicit_brackets):
        if bracket.rule == "fastest":
            members = plans[:max(3, round(bracket.share * len(plans)))]
        elif bracket.rule == "random":
            members = [plan for plan in plans if rng.random() < bracket.share]
        else:
            group_type = bracket.rule.removeprefix("group:")
            members = [plan for plan in plans if any(spec.groups[g].group_type == group_type for g in plan.groups)]
        for plan in members:
            plan.explicit.append(index)


def plan_race(rng, spec, race, count, race_day, serial_start, bib_start):
    """Every entry of one race, decided before anything is written."""
    plans = plan_athletes(rng, spec, race, count, race_day, serial_start)
    assign_waves(plans, race.waves)
    for offset, plan in enumerate(plans):
        plan.bib = bib_start + offset
        plan.tenths = [rng.random() < 0.4 for _ in plan.crossings]
    assign_start_offsets(rng, plans)
    assign_statuses(rng, plans, len(race.course.points(race.name)))
    assign_penalties(rng, plans)
    assign_groups(rng, spec, plans)
    assign_explicit_brackets(rng, spec, race, plans)
    for i in rng.sample(range(len(plans)), min(race.test_entries, len(plans))):
        plans[i].is_test = True
    return plans


def crossing_epochs(plan, gun):
    """Epoch seconds at each timing point, to the tenth for some reads and to the whole
    second for others, as timing exports look."""
    start = gun + plan.chip_offset
    return [
        round(start + seconds, 1) if tenths else float(round(start + seconds))
        for seconds, tenths in zip(plan.crossings, plan.tenths)
    ]


def is_timed(plan, interval):
    """Whether an entry has a result for an interval: never without a start, up to the
    point where a DNF stopped, always for finishers and disqualified entries."""
    if plan.status in (m.Entry.Status.DID_NOT_START, m.Entry.Status.CONFIRMED):
        return False
    if plan.status == m.Entry.Status.DID_NOT_FINISH:
        return interval.end <= plan.last_point
    return True


# --- Writing -----------------------------------------------------------------------------


def local_time(spec, day, hhmm):
    """A wall-clock time at the venue, stored in UTC."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZoneInfo(spec.time_zone)).astimezone(
        timezone.utc)


def chunks(items, size):
    """Slices of a list, so that memory and statement sizes stay bounded at any scale."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Progress:
    """Counts work units (one per entry and phase) and reports them to a callback."""

    def __init__(self, total, callback):
        self.total, self.done, self.callback = total, 0, callback

    def advance(self, units, label):
        self.done += units
        if self.callback:
            self.callback(min(self.done, self.total), self.total, label)


def create_event(spec):
    """The event row; its times span its races."""
    starts = [local_time(spec, spec.day, race.start) for race in spec.races]
    ends = [start + timedelta(hours=race.cutoff_hours) for start, race in zip(starts, spec.races)]
    return m.Event.objects.create(
        name=spec.name, description=spec.description, start_time=min(starts), end_time=max(ends),
        site_uri=spec.site_uri, is_published=True, is_test=spec.is_test, organization_name=spec.organization,
        location_city=spec.city, location_region=spec.region, location_country=spec.country,
        location_time_zone=spec.time_zone,
    )


def create_race(event, spec, race, order, plans, waves_start):
    """The race row, with the actual end set to its last finisher."""
    planned_start = local_time(spec, spec.day, race.start)
    finish_times = [
        crossing_epochs(plan, waves_start[plan.wave].timestamp())[-1]
        for plan in plans if plan.status in (FINISHED, m.Entry.Status.DISQUALIFIED)
    ]
    planned_end = planned_start + timedelta(hours=race.cutoff_hours)
    actual_end = datetime.fromtimestamp(int(max(finish_times)) + 1, timezone.utc) if finish_times else planned_end
    return m.Race.objects.create(
        event=event, name=race.name, tag=race.tag, race_type=race.race_type, subtype=race.subtype,
        course_distance=race.course.distance, pref_distance_unit=race.unit,
        planned_start_time=planned_start, planned_end_time=planned_end,
        actual_start_time=waves_start[0], actual_end_time=actual_end,
        age_ref_time=planned_start, order=order, wants_results=True,
    )


def wave_starts(spec, race):
    """The gun of each wave: the race starts 40 seconds late, later waves are staggered."""
    gun = local_time(spec, spec.day, race.start) + timedelta(seconds=40)
    return [gun + timedelta(minutes=wave.offset_minutes) for wave in race.waves]


def create_brackets(race_row, race):
    """Overall, Male/Female and five-year age groups per sex (under 20 … 80+), plus the
    race's explicit brackets; returns the explicit ones in spec order."""
    brackets = [m.Bracket(race=race_row, name="Overall", bracket_type=m.Bracket.Type.OPEN, tag="OA")]
    if race.sex_brackets:
        brackets += [m.Bracket(race=race_row, name=label, bracket_type=m.Bracket.Type.SEX, sex=sex, tag=sex)
                     for sex, label in (("M", "Male"), ("F", "Female"))]
    if race.age_brackets:
        for sex in ("M", "F"):
            brackets.append(m.Bracket(race=race_row, name=f"{sex} Under 20", bracket_type=m.Bracket.Type.AGE,
                                      sex=sex, max_age=19, tag=f"{sex}U20"))
            for low in range(20, 80, 5):
                brackets.append(m.Bracket(race=race_row, name=f"{sex} {low}-{low + 4}",
                                          bracket_type=m.Bracket.Type.AGE, sex=sex, min_age=low, max_age=low + 4,
                                          tag=f"{sex}{low}-{low + 4}"))
            brackets.append(m.Bracket(race=race_row, name=f"{sex} 80+", bracket_type=m.Bracket.Type.AGE,
                                      sex=sex, min_age=80, tag=f"{sex}80+"))
    explicit = [m.Bracket(race=race_row, name=b.name, bracket_type=b.bracket_type, tag=b.tag)
                for b in race.explicit_brackets]
    m.Bracket.objects.bulk_create(brackets + explicit)
    return explicit


def create_course(rng, event, spec, race_row, race):
    """Timing points (with devices and mats) and the intervals between them."""
    points = []
    for point in race.course.points(race.name):
        points.append(m.TimingPoint.objects.create(
            event=event, race=race_row, name=point.name, cp_type=point.cp_type,
            distance_from_start=point.distance))
    create_devices(rng, event, spec, points)
    intervals = [
        m.Interval(race=race_row, name=interval.name, is_full=interval.is_full, distance=interval.distance,
                   order=order, start_point=points[interval.start], end_point=points[interval.end])
        for order, interval in enumerate(race.course.intervals(), start=1)
    ]
    m.Interval.objects.bulk_create(intervals)
    return intervals


def create_devices(rng, event, spec, points):
    """One decoder per timing point, two on start and finish lines, each with 2–4 mats."""
    for point in points:
        count = 1 if point.cp_type == m.TimingPoint.CheckpointType.INTERNAL else 2
        for letter in "AB"[:count]:
            device = m.TimingDevice.objects.create(
                event=event, timing_point=point, name=f"{point.name} {letter}",
                serial=f"{spec.chip_prefix}-{rng.randint(100000, 999999)}", device_type=spec.device_type)
            m.TimingMat.objects.bulk_create(
                [m.TimingMat(device=device, name=f"{point.name} {letter} mat {port}", port=port)
                 for port in range(1, rng.randint(2, 4) + 1)])


def create_waves(race_row, race, starts):
    """Wave rows in spec order, so a plan's wave index picks its row."""
    waves = [m.Wave(race=race_row, name=wave.name, start_time=start) for wave, start in zip(race.waves, starts)]
    m.Wave.objects.bulk_create(waves)
    return waves


def insert_entries(event, spec, race, race_row, plans, groups, waves, explicit, external_start, progress):
    """Athletes, entries and their group and bracket memberships, in batches."""
    entries = []
    label = f"{race_row.name}: entries"
    for batch in chunks(plans, BATCH_SIZE):
        m.Athlete.objects.bulk_create([plan.athlete for plan in batch], batch_size=BATCH_SIZE)
        rows = [
            m.Entry(
                event=event, race=race_row, athlete=plan.athlete, name=plan.name, bib=str(plan.bib),
                tag=f"{spec.chip_prefix}{plan.bib:06d}", status=m.Entry.stored_status(plan.status),
                entry_type=race.entry_type,
                race_age=age_on(plan.athlete.birthdate, race_row.age_ref_time),
                external_id=f"REG-{external_start + len(entries) + offset:06d}", is_test=plan.is_test,
                team=groups[plan.team] if plan.team is not None else None, wave=waves[plan.wave],
            )
            for offset, plan in enumerate(batch)
        ]
        m.Entry.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        entries.extend(rows)
        progress.advance(len(batch), label)
    memberships = [m.Entry.groups.through(entry_id=entry.id, group_id=groups[g].id)
                   for entry, plan in zip(entries, plans) for g in plan.groups]
    m.Entry.groups.through.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    members = [m.Bracket.members.through(bracket_id=explicit[b].id, entry_id=entry.id)
               for entry, plan in zip(entries, plans) for b in plan.explicit]
    m.Bracket.members.through.objects.bulk_create(members, batch_size=BATCH_SIZE)
    return entries


def insert_results(race_row, race, plans, entries, intervals, starts, progress):
    """Result rows per entry and timed interval; durations and ranks come later."""
    specs = list(zip(race.course.intervals(), intervals))
    label = f"{race_row.name}: results"
    total = 0
    for batch in chunks(list(zip(plans, entries)), BATCH_SIZE):
        rows = []
        for plan, entry in batch:
            gun = starts[plan.wave].timestamp()
            epochs = crossing_epochs(plan, gun)
            for spec, interval in specs:
                if is_timed(plan, spec):
                    rows.append(m.Result(
                        entry=entry, interval=interval, gun_start_time=gun, begin_chip_time=epochs[spec.start],
                        end_chip_time=epochs[spec.end], penalty_seconds=plan.penalty if spec.is_full else 0.0))
        m.Result.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        total += len(rows)
        progress.advance(len(batch), label)
    return total


def build_event(spec, scale, progress, counters):
    """One demo event with all its races, written and ranked."""
    event = create_event(spec)
    groups = [m.Group(event=event, name=group.name, group_type=group.group_type) for group in spec.groups]
    m.Group.objects.bulk_create(groups)
    bib_start, serial = 1, 1
    for order, race in enumerate(spec.races, start=1):
        rng = random.Random(f"{SEED}:{spec.name}:{race.name}")
        count = race_size(race, scale)
        starts = wave_starts(spec, race)
        plans = plan_race(rng, spec, race, count, spec.day, serial, bib_start)
        race_row = create_race(event, spec, race, order, plans, starts)
        waves = create_waves(race_row, race, starts)
        explicit = create_brackets(race_row, race)
        intervals = create_course(rng, event, spec, race_row, race)
        entries = insert_entries(event, spec, race, race_row, plans, groups, waves, explicit, serial, progress)
        counters["results"] += insert_results(race_row, race, plans, entries, intervals, starts, progress)
        recompute_race(race_row.id)
        progress.advance(count, f"{race_row.name}: ranks")
        counters["entries"] += count
        counters["races"] += 1
        serial += count
        bib_start = ((bib_start + count - 1) // 10000 + 1) * 10000 + 1
    counters["events"] += 1
    return event


# --- Existing demo data ------------------------------------------------------------------


def demo_events():
    """Demo events are recognised by name: the command owns these names."""
    return m.Event.objects.filter(name__in=DEMO_EVENT_NAMES)


def seeded_state(scale):
    """'absent', 'same' (every demo event with the entry count of this scale) or
    'different'; entry counts per event name are the marker, so no extra table is needed."""
    counts = {}
    for name, entries in demo_events().annotate(entry_count=Count("entries")).values_list("name", "entry_count"):
        counts.setdefault(name, []).append(entries)
    if not counts:
        return "absent"
    expected = {name: [entries] for name, entries in expected_entries(scale).items()}
    return "same" if counts == expected else "different"


def delete_demo():
    """Remove the demo events and the athletes only they used. Leaf tables go first with
    plain filtered deletes, so the collector never loads hundreds of thousands of rows."""
    event_ids = list(demo_events().values_list("id", flat=True))
    if not event_ids:
        return 0
    athlete_ids = sorted(set(m.Entry.objects.filter(event_id__in=event_ids).values_list("athlete_id", flat=True)))
    m.BracketRank.objects.filter(bracket__race__event_id__in=event_ids).delete()
    m.Result.objects.filter(entry__event_id__in=event_ids).delete()
    m.Entry.groups.through.objects.filter(entry__event_id__in=event_ids).delete()
    m.Bracket.members.through.objects.filter(bracket__race__event_id__in=event_ids).delete()
    m.Entry.objects.filter(event_id__in=event_ids).delete()
    m.Event.objects.filter(id__in=event_ids).delete()
    for batch in chunks(athlete_ids, 500):
        m.Athlete.objects.filter(id__in=batch, entries__isnull=True).delete()
    return len(event_ids)


# --- Accounts ----------------------------------------------------------------------------


def ensure_user(email, password, first_name, last_name):
    """A demo user whose password (and its SHA1 form) matches the configured value. The
    password is only set when it differs, so re-running changes nothing; setting it saves
    the user, which records the SHA1 credential through the password validator hook."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
    wanted = {"email": email, "first_name": first_name, "last_name": last_name, "is_active": True}
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    credential = LegacySha1Credential.objects.filter(user=user).first()
    if (not user.check_password(password) or credential is None
            or not check_password(sha1_hex(password), credential.password_hash)):
        user.set_password(password)
        user.save()
    elif changed:
        user.save(update_fields=changed)
    return user


def ensure_application():
    """The documented demo OAuth2 application, found by client_id and approved. A plain
    secret is handed to the model, whose secret field hashes it on save; it is only set
    again when the stored hash no longer matches the configured secret."""
    wanted = {
        "name": "Demo application",
        "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": DEMO_REDIRECT_URI,
        "skip_authorization": False,
        "hash_client_secret": True,
    }
    application = Application.objects.filter(client_id=settings.DEMO_CLIENT_ID).first()
    if application is None:
        application = Application(client_id=settings.DEMO_CLIENT_ID, client_secret=settings.DEMO_CLIENT_SECRET,
                                  **wanted)
        application.save()
    else:
        changed = [name for name, value in wanted.items() if getattr(application, name) != value]
        for name in changed:
            setattr(application, name, wanted[name])
        if not check_password(settings.DEMO_CLIENT_SECRET, application.client_secret):
            application.client_secret = settings.DEMO_CLIENT_SECRET
            changed.append("client_secret")
        if changed:
            application.save()
    policy, created = ApplicationPolicy.objects.get_or_create(application=application,
                                                              defaults={"is_approved": True})
    if not created and not policy.is_approved:
        policy.is_approved = True
        policy.save(update_fields=["is_approved"])
    return application


def ensure_grant(user, event):
    """Write access to one event, created or repaired only when needed."""
    grant, created = m.EventGrant.objects.get_or_create(user=user, event=event, defaults={"can_write": True})
    if not created and not grant.can_write:
        grant.can_write = True
        grant.save(update_fields=["can_write"])


def ensure_accounts():
    """The director sees every demo event, the shared test account only the test events."""
    director = ensure_user(settings.DEMO_DIRECTOR_EMAIL, settings.DEMO_DIRECTOR_PASSWORD, "Demo", "Director")
    tester = ensure_user(settings.DEMO_TEST_USER_EMAIL, settings.DEMO_TEST_USER_PASSWORD, "Test", "Account")
    ensure_application()
    for event in demo_events():
        ensure_grant(director, event)
        if event.name in TEST_EVENT_NAMES:
            ensure_grant(tester, event)


# --- Entry point -------------------------------------------------------------------------


@dataclass
class Summary:
    state: str  # "built", "already seeded" or "different"
    scale: float
    events: int = 0
    races: int = 0
    entries: int = 0
    results: int = 0
    ranks: int = 0
    deleted_events: int = 0
    seconds: float = 0.0


def seed(scale=1.0, reset=False, progress=None):
    """Build the demo data unless demo events already exist; accounts are brought in line
    with the settings every time.

    Existing demo events that do not match this scale (another --scale, or entries added
    and removed through the API by docs visitors) are left alone rather than failing, so
    that a deployment can run the command on every start; `reset` rebuilds them.
    """
    began = time.monotonic()
    summary = Summary(state="built", scale=scale)
    with transaction.atomic():
        state = seeded_state(scale)
        if state != "absent" and not reset:
            summary.state = "already seeded" if state == "same" else "different"
        else:
            summary.deleted_events = delete_demo() if reset else 0
            counters = {"events": 0, "races": 0, "entries": 0, "results": 0}
            tracker = Progress(3 * sum(expected_entries(scale).values()), progress)
            for spec in EVENTS:
                build_event(spec, scale, tracker, counters)
        ensure_accounts()
    events = demo_events()
    summary.events = events.count()
    summary.races = m.Race.objects.filter(event__in=events).count()
    summary.entries = m.Entry.objects.filter(event__in=events).count()
    summary.results = m.Result.objects.filter(entry__event__in=events).count()
    summary.ranks = m.BracketRank.objects.filter(bracket__race__event__in=events).count()
    summary.seconds = time.monotonic() - began
    return summary
