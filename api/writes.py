"""Writes through the registry: create-or-update on collections, partial update and
deletion of one entity (SPEC §2 "Writes").

Each entity of a request becomes a Draft: its values coerced by field type, its identity
resolved (id, then a natural key such as the bib within the event), its event checked
against the caller's write grants and against the event of everything it points to.
Valid drafts are applied in chunks with bulk statements; when a chunk hits a database
constraint (two requests creating the same bib at once, say), its drafts are applied
again one by one, each atomically, so one bad entity never undoes the others.
"""
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import IntegrityError, connections, models, router
from django.utils import timezone
from django.utils.translation import gettext as _

from ctlive import environment
from racing import ranking
from racing.models import EventGrant

from . import natural_keys, query
from .coerce import Invalid, coerce
from .errors import ApiError
from .numerals import parse_id
from .prepared import Slot, statement
from .registry import registry

CHUNK = 1000
INSERT_PARAMETERS = 30000  # under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement
ALL = "entity"  # error key for problems of the entity as a whole
USER, EVENT, ENTITY = Slot("user"), Slot("event"), Slot("entity")


@dataclass(frozen=True)
class WritableField:
    """A registry field that can be written, resolved to the model attribute it sets.
    `relation` names the foreign key when the field belongs to a related model (an entry's
    athlete fields)."""

    field: object
    relation: str | None
    attname: str
    model_field: models.Field

    def __getattr__(self, name):
        return getattr(self.field, name)


def writable_fields(resource):
    """{wire name: WritableField} of a resource, worked out once per process."""
    if resource.segment not in _WRITABLE:
        _WRITABLE[resource.segment] = _resolve_writable(resource)
    return _WRITABLE[resource.segment]


_WRITABLE = {}


def _resolve_writable(resource):
    found = {}
    for registry_field in resource.fields:
        if not registry_field.writable:
            continue
        *relation, name = registry_field.source.split("__")
        model = resource.model
        if relation:
            model = model._meta.get_field(relation[0]).related_model
        model_field = model._meta.get_field(name)
        found[registry_field.name] = WritableField(registry_field, relation[0] if relation else None,
                                                   model_field.attname, model_field)
    return found


@dataclass
class Draft:
    index: int
    sent: dict
    own: dict = field(default_factory=dict)       # attname → value, on the resource's model
    related: dict = field(default_factory=dict)   # relation → {attname: value}
    errors: dict = field(default_factory=dict)    # wire name → [messages]
    target: int | None = None                     # id of the entity to update; None creates
    event_id: int | None = None

    def fail(self, name, message):
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self):
        return not self.errors


@dataclass(frozen=True)
class WriteScope:
    """Where a write happens: the collection's parent (or none), and what a create binds."""

    resource: object
    collection: object | None
    parent_id: int | None
    binding: dict


def binding_of(collection, parent_id):
    """Model values a create under this parent gets, read from the parent row (`binds`)."""
    if collection is None or not collection.binds:
        return {}
    parent = registry.get(collection.parent)
    row = parent.model.objects.values(*collection.binds.values()).get(pk=parent_id)
    return {attname: row[source] for attname, source in collection.binds.items()}


def read_draft(scope, index, sent):
    """Coerce one entity; unknown and read-only fields are errors, never silently dropped."""
    resource = scope.resource
    draft = Draft(index=index, sent=sent)
    writable = writable_fields(resource)
    for name, text in sent.items():
        if name == resource.id_field:
            if text.strip():
                draft.target = parse_id(text.strip())
                if draft.target is None:
                    draft.fail(name, _("must be a resource id, not %(text)s") % {"text": repr(text)})
            continue
        target = writable.get(name)
        if target is None:
            known = resource.field_named(name)
            if known is None:
                draft.fail(name, _("is not a field of %(resource)s") % {"resource": resource.segment})
            elif not _matches_binding(known, text, scope.binding):
                draft.fail(name, _("is read-only"))
            continue
        try:
            value = coerce(target, text.strip() if target.type not in ("string", "text") else text)
        except Invalid as problem:
            draft.fail(name, str(problem))
            continue
        if target.relation:
            draft.related.setdefault(target.relation, {})[target.attname] = value
        elif target.attname in scope.binding and value != scope.binding[target.attname]:
            draft.fail(name, _("must be %(value)s here: the path sets it")
                       % {"value": scope.binding[target.attname]})
        else:
            draft.own[target.attname] = value
    return draft


def _matches_binding(registry_field, text, binding):
    """A read-only id sent with the value the path already fixes (a GET sent back) is fine."""
    return registry_field.source in binding and text == str(binding[registry_field.source])


def resolve_targets(scope, drafts):
    """Turn ids and natural keys into existing entities of this collection; one query each."""
    resource = scope.resource
    in_scope = resource.model.objects.all()
    if scope.collection is not None and scope.collection.scope is not None:
        in_scope = in_scope.filter(query.collection_filter(scope.collection, scope.parent_id))
    wanted = {d.target for d in drafts if d.target is not None}
    events = dict(in_scope.filter(pk__in=wanted).values_list("pk", resource.event_lookup)) if wanted else {}
    for draft in drafts:
        if draft.target is not None and draft.target not in events:
            draft.fail(resource.id_field, _("no %(resource)s %(id)s here")
                       % {"resource": resource.title.lower(), "id": draft.target})
    for wire_name in resource.natural_keys:
        attname = writable_fields(resource)[wire_name].attname
        keyed = [d for d in drafts if d.target is None and d.ok and d.own.get(attname)]
        event_id = scope.binding.get("event_id")
        if not keyed or event_id is None:
            continue
        found = natural_keys.existing(resource.model, event_id, attname, {d.own[attname] for d in keyed})
        for draft in keyed:
            draft.target = found.get(draft.own[attname])
            if draft.target is not None:
                events[draft.target] = event_id
    for draft in drafts:
        draft.event_id = events.get(draft.target) if draft.target is not None else event_of_new(resource, draft, scope)


def event_of_new(resource, draft, scope):
    """The event a new entity will belong to, following its first foreign key if need be."""
    values = {**scope.binding, **draft.own}
    if resource.event_lookup == "id":
        return None
    head, _separator, rest = resource.event_lookup.partition("__")
    if not rest:
        return values.get(head)
    link = resource.model._meta.get_field(head)
    if not link.many_to_one:  # reached through a reverse relation: not known before creating
        return None
    attname = link.attname
    related = related_resource(link.related_model)
    if values.get(attname) is None:
        return None
    return event_id_of(related, values[attname])


def related_resource(model):
    return next(r for r in registry if r.model is model and r.has_single)


def event_ids_of(resource, ids):
    return dict(resource.model.objects.filter(pk__in=ids).values_list("pk", resource.event_lookup))


def event_id_of(resource, entity_id):
    """The event of one entity (None without one): read before every one-entity write,
    compiled once per resource (api/prepared.py)."""
    row = statement(("writes", "event of", resource.segment), lambda: resource.model.objects.filter(
        pk=ENTITY).values_list(resource.event_lookup)).first({"entity": entity_id})
    return None if row is None else row[0]


def check_references(scope, drafts):
    """Every foreign key a draft sets must name an entity of the draft's own event."""
    resource = scope.resource
    for wire_name, target in writable_fields(resource).items():
        if target.relation or not isinstance(target.model_field, models.ForeignKey):
            continue
        pointing = [d for d in drafts if d.ok and d.own.get(target.attname) is not None]
        if not pointing:
            continue
        related = related_resource(target.model_field.related_model)
        events = event_ids_of(related, {d.own[target.attname] for d in pointing})
        for draft in pointing:
            referenced = draft.own[target.attname]
            if referenced not in events or (draft.event_id is not None and events[referenced] != draft.event_id):
                draft.fail(wire_name, _("no %(resource)s %(id)s in this event")
                           % {"resource": related.title.lower(), "id": referenced})


def check_required(scope, drafts):
    resource = scope.resource
    for draft in drafts:
        if draft.target is None and draft.ok:
            if not resource.creatable:
                draft.fail(ALL, resource.not_creatable_reason)
                continue
            for wire_name in resource.required:
                target = writable_fields(resource)[wire_name]
                values = draft.related.get(target.relation, {}) if target.relation else {**scope.binding, **draft.own}
                if values.get(target.attname) in (None, ""):
                    draft.fail(wire_name, _("is required"))


def writable_event_ids(user_id):
    grants = statement(("writes", "writable events"),
                       lambda: EventGrant.objects.filter(user_id=USER, can_write=True).values_list("event_id"))
    return {event_id for (event_id,) in grants.run({"user": user_id})}


def check_permission(drafts, user_id, creates_events):
    allowed = writable_event_ids(user_id)
    for draft in drafts:
        if not draft.ok:
            continue
        if draft.event_id is None and draft.target is None and creates_events:
            continue
        if draft.event_id not in allowed:
            draft.fail(ALL, _("your access to event %(event)s is read-only") % {"event": draft.event_id})


def prepare(scope, entities, user_id):
    drafts = [read_draft(scope, index, entity) for index, entity in enumerate(entities)]
    resolve_targets(scope, drafts)
    check_references(scope, drafts)
    check_required(scope, drafts)
    check_permission(drafts, user_id, creates_events=scope.resource.event_lookup == "id")
    return drafts


def apply_creates(scope, drafts, now):
    """Inserts the drafts (related rows first); returns the new ids in draft order."""
    resource = scope.resource
    links = [{} for _ in drafts]
    for relation in {name for d in drafts for name in d.related}:
        link = resource.model._meta.get_field(relation)
        new_ids = insert_rows(link.related_model, [{**d.related.get(relation, {}), "modified": now} for d in drafts])
        for values, new_id in zip(links, new_ids):
            values[link.attname] = new_id
    return insert_rows(resource.model, [{**scope.binding, **d.own, **values, "modified": now}
                                        for d, values in zip(drafts, links)])


def insert_rows(model, rows):
    """Multi-row `INSERT … RETURNING id` from dicts of attribute values (model defaults for
    the rest); the ids come back in row order. Django's bulk_create builds and prepares a
    model instance per row, several times the cost of the statement itself."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    tail = f" RETURNING {quote(model._meta.pk.column)}"
    per_statement = max(1, INSERT_PARAMETERS // len(fields))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start:start + per_statement]
            params = [f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection)
                      for row in batch for f in fields]
            cursor.execute(head + ", ".join([row_sql] * len(batch)) + tail, params)
            ids += [row[0] for row in cursor.fetchall()]
    return ids


def update_rows(model, rows, attnames):
    """One `UPDATE … WHERE pk = %s` run over all rows with executemany. Django's
    bulk_update builds CASE expressions that grow with the batch: seconds for 10,000 rows."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(attname) for attname in attnames]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    params = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def apply_updates(scope, drafts, now):
    resource = scope.resource
    instances = resource.model.objects.in_bulk([d.target for d in drafts])
    for draft in drafts:
        for attname, value in draft.own.items():
            setattr(instances[draft.target], attname, value)
        instances[draft.target].modified = now
    changed = {attname for d in drafts for attname in d.own} | {"modified"}
    update_rows(resource.model, list(instances.values()), sorted(changed))
    for relation in {name for d in drafts for name in d.related}:
        link = resource.model._meta.get_field(relation)
        related = link.related_model.objects.in_bulk([getattr(instances[d.target], link.attname) for d in drafts])
        touched = []
        for draft in drafts:
            row = related[getattr(instances[draft.target], link.attname)]
            for attname, value in draft.related.get(relation, {}).items():
                setattr(row, attname, value)
            row.modified = now
            touched.append(row)
        fields = {attname for d in drafts for attname in d.related.get(relation, {})} | {"modified"}
        update_rows(link.related_model, touched, sorted(fields))


def apply_chunk(scope, drafts):
    """Applies the drafts in one transaction; ids of new entities are kept only once it commits."""
    now = timezone.now()
    creates = [d for d in drafts if d.target is None]
    updates = [d for d in drafts if d.target is not None]
    with environment.atomic():
        new_ids = apply_creates(scope, creates, now) if creates else []
        if updates:
            apply_updates(scope, updates, now)
        rerank(scope.resource, new_ids, updates)
    for draft, new_id in zip(creates, new_ids):
        draft.target = new_id
    return creates, updates


def rerank(resource, new_ids, updates):
    """Inside the write's transaction: the derived results (ranks) of the entries written."""
    if resource.ranked_entries is None:
        return
    entry_ids = set(resource.ranked_entries(new_ids, None)) if new_ids else set()
    if updates:
        changed = {attname for d in updates for attname in d.own}
        changed |= {f"{relation}__{attname}" for d in updates for relation, values in d.related.items()
                    for attname in values}
        entry_ids |= set(resource.ranked_entries([d.target for d in updates], changed))
    ranking.refresh_entries(entry_ids)


def apply_one_by_one(scope, drafts):
    """After a constraint failure: each draft alone; a create that lost a race for its
    natural key to another request becomes an update of the row that won."""
    created, updated = [], []
    for draft in drafts:
        for attempt in range(2):
            try:
                creates, _updated = apply_chunk(scope, [draft])
            except IntegrityError as problem:
                if attempt == 0 and draft.target is None and scope.resource.natural_keys:
                    resolve_targets(scope, [draft])
                    if draft.target is not None:
                        continue
                draft.fail(ALL, _("conflicts with existing data (%(problem)s)")
                           % {"problem": problem.__class__.__name__})
                break
            (created if creates else updated).append(draft)
            break
    return created, updated


def apply(scope, drafts, user_id):
    """Applies every valid draft; returns the ids created and updated, for the hooks."""
    created, updated = [], []
    valid = [d for d in drafts if d.ok]
    races_before = ranked_races(scope.resource, [d.target for d in valid if d.target is not None])
    # Many entities: ranks are recomputed once per race at the end instead of row by row.
    with ranking.deferred() if len(valid) > ranking.INCREMENTAL_LIMIT else nullcontext():
        for start in range(0, len(valid), CHUNK):
            chunk = valid[start:start + CHUNK]
            try:
                creates, updates = apply_chunk(scope, chunk)
            except IntegrityError:
                creates, updates = apply_one_by_one(scope, chunk)
            created += creates
            updated += updates
    if created or updated:  # a bracket's new rule (or race) changes the ranks of all members
        for race_id in races_before | ranked_races(scope.resource, [d.target for d in created + updated]):
            ranking.recompute_race(race_id)
    if scope.resource.event_lookup == "id":
        EventGrant.objects.bulk_create([EventGrant(user_id=user_id, event_id=d.target, can_write=True)
                                        for d in created], ignore_conflicts=True)
    return {d.index for d in created}


def outcome(resource, draft, created_indexes):
    """The reply for one entity (SPEC §2): status, id, and errors by field."""
    if not draft.ok:
        return {"status": "error", resource.id_field: "" if draft.target is None else str(draft.target),
                "errors": draft.errors}
    status = "created" if draft.index in created_indexes else "updated"
    return {"status": status, resource.id_field: str(draft.target), "errors": {}}


def create_or_update(scope, entities, user_id):
    drafts = prepare(scope, entities, user_id)
    created = apply(scope, drafts, user_id)
    return [outcome(scope.resource, draft, created) for draft in drafts]


def update_one(resource, entity_id, sent, user_id):
    """PUT: only the fields sent change; any problem is a 400 naming the fields."""
    sent = dict(sent)
    claimed = sent.pop(resource.id_field, str(entity_id)).strip()
    if claimed not in ("", str(entity_id)):
        raise ApiError(400, "invalid_entity", _("The body's %(field)s %(claimed)s is not the id in the path.")
                       % {"field": resource.id_field, "claimed": claimed},
                       {resource.id_field: claimed})
    sent[resource.id_field] = str(entity_id)
    require_writable(resource, entity_id, user_id)
    scope = WriteScope(resource, None, None, {})
    drafts = prepare(scope, [sent], user_id)
    if drafts[0].ok:
        apply(scope, drafts, user_id)
    if not drafts[0].ok:
        raise entity_error(drafts[0])


def entity_error(draft):
    details = {name: "; ".join(messages) for name, messages in draft.errors.items()}
    summary = ", ".join(f"{name} {message}" for name, message in details.items())
    return ApiError(400, "invalid_entity", _("The entity was not saved: %(summary)s.") % {"summary": summary}, details)


def ranked_races(resource, ids):
    """The races whose ranks these entities take part in."""
    if resource.ranked_races is None or not ids:
        return set()
    return set(resource.ranked_races(ids))


def require_writable_event(event_id, user_id):
    """403 unless the user may write to the event (they can see it: the caller checked)."""
    grant = statement(("writes", "write grant"), lambda: EventGrant.objects.filter(
        user_id=USER, event_id=EVENT, can_write=True).values_list("pk"))
    if grant.first({"user": user_id, "event": event_id}) is None:
        raise read_only(event_id)


def require_writable(resource, entity_id, user_id):
    """403 unless the user may write to the entity's event, in one statement: an athlete,
    entered in several events, through any of them (asking for one of its events first
    allowed or refused the same write by which event the database named)."""
    grant = statement(("writes", "write grant of", resource.segment), lambda: EventGrant.objects.filter(
        user_id=USER, can_write=True,
        event_id__in=resource.model.objects.filter(pk=ENTITY).values(resource.event_lookup)).values_list("pk"))
    if grant.first({"user": user_id, "entity": entity_id}) is None:
        raise read_only(event_id_of(resource, entity_id))


def read_only(event_id):
    return ApiError(403, "forbidden", _("Your access to event %(event)s is read-only.") % {"event": event_id},
                    {"event_id": event_id})


def delete_one(resource, entity_id, user_id):
    """DELETE of a visible entity: needs a write grant on its event."""
    require_writable(resource, entity_id, user_id)
    with environment.atomic():
        races = ranked_races(resource, [entity_id])
        ranking.lock_races(races)  # before the delete's own row locks, as every other writer does
        if resource.ranked_entries is not None:
            ranking.withdraw_entries(resource.ranked_entries([entity_id], None))
        resource.model.objects.filter(pk=entity_id).delete()
        for race_id in races:
            ranking.recompute_race(race_id)
