"""The first part of a body too large to show whole, made whole again so that it is
formatted like a small one: cut after the last complete value (JSON) or element (XML) or
line (YAML, CSV, TSV) within the preview size, with the brackets or end tags still open
at that point appended. The page says the preview is a part and offers the whole body.
"""
import re

JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
XML_TAG = re.compile(r"<(/?)([^\s/>!?]+)[^>]*?(/?)>|<[!?][^>]*>")
CLOSING = {"{": "}", "[": "]"}


def json_prefix(text):
    """`text` cut after its last complete nested value, with the open brackets closed; ""
    when nothing complete is in it."""
    stack, cut = [], None
    for token in JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark in ("{", "["):
            stack.append(mark)
        elif mark in ("}", "]"):
            if not stack:
                return ""
            stack.pop()
            cut = (token.end(), "".join(CLOSING[opening] for opening in reversed(stack)))
    if cut is None:
        return ""
    head = text[:cut[0]].rstrip()
    return head + cut[1]


def xml_prefix(text):
    """`text` cut after its last complete element, with the elements still open closed."""
    stack, cut = [], None
    for tag in XML_TAG.finditer(text):
        closing, name, empty = tag.groups()
        if name is None:
            continue  # declaration, comment, processing instruction
        if closing:
            if not stack or stack[-1] != name:
                return ""
            stack.pop()
            cut = (tag.end(), tuple(stack))
        elif empty:
            cut = (tag.end(), tuple(stack))
        else:
            stack.append(name)
    if cut is None:
        return ""
    return text[:cut[0]] + "".join(f"</{name}>" for name in reversed(cut[1]))


def line_prefix(text):
    """`text` up to its last line end (a row or line cut in the middle is left out)."""
    end = max(text.rfind("\n"), 0)
    return text[:end]
