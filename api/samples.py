"""Sample wire values per field, and example entities, bodies and replies built from them.

Built from the registry alone (a sample value per field, chosen by name, then by type), so
the reference pages, the console's prefilled bodies and the OpenAPI document's examples
never show a real person's data and change when a field does.
"""

# (fragment of a field name, samples): the first fragment found in the name wins.
BY_NAME = (
    ("first_name", ("Ann", "Ravi")),
    ("last_name", ("Lindqvist", "Patel")),
    ("email", ("ann@example.com", "ravi@example.com")),
    ("phone", ("+1 312 555 0142", "+1 312 555 0187")),
    ("bib", ("1042", "1043")),
    ("tag", ("A1B2C3", "A1B2C4")),
    ("uri", ("https://example.com/", "https://example.org/")),
    ("time_zone", ("America/Chicago", "Europe/Berlin")),
    ("hometown", ("Chicago, IL, USA", "Madison, WI, USA")),
    ("street2", ("Apt 4", "")),
    ("street", ("100 Lake Shore Dr", "12 Elm St")),
    ("city", ("Chicago", "Madison")),
    ("region", ("IL", "WI")),
    ("state_code", ("IL", "WI")),
    ("country", ("USA", "USA")),
    ("postal_code", ("60601", "53703")),
    ("serial", ("CT-0042", "CT-0043")),
    ("penalty_time", ("", "0:02:00")),
    ("pace_unit", ("min/km", "min/km")),
    ("pace", ("0:04:33", "0:05:02")),
    ("time", ("3:12:45", "3:31:08.4")),  # string times; epoch times are matched by type first
    ("min_age", ("30", "40")),
    ("max_age", ("34", "44")),
    ("age", ("34", "41")),
    ("rank", ("1", "2")),
    ("distance", ("42195", "10000")),
    ("entry_name", ("Ann Lindqvist", "Ravi Patel")),
    ("interval_name", ("Full course", "0-10K")),
    ("external_id", ("REG-88121", "REG-88122")),
    ("entry_type", ("individual", "relay")),
    ("group_type", ("team", "club")),
    ("device_type", ("mat reader", "mat reader")),
    ("subtype", ("marathon", "10k")),
    ("event_name", ("Lakefront Marathon", "Lakefront Marathon")),
    ("race_name", ("Marathon", "10K")),
    ("bracket_name", ("M 30-34", "F 40-44")),
)
BY_TYPE = {
    "resource_id": ("1", "2"),
    "string": ("Example", "Another example"),
    "text": ("A longer description.\nIt may span lines.", ""),
    "boolean": ("1", "0"),
    "integer": ("1", "2"),
    "float": ("1.5", "2.25"),
    "date": ("1990-05-17", "1983-11-02"),
    "epoch_time": ("1761469200", "1761472800"),
}


def sample_value(resource, field, variant=0):
    """A plausible wire value; `variant` 0 or 1 gives two different entities."""
    if field.choices:
        return field.choices[variant % len(field.choices)]
    if field.type == "resource_id":
        return str(variant + 1) if field.name == resource.id_field else "1"
    if field.type in ("epoch_time", "date", "boolean", "text"):
        return BY_TYPE[field.type][variant]
    for fragment, samples in BY_NAME:
        if fragment in field.name:
            return samples[variant]
    if field.type == "string" and field.name.endswith("_name"):
        label = field.name[: -len("_name")].replace("_", " ").capitalize()
        return f"{label} {'AB'[variant]}"
    return BY_TYPE[field.type][variant]


def sample_entity(resource, variant=0):
    return {field.name: sample_value(resource, field, variant) for field in resource.fields}


def example_body(operation):
    """A request body for a write: the fields it may carry with sample values (a create for
    POST, so without the id; one changed field for PUT)."""
    bound = {operation.parent.id_field} if operation.parent else set()  # the path gives the parent's id
    fields = [f for f in operation.body if f.name != operation.resource.id_field and f.name not in bound]
    if operation.method == "PUT":
        fields = [f for f in fields if f.type in ("string", "enum")][:1] or fields[:1]
    elif operation.required:
        fields = [f for f in fields if f.name in operation.required] + \
            [f for f in fields if f.name not in operation.required][:2]
    else:
        fields = [f for f in fields if f.type != "resource_id"][:3]
    # An end time after its start: the second sample of a field named for an end.
    entity = {f.name: sample_value(operation.resource, f, 1 if "end" in f.name else 0) for f in fields}
    return entity if operation.method == "PUT" else [entity]


def write_reply(operation):
    """What a write answers: per-entity replies (POST), the entity (PUT), or `deleted`."""
    id_field = operation.resource.id_field
    if operation.method == "POST":
        return {operation.envelope: [{"status": "created", id_field: "1", "errors": {}}]}
    if operation.method == "DELETE":
        return {operation.envelope: {"status": "deleted", id_field: "1"}}
    return None
