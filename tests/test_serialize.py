"""The row functions written inline (api/serialize.py) give what the wire converters give."""
import pytest

from api import wire
from api.registry import Field
from api.serialize import RowPlan


class Plain:
    """A resource of one field, enough for a RowPlan."""

    id_source = "id"

    def __init__(self, field):
        self.fields = (field,)


NUMBERS = [None, 0, 7, -3, 1795689425, 0.0, 1.0, 1.5, -0.5, 2.0004, 0.0004, 1795689425.25, 42195.0, 1e20, 21097.512]
SAMPLES = {
    "resource_id": [None, 0, 1, 2**62],
    "integer": [None, 0, -4, 120],
    "float": NUMBERS,
    "epoch_time": NUMBERS,
    "string": [None, "", "Ana", "São Paulo", "1"],
    "enum": [None, "M", "DNF"],
    "boolean": [None, True, False, 0, 1],
}


@pytest.mark.parametrize("type_name", SAMPLES)
def test_inline_conversions_agree_with_the_wire_converters(type_name):
    plan = RowPlan(Plain(Field("value", type_name, "", "value")), (Field("value", type_name, "", "value"),))
    for value in SAMPLES[type_name]:
        assert plan((None, value)) == {"value": wire.CONVERTERS[type_name](value)}, value
