"""Slots of a docs page kept for many visitors (docsite/page_cache.py): while such a page is
rendered, a tag showing something of the visitor leaves a marker instead, which each
request fills in. The marker has a per-process random part, which no guide or registry
text can contain."""
import re
import secrets

from django.utils.safestring import mark_safe

SLOT_MARK = f"ctlive-slot-{secrets.token_hex(8)}"
SLOT = re.compile(re.escape(SLOT_MARK) + r":(\w+):([\w-]*);")
SLOTS_CONTEXT = "page_slots"  # true while a page is rendered to be kept: tags leave slots


def slot(kind, name=""):
    """The marker of the visitor's part `kind` (a kind of page_cache.FILLERS) named `name`."""
    return mark_safe(f"{SLOT_MARK}:{kind}:{name};")


def leaves_slots(context):
    return bool(context.get(SLOTS_CONTEXT))
