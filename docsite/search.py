"""Server-side search over the guides and the reference: built once per process, then
every query is a scan of a few hundred small entries in memory (well under a millisecond).

Every word of the query must occur in an entry. Entries whose identifiers (field and
parameter names, paths) match rank first, then title matches, then text matches.
"""
import re
from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from api.operations import AUTHENTICATION_PARAMETERS, common_list_parameters
from api.registry import registry

from .guides import guides
from .reference import reference_page

MAX_QUERY_LENGTH = 100
SNIPPET_WIDTH = 160
KIND_ORDER = {"Field": 0, "Parameter": 1, "Resource": 2, "Operation": 3, "Guide": 4}
COMMON_PARAMETERS_SECTION = ("requests", "common-parameters")


@dataclass(frozen=True)
class Entry:
    kind: str
    title: str
    context: str       # where it lives: the resource or guide title
    url: str
    names: tuple       # identifiers, lower case
    text: str


@dataclass(frozen=True)
class Result:
    entry: Entry
    snippet: tuple     # (text, is_match) pairs


class QueryTooLong(ValueError):
    pass


def guide_entries():
    entries = []
    for guide in guides():
        url = reverse("docsite:guide", args=[guide.slug])
        for section in guide.sections:
            anchor = f"#{section.anchor}" if section.anchor else ""
            entries.append(Entry(
                "Guide", section.title or guide.title, guide.title, url + anchor,
                (), " ".join(section.text)))
    return entries


def reference_entries():
    entries = []
    common = {parameter.name for parameter in common_list_parameters()}
    for resource in registry:
        page = reference_page(resource.segment)
        url = reverse("docsite:reference", args=[resource.segment])
        entries.append(Entry("Resource", resource.title, "Reference", url, (resource.segment, resource.envelope),
                             resource.description))
        for row in page.fields:
            field = row.field
            entries.append(Entry("Field", field.name, resource.title, f"{url}#{row.anchor}", (field.name,),
                                 f"{field.type}. {field.description} {' '.join(field.choices)}"))
        seen = set()
        for block in page.operations:
            operation = block.operation
            entries.append(Entry("Operation", f"{operation.method} {operation.path}", resource.title,
                                 f"{url}#{block.anchor}", (operation.path.lower(), operation.envelope),
                                 f"{operation.summary}. Envelope {operation.envelope}."))
            for parameter in operation.parameters:
                if parameter.location == "query" and parameter.name not in common | seen:
                    seen.add(parameter.name)
                    entries.append(Entry("Parameter", parameter.name, resource.title, f"{url}#{block.anchor}",
                                         (parameter.name,), parameter.description))
    return entries


def common_parameter_entries():
    slug, anchor = COMMON_PARAMETERS_SECTION
    url = f"{reverse('docsite:guide', args=[slug])}#{anchor}"
    parameters = (*AUTHENTICATION_PARAMETERS, *common_list_parameters())
    return [Entry("Parameter", parameter.name, "Common parameters", url, (parameter.name,), parameter.description)
            for parameter in parameters]


@cache
def index():
    """Every entry, in sidebar order: the order results with equal scores keep."""
    return tuple(guide_entries() + reference_entries() + common_parameter_entries())


def words(query):
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(f"Search for at most {MAX_QUERY_LENGTH} characters.")
    return [word for word in query.lower().split() if word]


def score(entry, terms):
    """0 when a term is missing; higher for matches in names, then title, then text."""
    title, text = entry.title.lower(), entry.text.lower()
    total = 0
    for term in terms:
        if term in entry.names:
            total += 100
        elif any(name.startswith(term) for name in entry.names):
            total += 60
        elif any(term in name for name in entry.names):
            total += 40
        elif term in title:
            total += 20
        elif term in text or term in entry.context.lower():
            total += 5
        else:
            return 0
    return total


def snippet(text, terms):
    """About SNIPPET_WIDTH characters of `text` around the first match, split into
    (text, is_match) pieces so the template can mark matches while escaping everything."""
    lower = text.lower()
    first = min((lower.find(term) for term in terms if term in lower), default=0)
    start = max(0, first - SNIPPET_WIDTH // 3)
    piece = text[start:start + SNIPPET_WIDTH]
    prefix, suffix = ("…" if start else ""), ("…" if start + SNIPPET_WIDTH < len(text) else "")
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    pieces, cursor = [], 0
    for match in pattern.finditer(piece):
        pieces += [(piece[cursor:match.start()], False), (match.group(), True)]
        cursor = match.end()
    pieces.append((piece[cursor:], False))
    return tuple(part for part in [(prefix, False), *pieces, (suffix, False)] if part[0])


def search(query, limit):
    """The best `limit` results for `query`; QueryTooLong for an overlong query."""
    terms = words(query)
    if not terms:
        return []
    scored = [(score(entry, terms), entry) for entry in index()]
    ranked = sorted(((value, entry) for value, entry in scored if value),
                    key=lambda pair: (-pair[0], KIND_ORDER[pair[1].kind]))  # stable: ties keep index order
    return [Result(entry, snippet(entry.text, terms)) for _, entry in ranked[:limit]]
