"""Real ids for the path parameter chooser: the first page of entities the visitor can see,
fetched through the console itself (same identity, same environment) and remembered for a
short time per visitor and environment."""
import json

from django.core.cache import caches

from api.registry import registry

from . import proxy
from .target import api_url

REMEMBER_SECONDS = 120
SIZE = 50


def label_field(resource):
    return next((f.name for f in resource.fields if f.name.endswith("name") and f.name != resource.id_field), "")


def list_path(resource, environment, client_address, credentials):
    """An API path listing `resource`: its own list, or its list under the first visible
    entity of a top-level parent. Only top-level parents are asked for ids: they list
    themselves without a parent, so the lookup ends (parents such as groups and entry list
    each other, and asking them would go round for ever when nothing is visible)."""
    if resource.top_level_envelope:
        return f"/api/{resource.segment}"
    for collection in resource.collections:
        parent = registry.get(collection.parent)
        if not parent.top_level_envelope:
            continue
        found = ids(parent, environment, client_address, credentials)
        if found:
            return f"/api/{parent.segment}/{found[0][0]}/{resource.segment}"
    return ""


def fetch(resource, environment, client_address, credentials):
    path = list_path(resource, environment, client_address, credentials)
    if not path:
        return []
    columns = ",".join(filter(None, (resource.id_field, label_field(resource))))
    url = f"{api_url(environment, path)}?columns={columns}&size={SIZE}&format=json"
    capture = proxy.send(proxy.Call(environment, "GET", url, [("Accept-Encoding", "identity")]),
                         client_address, credentials)
    if capture.status != 200:
        return []
    try:  # an environment of another host may answer anything
        rows = next(iter(json.loads(capture.body).values()), [])
        return [(row.get(resource.id_field, ""), row.get(label_field(resource), "")) for row in rows]
    except (ValueError, AttributeError, TypeError):
        return []


def ids(resource, environment, client_address, credentials):
    """[(id, label)] of up to SIZE entities of `resource` the credentials may see."""
    key = f"console-ids:{credentials.client_id}:{credentials.login}:{environment.name}:{resource.segment}"
    memo = caches["local"]
    found = memo.get(key)
    if found is None:
        found = fetch(resource, environment, client_address, credentials)
        memo.set(key, found, REMEMBER_SECONDS)
    return found
