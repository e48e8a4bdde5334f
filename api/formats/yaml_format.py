"""YAML: the same tree as JSON, as a block mapping with the envelope key at the top.

A list is written as `<envelope>:` followed by an indentless block sequence, so batches
of rows dumped one after another form one sequence. Every value is a string and quoted
where YAML would read it as something else (`'1'`, `'yes'`). Request bodies are read
with the safe loader only: no Python objects, no arbitrary tags.
"""
import yaml

from .base import BodyError, Format

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NO_LINE_FOLDING = 2**30


def dump(data):
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=NO_LINE_FOLDING)


class YamlFormat(Format):
    code = "yaml"
    media_type = "application/yaml"
    aliases = ("application/x-yaml", "text/yaml", "text/x-yaml")

    def list_start(self, shape):
        return f"{shape.envelope}:\n"

    def rows_text(self, shape, batch, first):
        return dump(batch)

    def empty_list_text(self, shape):
        return dump({shape.envelope: []})

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
