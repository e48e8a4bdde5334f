"""POST /api/race/{id}/results: timing data in, ranks and paces recomputed.

Each entity is one entry over one interval: the entry by `results_entry_id` or
`results_bib`, the interval by `results_interval_id` or `results_interval_name` (the full
course when neither is sent). Times are epoch seconds; the penalty is `H:MM:SS` or
seconds; `results_status` sets the entry's status (CONF, DNF, ...; FIN is stored as CONF).
The gun start defaults to the entry's wave start, else the race's actual start.
"""
from django.utils import timezone
from django.utils.translation import gettext as _

from ctlive import environment
from racing import ranking
from racing.models import Entry, Interval, Race, Result
from racing.timing import parse_duration

from .numerals import DECIMAL_NUMBER, EPOCH_MAX, parse_id
from .writes import require_writable_event, update_rows

TIME_FIELDS = {
    "results_start_time": "gun_start_time",
    "results_begin_chip_time": "begin_chip_time",
    "results_end_chip_time": "end_chip_time",
}
STATUSES = set(Entry.Status.values)
KNOWN = {"results_entry_id", "results_bib", "results_interval_id", "results_interval_name", "results_penalty_time",
         "results_status", *TIME_FIELDS}


def epoch_value(text):
    if text.strip() == "":
        return None
    if not DECIMAL_NUMBER.fullmatch(text.strip()):
        raise ValueError(text)
    value = float(text)
    if not 0 <= value <= EPOCH_MAX:
        raise ValueError(text)
    return value


class RaceTiming:
    """What the upload needs to know about the race: its entries, intervals and starts."""

    def __init__(self, race_id, entities):
        race = Race.objects.values("event_id", "actual_start_time").get(pk=race_id)
        self.event_id = race["event_id"]
        self.race_start = race["actual_start_time"].timestamp() if race["actual_start_time"] else None
        entries = Entry.objects.filter(race_id=race_id)
        ids = [parse_id(e.get("results_entry_id", "").strip()) for e in entities
               if parse_id(e.get("results_entry_id", "").strip())]
        bibs = [e["results_bib"] for e in entities if e.get("results_bib")]
        rows = list(entries.filter(pk__in=ids).values_list("pk", "bib", "wave__start_time")) + \
            list(entries.filter(bib__in=bibs).values_list("pk", "bib", "wave__start_time"))
        self.by_id = {str(pk): pk for pk, _, _ in rows}
        self.by_bib = {bib: pk for pk, bib, _ in rows}
        self.wave_start = {pk: start.timestamp() for pk, _, start in rows if start}
        intervals = list(Interval.objects.filter(race_id=race_id).values_list("pk", "name", "is_full"))
        self.interval_by_id = {str(pk): pk for pk, _, _ in intervals}
        self.interval_by_name = {name.lower(): pk for pk, name, _ in intervals}
        self.full_course = next((pk for pk, _, is_full in intervals if is_full), None)

    def entry_of(self, entity, errors):
        if entity.get("results_entry_id", "").strip():
            found = self.by_id.get(entity["results_entry_id"].strip())
            if found is None:
                errors["results_entry_id"] = [_("no entry %(id)s in this race") % {"id": entity["results_entry_id"]}]
            return found
        if entity.get("results_bib"):
            found = self.by_bib.get(entity["results_bib"])
            if found is None:
                errors["results_bib"] = [_("no entry with bib %(bib)s in this race") % {"bib": entity["results_bib"]}]
            return found
        errors["results_entry_id"] = [_("name the entry by results_entry_id or results_bib")]
        return None

    def interval_of(self, entity, errors):
        if entity.get("results_interval_id", "").strip():
            found = self.interval_by_id.get(entity["results_interval_id"].strip())
            if found is None:
                errors["results_interval_id"] = [_("no interval %(id)s in this race")
                                                 % {"id": entity["results_interval_id"]}]
            return found
        if entity.get("results_interval_name", "").strip():
            found = self.interval_by_name.get(entity["results_interval_name"].strip().lower())
            if found is None:
                errors["results_interval_name"] = [_("no interval named %(name)s")
                                                   % {"name": repr(entity["results_interval_name"])}]
            return found
        if self.full_course is None:
            errors["results_interval_id"] = [_("this race has no full-course interval; name one")]
        return self.full_course


def read_timing(entity, errors):
    """The Result values and entry status an entity sets; problems go into `errors`."""
    values, status = {}, None
    for name in entity:
        if name not in KNOWN:
            errors[name] = [_("is not a field results accept")]
    for name, attname in TIME_FIELDS.items():
        if name in entity:
            try:
                values[attname] = epoch_value(entity[name])
            except ValueError:
                errors[name] = [_("must be epoch seconds, not %(text)s") % {"text": repr(entity[name])}]
    if "results_penalty_time" in entity:
        text = entity["results_penalty_time"].strip()
        try:
            values["penalty_seconds"] = parse_duration(text) if text else 0.0
        except ValueError:
            errors["results_penalty_time"] = [_("must be H:MM:SS or seconds, not %(text)s") % {"text": repr(text)}]
    if entity.get("results_status"):
        status = Entry.stored_status(entity["results_status"].strip().upper())
        if status not in STATUSES:
            errors["results_status"] = [_("must be one of %(choices)s") % {"choices": ", ".join(sorted(STATUSES))}]
    return values, status


def upload_results(race_id, entities, user_id):
    timing = RaceTiming(race_id, entities)
    require_writable_event(timing.event_id, user_id)
    plans, replies, seen = [], [], set()
    for entity in entities:
        errors = {}
        entry_id = timing.entry_of(entity, errors)
        interval_id = timing.interval_of(entity, errors)
        values, status = read_timing(entity, errors)
        if (entry_id, interval_id) in seen and not errors:
            errors["entity"] = [_("this entry and interval were already sent in this request")]
        if errors:
            replies.append({"status": "error", "results_entry_id": str(entry_id or ""), "errors": errors})
            continue
        seen.add((entry_id, interval_id))
        plans.append((len(replies), entry_id, interval_id, values, status))
        replies.append(None)
    existing = {(r.entry_id, r.interval_id): r for r in Result.objects.filter(
        entry_id__in={p[1] for p in plans}, interval_id__in={p[2] for p in plans})}
    now = timezone.now()
    creates, updates, statuses = [], [], {}
    for index, entry_id, interval_id, values, status in plans:
        result = existing.get((entry_id, interval_id))
        if result is None:
            values.setdefault("gun_start_time", timing.wave_start.get(entry_id, timing.race_start))
            creates.append(Result(entry_id=entry_id, interval_id=interval_id, modified=now, **values))
        else:
            for attname, value in values.items():
                setattr(result, attname, value)
            result.modified = now
            updates.append(result)
        if status:
            statuses[entry_id] = status
        replies[index] = {"status": "updated" if result else "created", "results_entry_id": str(entry_id), "errors": {}}
    with environment.atomic():
        Result.objects.bulk_create(creates, batch_size=1000)
        update_rows(Result, updates, [*TIME_FIELDS.values(), "penalty_seconds", "modified"])
        for status in set(statuses.values()):
            Entry.objects.filter(pk__in=[e for e, s in statuses.items() if s == status]).update(status=status,
                                                                                              modified=now)
        ranking.refresh_entries({plan[1] for plan in plans})
    return replies
