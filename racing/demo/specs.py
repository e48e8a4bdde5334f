"""The shapes of the demo scenario: events, races, courses, waves and brackets as frozen
dataclasses, with the course arithmetic (timing points, intervals, crossing times) that the
race simulation uses. The scenario itself is data: scenario.json, read by `scenario`."""
import math
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from .. import models as m


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
