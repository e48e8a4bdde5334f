"""Prometheus metrics at /metrics when METRICS=1 (django-prometheus), labelled by API
operation: every API path is served by one Django view, so the view name alone would
lump all operations together."""
from django_prometheus.middleware import PrometheusAfterMiddleware

from api import jobs, paths
from api.errors import ApiError
from api.registry import registry


def operation_label(method, api_path):
    """The operationId (api/operations.py) of a request's method and path after /api/,
    e.g. `get-event-race`; `api-other` for paths that name no resource (bounded labels)."""
    try:
        target = paths.parse(api_path)
    except ApiError:
        return "api-other"
    verb = method.lower()
    if target.resource == jobs.SEGMENT:
        return f"{verb}-{jobs.SEGMENT}"
    if registry.get(target.resource) is None or (target.sub is not None and registry.get(target.sub) is None):
        return "api-other"
    if target.sub is not None:
        return f"{verb}-{target.resource}-{target.sub}"
    if target.entity_id is None:
        return f"{verb}-{target.resource}-list"
    return f"{verb}-{target.resource}"


class OperationMetricsMiddleware(PrometheusAfterMiddleware):
    """django-prometheus's response and latency metrics, with the API operation as `view`."""

    def _get_view_name(self, request):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "api":
            return operation_label(request.method, match.kwargs.get("path") or "")
        return super()._get_view_name(request)
