"""Ids and numbers as the API reads them from text: ASCII digits only, bounded length.

`str.isdigit()`, `int()` and `float()` accept other scripts' digits (`int("١")` is 1),
`"²".isdigit()` is true while `int("²")` fails, and `float()` reads "inf" and "nan": so
every id and number in a path, a parameter or a body is matched by these patterns first.
"""
import re

EPOCH_MAX = 253402300799  # 9999-12-31T23:59:59Z: the last second every supported database stores
MAX_ID = 2**63 - 1  # ids are 64-bit signed integers in every supported database
ID = re.compile(r"[0-9]{1,19}")
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,100}")
DECIMAL_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,100}(?:\.[0-9]{0,100})?|\.[0-9]{1,100})(?:[eE][+-]?[0-9]{1,5})?")


def parse_id(text):
    """The id `text` spells, or None when it is not ASCII digits naming a 64-bit id."""
    if not ID.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None
