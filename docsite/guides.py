"""The guides: Markdown files in `docsite/guides/`, rendered once per process.

A file is named `NN-slug.md`: NN orders the sidebar, the slug is its address, the first
heading its title. Two kinds of marker keep facts that live in code out of the prose:
`{{ name }}` inserts a value (a demo credential, a setting) and a line `[[ name ]]`
inserts a table generated from the code that defines it (data types, formats, ...).
An unknown name is an error, so a typo cannot reach a page. A line
`[[ console OPERATION ... ]]` or `[[ run-it OPERATION ... ]]` places a live console
(docsite/guide_consoles.py), rendered per request.
"""
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from api.operations import all_operations

from . import generated, guide_consoles
from .markdown import render

GUIDE_DIRECTORY = Path(__file__).resolve().parent / "guides"
FILE_NAME = re.compile(r"^(\d+)-([a-z0-9-]+)\.md$")
VALUE = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")
BLOCK = re.compile(r"^\[\[\s*([a-z0-9-]+)\s*\]\]$", re.MULTILINE)


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str
    html: str
    sections: tuple
    blocks: tuple     # the generated tables it shows ([[ name ]])
    parts: tuple = ()    # the html split at its consoles: strings and guide_consoles.Embed


def expand(source, values, blocks):
    """The Markdown with every marker replaced; KeyError names an unknown marker."""

    def block(match):
        name = match.group(1)
        if name not in blocks:
            raise KeyError(f"unknown block [[{name}]]")
        return blocks[name]()

    def value(match):
        name = match.group(1)
        if name not in values:
            raise KeyError(f"unknown value {{{{{name}}}}}")
        return values[name]

    return VALUE.sub(value, BLOCK.sub(block, source))


def load(path, values):
    source, embeds = guide_consoles.extract(path.read_text(encoding="utf-8"),
                                            {operation.operation_id for operation in all_operations()})
    rendered = render(expand(source, values, generated.BLOCKS))
    intro = rendered.sections[0]
    return Guide(
        slug=FILE_NAME.match(path.name).group(2),
        title=intro.title,
        summary=next((text for text in intro.text if text), ""),
        html=rendered.html,
        sections=guide_consoles.without_placeholders(rendered.sections),
        blocks=tuple(BLOCK.findall(path.read_text(encoding="utf-8"))),
        parts=guide_consoles.parts(rendered.html, embeds),
    )


@cache
def guides():
    """Every guide in sidebar order."""
    paths = sorted(GUIDE_DIRECTORY.glob("*.md"), key=lambda path: int(FILE_NAME.match(path.name).group(1)))
    values = generated.values()
    return tuple(load(path, values) for path in paths)


def guide_named(slug):
    return next((guide for guide in guides() if guide.slug == slug), None)
