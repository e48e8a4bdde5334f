"""Database access for API reads: what the caller may see, one query per page.

Permissions are a subquery on the caller's event grants, joined into the same SELECT, so
a list page costs one SQL query plus one count. Every read is a prepared statement
(api/prepared.py): its queryset is built and compiled once per shape, and the request's
values fill its Slots.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Count, DateTimeField, Expression, Q
from django.utils.translation import gettext as _

from racing.models import EventGrant

from . import data_version, prepared
from .errors import not_found
from .prepared import EpochSeconds, Slot
from .sql_terms import AmongIds

USER = Slot("user")
PARENT = Slot("parent")
ENTITY = Slot("entity")
LAST_ID = Slot("last_id")
MODIFIED_AFTER = Slot("modified_after", DateTimeField())
MODIFIED_BEFORE = Slot("modified_before", DateTimeField())
PAGE_SIZE, PAGE_OFFSET = Slot("size"), Slot("offset")
COUNT_WRAP = "SELECT COUNT(*) FROM ({}) counted"
PAGE_WINDOW = " LIMIT %s OFFSET %s"


@dataclass(frozen=True)
class ListContext:
    """What resource refinements may use besides their parameters: Slots for the caller's
    user id and the parent's id (None outside a collection), the parent's segment, and
    whether the read is already narrowed to one partition found under the same refinement
    (its partition columns need no other condition)."""

    user: Slot
    parent_segment: str | None
    parent_id: Slot | None
    within_partition: bool = False


@dataclass(frozen=True)
class ListQuery:
    """Everything that decides the SQL of a list read; equal shapes share statements."""

    resource: object
    collection: object
    own: tuple        # (name, shape) of the resource's own parameters present (api/refinements.py)
    sources: tuple    # the ORM lookups selected, from the row plan
    after: bool       # modified_after given
    before: bool      # modified_before given
    keyset: bool      # last_id given

    @property
    def key(self):
        return (self.resource.segment, self.collection and self.collection.parent, self.own, self.sources,
                self.after, self.before, self.keyset)


def granted_event_ids(user):
    return EventGrant.objects.filter(user_id=user).values("event_id")


def visible(resource, user=USER):
    """Every entity of the resource that belongs to an event granted to the user."""
    queryset = resource.model.objects.all()
    events = granted_event_ids(user)
    if resource.visible is not None:
        return resource.visible(queryset, events)
    return queryset.filter(**{f"{resource.event_lookup}__in": events})


def invisible(resource, entity_id):
    """The 404 of an entity that does not exist or that the caller may not see: the same
    answer for both, so existence is not leaked."""
    return not_found(_("No %(resource)s with id %(id)s is visible to you.")
                     % {"resource": resource.title.lower(), "id": entity_id})


def model_field(model, lookup):
    """The model field an ORM lookup such as "result__entry__bib" ends on."""
    *path, name = lookup.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def selected(model, sources):
    """What a read selects for its `sources`: the lookups, datetimes as epoch seconds."""
    return [EpochSeconds(source) if isinstance(model_field(model, source), DateTimeField) else source
            for source in sources]


def visible_row(resource, entity_id, user_id, sources):
    """The entity's `sources` values if the user may see it, else None."""
    statement = prepared.statement(
        ("single", resource.segment, sources),
        lambda: visible(resource).filter(pk=ENTITY).values_list(*selected(resource.model, sources)))
    return statement.first({"user": user_id, "entity": entity_id})


def require_visible(resource, entity_id, user_id):
    if visible_row(resource, entity_id, user_id, ("pk",)) is None:
        raise invisible(resource, entity_id)


def require_parent_visible(resource, entity_id, user_id):
    """require_visible for a list's parent, remembered while the data is unchanged (a grant
    given or taken is a change): a page reads one statement fewer, on PostgreSQL a round trip."""
    seen = data_version.remembered(("visible", resource.segment, entity_id, user_id),
                                   lambda: visible_row(resource, entity_id, user_id, ("pk",)) is not None)
    if not seen:
        raise invisible(resource, entity_id)


def collection_filter(collection, parent_id):
    if collection.scope is None:
        return Q()
    if callable(collection.scope):
        return collection.scope(parent_id)
    return Q(**{collection.scope: parent_id})


def list_order(reading):
    """The order of a list's rows in the resource's own columns (a keyset read goes by id)."""
    return (reading.resource.id_source,) if reading.keyset else reading.resource.order_by


def list_queryset(reading, within=()):
    """The queryset of a list read, its values as Slots; ordered for paging, on the scope's
    table where the collection says so. `within`: (column, Slot) pairs of the one partition
    read."""
    resource, collection = reading.resource, reading.collection
    if collection is None:
        queryset = visible(resource)
    else:
        # Everything under a parent belongs to the parent's event, so seeing the parent
        # (checked before) is seeing the collection: the grant subquery stays out.
        queryset = resource.model.objects.filter(collection_filter(collection, PARENT))
    queryset = queryset.filter(**dict(within))
    if resource.refine is not None:
        context = ListContext(user=USER, parent_segment=collection and collection.parent,
                              parent_id=PARENT if collection else None, within_partition=bool(within))
        queryset = resource.refine(queryset, dict(reading.own), context)
    if reading.after:
        queryset = queryset.filter(**{f"{resource.modified_source}__gt": MODIFIED_AFTER})
    if reading.before:
        queryset = queryset.filter(**{f"{resource.modified_source}__lt": MODIFIED_BEFORE})
    if reading.keyset:
        queryset = queryset.filter(**{f"{resource.id_source}__gt": LAST_ID})
    return queryset.order_by(*(collection.order_by if collection and collection.order_by else list_order(reading)))


def partitioned(reading):
    """The columns a list's pages are read by, one partition at a time (none on a keyset read,
    which goes in id order)."""
    return () if reading.keyset or reading.collection is None else reading.collection.partitioned_by


def partition_sizes(reading, values):
    """((partition values, rows), ...) of the whole list in its order: its count by partition,
    counted again only after the data has changed (a count costs more than the page itself
    on a long list)."""
    columns = partitioned(reading)
    statement = prepared.statement(
        ("partitions", *reading.key),
        lambda: list_queryset(reading).order_by().values(*columns).annotate(rows=Count("pk"))
        .order_by(*columns).values_list(*columns, "rows"))
    key = ("partitions", reading.key, tuple(sorted(values.items())))
    return data_version.remembered(key, lambda: tuple((tuple(row[:-1]), row[-1]) for row in statement.run(values)))


@dataclass(frozen=True)
class ListSize:
    """The rows of a whole list, and for a partitioned one how many each partition holds."""

    total: int
    partitions: tuple = ()

    def partition_of_page(self, size, offset):
        """(partition values, offset within it) when the page's rows lie within one partition."""
        start = 0
        for number, (partition, rows) in enumerate(self.partitions, 1):
            if offset < start + rows:
                within = offset + size <= start + rows or number == len(self.partitions)
                return (partition, offset - start) if within else None
            start += rows
        return None


def count_rows(reading, values):
    """The ListSize of the whole list, counted again only after the data has changed (a
    count costs more than the page itself on a long list)."""
    if partitioned(reading):
        partitions = partition_sizes(reading, values)
        return ListSize(sum(rows for _partition, rows in partitions), partitions)
    statement = prepared.statement(("count", *reading.key),
                                   lambda: list_queryset(reading).order_by().values_list("pk"), wrap=COUNT_WRAP)
    key = (reading.key, tuple(sorted(values.items())))
    return ListSize(data_version.remembered(key, lambda: statement.first(values)[0]))


class PageOfIds(Expression):
    """The ids of one page of a list, as a subquery whose window (size, offset) are Slots:
    a deep page skips ids in an index alone, then joins only the rows it returns (skipping
    whole joined rows made page 300 cost four times page 1)."""

    def __init__(self, queryset):
        super().__init__(output_field=BigIntegerField())
        self.queryset = queryset

    def as_sql(self, compiler, connection):
        sql, params = self.queryset.query.get_compiler(connection=connection).as_sql()
        return f"({sql} LIMIT %s OFFSET %s)", [*params, PAGE_SIZE, PAGE_OFFSET]


def rows_of_page_ids(listed, columns, order):
    """The rows whose ids the list's page holds (PageOfIds), in the list's `order`, looked up
    by primary key alone: repeating the list's conditions around them let PostgreSQL's
    generic plan read all the event's entries to keep the 50 (page 300 cost 4x page 1)."""
    ids = PageOfIds(listed.values("pk"))
    return listed.model.objects.filter(AmongIds("pk", ids)).order_by(*order).values_list(*columns)


def rows_of_ids(reading, columns):
    """The page's rows by the ids its collection reads from another index (`page_ids`)."""
    ids = reading.collection.page_ids(PARENT)
    if reading.keyset:
        ids = ids.filter(**{f"{ids.query.order_by[0]}__gt": LAST_ID})
    model = reading.resource.model
    return model.objects.filter(AmongIds("pk", PageOfIds(ids))).order_by(reading.resource.id_source) \
        .values_list(*columns)


PARTITION = (Slot("partition_0"), Slot("partition_1"))


@dataclass(frozen=True)
class PageRows:
    """A page's rows, each holding `sources` in order, and what they leave out: `constant`,
    {source: value} of what is the same on every row of the page's partition, read once.
    `token` is the data version the rows were read in, when they say (data_version.confirm)."""

    rows: object
    sources: tuple
    constant: dict = field(default_factory=dict)
    token: str | None = None


def page_columns(reading, leaving=(), token=False):
    """What a page selects (but the `leaving` sources), the data version last with `token`:
    worked out only when its statement is compiled (on every request it cost more than
    binding the statement's values)."""
    columns = selected(reading.resource.model, [source for source in reading.sources if source not in leaving])
    return [*columns, data_version.TokenColumn()] if token else columns


def constant_sources(reading):
    """The sources the same on every row of one partition: its columns and what is reached
    through them (on a results page of one bracket and interval: the race, the event, the
    interval and its distance)."""
    columns = partitioned(reading)
    relations = {column.removesuffix("_id") for column in columns}
    return tuple(source for source in reading.sources
                 if source in columns or "__" in source and source.split("__", 1)[0] in relations)


def partition_constants(reading, within, values):
    """{source: value} of the constant sources of the partition `within` (values in
    `values`), read again only after the data has changed: selecting them on every row of a
    1,000-row results page cost a tenth of the page (four joins and nine fields more)."""
    constant = constant_sources(reading)
    if not constant:
        return {}
    statement = prepared.statement(
        ("constants", *reading.key),
        lambda: list_queryset(reading, within).values_list(*selected(reading.resource.model, constant)))
    row = data_version.remembered(("constants", reading.key, tuple(sorted(values.items()))),
                                  lambda: statement.first(values))
    return {} if row is None else dict(zip(constant, row))


def page_rows(reading, values, size, offset, listed, chunk_size=None):
    """The page's PageRows, fetched in chunks if asked; `listed` is the list's ListSize.

    Past the first page, the page's ids are found first (PageOfIds). A partitioned list
    reads the one partition the page lies in by equality on its columns: one range of the
    index in its order, where a condition on several brackets and intervals made PostgreSQL
    filter the ranks of every other interval on the way (its B-tree keeps the order of a
    list of values only on the index's first column); what is the same on all its rows is
    read once (partition_constants). A page read whole under an assumed data version also
    selects the version it was read in (data_version.assumed).
    """
    token = chunk_size is None and data_version.assumed(prepared.database())
    marked = ("token",) if token else ()
    collection = reading.collection
    if collection is not None and collection.page_ids is not None and not (reading.after or reading.before):
        statement = prepared.statement(("ids from", *marked, *reading.key),
                                       lambda: rows_of_ids(reading, page_columns(reading, token=token)))
        rows = statement.run({**values, "size": size, "offset": offset}, chunk_size=chunk_size)
        return read_in(rows, reading.sources, {}, token)
    found = listed.partition_of_page(size, offset)
    within, constant = (), {}
    if found is not None:
        partition, offset = found
        values = {**values, **{slot.name: value for slot, value in zip(PARTITION, partition)}}
        within = tuple(zip(partitioned(reading), PARTITION))
        constant = partition_constants(reading, within, values)
    leaving = tuple(constant)
    kind = ("partition", leaving) if within else ()
    sources = tuple(source for source in reading.sources if source not in leaving)
    if offset:
        statement = prepared.statement(("deep rows", *marked, *kind, *reading.key),
                                       lambda: rows_of_page_ids(list_queryset(reading, within),
                                                                page_columns(reading, leaving, token),
                                                                list_order(reading)))
        rows = statement.run({**values, "size": size, "offset": offset}, chunk_size=chunk_size)
    else:
        statement = prepared.statement(("rows", *marked, *kind, *reading.key),
                                       lambda: list_queryset(reading, within).values_list(
                                           *page_columns(reading, leaving, token)))
        rows = statement.run(values, PAGE_WINDOW, (size, offset), chunk_size=chunk_size)
    return read_in(rows, sources, constant, token)


def read_in(rows, sources, constant, token):
    """PageRows of `rows`, whose last column is the data version they were read in if `token`
    (the row functions read the sources by position: the extra column is left alone)."""
    return PageRows(rows, sources, constant, rows[0][-1] if token and rows else None)


def newest_on_page(reading, values, size, offset):
    """Epoch seconds of the page's newest modification (for a streamed page, whose
    headers go out before its rows are read), or None for an empty page."""
    statement = prepared.statement(
        ("newest", *reading.key),
        lambda: list_queryset(reading).annotate(newest_modified=EpochSeconds(reading.resource.modified_source))
        .values_list("newest_modified"),
        wrap="SELECT MAX(newest_modified) FROM ({}" + PAGE_WINDOW + ") page")
    return statement.run(values, extra=(size, offset))[0][0]


def epoch_to_datetime(seconds):
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
