"""Template tags for every page: the sidebar, the chosen theme, links that may not exist yet."""
from functools import cache

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from api.operations import operations_of
from api.registry import registry

from ..guides import guides
from ..theme import THEMES, chosen_theme

register = template.Library()


@register.simple_tag
def optional_url(name):
    """The URL named `name`, or "" while no such URL is installed (pages then omit the link)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def theme(context):
    request = context.get("request")
    return chosen_theme(request) if request is not None else "system"


@register.inclusion_tag("docsite/_theme_form.html", takes_context=True)
def theme_form(context):
    request = context.get("request")
    return {"themes": THEMES, "current": theme(context), "next": request.get_full_path() if request else "/",
            "csrf_token": context.get("csrf_token")}


@cache
def reference_links():
    """(resource, page URL, [(operation, URL of its block)]) for every resource: built once
    per process (the registry is fixed)."""
    links = []
    for resource in registry:
        url = reverse("docsite:reference", args=[resource.segment])
        links.append((resource, url, [(operation, f"{url}#{operation.operation_id}")
                                      for operation in operations_of(resource)]))
    return tuple(links)


def guide_links():
    return [(guide, reverse("docsite:guide", args=[guide.slug])) for guide in guides()]


@cache
def marked_paths():
    """The pages the sidebar links to (the one shown is marked)."""
    return frozenset(url for _guide, url in guide_links()) | {url for _resource, url, _ops in reference_links()}


@cache
def sidebar_html(language, current):
    """The sidebar in `language` with the page at `current` marked: derived from the guides and
    the registry only, rendered once per page and language (its 80-odd links cost more than
    the rest of a guide page)."""
    return mark_safe(render_to_string("docsite/_sidebar.html", {
        "guides": guide_links(), "resources": reference_links(), "current": current}))


@register.simple_tag(takes_context=True)
def docs_sidebar(context):
    request = context.get("request")
    current = request.path if request else ""
    # Any other path (a 404 page, the console's) marks nothing: one rendering serves them all.
    return sidebar_html(get_language(), current if current in marked_paths() else "")
