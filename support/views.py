"""The support pages: search every logged call, one call's page, reproduce it (own access or
audited as the customer) beside the original, and the audit."""
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from api.ratelimit import client_address
from console.credentials import masked_headers as console_masked_headers
from console.credentials import masked_url
from ctlive import base_urls

from . import replay, reproduce, search
from .access import support_required
from .compare import compare
from .models import ApiRequest, SupportRun


@support_required
@require_GET
def requests_search(request):
    form = search.SupportFilter(request.GET or None)
    rows = ApiRequest.objects.all()
    if form.is_bound and form.is_valid():
        rows = search.filtered(rows, form.cleaned_data)
    elif form.is_bound:
        rows = rows.none()
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "support/requests.html", {
        "form": form, "page": search.page_of(rows, request.GET.get("page")), "query": query.urlencode()})


def call_page(request, row, form, status=200, refused=""):
    return render(request, "support/request.html", {
        "row": row, "form": form, "refused": refused, "console_link": replay.console_link(row),
        "runs": SupportRun.objects.filter(original_request_id=row.request_id).select_related("staff")[:20],
    }, status=status)


@support_required
@require_GET
def request_detail(request, pk):
    return call_page(request, get_object_or_404(ApiRequest.objects.select_related("application", "user"), pk=pk),
                     reproduce.ReproduceForm(origin=base_urls.origin(request)))


@support_required
@require_POST
def request_reproduce(request, pk):
    row = get_object_or_404(ApiRequest.objects.select_related("application", "user"), pk=pk)
    form = reproduce.ReproduceForm(request.POST, origin=base_urls.origin(request))
    if not form.is_valid():
        return call_page(request, row, form, status=400)
    try:
        ran = reproduce.run(request, row, form.cleaned_data, client_address(request))
    except reproduce.Refused as error:
        return call_page(request, row, form, status=403, refused=str(error))
    capture = ran.capture
    return render(request, "support/compare.html", {
        "row": row, "run": ran, "replay_id": capture.header("X-Request-Id"), "comparison": compare(row, capture) if capture.ok else None,
        "sent_url": masked_url(capture.sent.url) if capture.sent else masked_url(ran.call.url),
        "sent_headers": console_masked_headers(capture.sent.headers) if capture.sent else [],
    })


@support_required
@require_GET
def audit(request):
    runs = SupportRun.objects.select_related("staff", "customer")
    return render(request, "support/audit.html", {"page": Paginator(runs, search.PAGE_SIZE).get_page(
        request.GET.get("page")), "query": ""})
