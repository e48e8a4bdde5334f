"""Template tags for every page: the sidebar, the chosen theme, links that may not exist yet."""
from functools import cache

from django import template
from django.urls import NoReverseMatch, reverse

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


@register.inclusion_tag("docsite/_sidebar.html", takes_context=True)
def docs_sidebar(context):
    request = context.get("request")
    return {
        "guides": [(guide, reverse("docsite:guide", args=[guide.slug])) for guide in guides()],
        "resources": reference_links(),
        "current": request.path if request else "",
    }
