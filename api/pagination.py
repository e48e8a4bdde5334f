"""Paging parameters and the headers that describe a page (SPEC §4, §7)."""
import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

from .numerals import MAX_ID
from .params import whole_number


@dataclass(frozen=True)
class PageRequest:
    page: int
    size: int
    last_id: int | None

    @property
    def offset(self):
        # A page far past the end is empty whatever its number; databases take 64-bit offsets.
        return min((self.page - 1) * self.size, MAX_ID)

    def rows_on_page(self, total):
        """How many of `total` rows this page holds: known before any row is fetched, so the
        headers of a streamed page can be sent first."""
        return max(0, min(self.size, total - self.offset))


def page_request(params):
    """`page` (1-based), `size` (clamped to the maximum) and `last_id` (keyset)."""
    page = whole_number(params, "page", minimum=1) or 1
    size = whole_number(params, "size", minimum=1) or settings.API_DEFAULT_PAGE_SIZE
    last_id = whole_number(params, "last_id")
    if last_id is not None:
        last_id = min(last_id, MAX_ID)  # no id is larger: the same empty page
    return PageRequest(page=page, size=min(size, settings.API_MAX_PAGE_SIZE), last_id=last_id)


@dataclass(frozen=True)
class Page:
    request: PageRequest
    total: int
    count: int

    @property
    def page_count(self):
        return max(1, math.ceil(self.total / self.request.size))

    def headers(self):
        first = self.request.offset + 1
        rows = f"{first}-{first + self.count - 1}" if self.count else "0-0"
        return {
            "X-Ctlive-Row-Count": str(self.total),
            "X-Ctlive-Page-Count": str(self.page_count),
            "X-Ctlive-Page-Size": str(self.request.size),
            "X-Ctlive-Current-Page": str(self.request.page),
            "X-Ctlive-Current-Rows": rows,
        }

    def link_header(self, base_url, query):
        """RFC 8288 links to the first, previous, next and last pages, keeping the query."""

        kept = urlencode([(key, value) for key, values in query.lists() if key != "page" for value in values])
        prefix = f"{base_url}?{kept}&page=" if kept else f"{base_url}?page="

        def url(page):
            return f"{prefix}{page}"

        links = [(url(1), "first")]
        if self.request.page > 1:
            links.append((url(min(self.request.page - 1, self.page_count)), "prev"))
        if self.request.page < self.page_count:
            links.append((url(self.request.page + 1), "next"))
        links.append((url(self.page_count), "last"))
        return ", ".join(f'<{target}>; rel="{relation}"' for target, relation in links)
