"""Thin views: every page's content is built once per process (guides, reference, search
index, OpenAPI document); a request only picks the piece and renders the template, or, for
a plain view of a docs page, fills in its own parts of the page kept rendered
(docsite/page_cache.py)."""
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from api import openapi
from api.prepared import remembered
from api.registry import registry
from ctlive import base_urls
from racing.refresh import last_refreshed

from . import search as site_search
from .examples import token_exchange_command
from .guides import guide_named, guides
from .page_cache import render_page
from .reference import reference_page
from .theme import THEME_COOKIE, THEMES

SEARCH_PAGE_LIMIT = 50
SEARCH_SUGGESTION_LIMIT = 8
MAX_SEARCHES = 512  # rendered search answers kept per process (a few KB each)
_searches = {}
THEME_COOKIE_SECONDS = 365 * 86400


@require_GET
def home(request):
    return render_page(request, "docsite/home.html", {"guides": guides(), "resources": list(registry)})


@require_GET
def guide(request, slug):
    found = guide_named(slug)
    if found is None:
        raise Http404(f"No guide named {slug!r}.")
    return guide_page(request, found)


def guide_page(request, found, console=None, status=200):
    """A guide, with its consoles rendered for this visitor; `console` holds the panel of a
    call sent from one of them ({operation id: panel context}), shown in place."""
    refreshed = last_refreshed() if "environments" in found.blocks else None  # shown only there
    context = {"guide": found, "console": console or {}, "testing_refreshed": refreshed,
               "has_consoles": any(not isinstance(part, str) and part.operation_id for part in found.parts)}
    return render_page(request, "docsite/guide.html", context, extra_key=(refreshed,), status=status)


@require_GET
def checklist(request):
    """The signed-in developer's checklist alone, fetched by static/js/checklist.js after a
    console call made in place, so that a step ticks without reloading the page."""
    response = render(request, "docsite/_checklist_page.html")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def reference_index(request):
    return render_page(request, "docsite/reference_index.html",
                       {"pages": [reference_page(r.segment) for r in registry]})


@require_GET
def reference(request, segment):
    page = reference_page(segment)
    if page is None:
        raise Http404(f"No resource named {segment!r}.")
    return render_page(request, "docsite/reference.html", {"page": page})


def search_context(query, limit):
    try:
        return {"query": query, "results": site_search.search(query, limit), "error": ""}
    except site_search.QueryTooLong as error:
        return {"query": query[:site_search.MAX_QUERY_LENGTH], "results": [], "error": str(error)}


def search_answer(request, limit):
    """(the query as shown, the results list, status) for this request's query: the same for
    every visitor, so rendered once per query, limit and language, in a memory of its own
    (many different searches cannot empty the kept pages)."""
    query = request.GET.get("q", "").strip()

    def answer():
        context = search_context(query, limit)
        return (context["query"], render_to_string("docsite/_search_results.html", context),
                400 if context["error"] else 200)

    return remembered(_searches, (query, limit, get_language()), answer, limit=MAX_SEARCHES)


@require_GET
def search(request):
    query, results_html, status = search_answer(request, SEARCH_PAGE_LIMIT)
    return render(request, "docsite/search.html", {"query": query, "results_html": results_html}, status=status)


@require_GET
def search_results(request):
    """The results list alone, fetched by static/js/search.js as the visitor types."""
    _query, results_html, status = search_answer(request, SEARCH_SUGGESTION_LIMIT)
    return HttpResponse(results_html, status=status)


@require_POST
def set_theme(request):
    """Remembers the theme in a cookie the pages read on the server: works without
    JavaScript and shows the chosen theme from the first paint."""
    theme = request.POST.get("theme", "")
    if theme not in THEMES:
        return HttpResponseBadRequest(f"Unknown theme {theme!r}; choose one of {', '.join(THEMES)}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponse(status=204) if request.headers.get("X-Theme-Request") else redirect(target)
    response.set_cookie(THEME_COOKIE, theme, max_age=THEME_COOKIE_SECONDS, samesite="Lax", httponly=True,
                        secure=request.is_secure())
    return response


@require_GET
def oauth_callback(request):
    """The demo application's redirect address: shows the authorization code (or the
    refusal) so the web flow of the authentication guide can be followed by hand."""
    context = {key: request.GET.get(key, "") for key in ("code", "state", "error", "error_description")}
    context["exchange"] = token_exchange_command(context["code"]) if context["code"] else ""
    response = render(request, "docsite/oauth_callback.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def openapi_json(request):
    return HttpResponse(base_urls.localized(openapi.as_json(), request), content_type="application/json; charset=utf-8")


@require_GET
def openapi_yaml(request):
    return HttpResponse(base_urls.localized(openapi.as_yaml(), request), content_type="application/yaml; charset=utf-8")
