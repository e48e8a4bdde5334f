"""JSON pretty-printed to highlighted HTML in one walk over the parsed value, with the CSS
classes Pygments' JSON lexer uses (so console.css styles it like the YAML that Pygments
highlights). Every non-empty object and array folds: a <details> element around its
members (server-rendered, so folding works without JavaScript); only the outer two levels
are Tab stops, so a long list does not trap the keyboard.

Lexing the indented text costs far more than the API call it shows: Pygments about 90 ms
for a 50-row page, a regular expression over json.dumps(indent=2) about 10 ms. The walk
writes the same text, strings encoded by the json module's C encoder, in about 0.5 ms: the
members of an object, where a list page spends nearly all its values, are written in the
loop itself, and the markup of each key at each depth is made once (list rows repeat it).
"""
import html
from json.encoder import encode_basestring

from django.utils.safestring import mark_safe

LITERALS = {None: '<span class="kc">null</span>', True: '<span class="kc">true</span>',
            False: '<span class="kc">false</span>'}


def _encoded(text):
    """`text` as a JSON string literal, safe inside an HTML element."""
    encoded = encode_basestring(text)
    if "&" in encoded or "<" in encoded or ">" in encoded:
        encoded = html.escape(encoded, quote=False)
    return encoded


def fold(opening, inner, closing, pad, size):
    """A foldable node: `opening` as its summary, the members inside, `closing` after."""
    focus = "" if len(pad) <= 2 else ' tabindex="-1"'
    return (f'<details class="fold" open data-size="{size}"><summary{focus}>{opening}</summary>{inner}\n{pad}'
            f"</details>{closing}")


class _Writer:
    def __init__(self):
        self.keys_by_indent = {}

    def markup(self, value, pad):
        """`value` as markup, its inner lines indented two spaces more than `pad`."""
        kind = type(value)
        if kind is str:
            return f'<span class="s2">{_encoded(value)}</span>'
        if kind is int:
            return f'<span class="mi">{value}</span>'
        if kind is float:
            return f'<span class="mf">{value!r}</span>'
        if kind is dict:
            return self.members(value, pad) if value else "{}"
        if kind is list:
            if not value:
                return "[]"
            inner = pad + "  "
            items = "\n" + ",\n".join([inner + self.markup(item, inner) for item in value])
            return fold("[", items, "]", pad, f"{len(value)} items")
        return LITERALS[value]

    def members(self, value, pad):
        inner = pad + "  "
        keys = self.keys_by_indent.setdefault(inner, {})
        lines = []
        for name, item in value.items():
            key = keys.get(name)
            if key is None:
                key = keys[name] = f'{inner}<span class="nt">{_encoded(name)}</span>: '
            kind = type(item)
            if kind is str:
                lines.append(f'{key}<span class="s2">{_encoded(item)}</span>')
            elif kind is int:
                lines.append(f'{key}<span class="mi">{item}</span>')
            else:
                lines.append(key + self.markup(item, inner))
        return fold("{", "\n" + ",\n".join(lines), "}", pad, f"{len(lines)} fields")


def highlighted_json(value):
    """Safe HTML of `value` (parsed JSON) with the text of json.dumps(value, indent=2,
    ensure_ascii=False)."""
    return mark_safe(_Writer().markup(value, ""))
