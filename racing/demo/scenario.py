"""The demo scenario, read from scenario.json: a city marathon, a triathlon, a trail race
and two API test events. Fields left out of the file take the defaults of `specs`."""
import json
from datetime import date
from pathlib import Path

from .specs import EventSpec, ExplicitBracket, GroupSpec, Leg, LegCourse, RaceSpec, SplitCourse, WaveSpec

SCENARIO_FILE = Path(__file__).with_name("scenario.json")
COURSES = {"splits": SplitCourse, "legs": LegCourse}


def course_of(data):
    data = dict(data)
    kind = COURSES[data.pop("kind")]
    if kind is SplitCourse:
        return SplitCourse(**{**data, "splits": tuple(tuple(split) for split in data["splits"])})
    return LegCourse(data["start_point"], tuple(Leg(**leg) for leg in data["legs"]))


def race_of(data):
    return RaceSpec(**{
        **data, "course": course_of(data["course"]),
        "waves": tuple(WaveSpec(**wave) for wave in data["waves"]),
        "explicit_brackets": tuple(ExplicitBracket(**bracket) for bracket in data.get("explicit_brackets", ())),
    })


def event_of(data):
    return EventSpec(**{
        **data, "day": date.fromisoformat(data["day"]),
        "races": tuple(race_of(race) for race in data["races"]),
        "groups": tuple(GroupSpec(**group) for group in data.get("groups", ())),
    })


def load(path=SCENARIO_FILE):
    return tuple(event_of(event) for event in json.loads(path.read_text(encoding="utf-8"))["events"])


EVENTS = load()
DEMO_EVENT_NAMES = tuple(spec.name for spec in EVENTS)
TEST_EVENT_NAMES = tuple(spec.name for spec in EVENTS if spec.is_test)
