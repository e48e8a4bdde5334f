"""YAML: the same tree as JSON, a mapping with the envelope key at the top.

One entity and errors are dumped by PyYAML in block style. A list is `<envelope>:` and
a block sequence with one entity per line, written as a flow mapping of double-quoted
strings: `- {"entry_id": "7", "entry_name": "Ana"}`. Those rows are made by the JSON
encoder (a JSON object is a valid YAML flow mapping, and JSON's escapes are YAML's),
which is some thirty times faster than PyYAML's emitter on a 1000-row page; characters
YAML does not allow unescaped (C1 controls, U+2028/U+2029 line breaks) are escaped as
`\\uXXXX`. Request bodies are read with the safe loader only: no Python objects, no tags.
"""
import json
import re

import yaml

from .base import BodyError, Format

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NO_LINE_FOLDING = 2**30
ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
NOT_PLAIN_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def dump(data):
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=NO_LINE_FOLDING)


def escaped(match):
    return f"\\u{ord(match.group()):04x}"


class YamlFormat(Format):
    code = "yaml"
    media_type = "application/yaml"
    aliases = ("application/x-yaml", "text/yaml", "text/x-yaml")

    def list_start(self, shape):
        return f"{shape.envelope}:\n"

    def rows_text(self, shape, batch, first):
        return NOT_PLAIN_YAML.sub(escaped, "".join([f"- {ROW_ENCODER.encode(row)}\n" for row in batch]))

    def empty_list_text(self, shape):
        return f"{shape.envelope}: []\n"

    def entity_text(self, envelope, entity):
        return dump({envelope: entity})

    def parse(self, text):
        try:
            return yaml.load(text, Loader=LOADER)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = error.problem or error.context or "malformed YAML"
            raise BodyError(problem, mark.line + 1 if mark else None, mark.column + 1 if mark else None)
        except yaml.YAMLError as error:
            raise BodyError(str(error))
