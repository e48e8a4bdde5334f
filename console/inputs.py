"""One input of the console form, described from a registry parameter."""
from dataclasses import dataclass


@dataclass(frozen=True)
class FormInput:
    key: str            # the flat form name, e.g. p.event_id or q.size
    name: str
    location: str       # path or query
    type: str
    description: str
    default: str
    choices: tuple
    required: bool
    value: str
    error: str
    id_choices: tuple   # (id, label) offered for a path id

    @classmethod
    def of(cls, parameter, kind, value, errors, id_choices):
        key = f"{kind}.{parameter.name}"
        return cls(key, parameter.name, parameter.location, parameter.type, parameter.description, parameter.default,
                   tuple(parameter.choices) or (("1", "0") if parameter.type == "boolean" else ()),
                   parameter.required, value, errors.get(key, ""), tuple(id_choices))

    @property
    def dom_id(self):
        return self.key.replace(".", "-")
