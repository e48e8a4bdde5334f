"""XML: the root element is the envelope key, each field an element holding its value.

Shapes:
- a list: `<event_entry><entry><entry_id>7</entry_id>...</entry>...</event_entry>`; each
  entity's element is named after the resource's single-entity envelope key (`entry`,
  `event_race`, `results`, ...);
- one entity: `<entry><entry_id>7</entry_id>...</entry>`;
- an error: `<error><status>404</status><code>..</code><message>..</message></error>`,
  with `<details>` holding one element per detail;
- nested data in replies (a write's `errors` by field, a job's `results`): a dict is one
  element per key, a list one `<item>` element per member.

Values are element text: `&`, `<`, `>` are escaped and a carriage return is written as
`&#13;` (a parser would otherwise turn it into a line feed). Characters XML 1.0 cannot
carry at all (most C0 controls) are replaced by U+FFFD, so the document stays well-formed.
Request bodies are parsed with defusedxml: no DTDs, no entity expansion.
"""
import re
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ErrorString

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .base import BodyError, Format

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def elements(entity):
    """The fields of one entity as elements; nested data nests (see `nested`)."""
    parts = []
    for name, value in entity.items():
        inner = escape(value) if type(value) is str else nested(value)
        parts.append(f"<{name}>{inner}</{name}>")
    return "".join(parts)


def nested(value):
    """Element content of a value that is not a string: a dict (error details, a write
    reply's errors by field) holds one element per key, a list (the messages of a field,
    a job's results) one `<item>` per member."""
    if isinstance(value, dict):
        return elements(value)
    return "".join(f"<item>{escape(item) if type(item) is str else nested(item)}</item>" for item in value)


def well_formed(text):
    return NOT_XML_CHARACTERS.sub("\ufffd", text)


def leaf_text(element):
    if len(element):
        raise BodyError(f"<{element.tag}> must hold text, not elements")
    return element.text or ""


def fields_of(element):
    if not len(element) and (element.text or "").strip():
        raise BodyError(f"<{element.tag}> holds text where an entity's fields were expected")
    fields = {}
    for child in element:
        if child.tag in fields:
            raise BodyError(f"<{element.tag}> has the field <{child.tag}> twice")
        fields[child.tag] = leaf_text(child)
    return fields


class XmlFormat(Format):
    code = "xml"
    media_type = "application/xml"
    aliases = ("text/xml",)

    def list_start(self, shape):
        return f"{DECLARATION}<{shape.envelope}>"

    def rows_text(self, shape, batch, first):
        item = shape.item
        return well_formed("".join(f"<{item}>{elements(row)}</{item}>" for row in batch))

    def list_end(self, shape):
        return f"</{shape.envelope}>"

    def entity_text(self, envelope, entity):
        return f"{DECLARATION}<{envelope}>{well_formed(elements(entity))}</{envelope}>"

    def parse(self, text):
        """`{root: [entities]}` when the root's children hold elements, `{root: {fields}}`
        when they hold text; an empty root is an empty list."""
        try:
            root = fromstring(text)
        except ParseError as error:
            line, column = error.position
            raise BodyError(ErrorString(error.code), line, column + 1)
        except DefusedXmlException:
            raise BodyError("DTDs, entity declarations and external references are not accepted")
        children = list(root)
        if children and all(len(child) == 0 for child in children):
            return {root.tag: fields_of(root)}
        return {root.tag: [fields_of(child) for child in children]}
