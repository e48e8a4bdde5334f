"""JSON pretty-printed to highlighted HTML with the CSS classes Pygments' JSON lexer uses
(so console.css styles it like the YAML and XML Pygments highlights).

Pygments lexes text token by token: about 90 ms for a 50-row page, several times the API
call itself. Here the text is indented by json.dumps, escaped once, and one regular
expression wraps keys, strings, numbers and constants: about 7 ms for the same page.
"""
import html
import json
import re

from django.utils.safestring import mark_safe

# A string (and the colon that makes it a key), a number, or a constant. The string is
# written as an unrolled loop: several times faster than an alternation per character.
TOKEN = re.compile(r'("[^"\\\n]*(?:\\.[^"\\\n]*)*")(:)?|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|\b(true|false|null)\b')


def _span(found):
    string, colon, number, constant = found.groups()
    if string is not None:
        return f'<span class="{"nt" if colon else "s2"}">{string}</span>{colon or ""}'
    if number is not None:
        return f'<span class="{"mi" if number.lstrip("-").isdigit() else "mf"}">{number}</span>'
    return f'<span class="kc">{constant}</span>'


def highlighted_json(value):
    """Safe HTML of `value` (parsed JSON) indented by two spaces, like json.dumps(indent=2)."""
    text = html.escape(json.dumps(value, indent=2, ensure_ascii=False), quote=False)
    return mark_safe(TOKEN.sub(_span, text))
