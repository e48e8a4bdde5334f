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

NO_TAB_STOP = ' tabindex="-1"'


def _encoded(text):
    """`text` as a JSON string literal, safe inside an HTML element."""
    encoded = encode_basestring(text)
    if "&" in encoded or "<" in encoded or ">" in encoded:
        encoded = html.escape(encoded, quote=False)
    return encoded


def fold(lead, opening, children, closing, pad, size):
    """A foldable node: a block whose summary is its first line (`lead` and the opening
    bracket), then its members, then its closing line. Nodes below the outer two levels are
    no Tab stops and are laid out only when scrolled to (content-visibility in console.css),
    so a long list costs the browser what is in view."""
    deep = len(pad) > 2
    return (f'<details class="fold{" fold-deep" if deep else ""}" open data-size="{size}" data-close="{closing[0]}">'
            f'<summary{NO_TAB_STOP if deep else ""}>{lead}{opening}</summary>{children}{pad}{closing}\n'
            "</details>")


class _Writer:
    def __init__(self):
        self.keys_by_indent = {}

    def line(self, lead, value, pad, trailing):
        """`value` as lines of markup, the first starting with `lead`, its inner lines
        indented two spaces more than `pad`, `trailing` (a comma or nothing) after it."""
        kind = type(value)
        if kind is str:
            return f'{lead}<span class="s2">{_encoded(value)}</span>{trailing}\n'
        if kind is int:
            return f'{lead}<span class="mi">{value}</span>{trailing}\n'
        if kind is float:
            return f'{lead}<span class="mf">{value!r}</span>{trailing}\n'
        if kind is dict:
            return self.members(lead, value, pad, trailing) if value else f"{lead}{{}}{trailing}\n"
        if kind is list:
            if not value:
                return f"{lead}[]{trailing}\n"
            inner, last = pad + "  ", len(value) - 1
            items = "".join([self.line(inner, item, inner, "," if number < last else "")
                             for number, item in enumerate(value)])
            return fold(lead, "[", items, "]" + trailing, pad, f"{len(value)} items")
        return f"{lead}{LITERALS[value]}{trailing}\n"

    def members(self, lead, value, pad, trailing):
        inner = pad + "  "
        keys = self.keys_by_indent.setdefault(inner, {})
        lines = []
        last = len(value) - 1
        for number, (name, item) in enumerate(value.items()):
            key = keys.get(name)
            if key is None:
                key = keys[name] = f'{inner}<span class="nt">{_encoded(name)}</span>: '
            comma = "," if number < last else ""
            kind = type(item)
            if kind is str:
                lines.append(f'{key}<span class="s2">{_encoded(item)}</span>{comma}\n')
            elif kind is int:
                lines.append(f'{key}<span class="mi">{item}</span>{comma}\n')
            else:
                lines.append(self.line(key, item, inner, comma))
        return fold(lead, "{", "".join(lines), "}" + trailing, pad, f"{len(lines)} fields")


def highlighted_json(value):
    """Safe HTML of `value` (parsed JSON) laid out as json.dumps(value, indent=2,
    ensure_ascii=False): each line a line of text or the summary block of a node."""
    return mark_safe(_Writer().line("", value, "", ""))
