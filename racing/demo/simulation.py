"""Planning a race in plain Python, without the database: each entry's athlete, wave,
start offset, status, penalty, groups and crossing times."""
from dataclasses import dataclass, field

from .. import models as m
from ..timing import age_on
from .people import CITIES, RELAY_WORDS, make_athlete, performance_factor
from .scenario import EVENTS

MIN_ENTRIES_PER_RACE = 10
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
