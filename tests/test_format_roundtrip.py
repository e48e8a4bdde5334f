"""Property tests: what the API writes in any format reads back as the same entities.

For every resource of the registry and every format, random entities (values full of
commas, quotes, tabs, line breaks, `<`, `&`, backslashes and non-ASCII text) are rendered
as a list and as a single entity, then read with the request-body reader.
"""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import api.resources  # noqa: F401  (fills the registry)
from api.bodies import entities_from_body
from api.formats import FORMATS
from api.formats.base import ListShape
from api.registry import registry

# Everything XML 1.0 can carry (api/formats/xml_format.py replaces the rest, tested apart).
CHARACTERS = st.characters(blacklist_categories=("Cs",),
                           blacklist_characters=[chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C,
                                                                  *range(0x0E, 0x20), 0xFFFE, 0xFFFF)])
TRICKY = st.sampled_from(["", " ", ",", '"', '""', "\t", "\n", "\r", "\r\n", "<", "&", "&amp;", "]]>", "\\",
                          "\\t", "'", "- x", "yes", "null", "1", "0.5", "#", ": ", "ü", "日本", "🏃", "\x85", "\x9f",
                          "\u2028", "\ufeff"])
VALUES = st.one_of(TRICKY, st.text(CHARACTERS, max_size=12),
                   st.lists(st.one_of(TRICKY, st.text(CHARACTERS, max_size=4)), max_size=6).map("".join))
RESOURCES = [resource for resource in registry if resource.fields]


def entities_of(resource):
    names = [field.name for field in resource.fields]
    return st.fixed_dictionaries({name: VALUES for name in names})


@pytest.mark.parametrize("code", list(FORMATS))
@pytest.mark.parametrize("resource", RESOURCES, ids=lambda resource: resource.segment)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_lists_and_single_entities_read_back_the_same(code, resource, data):
    fmt = FORMATS[code]
    entities = data.draw(st.lists(entities_of(resource), max_size=4))
    shape = ListShape(f"{resource.envelope}_list", resource.envelope, tuple(f.name for f in resource.fields))
    assert entities_from_body(fmt.render_list(shape, entities), fmt.content_type) == entities
    entity = data.draw(entities_of(resource))
    assert entities_from_body(fmt.render(resource.envelope, entity), fmt.content_type) == [entity]
